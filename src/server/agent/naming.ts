// Names of connector tools as the model sees them. OpenAI-style APIs accept
// [A-Za-z0-9_-]{1,64}; two servers may both offer "search"; and a name must map back to
// exactly one connector and tool. The namer keeps a table of what it handed out, so the
// mapping back never guesses, and appends hashes whenever a readable name would be lossy
// or already taken.
import { createHash } from "node:crypto";

export const MODEL_TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Letters, digits, _ and - only; runs of anything else become one _. */
function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9_-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
}

export type NamedTarget = { connectorId: string; toolName: string };

export class ToolNamer {
  private readonly byName = new Map<string, NamedTarget>();
  private readonly reserved = new Set<string>();
  private readonly prefixes = new Map<string, string>();

  /** Names already used by other tools (system tools), which connector tools must avoid. */
  reserve(name: string): void {
    this.reserved.add(name);
  }

  name(connector: { id: string; name: string }, toolName: string): string {
    // The prefix carries a hash of the connector id: unique per connector, stable across
    // renames of other connectors, and short enough to leave room for the tool.
    const prefix = this.prefixOf(connector);
    const budget = 64 - prefix.length - 2;
    const clean = slug(toolName);
    const lossless = clean === toolName && clean.length <= budget;
    let tool = lossless ? clean : `${clean.slice(0, budget - 9)}_${hash(toolName, 8)}`.replace(/^_/, "");
    let candidate = `${prefix}__${tool}`;
    for (let n = 1; this.taken(candidate, connector.id, toolName); n++) {
      tool = `${clean.slice(0, budget - 12)}_${hash(`${toolName}#${n}`, 11)}`.replace(/^_/, "");
      candidate = `${prefix}__${tool}`;
    }
    this.byName.set(candidate, { connectorId: connector.id, toolName });
    return candidate;
  }

  /** Computed once per connector: a message names every tool of it. */
  private prefixOf(connector: { id: string; name: string }): string {
    let prefix = this.prefixes.get(connector.id);
    if (prefix === undefined) {
      prefix = `${slug(connector.name).slice(0, 16) || "mcp"}_${hash(connector.id, 6)}`;
      this.prefixes.set(connector.id, prefix);
    }
    return prefix;
  }

  private taken(candidate: string, connectorId: string, toolName: string): boolean {
    if (this.reserved.has(candidate)) return true;
    const owner = this.byName.get(candidate);
    return owner !== undefined && (owner.connectorId !== connectorId || owner.toolName !== toolName);
  }

  resolve(name: string): NamedTarget | undefined {
    return this.byName.get(name);
  }
}
