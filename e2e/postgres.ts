// A real PostgreSQL for the end-to-end tests to add as "their own" database. CI starts a
// throwaway cluster and passes its URL as E2E_POSTGRES_URL (.ci/run); on a machine without
// it, a cluster is started here from the local PostgreSQL install (/usr/lib/postgresql/*/bin,
// the Debian/Ubuntu `postgresql` package) in a temporary folder, and removed afterwards.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../tests/support/free-port";

export type TestPostgres = {
  host: string;
  port: number;
  /** The database the read-only role may read. */
  database: string;
  /** A role that can only read, as README advises. */
  user: string;
  password: string;
  close(): Promise<void>;
};

export const READER = { user: "e2e_reader", password: "reader-password" };

function pgBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
    : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!newest)
    throw new Error(
      "The databases end-to-end test needs PostgreSQL: set E2E_POSTGRES_URL to a server it may create a role and tables on, or install the postgresql package (initdb under /usr/lib/postgresql).",
    );
  return path.join(root, newest, "bin");
}

/** initdb and pg_ctl refuse to run as root: as root they run as the postgres user. */
function runPg(bin: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [cmd, cmdArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, cmdArgs, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed: ${r.stderr || r.stdout}`);
}

async function startLocalCluster(): Promise<{ url: string; stop: () => void }> {
  const bin = pgBin();
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-pg-"));
  if (process.getuid?.() === 0) {
    if (spawnSync("id", ["postgres"]).status !== 0)
      execFileSync("useradd", ["--system", "--home-dir", "/var/lib/postgresql", "postgres"]);
    chmodSync(dir, 0o777);
  }
  const port = await freePort();
  const data = path.join(dir, "data");
  runPg(path.join(bin, "initdb"), ["-A", "trust", "-U", "postgres", "-D", data]);
  runPg(path.join(bin, "pg_ctl"), [
    "-D",
    data,
    "-l",
    path.join(dir, "log"),
    "-w",
    "-o",
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`,
    "start",
  ]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        runPg(path.join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A database "inventory" with two tables joined by a foreign key, and a read-only role for
 * it. Safe to run again on the same server (CI's cluster is shared by both screen sizes).
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.E2E_POSTGRES_URL;
  const cluster = given ? null : await startLocalCluster();
  const adminUrl = given ?? cluster!.url;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'e2e_inventory'");
    if (exists.rowCount === 0) await admin.query("CREATE DATABASE e2e_inventory");
    await admin.query(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${READER.user}') THEN
           CREATE ROLE ${READER.user} LOGIN PASSWORD '${READER.password}';
         END IF;
       END $$`,
    );
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = "/e2e_inventory";
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  try {
    await db.query(`
      CREATE TABLE IF NOT EXISTS warehouses (id int PRIMARY KEY, city text NOT NULL);
      CREATE TABLE IF NOT EXISTS stock (
        warehouse_id int NOT NULL REFERENCES warehouses (id),
        sku text NOT NULL,
        quantity int NOT NULL,
        PRIMARY KEY (warehouse_id, sku)
      );
      COMMENT ON TABLE stock IS 'Units on hand per warehouse';
      INSERT INTO warehouses VALUES (1, 'Lisbon'), (2, 'Porto') ON CONFLICT DO NOTHING;
      INSERT INTO stock VALUES (1, 'mug', 12), (2, 'mug', 3) ON CONFLICT DO NOTHING;
      GRANT USAGE ON SCHEMA public TO ${READER.user};
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER.user};
    `);
  } finally {
    await db.end();
  }
  return {
    host: dbUrl.hostname,
    port: Number(dbUrl.port || 5432),
    database: "e2e_inventory",
    ...READER,
    close: () => Promise.resolve(cluster?.stop()),
  };
}
