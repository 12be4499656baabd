"use client";

import { cn } from "@/components/ui/cn";

type Line = { text: string; kind: "same" | "removed" | "added" };

/** A line diff (longest common subsequence) of two texts: small inputs, exact result. */
export function diffLines(before: string, after: string): { before: Line[]; after: Line[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const left: Line[] = [];
  const right: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      left.push({ text: a[i]!, kind: "same" });
      right.push({ text: b[j]!, kind: "same" });
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      right.push({ text: b[j++]!, kind: "added" });
    } else {
      left.push({ text: a[i++]!, kind: "removed" });
    }
  }
  return { before: left, after: right };
}

function Column({ title, lines, testId }: { title: string; lines: Line[]; testId: string }) {
  return (
    <section className="flex min-w-0 flex-col gap-1" aria-label={title}>
      <h3 className="text-sm font-semibold">{title}</h3>
      <pre tabIndex={0} className="max-h-[50dvh] overflow-auto rounded-lg bg-subtle p-2 text-xs" data-testid={testId}>
        {lines.map((l, k) => (
          <div
            key={k}
            className={cn(
              "whitespace-pre-wrap break-words",
              l.kind === "added" && "bg-ok-soft font-semibold",
              l.kind === "removed" && "bg-danger-soft line-through",
            )}
            data-change={l.kind === "same" ? undefined : l.kind}
          >
            {/* The sign says it without colour. */}
            <span aria-hidden="true">{l.kind === "added" ? "+ " : l.kind === "removed" ? "− " : "  "}</span>
            {l.kind !== "same" && <span className="sr-only">{l.kind === "added" ? "Added: " : "Removed: "}</span>}
            {l.text}
          </div>
        ))}
      </pre>
    </section>
  );
}

/** Two definitions side by side, what changed highlighted on both sides. */
export function DefinitionDiff({ before, after }: { before: unknown; after: unknown }) {
  const d = diffLines(before === null ? "" : JSON.stringify(before, null, 2), JSON.stringify(after, null, 2));
  return (
    <div className="grid min-w-0 gap-3 sm:grid-cols-2">
      <Column title="Accepted before" lines={d.before} testId="definition-before" />
      <Column title="Now" lines={d.after} testId="definition-after" />
    </div>
  );
}
