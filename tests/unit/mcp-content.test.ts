// What servers send as prompt messages, resource contents and app metadata, turned into
// what the chat may use: bounded, typed, and nothing taken on trust.
import { describe, expect, it } from "vitest";
import { appCspOf, appFramePolicy, appUriOf } from "@/server/connectors/app-meta";
import { toPromptMessages } from "@/server/connectors/prompts";
import { toContents } from "@/server/connectors/resources";

const c = { id: "c1", name: "Docs" };

describe("prompt messages", () => {
  it("keep text, name links, describe media and turn embedded resources into attachments", () => {
    const r = toPromptMessages(c, {
      messages: [
        { role: "user", content: { type: "text", text: "Hi" } },
        { role: "assistant", content: { type: "resource_link", uri: "demo://a", name: "a" } },
        { role: "user", content: { type: "image", data: "AAAA", mimeType: "image/png" } },
        { role: "user", content: { type: "resource", resource: { uri: "demo://b", blob: "AAAA", mimeType: "x/y" } } },
      ],
    });
    expect(r.messages).toEqual([
      { role: "user", text: "Hi" },
      { role: "assistant", text: "demo://a" },
      { role: "user", text: "[image image/png]" },
    ]);
    expect(r.attachments).toEqual([
      {
        connectorId: "c1",
        connectorName: "Docs",
        uri: "demo://b",
        name: "demo://b",
        mimeType: "x/y",
        size: 3,
        truncated: false,
      },
    ]);
  });
});

describe("resource contents", () => {
  it("fall back to the requested URI when the server's is unusable, and measure base64 without padding", () => {
    const [blob] = toContents(c, "demo://asked", "Asked", { contents: [{ uri: "bad uri", blob: "QUJDRA==" }] });
    expect(blob).toEqual({
      connectorId: "c1",
      connectorName: "Docs",
      uri: "demo://asked",
      name: "Asked",
      size: 4,
      truncated: false,
    });
    const [none] = toContents(c, "demo://x", undefined, { contents: [{ uri: "demo://x" } as never] });
    expect(none).toMatchObject({ size: 0, name: "demo://x" });
  });
});

describe("MCP App metadata", () => {
  it("takes the app's URI from either spelling, and only ui:// URIs", () => {
    expect(appUriOf({ _meta: { "ui/resourceUri": "ui://a" } })).toBe("ui://a");
    expect(appUriOf({ _meta: { ui: { resourceUri: "ui://b" } } })).toBe("ui://b");
    expect(appUriOf({ _meta: { ui: { resourceUri: "ui://\u0000" } } })).toBeUndefined();
    expect(appUriOf({})).toBeUndefined();
  });

  it("lists declared domains in the policy, and nothing when the declaration is malformed", () => {
    const csp = appCspOf({
      ui: {
        csp: {
          connectDomains: ["https://api.example.com"],
          frameDomains: ["https://*.maps.example.com:8443"],
          baseUriDomains: "https://not-a-list.example",
          resourceDomains: ["http://localhost:5173", "http://evil.example"],
        },
      },
    });
    expect(csp).toEqual({
      connectDomains: ["https://api.example.com"],
      resourceDomains: ["http://localhost:5173"],
      frameDomains: ["https://*.maps.example.com:8443"],
      baseUriDomains: [],
    });
    const policy = appFramePolicy(csp);
    expect(policy).toContain("frame-src https://*.maps.example.com:8443;");
    expect(policy).toContain("base-uri 'none';");
    expect(policy).toContain("img-src data: blob: http://localhost:5173;");
    expect(appCspOf(undefined)).toEqual({
      connectDomains: [],
      resourceDomains: [],
      frameDomains: [],
      baseUriDomains: [],
    });
  });
});
