import type { ConnectorCreateRequest } from "@/lib/schemas/connectors";
import type { NewConnector } from "@/server/db/connectors";

let n = 0;

export function buildConnectorInput(
  overrides: Partial<ConnectorCreateRequest> & { url: string },
): ConnectorCreateRequest {
  n += 1;
  return { name: `Connector ${n}`, auth: { type: "none" }, ...overrides };
}

/** A connector row as a passing test would have saved it, for seeding the database directly. */
export function buildConnectorRow(
  fields: Pick<NewConnector, "id" | "userId" | "name" | "url"> & Partial<NewConnector>,
): NewConnector {
  return {
    transport: "streamable-http",
    authType: "none",
    authMeta: {},
    encryptedCredentials: null,
    keyVersion: null,
    lastTestOk: true,
    lastTestCode: null,
    lastTestAt: new Date(),
    serverName: null,
    serverVersion: null,
    toolsSnapshot: [],
    toolCount: 0,
    ...fields,
  };
}
