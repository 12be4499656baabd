import { handleGmailCallback } from "@/server/tools/routes";

export const dynamic = "force-dynamic";
export { handleGmailCallback as GET };
