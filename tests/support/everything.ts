// The MCP project's reference server, @modelcontextprotocol/server-everything, run from npm
// as users would run it: Streamable HTTP at /mcp on a free loopback port. One way to start
// it, shared with the other npm peers.
export { startEverything, type NpmPeer as Everything } from "./npm-mcp-peers";
