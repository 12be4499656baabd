// What an MCP tool result becomes: text for the model, images for the tool card.
import { describe, expect, it } from "vitest";
import { fromMcpResult, MAX_IMAGE_BASE64_CHARS, MAX_IMAGES, truncate } from "@/server/agent/tool-result";

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

  it("describes audio, resources and links, and keeps structured content and errors", () => {
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
      text: "[audio audio/wav]\ninline text\n[resource file:///b.bin]\n[link https://example.com/doc]",
      structured: { n: 1 },
      isError: true,
    });
  });

  it("cuts text past the limit and says how much", () => {
    expect(truncate("x".repeat(100_010))).toMatch(/\[… 10 more characters cut\]$/);
  });
});
