// @vitest-environment happy-dom
import "../support/components/setup";
import { screen, waitFor, within } from "@testing-library/react";
import { expect, test, vi } from "vitest";
import { ConnectorForm } from "@/components/connectors/connector-form";
import type { ConnectorTestEvent, OAuthStartResponse } from "@/lib/schemas/connectors";
import { apiError, type Handlers } from "../support/components/fake-api";
import { buildConnector, buildFailedTestResult, buildTestResult } from "../support/components/builders";
import { FakePopup, interceptPopups, postFromPopup } from "../support/components/popup";
import { renderWithApi } from "../support/components/render";
import { choose } from "../support/components/select";
import { deferred, streamOf } from "../support/components/stream";

const ATTEMPT = "attempt_0123456789abcdef";
const URL_ = "https://notes.example.com/mcp";

const started = (overrides: Partial<OAuthStartResponse> = {}): OAuthStartResponse => ({
  attemptId: ATTEMPT,
  authorizeUrl: "https://auth.example.com/authorize?state=abc",
  issuer: "https://auth.example.com",
  scopes: ["notes:read"],
  clientSource: "registered",
  steps: [
    {
      name: "protected resource metadata",
      url: "https://notes.example.com/.well-known/oauth-protected-resource",
      outcome: "ok",
    },
    {
      name: "authorization server metadata",
      url: "https://auth.example.com/.well-known/oauth-authorization-server",
      outcome: "ok",
    },
  ],
  ...overrides,
});

const signedIn = {
  type: "connectors:oauth",
  kind: "connector",
  attemptId: ATTEMPT,
  ok: true,
  account: "ann@example.com",
};

async function renderOAuthForm(handlers: Handlers = {}) {
  const onSaved = vi.fn();
  const r = renderWithApi(<ConnectorForm onSaved={onSaved} onCancel={() => undefined} />, {
    "connectors.oauthStart": () => started(),
    "connectors.testLive": () =>
      streamOf<ConnectorTestEvent>({ type: "result", result: buildTestResult({ account: "ann@example.com" }) }),
    "connectors.create": (input) => buildConnector({ name: input.name }),
    ...handlers,
  });
  const form = within(screen.getByRole("form", { name: "Add a connector" }));
  await r.user.type(form.getByLabelText(/^Name/), "Notes");
  await r.user.type(form.getByLabelText(/^Server URL/), URL_);
  await choose(r.user, form.getByLabelText(/^Authentication/), "OAuth sign-in");
  return {
    ...r,
    form,
    onSaved,
    signInButton: () => form.getByRole("button", { name: "Sign in and test" }),
    cancelButton: () => form.getByRole("button", { name: "Cancel sign-in" }),
    progress: () => form.getByTestId("oauth-progress"),
    save: () => form.getByRole("button", { name: "Save" }),
  };
}

test("discovery first with no window open, then the sign-in page in a pop-up, then a test enables Save", async () => {
  const popups = interceptPopups();
  const start = deferred<OAuthStartResponse>();
  const f = await renderOAuthForm({ "connectors.oauthStart": () => start.promise });

  await f.user.click(f.signInButton());
  // No empty window while the server's sign-in settings are looked up.
  expect(popups.opened).toHaveLength(0);
  expect(f.progress()).toHaveTextContent("Finding the server’s sign-in settings…");
  expect(f.cancelButton()).toBeEnabled();
  expect(f.save()).toBeDisabled();

  start.resolve(started());
  await waitFor(() =>
    expect(popups.opened.map((p) => p.url)).toEqual(["https://auth.example.com/authorize?state=abc"]),
  );
  expect(f.progress()).toHaveTextContent(
    "Sign-in with https://auth.example.com: Waiting for you to sign in in the pop-up window…",
  );
  const steps = within(f.progress()).getAllByTestId("oauth-step");
  expect(steps).toHaveLength(2);
  for (const s of steps) expect(s).toHaveAttribute("data-status", "ok");
  expect(f.api.inputsOf("connectors.oauthStart")).toEqual([{ url: URL_ }]);

  await postFromPopup(signedIn);

  expect(await f.form.findByTestId("test-result")).toHaveTextContent("Connected: 1 tool found.");
  expect(f.form.getByTestId("signed-in-as")).toHaveTextContent("Signed in as ann@example.com");
  expect(f.api.inputsOf("connectors.testLive")).toEqual([{ url: URL_, auth: { type: "oauth", attemptId: ATTEMPT } }]);
  expect(f.save()).toBeEnabled();

  await f.user.click(f.save());
  await waitFor(() => expect(f.onSaved).toHaveBeenCalledTimes(1));
  expect(f.api.inputsOf("connectors.create")).toEqual([
    { name: "Notes", url: URL_, auth: { type: "oauth", attemptId: ATTEMPT } },
  ]);
});

