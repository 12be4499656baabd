// What an MCP tool result becomes: text for the model, images for the tool card.
import { describe, expect, it } from "vitest";
import {
  fromMcpResult,
  MAX_AUDIO,
  MAX_AUDIO_BASE64_CHARS,
  MAX_IMAGE_BASE64_CHARS,
  MAX_IMAGES,
  MAX_LINKS,
  truncate,
} from "@/server/agent/tool-result";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

describe("fromMcpResult", () => {
  it("carries images to the card and leaves the model a short placeholder", () => {
    const r = fromMcpResult({
      content: [
        { type: "text", text: "Here is the chart" },
        { type: "image", mimeType: "image/png", data: PNG },
      ],
    });
    expect(r.images).toEqual([{ mimeType: "image/png", data: PNG }]);
    expect(r.text).toBe("Here is the chart\n[image image/png, shown to the user]");
    expect(r.isError).toBe(false);
  });

  it("keeps images over the size cap, past the count cap, of other types or not base64 out of the card", () => {
    const big = "A".repeat(MAX_IMAGE_BASE64_CHARS + 4);
    const r = fromMcpResult({
      content: [
        { type: "image", mimeType: "image/png", data: big },
        { type: "image", mimeType: "image/svg+xml", data: PNG },
        { type: "image", mimeType: "image/png", data: "not base64!" },
        ...Array.from({ length: MAX_IMAGES + 1 }, () => ({ type: "image" as const, mimeType: "image/png", data: PNG })),
      ],
    });
    expect(r.images).toHaveLength(MAX_IMAGES);
    expect(r.text).toContain("image/png, 513 KB: too large to show");
    expect(r.text).toContain("[image image/svg+xml: not shown]");
    expect(r.text).toContain("[image image/png: not valid base64]");
    expect(r.text).toContain(`more than ${MAX_IMAGES} images, not shown`);
  });

  it("plays audio, lists resource links, describes embedded resources, keeps structured content and errors", () => {
    const r = fromMcpResult({
      isError: true,
      structuredContent: { n: 1 },
      content: [
        { type: "audio", mimeType: "audio/wav", data: "AAAA" },
        { type: "resource", resource: { uri: "file:///a.txt", text: "inline text" } },
        { type: "resource", resource: { uri: "file:///b.bin", blob: "AAAA" } },
        { type: "resource_link", uri: "https://example.com/doc", name: "doc" },
      ],
    });
    expect(r).toEqual({
      text: "[audio audio/wav, played to the user]\ninline text\n[resource file:///b.bin]\n[resource link “doc”: https://example.com/doc]",
      structured: { n: 1 },
      audio: [{ mimeType: "audio/wav", data: "AAAA" }],
      links: [{ uri: "https://example.com/doc", name: "doc" }],
      isError: true,
    });
  });

  it("keeps audio of other types, over the cap, past the count or not base64 out of the card", () => {
    const r = fromMcpResult({
      content: [
        { type: "audio", mimeType: "audio/x-midi", data: "AAAA" },
        { type: "audio", mimeType: "audio/wav", data: "A".repeat(MAX_AUDIO_BASE64_CHARS + 4) },
        { type: "audio", mimeType: "audio/wav", data: "not base64!" },
        ...Array.from({ length: MAX_AUDIO + 1 }, () => ({
          type: "audio" as const,
          mimeType: "audio/ogg",
          data: "AAAA",
        })),
      ],
    });
    expect(r.audio).toHaveLength(MAX_AUDIO);
    expect(r.text).toContain("[audio audio/x-midi: not played]");
    expect(r.text).toContain("too large to play");
    expect(r.text).toContain("[audio audio/wav: not valid base64]");
    expect(r.text).toContain(`more than ${MAX_AUDIO} clips, not played`);
  });

  it("names links by title, then name; keeps at most a few, with their type and description", () => {
    const r = fromMcpResult({
      content: [
        {
          type: "resource_link",
          uri: "demo://a",
          name: "a",
          title: "The A",
          mimeType: "text/plain",
          description: "first",
        },
        ...Array.from({ length: MAX_LINKS + 1 }, (_, i) => ({
          type: "resource_link" as const,
          uri: `demo://${i}`,
          name: `n${i}`,
        })),
        { type: "resource_link", uri: `demo://${"x".repeat(3000)}`, name: "long" },
      ],
    });
    expect(r.links).toHaveLength(MAX_LINKS);
    expect(r.links?.[0]).toEqual({ uri: "demo://a", name: "The A", mimeType: "text/plain", description: "first" });
  });

  it("checks structured content against the tool's output schema, and says when it is missing", () => {
    const schema = { type: "object", properties: { n: { type: "number" } }, required: ["n"] };
    expect(fromMcpResult({ content: [], structuredContent: { n: 1 } }, schema).structuredError).toBeUndefined();
    expect(fromMcpResult({ content: [], structuredContent: { n: "1" } }, schema).structuredError).toMatch(
      /does not match the tool's output schema: data\/n must be number/,
    );
    expect(fromMcpResult({ content: [] }, schema).structuredError).toMatch(/returned no structured result/);
    // A failed call owes no structure.
    expect(fromMcpResult({ content: [], isError: true }, schema).structuredError).toBeUndefined();
    // A schema that cannot be compiled is reported the same way, not thrown.
    expect(fromMcpResult({ content: [], structuredContent: {} }, { type: "nonsense" }).structuredError).toMatch(
      /output schema could not be used/,
    );
  });

  it("cuts text past the limit and says how much", () => {
    expect(truncate("x".repeat(100_010))).toMatch(/\[… 10 more characters cut\]$/);
  });
});
