// The PostgreSQL adapter (cluster mode), over `pg` and drizzle's node-postgres driver.
import pgPkg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { RealmError } from "../kernel/errors.ts";
import { unreachable } from "../kernel/retry.ts";
import { runMigrations, MIGRATIONS_TABLE } from "./migrate.ts";
import type { Leadership, Store } from "./ports.ts";
import { pgTables } from "./schema.ts";
import { storeParts, type Db, type Executor } from "./sql-store.ts";

const { Pool } = pgPkg;

export interface PostgresOptions {
  url: string;
  /** search_path schema; created if missing. */
  schema?: string;
  poolSize?: number;
  /** Called on pool errors (a dropped connection); the pool reconnects by itself. */
  onError?: (e: Error) => void;
}

/** Opens the pool and checks it can reach the server (INFRA_UNREACHABLE otherwise). */
export async function openPostgresStore(o: PostgresOptions): Promise<Store> {
  const schema = o.schema && o.schema !== "public" ? o.schema : undefined;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RealmError("CFG_BAD_TYPE", `storage.postgresSchema ${schema} is not a plain identifier`);
  const pool = new Pool({
    connectionString: o.url,
    max: o.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on("error", (e) => o.onError?.(e));
  try {
    const c = await pool.connect();
    try {
      if (schema) await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      c.release();
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw unreachable("PostgreSQL", o.url, e);
  }
  const db = drizzle({ client: pool, casing: "snake_case" }) as unknown as Db;

  const make = (d: Db): Executor => ({
    dialect: "postgresql",
    db: d,
    tables: pgTables,
    gate: () => {},
    transaction: (fn) => d.transaction((tx) => fn(make(tx as unknown as Db))),
  });
  const base = make(db);

  return {
    ...storeParts(base),
    transaction: (fn) => base.transaction((ex) => fn(storeParts(ex))),
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (idx integer PRIMARY KEY, tag text NOT NULL, applied_at bigint NOT NULL)`);
        // one migrator at a time across processes
        await client.query("SELECT pg_advisory_lock(7270001)");
        try {
          return await runMigrations("postgresql", {
            exec: async (s) => void (await client.query(s)),
            applied: async () => (await client.query(`SELECT idx, tag FROM ${MIGRATIONS_TABLE} ORDER BY idx`)).rows as { idx: number; tag: string }[],
            transaction: async (fn) => {
              await client.query("BEGIN");
              try {
                await fn();
                await client.query("COMMIT");
              } catch (e) {
                await client.query("ROLLBACK");
                throw e;
              }
            },
            record: async (idx, tag, at) => void (await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (idx, tag, applied_at) VALUES ($1, $2, $3)`, [idx, tag, at])),
          });
        } finally {
          await client.query("SELECT pg_advisory_unlock(7270001)");
        }
      } finally {
        client.release();
      }
    },
    leadership(name: string): Leadership {
      return pgLeadership(o, `${schema ?? "public"}:${name}`);
    },
    async ping() {
      await pool.query("SELECT 1");
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * A session advisory lock on a dedicated connection: held while that connection lives,
 * released by PostgreSQL when the process or the connection dies (failover).
 */
function pgLeadership(o: PostgresOptions, name: string): Leadership {
  let client: InstanceType<typeof pgPkg.Client> | undefined;
  let held = false;
  const drop = () => {
    held = false;
    const c = client;
    client = undefined;
    void c?.end().catch(() => {});
  };
  return {
    get held() {
      return held;
    },
    async tryAcquire() {
      try {
        if (!client) {
          const c = new pgPkg.Client({ connectionString: o.url, connectionTimeoutMillis: 5000 });
          c.on("error", () => drop());
          c.on("end", () => {
            if (client === c) {
              held = false;
              client = undefined;
            }
          });
          await c.connect();
          client = c;
        }
        if (held) {
          await client.query("SELECT 1");
          return true;
        }
        const r = await client.query("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [name]);
        held = r.rows[0]?.ok === true;
        return held;
      } catch {
        drop();
        return false;
      }
    },
    async release() {
      if (client && held) await client.query("SELECT pg_advisory_unlock(hashtext($1))", [name]).catch(() => {});
      drop();
    },
  };
}
