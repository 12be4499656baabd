import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";
import { prepareDatabase } from "@/server/db/client";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: Request, ctx: RouteContext): Promise<Response> {
  await prepareDatabase();
  return (NextAuth(authOptions()) as (req: Request, ctx: RouteContext) => Promise<Response>)(req, ctx);
}

export { handler as GET, handler as POST };
