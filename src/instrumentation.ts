// Next calls register() once when the server starts, before it serves requests.
export async function register() {
  // NEXT_RUNTIME is set by Next itself, not by the operator.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./server/ops/startup");
    await startServer();
  }
}
