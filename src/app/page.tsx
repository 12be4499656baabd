import Link from "next/link";
import { AuthShell } from "@/components/auth/auth-card";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { currentUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await currentUser();
  return (
    <AuthShell>
      <Card className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold">Your AI agent, with your own tools</h1>
        <p className="text-sm text-muted">
          Chat with an AI agent that uses your own MCP servers, next to built-in tools.
        </p>
        {user ? (
          <Link className={buttonClasses("primary")} href="/dashboard">
            Open your dashboard
          </Link>
        ) : (
          <div className="flex flex-wrap gap-2">
            <Link className={buttonClasses("primary", "md", "grow")} href="/signup">
              Create an account
            </Link>
            <Link className={buttonClasses("secondary", "md", "grow")} href="/signin">
              Sign in
            </Link>
          </div>
        )}
      </Card>
    </AuthShell>
  );
}
