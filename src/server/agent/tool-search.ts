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

// Function words, and the question words and vague verbs of requests ("how long does it
// take", "show me", "make a new …"), which would otherwise match tools named take_… or new_….
const STOP = new Set(
  (
    "a about all an and any are as at be by can could do does for from get give go has have how i if in into is it its " +
    "just let me much my new now of off on or our out please show should so some take tell than that the their them " +
    "there these this those to today up us want we what when where which who whose why will with would you your"
  ).split(" "),
);

// What people say, and the words tool authors use for it. Expansions are added to the
// query, never replace it. General vocabulary, not tuned to one server.
const SYNONYMS: Record<string, string[]> = {
  folder: ["directory"],
  remember: ["memory", "observation", "entity"],
  recall: ["memory", "search"],
  look: ["search", "find"],
  lookup: ["search", "find"],
  forget: ["delete", "remove"],
  visit: ["navigate", "open"],
  browse: ["navigate"],
  email: ["mail", "message"],
  mail: ["email", "message"],
  inbox: ["mail", "message"],
  drive: ["directions", "distance"],
  route: ["directions"],
  travel: ["directions", "distance"],
  far: ["distance"],
  altitude: ["elevation"],
  high: ["elevation"],
  near: ["nearby", "places", "local"],
  nearby: ["places", "local"],
  shop: ["place", "business"],
  restaurant: ["place", "business"],
  space: ["size"],
  big: ["size"],
  large: ["size"],
  paper: ["research"],
  academic: ["research", "paper"],
  grab: ["scrape", "fetch"],
  content: ["scrape"],
  webpage: ["scrape", "page"],
  website: ["site", "page"],
  often: ["usage"],
  used: ["usage"],
  stats: ["statistics", "usage"],
  kill: ["terminate", "stop"],
  terminal: ["process", "command"],
  command: ["process", "terminal"],
  rename: ["move"],
  add: ["create", "sum"],
  plus: ["sum"],
  total: ["sum"],
  spreadsheet: ["csv"],
  download: ["export"],
  sql: ["query"],
  table: ["tables"],
  chart: ["helm"],
  undo: ["rollback", "rollout"],
  revert: ["rollback", "rollout"],
  emoji: ["reaction"],
  comment: ["comment", "reply"],
  answer: ["reply"],
  pr: ["pull", "request"],
  repo: ["repository"],
  mr: ["merge", "request"],
};

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
  if (word.length <= 4) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("ing") && word.length > 5) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 4) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) return word.slice(0, -1);
  return word;
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
    const terms = words(query);
    const extra = terms.flatMap((w) => SYNONYMS[w] ?? SYNONYMS[stem(w)] ?? []);
    return this.index
      .search({ combineWith: "OR", queries: [terms.join(" "), { queries: extra, boost: 0.5 } as never] })
      .slice(0, limit)
      .map((r) => this.tools[r.id as number]!);
  }
}
