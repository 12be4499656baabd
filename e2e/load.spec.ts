// Load through the production server (`next start`), as a signed-in browser would send it:
// the session cookie from a real sign-up, the tRPC endpoint, the same-origin guard and the
// session version check on every request.
import autocannon from "autocannon";
import { expect, test } from "./fixtures";

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err: Error | null, result) => (err ? reject(err) : resolve(result)));
  });
}

test("a signed-in session serves 1200 requests without an error and 100 cross-site writes are refused", async ({
  page,
  signedIn,
}, info) => {
  void signedIn;
  const cookie = (await page.context().cookies())
    .filter((c) => c.name.includes("next-auth.session-token"))
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  expect(cookie).not.toBe("");
  const base = info.project.use.baseURL!;
  const reads = await run({
    url: `${base}/api/trpc/connectors.list,agent.availableTools?batch=1&input=${encodeURIComponent("{}")}`,
    headers: { cookie },
    connections: 10,
    amount: 1000,
  });
  const tools = await run({
    url: `${base}/api/trpc/tools.list`,
    headers: { cookie },
    connections: 5,
    amount: 200,
  });
  // A write the guard refuses is not an error of the server: same request, other origin.
  const crossSite = await run({
    url: `${base}/api/trpc/account.signOutEverywhere`,
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: "https://evil.example" },
    body: JSON.stringify({ json: null }),
    connections: 5,
    amount: 100,
  });
  for (const [name, r] of [
    ["reads", reads],
    ["tools", tools],
  ] as const) {
    expect(r.errors + r.timeouts + r.non2xx, name).toBe(0);
    info.annotations.push({
      type: `load ${name}`,
      description: `${r.requests.sent} requests, ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`,
    });
  }
  expect(crossSite.errors + crossSite.timeouts).toBe(0);
  expect(crossSite["4xx"]).toBe(100);
  // The session is still valid: the refused writes changed nothing.
  const me = await page.request.get("/api/trpc/account.me");
  expect(me.status()).toBe(200);
});
