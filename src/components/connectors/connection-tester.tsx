"use client";

import { LiveTest, StepRow } from "@/components/connections/live-test";
import type { ConnectorTestResponse, OAuthDiscoveryStep, TestStep, TestStepName } from "@/lib/schemas/connectors";
import { ToolList } from "./tool-list";

/** Where an OAuth sign-in stands, shown above the connection steps. */
export type OAuthProgress = {
  phase: "discovering" | "signing_in" | "signed_in" | "failed";
  steps: OAuthDiscoveryStep[];
  issuer?: string;
  message?: string;
  /** The server answered without sign-in: the form offers "None". */
  notNeeded?: boolean;
};

const PHASE_TEXT: Record<OAuthProgress["phase"], string> = {
  discovering: "Finding the server’s sign-in settings…",
  signing_in: "Waiting for you to sign in in the pop-up window…",
  signed_in: "Signed in.",
  failed: "Sign-in failed.",
};

function OAuthSteps({ progress }: { progress: OAuthProgress }) {
  return (
    <div className="flex flex-col gap-1" data-testid="oauth-progress" data-phase={progress.phase}>
      <p className="text-sm font-medium">
        Sign-in{progress.issuer ? ` with ${progress.issuer}` : ""}: {progress.message ?? PHASE_TEXT[progress.phase]}
      </p>
      {progress.steps.length > 0 && (
        <ol aria-label="Sign-in discovery">
          {progress.steps.map((s, i) => (
            <StepRow
              key={i}
              testId="oauth-step"
              status={s.outcome}
              label={`${s.name[0]?.toUpperCase() ?? ""}${s.name.slice(1)}`}
              detail={`${s.url}${s.detail ? ` (${s.detail})` : ""}`}
            />
          ))}
        </ol>
      )}
    </div>
  );
}

const STEP_LABELS: Record<TestStepName, string> = {
  url_check: "Check URL",
  connect: "Connect",
  authenticate: "Authenticate",
  handshake: "MCP handshake",
  list_tools: "List tools",
};
const ORDER: TestStepName[] = ["url_check", "connect", "authenticate", "handshake", "list_tools"];

/**
 * The connection test as it runs: the sign-in's progress when there is one, each step with
 * its outcome and time, the time elapsed so far, then the result and the tools found. A
 * result for values that changed since is not shown as if it still held.
 */
export function ConnectionTester({
  oauth,
  ...test
}: {
  running: boolean;
  steps: TestStep[];
  result: ConnectorTestResponse | null;
  oauth?: OAuthProgress | null;
  stale?: boolean;
}) {
  return (
    <LiveTest
      {...test}
      order={ORDER}
      labels={STEP_LABELS}
      lead={oauth && <OAuthSteps progress={oauth} />}
      resultDetails={(r) => (
        <>
          {r.account && <p data-testid="signed-in-as">Signed in as {r.account}</p>}
          {r.server && (
            <p className="mt-1 text-muted">
              {r.server.name} {r.server.version} over {r.transport === "sse" ? "HTTP+SSE" : "Streamable HTTP"}
            </p>
          )}
        </>
      )}
      afterResult={(r) =>
        r.tools.length > 0 && (
          <details className="rounded-lg border border-border bg-surface px-3" open={r.tools.length <= 5}>
            <summary className="cursor-pointer py-2 text-sm font-medium">
              {r.tools.length} tool{r.tools.length === 1 ? "" : "s"} found
            </summary>
            <ToolList tools={r.tools} label="Discovered tools" />
          </details>
        )
      }
    />
  );
}
