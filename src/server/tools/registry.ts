// The system tools, described in code: what each is, how it connects (and disconnects),
// what it gives the agent. Adding a system tool means adding an entry here.
import { analyticsTools } from "@/server/tools/analytics";
import { databaseTools } from "@/server/tools/databases/tools";
import { exportTools } from "@/server/tools/export";
import { disconnectGmail, gmailNotConfigured, startGmailAuthorization } from "@/server/tools/gmail/oauth";
import { gmailTools } from "@/server/tools/gmail/tools";
import type { SystemToolDefinition, SystemToolId } from "@/server/tools/types";

export const SYSTEM_TOOLS: SystemToolDefinition[] = [
  {
    id: "databases",
    name: "Databases",
    description: "Explore your databases' schema and answer questions with read-only SQL (the Sample shop included).",
    status: "available",
    connect: "builtin",
    connectedByDefault: true,
    notConfigured: () => null,
    agentTools: databaseTools,
  },
  {
    id: "gmail",
    name: "Gmail",
    description: "Search, read and send email from your Gmail account.",
    status: "available",
    connect: "oauth",
    notConfigured: gmailNotConfigured,
    authorize: startGmailAuthorization,
    disconnect: disconnectGmail,
    agentTools: gmailTools,
  },
  {
    id: "analytics",
    name: "Analytics",
    description: "Your own tool usage: calls, success rate, latency and failures.",
    status: "available",
    connect: "builtin",
    // Built in and harmless: on for everyone from the start (they may turn it off).
    connectedByDefault: true,
    notConfigured: () => null,
    agentTools: analyticsTools,
  },
  {
    id: "export",
    name: "Export",
    description: "Download your conversations and tool history, or a result, as JSON or CSV.",
    status: "available",
    connect: "builtin",
    // Built in and harmless: on for everyone from the start (they may turn it off).
    connectedByDefault: true,
    notConfigured: () => null,
    agentTools: exportTools,
  },
  {
    id: "calendar",
    name: "Calendar",
    description: "Read and schedule events on your calendar.",
    status: "beta",
    connect: "oauth",
    notConfigured: () => "Coming soon.",
    agentTools: [],
  },
];

export function systemTool(id: SystemToolId): SystemToolDefinition {
  const tool = SYSTEM_TOOLS.find((t) => t.id === id);
  if (!tool) throw new Error(`unknown system tool ${id}`);
  return tool;
}
