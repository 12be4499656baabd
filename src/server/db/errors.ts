/**
 * Prisma reports a unique violation as P2002 on PostgreSQL; through the PGlite adapter
 * it arrives as a driver error carrying PostgreSQL's own code 23505.
 */
export function isUniqueViolation(err: unknown): boolean {
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === "object" && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, kind } = e as { code?: unknown; kind?: unknown };
    if (code === "P2002" || code === "23505" || kind === "UniqueConstraintViolation") return true;
  }
  return false;
}