test("messages from another origin, of another type or for another sign-in are ignored", async () => {
  interceptPopups();
  const f = await renderOAuthForm();
  await f.user.click(f.signInButton());
  await waitFor(() => expect(f.progress()).toHaveTextContent("Waiting for you to sign in"));

  await postFromPopup(signedIn, "https://evil.example.com");
  await postFromPopup({ ...signedIn, type: "something-else" });
  await postFromPopup({ ...signedIn, attemptId: "attempt_someone_elses_1234" });
  await postFromPopup({ ...signedIn, kind: "tool" });

  expect(f.progress()).toHaveTextContent("Waiting for you to sign in");
  expect(f.api.inputsOf("connectors.testLive")).toEqual([]);

  await postFromPopup(signedIn);
  expect(await f.form.findByTestId("test-result")).toBeInTheDocument();
});

test("a sign-in refused at the authorization server is reported and can be retried", async () => {
  interceptPopups();
  const f = await renderOAuthForm();
  await f.user.click(f.signInButton());
  await waitFor(() => expect(f.progress()).toHaveTextContent("Waiting for you to sign in"));

  await postFromPopup({ ...signedIn, ok: false, message: "You declined access (access_denied)." });

  expect(f.progress()).toHaveTextContent("You declined access (access_denied).");
  expect(f.signInButton()).toBeEnabled();
  expect(f.form.queryByRole("button", { name: "Cancel sign-in" })).not.toBeInTheDocument();
  expect(f.save()).toBeDisabled();
  expect(f.api.inputsOf("connectors.testLive")).toEqual([]);
});

test("closing the sign-in window ends the wait", async () => {
  const popups = interceptPopups();
  const f = await renderOAuthForm();
  await f.user.click(f.signInButton());
  await waitFor(() => expect(f.progress()).toHaveTextContent("Waiting for you to sign in"));

  popups.last().close();

  await waitFor(
    () => expect(f.progress()).toHaveTextContent("The sign-in window was closed before signing in finished."),
    { timeout: 3_000 },
  );
  expect(f.signInButton()).toBeEnabled();
});

test("a failed discovery lists its steps, and no window was opened", async () => {
  const popups = interceptPopups();
  const f = await renderOAuthForm({
    "connectors.oauthStart": () => {
      throw apiError("OAUTH_DISCOVERY_FAILED", "This server does not say where to sign in.", {
        details: {
          steps: [
            {
              name: "protected resource metadata",
              url: "https://notes.example.com/.well-known/oauth-protected-resource",
              outcome: "failed",
              detail: "404",
            },
          ],
        },
      });
    },
  });
  await f.user.click(f.signInButton());

  await waitFor(() => expect(f.progress()).toHaveTextContent("This server does not say where to sign in."));
  const [step] = within(f.progress()).getAllByTestId("oauth-step");
  expect(step).toHaveAttribute("data-status", "failed");
  expect(step).toHaveTextContent("Protected resource metadata");
  expect(step).toHaveTextContent("(404)");
  expect(popups.opened).toHaveLength(0);
  expect(f.signInButton()).toBeEnabled();
});

test("a server that needs no sign-in says so without a window, and None is one click away", async () => {
  const popups = interceptPopups();
  const f = await renderOAuthForm({
    "connectors.oauthStart": () => {
      throw apiError("OAUTH_DISCOVERY_FAILED", "This server does not ask for sign-in: choose None.", {
        details: { steps: [], signInNotNeeded: true },
      });
    },
  });
  await f.user.click(f.signInButton());
  await waitFor(() => expect(f.progress()).toHaveTextContent("This server does not ask for sign-in: choose None."));
  expect(popups.opened).toHaveLength(0);
  await f.user.click(f.form.getByRole("button", { name: "Use no authentication" }));
  expect(f.form.getByLabelText(/^Authentication/)).toHaveValue("none");
  expect(f.form.getByRole("button", { name: "Test connection" })).toBeEnabled();
});

