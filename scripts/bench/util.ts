// Shared by the parts of `npm run bench`: timing, medians, printing targets.

export const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
export const WARMUP = 10;

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function time(
  fn: () => Promise<void>,
  iterations = ITERATIONS,
  before?: () => Promise<void>,
): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) {
    await before?.();
    await fn();
  }
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    await before?.();
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/**
 * Times two pieces of the same work turn about (A, B, B, A, …), after warming both, so a
 * change in the machine's load falls on both sides alike.
 */
export async function timeInterleaved(
  a: () => Promise<void>,
  b: () => Promise<void>,
  iterations = ITERATIONS,
): Promise<[number[], number[]]> {
  for (let i = 0; i < WARMUP; i++) {
    await a();
    await b();
  }
  const out: [number[], number[]] = [[], []];
  const once = async (fn: () => Promise<void>, into: number[]) => {
    const t = performance.now();
    await fn();
    into.push(performance.now() - t);
  };
  for (let i = 0; i < iterations; i++) {
    if (i % 2) {
      await once(b, out[1]);
      await once(a, out[0]);
    } else {
      await once(a, out[0]);
      await once(b, out[1]);
    }
  }
  return out;
}

export const print = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n\n`);

/** "target …: met" or "missed", for the line a reader scans. */
export function target(description: string, met: boolean): string {
  return `  target ${description}: ${met ? "met" : "MISSED"}`;
}
