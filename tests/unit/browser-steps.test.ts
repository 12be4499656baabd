// The steps a "URL elicitation required" error (-32042) asks for are untrusted data: what
// is shown, what is refused, and what a call whose steps are not done reports.
import { describe, expect, it, vi } from "vitest";
import { browserSteps, completeBrowserSteps, isUrlElicitationRequired } from "@/server/agent/browser-steps";
import { McpError, UrlElicitationRequiredError } from "@modelcontextprotocol/sdk/types.js";

const step = { mode: "url", elicitationId: "e1", url: "https://auth.example.com/ok", message: "Approve" };

describe("browserSteps", () => {
  it("keeps each page's id, address, domain and a capped message", () => {
    const [s] = browserSteps("Docs", { elicitations: [{ ...step, message: "m".repeat(5_000) }] });
    expect(s).toMatchObject({ elicitationId: "e1", url: "https://auth.example.com/ok", domain: "auth.example.com" });
    expect(s?.message).toHaveLength(2_000);
  });

  it.each([
    [null, "it sent no pages to open"],
    [{ elicitations: [] }, "it sent no pages to open"],
    [{ elicitations: "x" }, "it sent no pages to open"],
    [{ elicitations: [step, step, step, step] }, "it asked for more than 3 pages"],
    [{ elicitations: [{ ...step, url: "ftp://auth.example.com/" }] }, "pages must be http(s) addresses"],
    [{ elicitations: [{ ...step, url: `https://a.example/${"x".repeat(2_100)}` }] }, "pages must be http(s)"],
    [{ elicitations: [{ ...step, elicitationId: "" }] }, "elicitations.0.elicitationId"],
    [{ elicitations: [step, "not an object"] }, "elicitations.1.: "],
  ])("%j is refused with a clear reason naming the connector", (data, reason) => {
    expect(() => browserSteps("Docs", data)).toThrow(/^Docs asked for a step in your browser, but its request/);
    expect(() => browserSteps("Docs", data)).toThrow(reason);
  });
});

describe("completeBrowserSteps", () => {
  const err = new UrlElicitationRequiredError([step as never, { ...step, elicitationId: "e2" } as never]);

  it("recognises only -32042", () => {
    expect(isUrlElicitationRequired(err)).toBe(true);
    expect(isUrlElicitationRequired(new McpError(-32603, "x"))).toBe(false);
    expect(isUrlElicitationRequired(new Error("x"))).toBe(false);
  });

  it("asks for every step in turn and resolves when all are done", async () => {
    const ask = vi.fn().mockResolvedValue("accepted");
    await completeBrowserSteps("Docs", err, 0, ask);
    expect(ask.mock.calls.map(([s]) => (s as { elicitationId: string }).elicitationId)).toEqual(["e1", "e2"]);
  });

  it("stops at the first step not done, and says why", async () => {
    const ask = vi.fn().mockResolvedValue("expired");
    await expect(completeBrowserSteps("Docs", err, 1, ask)).rejects.toMatchObject({
      code: "ELICITATION_INCOMPLETE",
      message: expect.stringMatching(/on auth\.example\.com.*Nobody finished it in time/) as unknown,
    });
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it("with nobody to ask, the step is not done", async () => {
    await expect(completeBrowserSteps("Docs", err, 0, undefined)).rejects.toThrow(
      /cannot be shown where this call runs/,
    );
  });

  it("refuses to ask again after the retries", async () => {
    const ask = vi.fn();
    await expect(completeBrowserSteps("Docs", err, 2, ask)).rejects.toThrow("after 2 retries");
    expect(ask).not.toHaveBeenCalled();
  });
});
