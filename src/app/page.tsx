import Link from "next/link";
import { currentUser } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await currentUser();
  return (
    <main className="page-center">
      <div className="card stack">
        <h1>Connectors</h1>
        <p className="muted">Chat with an AI agent that uses your own MCP servers, next to built-in tools.</p>
        {user ? (
          <Link className="button primary" href="/dashboard">
            Open your dashboard
          </Link>
        ) : (
          <div className="row">
            <Link className="button primary" href="/signup">
              Create an account
            </Link>
            <Link className="button" href="/signin">
              Sign in
            </Link>
          </div>
        )}
      </div>
    </main>
  );
}
