import type { ConnectorCreateRequest } from "@/lib/schemas/connectors";

let n = 0;

export function buildConnectorInput(overrides: Partial<ConnectorCreateRequest> & { url: string }): ConnectorCreateRequest {
  n += 1;
  return { name: `Connector ${n}`, auth: { type: "none" }, ...overrides };
}
