// Databases as a passing test would have saved them, for seeding the database directly
// (adding one through the router needs a real PostgreSQL server, see tests/postgres).
import { randomUUID } from "node:crypto";
import type { DatabaseSchema } from "@/server/databases/engine/introspect";
import { connectionColumns } from "@/server/databases/service/settings";
import { insertDatabaseWithinLimit, type DatabaseRecord } from "@/server/db/databases";

export type SeedOptions = {
  name?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  schema?: DatabaseSchema | null;
};

let n = 0;

export async function seedDatabase(userId: string, opts: SeedOptions = {}): Promise<DatabaseRecord> {
  n += 1;
  const id = randomUUID();
  const settings = {
    host: opts.host ?? "127.0.0.1",
    port: opts.port ?? 5432,
    database: opts.database ?? "shop",
    user: opts.user ?? "reader",
    password: opts.password ?? "",
    tls: "disable" as const,
  };
  const outcome = await insertDatabaseWithinLimit(
    {
      id,
      userId,
      name: opts.name ?? `Database ${n}`,
      ...connectionColumns(userId, id, settings),
      lastTestOk: true,
      lastTestCode: null,
      lastTestMessage: "Connected.",
      lastTestAt: new Date(),
      serverVersion: "16.4",
      relationCount: opts.schema?.relations.length ?? 0,
      schemaSnapshot: opts.schema ?? null,
      schemaRefreshedAt: opts.schema ? new Date() : null,
    },
    1_000,
  );
  if (!outcome.ok) throw new Error(`could not seed a database: ${outcome.reason}`);
  return outcome.database;
}

const column = (name: string, type: string, nullable = false) => ({
  name,
  ordinal: 0,
  type,
  nullable,
  default: null,
  comment: null,
});

/** A small catalog: customers and their orders, one foreign key. */
export function shopSchema(): DatabaseSchema {
  const base = { uniqueConstraints: [], checks: [], indexes: [], definition: null, rowEstimate: 10 };
  return {
    relations: [
      {
        ...base,
        schema: "public",
        name: "customers",
        kind: "table",
        comment: "People who buy",
        columns: [column("id", "integer"), { ...column("email", "text"), comment: "Login e-mail address" }],
        primaryKey: { name: "customers_pkey", columns: ["id"] },
        foreignKeys: [],
      },
      {
        ...base,
        schema: "public",
        name: "orders",
        kind: "table",
        comment: null,
        columns: [column("id", "integer"), column("customer_id", "integer"), column("total", "numeric(12,2)", true)],
        primaryKey: { name: "orders_pkey", columns: ["id"] },
        foreignKeys: [
          {
            name: "orders_customer_id_fkey",
            columns: ["customer_id"],
            references: { schema: "public", table: "customers", columns: ["id"] },
            onUpdate: "no action",
            onDelete: "no action",
          },
        ],
      },
    ],
  };
}
