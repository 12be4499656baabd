// A server's question to the user during a tool call (elicitation/create). The question is
// checked (its form schema and its URL are untrusted), stored, shown in the chat or the
// direct-run view, and answered by the user through any app instance; the instance holding
// the call is woken by the relay. Unanswered after ELICITATION_TIMEOUT_MS, it is cancelled.
import { env } from "@/env";
import { AppError } from "@/lib/errors";
import {
  checkAnswer,
  ELICIT_LIMITS,
  parseRequestedSchema,
  type ElicitationStatus,
  type ElicitationView,
  type ElicitField,
} from "@/lib/schemas/elicitation";
import type { ElicitContext } from "@/server/connectors/mcp-handlers";
import {
  createElicitation,
  findElicitation,
  openElicitations,
  settleElicitation,
  type ElicitationRow,
} from "@/server/db/elicitations";
import { publish, waitFor } from "@/server/db/relay";
import { logger } from "@/server/platform/log";
import { ErrorCode, McpError, type ElicitRequest, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";

export type AskContext = {
  userId: string;
  conversationId: string | null;
  connectorId: string;
  connectorName: string;
  toolCallId: string | null;
  /** Shows the question, then its outcome, where the user is (the chat's stream). */
  show?: (view: ElicitationView) => void;
};

const MAX_URL_CHARS = 2_048;

function publicView(row: ElicitationRow): ElicitationView {
  const { userId: _user, answer: _answer, ...view } = row;
  return view;
}

/** The address a URL-mode question may send the user to (a web page, nothing else), or null. */
export function webPageUrl(raw: unknown): URL | null {
  let url: URL | null = null;
  try {
    url = typeof raw === "string" && raw.length <= MAX_URL_CHARS ? new URL(raw) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) return null;
  return url;
}

function pageUrl(raw: unknown): URL {
  const url = webPageUrl(raw);
  if (!url) throw new McpError(ErrorCode.InvalidParams, "The client opens only http(s) addresses without credentials.");
  return url;
}

/** A URL question's own id, kept so the server's "step complete" notice can settle it. */
function remoteIdOf(request: ElicitRequest["params"]): string | null {
  const id = "elicitationId" in request ? request.elicitationId : undefined;
  return typeof id === "string" && id.length > 0 && id.length <= ELICIT_LIMITS.remoteIdChars ? id : null;
}

function refuse(ctx: AskContext, reason: string): never {
  logger().warn(
    { event: "elicitation.refused", userId: ctx.userId, connectorId: ctx.connectorId, reason },
    "server's question refused",
  );
  throw new McpError(ErrorCode.InvalidParams, reason);
}

function resultOf(row: ElicitationRow): ElicitResult {
  if (row.status === "accepted")
    return row.mode === "form"
      ? { action: "accept", content: (row.answer ?? {}) as NonNullable<ElicitResult["content"]> }
      : { action: "accept" };
  return { action: row.status === "declined" ? "decline" : "cancel" };
}

/** Asks the user and waits for the answer; a cancel when nobody answers in time. */
export async function askUser(
  ctx: AskContext,
  request: ElicitRequest["params"],
  call: ElicitContext,
): Promise<ElicitResult> {
  return resultOf(await ask(ctx, request, call));
}

/** Asks the user and tells how the question ended (accepted, declined, cancelled or expired). */
export async function askUserOutcome(
  ctx: AskContext,
  request: ElicitRequest["params"],
  call: ElicitContext,
): Promise<Exclude<ElicitationStatus, "pending">> {
  const { status } = await ask(ctx, request, call);
  return status === "pending" ? "expired" : status;
}

async function ask(ctx: AskContext, request: ElicitRequest["params"], call: ElicitContext): Promise<ElicitationRow> {
  const mode = request.mode === "url" ? "url" : "form";
  let fields: ElicitField[] = [];
  let url: string | null = null;
  if (mode === "form") {
    const parsed = parseRequestedSchema("requestedSchema" in request ? request.requestedSchema : undefined);
    if (!parsed.ok) refuse(ctx, parsed.error);
    fields = parsed.fields;
  } else {
    try {
      url = pageUrl("url" in request ? request.url : undefined).href;
    } catch (err) {
      refuse(ctx, (err as Error).message);
    }
  }
  const message = typeof request.message === "string" ? request.message.slice(0, ELICIT_LIMITS.messageChars) : "";
  const timeoutMs = env().ELICITATION_TIMEOUT_MS;
  const created = await createElicitation({
    userId: ctx.userId,
    conversationId: ctx.conversationId,
    connectorId: ctx.connectorId,
    connectorName: ctx.connectorName,
    toolCallId: ctx.toolCallId,
    mode,
    message,
    fields,
    url,
    remoteId: mode === "url" ? remoteIdOf(request) : null,
    expiresAt: new Date(Date.now() + timeoutMs),
  });
  logger().info(
    { event: "elicitation.asked", userId: ctx.userId, connectorId: ctx.connectorId, mode, elicitationId: created.id },
    "server asked the user",
  );
  ctx.show?.(publicView(created));
  const answered = () => findElicitation(ctx.userId, created.id).then((r) => (r && r.status !== "pending" ? r : null));
  let row: ElicitationRow | null;
  try {
    row = await waitFor("elicitation", created.id, answered, {
      signal: call.signal,
      timeoutMs,
      pollMs: env().RELAY_POLL_MS,
    });
  } catch (err) {
    // The server withdrew its question, or the call ended (Stop, deadline).
    await settleElicitation(created.id, "cancelled").catch(() => undefined);
    const final = await findElicitation(ctx.userId, created.id).catch(() => null);
    if (final) ctx.show?.(publicView(final));
    throw err;
  }
  if (!row) {
    await settleElicitation(created.id, "expired");
    // An answer may have landed just before the question expired: it wins.
    row = (await findElicitation(ctx.userId, created.id)) ?? { ...created, status: "expired" };
  }
  ctx.show?.(publicView(row));
  logger().info(
    { event: "elicitation.answered", userId: ctx.userId, connectorId: ctx.connectorId, outcome: row.status },
    "server's question answered",
  );
  return row;
}

/** Records the user's answer (from any instance) and wakes the instance holding the call. */
export async function answerElicitation(
  userId: string,
  input: { id: string; action: "accept" | "decline" | "cancel"; content?: Record<string, unknown> },
): Promise<ElicitationView> {
  const row = await findElicitation(userId, input.id);
  if (!row) throw new AppError("NOT_FOUND", "This question was not found.");
  if (row.status !== "pending")
    throw new AppError(
      "ELICITATION_CLOSED",
      `This question was already ${row.status === "expired" ? "timed out" : row.status}.`,
    );
  let content: Record<string, unknown> | undefined;
  if (input.action === "accept" && row.mode === "form") {
    const checked = checkAnswer(row.fields, input.content ?? {});
    if (!checked.ok) {
      const [field, problem] = Object.entries(checked.errors)[0]!;
      const title = row.fields.find((f) => f.name === field)?.title ?? field;
      throw new AppError("VALIDATION", `${title}: ${problem}.`, { details: { fields: checked.errors } });
    }
    content = checked.content;
  }
  const status = input.action === "accept" ? "accepted" : input.action === "decline" ? "declined" : "cancelled";
  if (!(await settleElicitation(row.id, status, content, userId)))
    throw new AppError("ELICITATION_CLOSED", "This question was already answered or timed out.");
  await publish("elicitation", row.id);
  return { ...publicView(row), status };
}

/** The questions waiting for the user in one conversation (the direct-run view asks for them). */
export async function openQuestions(userId: string, conversationId: string): Promise<ElicitationView[]> {
  return (await openElicitations(userId, conversationId)).map(publicView);
}
