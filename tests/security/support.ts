// Requests as an attacker's HTTP client sends them to the running app: through the real
// route handlers, stamped with the socket address the way `next start` receives them.
import { handleTrpc } from "@/server/api/http";
import { PEER_HEADER, peerStamp } from "@/server/platform/client-address";

/** Headers of a request that arrived from `peer`, plus whatever the sender chose to add. */
export function fromPeer(peer: string, extra: Record<string, string> = {}): Headers {
  return new Headers({ [PEER_HEADER]: peerStamp(peer), ...extra });
}

/** A tRPC mutation over HTTP, as the browser's client sends it; returns status and app code. */
export async function trpcMutation(
  path: string,
  input: unknown,
  headers: Headers,
): Promise<{ status: number; appCode?: string; message?: string }> {
  headers.set("content-type", "application/json");
  const res = await handleTrpc(
    new Request(`http://localhost:3000/api/trpc/${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify({ json: input }),
    }),
  );
  const body = (await res.json()) as { error?: { json: { message: string; data: { appCode: string } } } };
  return { status: res.status, appCode: body.error?.json.data.appCode, message: body.error?.json.message };
}
