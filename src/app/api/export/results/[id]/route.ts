import { handleExportedResult } from "@/server/tools/routes";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return handleExportedResult(req, (await ctx.params).id);
}
