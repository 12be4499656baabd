// Watches a pg Client's first exchange with the server: when TCP connected, whether what
// came back is PostgreSQL at all, and when the login finished. pg alone would wait for
// the rest of a "message" that never comes when, say, an SSH or HTTP server answers.
import type pg from "pg";

export type Handshake = {
  /** TCP connected. */
  tcp: boolean;
  /** The server sent a PostgreSQL protocol message. */
  spoke: boolean;
  /** Login finished and the server is ready for queries. */
  ready: boolean;
  /** Why the answer cannot come from PostgreSQL, when it cannot. */
  notPostgres?: string;
  /** performance.now() of each milestone, for step durations. */
  at: { tcp?: number; spoke?: number; ready?: number };
};

function printable(chunk: Buffer): string {
  const text = chunk.subarray(0, 40).toString("latin1").split(/\r?\n/)[0] ?? "";
  return text.replace(/[^\x20-\x7e]/g, ".");
}

/** What is wrong with the server's first bytes, or undefined when they may be PostgreSQL. */
export function firstReplyProblem(chunk: Buffer, tls: boolean): string | undefined {
  const type = String.fromCharCode(chunk[0] ?? 0);
  const answered = `it answered "${printable(chunk)}"`;
  if (tls && (type === "S" || type === "N")) {
    // A PostgreSQL server answers an SSLRequest with that one byte and then waits.
    return chunk.length === 1 ? undefined : answered;
  }
  // Authentication request, error, notice, or protocol version negotiation.
  const maxLength: Record<string, number> = { R: 2_048, E: 65_536, N: 65_536, v: 65_536 };
  const max = maxLength[type];
  if (max === undefined) return answered;
  if (chunk.length >= 5) {
    const length = chunk.readInt32BE(1);
    if (length < 4 || length > max) return answered;
  }
  return undefined;
}

const SERVER_SPOKE = [
  "authenticationCleartextPassword",
  "authenticationMD5Password",
  "authenticationSASL",
  "authenticationOk",
  "errorMessage",
];

export function watchHandshake(client: pg.Client, tls: boolean): Handshake {
  const hs: Handshake = { tcp: false, spoke: false, ready: false, at: {} };
  const con = client.connection;
  // The raw socket: with TLS, the encrypted stream is layered on it later.
  const socket = con.stream;
  con.once("connect", () => {
    hs.tcp = true;
    hs.at.tcp = performance.now();
  });
  socket.once("data", (chunk: Buffer) => {
    const problem = firstReplyProblem(chunk, tls);
    if (!problem) return;
    hs.notPostgres = problem;
    socket.destroy();
  });
  const spoke = () => {
    if (hs.spoke) return;
    hs.spoke = true;
    hs.at.spoke = performance.now();
  };
  for (const name of SERVER_SPOKE) con.once(name, spoke);
  con.once("readyForQuery", () => {
    spoke();
    hs.ready = true;
    hs.at.ready = performance.now();
  });
  return hs;
}