test("a blocked pop-up says so and opens from the next click", async () => {
  const popups = interceptPopups({ blocked: true });
  const f = await renderOAuthForm();
  await f.user.click(f.signInButton());

  await waitFor(() => expect(f.progress()).toHaveTextContent("Your browser blocked the sign-in window."));
  expect(f.api.inputsOf("connectors.oauthStart")).toEqual([{ url: URL_ }]);

  popups.open.mockImplementation((url?: string | URL) => {
    const popup = new FakePopup();
    popups.opened.push({ url: String(url), popup });
    return popup.asWindow();
  });
  await f.user.click(f.form.getByRole("button", { name: "Open the sign-in window" }));
  expect(popups.opened.map((p) => p.url)).toEqual(["https://auth.example.com/authorize?state=abc"]);
  await postFromPopup(signedIn);
  expect(await f.form.findByTestId("test-result")).toHaveTextContent("Connected");
  // Discovery ran once: the second click reused the started sign-in.
  expect(f.api.inputsOf("connectors.oauthStart")).toHaveLength(1);
});

test("an OAuth client of the user's own is used for the sign-in", async () => {
  interceptPopups();
  const f = await renderOAuthForm();
  await f.user.type(f.form.getByLabelText(/^Client ID/), "my-client");
  await f.user.type(f.form.getByLabelText(/^Client secret/), "shh");
  await f.user.click(f.signInButton());
  await waitFor(() =>
    expect(f.api.inputsOf("connectors.oauthStart")).toEqual([
      { url: URL_, clientId: "my-client", clientSecret: "shh" },
    ]),
  );
});

test("a test that meets an OAuth server offers to switch to OAuth sign-in", async () => {
  const f = renderWithApi(<ConnectorForm onSaved={() => undefined} onCancel={() => undefined} />, {
    "connectors.testLive": () =>
      streamOf<ConnectorTestEvent>({
        type: "result",
        result: buildFailedTestResult({ oauth: { issuer: "https://auth.example.com", steps: [] } }),
      }),
  });
  const form = within(screen.getByRole("form", { name: "Add a connector" }));
  await f.user.type(form.getByLabelText(/^Server URL/), URL_);
  await f.user.click(form.getByRole("button", { name: "Test connection" }));

  expect(await form.findByText(/This server uses OAuth sign-in \(https:\/\/auth\.example\.com\)/)).toBeInTheDocument();
  await f.user.click(form.getByRole("button", { name: "Use OAuth sign-in" }));

  expect(form.getByLabelText(/^Authentication/)).toHaveValue("oauth");
  expect(form.getByRole("button", { name: "Sign in and test" })).toBeEnabled();
  expect(form.queryByRole("button", { name: "Use OAuth sign-in" })).not.toBeInTheDocument();
});

test("a sign-in address that is not a web address is never opened", async () => {
  const popups = interceptPopups();
  const f = await renderOAuthForm({
    "connectors.oauthStart": () => started({ authorizeUrl: "javascript:alert(document.cookie)" }),
  });
  await f.user.click(f.signInButton());

  await waitFor(() => expect(f.progress()).toHaveAttribute("data-phase", "failed"));
  expect(popups.opened).toHaveLength(0);
  expect(f.api.inputsOf("connectors.testLive")).toEqual([]);
  expect(f.save()).toBeDisabled();
});

test("a sign-in address that is not a web address is refused with that reason", async () => {
  interceptPopups();
  const f = await renderOAuthForm({
    "connectors.oauthStart": () => started({ authorizeUrl: "javascript:alert(document.cookie)" }),
  });
  await f.user.click(f.signInButton());
  await waitFor(() => expect(f.progress()).toHaveAttribute("data-phase", "failed"));
  expect(f.progress()).toHaveTextContent("The server's sign-in address is not a web address.");
});
