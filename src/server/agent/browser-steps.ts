// A server may answer a tool call with "URL elicitation required" (JSON-RPC error -32042,
// MCP 2025-11-25): before the tool can run, the user must complete steps in their browser
// (a consent, a sign-in on the server's site). The error's data is untrusted: checked,
// capped, and only then each page is shown as a URL question. When the user has finished
// them all, the call runs again; declined, cancelled or unanswered, it does not.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ELICIT_LIMITS, type ElicitationStatus } from "@/lib/schemas/elicitation";
import { webPageUrl } from "@/server/agent/elicitation";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";

/** The most pages one error may ask for, and the most times one call is sent again. */
export const MAX_BROWSER_STEPS = 3;
export const MAX_STEP_RETRIES = 2;

export type BrowserStep = { elicitationId: string; url: string; domain: string; message: string };

/** Shows the user one step as a URL question; resolves with how that question ended. */
export type StepAsker = (step: BrowserStep) => Promise<Exclude<ElicitationStatus, "pending">>;

const Step = z.object({
  mode: z.literal("url"),
  elicitationId: z.string().min(1).max(ELICIT_LIMITS.remoteIdChars),
  url: z.string(),
  message: z.string(),
});

export function isUrlElicitationRequired(err: unknown): err is McpError {
  return err instanceof McpError && err.code === (ErrorCode.UrlElicitationRequired as number);
}

function invalid(connectorName: string, reason: string): AppError {
  return new AppError(
    "TOOL_FAILED",
    `${connectorName} asked for a step in your browser, but its request is not valid: ${reason}.`,
  );
}

/** The pages a -32042 error asks the user to open, checked; a clear error when they are not valid. */
export function browserSteps(connectorName: string, data: unknown): BrowserStep[] {
  const list = (data as { elicitations?: unknown } | null | undefined)?.elicitations;
  if (!Array.isArray(list) || list.length === 0) throw invalid(connectorName, "it sent no pages to open");
  if (list.length > MAX_BROWSER_STEPS)
    throw invalid(connectorName, `it asked for more than ${MAX_BROWSER_STEPS} pages`);
  return list.map((raw, i) => {
    const parsed = Step.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(connectorName, `elicitations.${i}.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
    }
    const url = webPageUrl(parsed.data.url);
    if (!url) throw invalid(connectorName, "pages must be http(s) addresses without credentials");
    return {
      elicitationId: parsed.data.elicitationId,
      url: url.href,
      domain: url.hostname,
      message: parsed.data.message.slice(0, ELICIT_LIMITS.messageChars),
    };
  });
}

const NOT_DONE: Record<Exclude<ElicitationStatus, "pending" | "accepted"> | "unshown", string> = {
  declined: "You declined it",
  cancelled: "You cancelled it",
  expired: "Nobody finished it in time",
  unshown: "It cannot be shown where this call runs",
};

/**
 * Has the user complete the steps a -32042 error (`err`) asks for, one after the other;
 * resolves when all are done, so the call may be sent again (`retries` times so far).
 * Throws a clear error when the data is not valid, a step is not completed, or the server
 * keeps asking.
 */
export async function completeBrowserSteps(
  connectorName: string,
  err: McpError,
  retries: number,
  ask: StepAsker | undefined,
): Promise<void> {
  const steps = browserSteps(connectorName, err.data);
  if (retries >= MAX_STEP_RETRIES)
    throw new AppError(
      "TOOL_FAILED",
      `${connectorName} still asks for a step in your browser after ${MAX_STEP_RETRIES} retries, so the call was stopped.`,
    );
  for (const step of steps) {
    const outcome = ask ? await ask(step) : "unshown";
    if (outcome !== "accepted")
      throw new AppError(
        "ELICITATION_INCOMPLETE",
        `${connectorName} needs you to complete a step in your browser (on ${step.domain}) before this tool can run. ${NOT_DONE[outcome]}, so the tool did not run.`,
      );
  }
}
