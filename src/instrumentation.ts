// Next calls register() once when the server starts, before it serves requests.
export async function register() {
  // NEXT_RUNTIME is set by Next itself, not by the operator.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./server/ops/startup");
    await startServer();
    // Pooled MCP sessions are ended and the database closed after the streams have drained.
    const { handleShutdownSignals, onShutdown } = await import("./server/platform/lifecycle");
    const { mcpPool } = await import("./server/connectors/pool");
    const { database } = await import("./server/db/client");
    onShutdown("mcp sessions", () => mcpPool().closeAll());
    onShutdown("database", () => database().close());
    handleShutdownSignals();
  }
}
