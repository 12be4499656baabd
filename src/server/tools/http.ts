// HTTP for system tools (OAuth providers, mail API). Their endpoints come from the
// administrator's configuration, but still go through the outbound guard and a deadline.
import { AppError } from "@/lib/errors";
import { adminPolicy, createSafeFetch } from "@/server/platform/outbound";

export async function toolFetch(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
  const fetch = createSafeFetch({ policy: adminPolicy(), signal: AbortSignal.timeout(init.timeoutMs ?? 15_000) });
  try {
    return await fetch(url, init);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as Error).name === "TimeoutError" || (err as Error).name === "AbortError")
      throw new AppError("TIMEOUT", `${new URL(url).host} did not answer in time.`);
    throw new AppError("INVALID_MCP_SERVER", `${new URL(url).host} could not be reached.`, { cause: err });
  }
}

export async function readJson<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new AppError("INVALID_MCP_SERVER", `${what} answered with something that is not JSON (HTTP ${res.status}).`);
  }
}
