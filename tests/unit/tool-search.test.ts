// Tool search and what each step offers the model: the search finds tools by what a
// request says, and the offer never passes the cap nor drops the selected tool.
import { describe, expect, it } from "vitest";
import { aiTools } from "@/server/agent/ai-tools";
import { planToolOffer, recentToolNames, TOOL_SEARCH_NAME } from "@/server/agent/tool-offer";
import { stem, ToolIndex, words } from "@/server/agent/tool-search";

const schema = (...props: string[]) => ({ type: "object", properties: Object.fromEntries(props.map((p) => [p, {}])) });
const tool = (name: string, description: string, ...props: string[]) => ({
  name,
  label: `Srv › ${name}`,
  description,
  inputSchema: schema(...props),
});

const filler = Array.from({ length: 60 }, (_, i) => tool(`Srv_abc__filler_${i}`, `Does unrelated thing ${i}`));
const tools = [
  tool("GitHub_1a2b3c__create_issue", "Create a new issue in a GitHub repository", "owner", "repo", "title"),
  tool("GitHub_1a2b3c__list_pull_requests", "List pull requests in a repository", "state"),
  tool("Files_4d5e6f__create_directory", "Create a new directory", "path"),
  tool("Maps_777777__maps_directions", "Get directions between two points", "origin", "destination"),
  tool("Shop_888888__refundPayment", "Gives money back", "paymentId"),
  ...filler,
];

describe("tool search", () => {
  it("splits identifiers into words and meets word forms", () => {
    expect(words("getFileContents create_pull-request HTTPServer")).toEqual([
      "file",
      "contents",
      "create",
      "pull",
      "request",
      "http",
      "server",
    ]);
    expect(stem("files")).toBe(stem("file"));
    expect(stem("directories")).toBe("directory");
    expect(stem("address")).toBe("address");
  });

  it("ranks by names, descriptions, parameter names and common synonyms", () => {
    const index = new ToolIndex(tools);
    expect(index.search("open an issue on GitHub", 1)[0]?.name).toBe("GitHub_1a2b3c__create_issue");
    expect(index.search("make a folder", 3).map((t) => t.name)).toContain("Files_4d5e6f__create_directory");
    expect(index.search("drive from Lyon to Geneva", 3).map((t) => t.name)).toContain("Maps_777777__maps_directions");
    expect(index.search("refund payment", 1)[0]?.name).toBe("Shop_888888__refundPayment");
    expect(index.search("destination", 1)[0]?.name).toBe("Maps_777777__maps_directions");
    expect(index.search("zzzz qqqq")).toEqual([]);
  });
});

describe("the tools offered on each step", () => {
  it("offers every tool up to the threshold", () => {
    const offer = planToolOffer(tools.slice(0, 5), { recent: [], max: 128, threshold: 40 });
    expect(offer.searching).toBe(false);
    expect(offer.active()).toBeUndefined();
    expect(offer.search("anything")).toEqual([]);
  });

  it("past it offers the search tool, the selected and recent tools, then what was found", () => {
    const offer = planToolOffer(tools, {
      forced: "Shop_888888__refundPayment",
      recent: ["GitHub_1a2b3c__list_pull_requests", "gone_tool", "Shop_888888__refundPayment"],
      max: 128,
      threshold: 40,
    });
    expect(offer.searching).toBe(true);
    expect(offer.active()).toEqual([
      TOOL_SEARCH_NAME,
      "Shop_888888__refundPayment",
      "GitHub_1a2b3c__list_pull_requests",
    ]);
    const found = offer.search("create an issue");
    expect(found[0]).toMatchObject({ name: "GitHub_1a2b3c__create_issue", label: "Srv › GitHub_1a2b3c__create_issue" });
    expect(offer.active()).toContain("GitHub_1a2b3c__create_issue");
  });

  it("never passes the cap, keeping the search and selected tools and the newest finds", () => {
    const offer = planToolOffer(tools, { forced: "Shop_888888__refundPayment", recent: [], max: 3, threshold: 2 });
    offer.search("directions");
    offer.search("create issue");
    const active = offer.active()!;
    expect(active).toHaveLength(3);
    expect(active.slice(0, 2)).toEqual([TOOL_SEARCH_NAME, "Shop_888888__refundPayment"]);
    expect(active[2]).toBe("GitHub_1a2b3c__create_issue");
  });

  it("knows the tools a conversation used, newest first", () => {
    const messages = [
      { parts: [{ type: "tool-a" }, { type: "dynamic-tool", toolName: "b" }] },
      { parts: [{ type: "text" }, { type: `tool-${TOOL_SEARCH_NAME}` }, { type: "tool-c" }, { type: "tool-a" }] },
    ];
    expect(recentToolNames(messages)).toEqual(["a", "c", "b"]);
    expect(recentToolNames(messages, 1)).toEqual(["a"]);
  });
});

describe("the search tool the model calls", () => {
  it("says when nothing matched, so the model tries other words", async () => {
    const offer = planToolOffer(tools, { recent: [], max: 128, threshold: 40 });
    const set = aiTools("user", "conv", [], offer, { notice: () => undefined, status: () => undefined });
    const run = set[TOOL_SEARCH_NAME]!.execute!;
    const opts = { toolCallId: "c1", messages: [] };
    expect(await run({ query: "zzzz qqqq" }, opts)).toEqual({ found: [], note: "No tool matched; try other words." });
    const hit = (await run({ query: "pull requests" }, opts)) as { found: { name: string }[]; note: string };
    expect(hit.found[0]?.name).toBe("GitHub_1a2b3c__list_pull_requests");
    expect(hit.note).toMatch(/next step/);
  });
});
