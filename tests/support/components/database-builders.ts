import type { DatabaseResponse } from "@/lib/schemas/databases";

/** A saved PostgreSQL database as the list returns it. */
export const buildDatabase = (overrides: Partial<DatabaseResponse> = {}): DatabaseResponse => ({
  id: "db_1",
  name: "Shop replica",
  kind: "postgres",
  connection: {
    host: "db.example.com",
    port: 5432,
    database: "shop",
    user: "reader",
    tls: "require",
    hasPassword: true,
    hasCaCertificate: false,
  },
  editable: true,
  enabled: true,
  status: "connected",
  statusMessage: null,
  lastTestOk: true,
  lastTestCode: null,
  lastTestMessage: null,
  lastTestAt: new Date("2026-01-01T00:00:00Z"),
  serverVersion: "PostgreSQL 16.4",
  relationCount: 4,
  schemaRefreshedAt: null,
  createdAt: null,
  updatedAt: null,
  ...overrides,
});
