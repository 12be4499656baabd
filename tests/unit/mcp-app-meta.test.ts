// What a server's MCP Apps metadata (untrusted) turns into: who may call a tool, and which
// browser features an app's frame is granted.
import { describe, expect, it } from "vitest";
import { appAllowAttribute, toolVisibleTo } from "@/lib/schemas/mcp-apps";
import { appPermissionsOf, appPermissionsPolicy, appVisibilityOf } from "@/server/connectors/app-meta";
import { diffTools } from "@/server/connectors/snapshot";

const visibility = (v: unknown) => appVisibilityOf({ _meta: { ui: { visibility: v } } });

describe("tool visibility (_meta.ui.visibility)", () => {
  it("keeps a restriction to the model or to the app", () => {
    expect(visibility(["app"])).toEqual(["app"]);
    expect(visibility(["model"])).toEqual(["model"]);
    // Unknown entries are ignored, not a reason to drop the restriction.
    expect(visibility(["app", "widget", 3])).toEqual(["app"]);
  });

  it("means both when missing, both, empty, not a list or naming neither", () => {
    for (const v of [undefined, ["model", "app"], ["app", "model", "app"], [], "app", { 0: "app" }, null, ["everyone"]])
      expect(visibility(v)).toBeUndefined();
    expect(appVisibilityOf({})).toBeUndefined();
    expect(appVisibilityOf({ _meta: { ui: "app" } })).toBeUndefined();
    expect(appVisibilityOf({ _meta: { ui: ["app"] } })).toBeUndefined();
  });

  it("decides who may call a stored tool; a stored value that is not a list means both", () => {
    expect(toolVisibleTo({}, "model")).toBe(true);
    expect(toolVisibleTo({ visibility: ["app"] }, "model")).toBe(false);
    expect(toolVisibleTo({ visibility: ["app"] }, "app")).toBe(true);
    expect(toolVisibleTo({ visibility: ["model"] }, "app")).toBe(false);
    expect(toolVisibleTo({ visibility: "app" }, "model")).toBe(true);
  });

  it("changes the stored tool list when it changes, like its app does", () => {
    const tool = { name: "poll", inputSchema: { type: "object" } };
    expect(diffTools([tool], [{ ...tool, visibility: ["app"] }]).changed).toEqual(["poll"]);
    expect(diffTools([tool], [{ ...tool, appUri: "ui://x" }]).changed).toEqual(["poll"]);
    expect(diffTools([{ ...tool, visibility: ["app"] }], [{ ...tool, visibility: ["app"] }]).changed).toEqual([]);
  });
});

const permissions = (p: unknown) => appPermissionsOf({ ui: { permissions: p } });

describe("app permissions (_meta.ui.permissions)", () => {
  it("keeps the spec's four, each declared as an object, in a fixed order", () => {
    expect(permissions({ clipboardWrite: {}, geolocation: {}, microphone: {}, camera: {} })).toEqual([
      "camera",
      "microphone",
      "geolocation",
      "clipboardWrite",
    ]);
    expect(permissions({ microphone: { reason: "dictation" } })).toEqual(["microphone"]);
  });

  it("drops unknown names, values that are not objects, and declarations of the wrong shape", () => {
    expect(
      permissions({ camera: true, microphone: null, geolocation: [], clipboardWrite: "yes", usb: {}, payment: {} }),
    ).toEqual([]);
    expect(permissions({ "clipboard-write": {}, Camera: {}, __proto__: { camera: {} } })).toEqual([]);
    expect(permissions(["camera"])).toEqual([]);
    expect(permissions("camera")).toEqual([]);
    expect(appPermissionsOf(undefined)).toEqual([]);
    expect(appPermissionsOf({ ui: null })).toEqual([]);
  });

  it("become the frame's allow attribute and a policy that allows them to the frame only and denies the rest", () => {
    expect(appAllowAttribute(["microphone", "clipboardWrite"])).toBe("microphone; clipboard-write");
    expect(appAllowAttribute([])).toBe("");
    expect(appPermissionsPolicy(["microphone", "clipboardWrite"])).toBe(
      "camera=(), microphone=(self), geolocation=(), clipboard-write=(self), display-capture=(), payment=(), usb=(), serial=(), hid=()",
    );
    expect(appPermissionsPolicy([])).not.toContain("(self)");
  });
});
