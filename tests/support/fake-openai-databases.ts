// A scripted Schema Query Agent conversation for the fake model: a user message containing
// "[sample-shop]" makes it describe shop.orders, then run a read-only query on the Sample
// shop, then answer with the SQL, the way the system prompt asks a real model to.
import type { ChatRequestBody, Reply } from "./fake-openai";

export const SAMPLE_SHOP_QUESTION_TAG = "[sample-shop]";
export const SAMPLE_SHOP_SQL =
  "SELECT status, count(*) AS orders FROM shop.orders GROUP BY status ORDER BY orders DESC, status";

function text(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((c: { text?: string }) => c.text ?? "").join("");
  return "";
}

/** The next step of the scripted conversation, or null when the request is not part of it. */
export function sampleShopReply(req: ChatRequestBody): Reply | null {
  const lastUser = req.messages.findLast((m) => m.role === "user");
  if (!lastUser || !text(lastUser.content).includes(SAMPLE_SHOP_QUESTION_TAG)) return null;
  const afterUser = req.messages.slice(req.messages.lastIndexOf(lastUser) + 1);
  const called = afterUser.flatMap((m) => m.tool_calls ?? []).map((c) => c.function.name);
  if (!called.includes("describe_table"))
    return { toolCalls: [{ name: "describe_table", args: { database: "Sample shop", table: "shop.orders" } }] };
  if (!called.includes("run_query"))
    return { toolCalls: [{ name: "run_query", args: { database: "Sample shop", sql: SAMPLE_SHOP_SQL } }] };
  return {
    text: `Orders by status in the Sample shop, from this query:\n\n\`\`\`sql\n${SAMPLE_SHOP_SQL}\n\`\`\`\n\nThe full table is above.`,
  };
}
