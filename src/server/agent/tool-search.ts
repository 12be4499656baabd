// Full-text search over a message's tools, for the model's tool-search tool: ranked over
// names, titles, descriptions and parameter names (BM25 with prefix and fuzzy matching, by
// MiniSearch). Names like "create_pull_request" or "getFileContents" are split into words.
import MiniSearch from "minisearch";

export type SearchableTool = {
  name: string;
  /** "Connector › Tool title": the words people use for the tool. */
  label: string;
  description: string;
  inputSchema: Record<string, unknown>;
};

type Doc = { id: number; name: string; label: string; description: string; params: string };

const STOP = new Set(
  "a an and are as at be by can do does for from has have i in is it its me my of on or our please should that the this to up we what when where which with you your".split(
    " ",
  ),
);

/** Words of any text, identifiers split at _ - . / and camelCase; lower case, stop words out. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w));
}

/** A light English stemmer: enough that "files", "filing" and "file" meet. */
export function stem(word: string): string {
  let w = word;
  for (const [suffix, keep] of [
    ["ies", "y"],
    ["sses", "ss"],
    ["ing", ""],
    ["ed", ""],
    ["es", ""],
    ["s", ""],
  ] as const) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix) && !(suffix === "s" && w.endsWith("ss"))) {
      w = w.slice(0, -suffix.length) + keep;
      break;
    }
  }
  return w;
}

function paramNames(schema: Record<string, unknown>): string {
  const props = schema.properties;
  if (!props || typeof props !== "object") return "";
  return Object.entries(props as Record<string, { description?: unknown }>)
    .map(([k, v]) => `${k} ${typeof v?.description === "string" ? v.description.slice(0, 200) : ""}`)
    .join(" ");
}

export class ToolIndex<T extends SearchableTool> {
  private readonly index: MiniSearch<Doc>;

  constructor(private readonly tools: readonly T[]) {
    this.index = new MiniSearch<Doc>({
      fields: ["name", "label", "description", "params"],
      tokenize: (text) => words(text),
      processTerm: (term) => stem(term),
      searchOptions: {
        boost: { name: 3, label: 2, description: 1, params: 0.5 },
        prefix: (term) => term.length > 3,
        fuzzy: (term) => (term.length > 5 ? 0.2 : false),
        combineWith: "OR",
      },
    });
    this.index.addAll(
      tools.map((t, id) => ({
        id,
        name: t.name.replace(/^.*__/, ""),
        label: t.label,
        description: t.description.slice(0, 2_000),
        params: paramNames(t.inputSchema),
      })),
    );
  }

  /** The `limit` best tools for what the model needs, best first. */
  search(query: string, limit = 5): T[] {
    return this.index
      .search(query)
      .slice(0, limit)
      .map((r) => this.tools[r.id as number]!);
  }
}
