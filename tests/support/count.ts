/** Prints what a suite tried and the outcome, e.g. "ssrf: 41 tried, 41 refused". */
export function report(suite: string, tried: number, outcome: string): void {
  process.stdout.write(`${suite}: ${tried} tried, ${outcome}\n`);
}
