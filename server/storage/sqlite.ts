// The bun:sqlite adapter (embedded mode). WAL and synchronous=NORMAL are set
// explicitly. bun:sqlite runs queries synchronously on one connection, so a
// transaction that awaits between statements would let other callers' statements
// slip into it: the adapter gates every operation while a transaction holds the
// connection, and runs transactions one at a time.
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { runMigrations, MIGRATIONS_TABLE } from "./migrate.ts";
import type { Store } from "./ports.ts";
import { liteTables, type Tables } from "./schema.ts";
import { storeParts, type Db, type Executor } from "./sql-store.ts";

export interface SqliteOptions {
  /** File path or ":memory:". */
  path: string;
}

export function openSqliteStore(o: SqliteOptions): Store {
  if (o.path !== ":memory:") mkdirSync(dirname(o.path), { recursive: true });
  const sqlite = new Database(o.path, { create: true, strict: true });
  if (o.path !== ":memory:") sqlite.query("PRAGMA journal_mode = WAL").get();
  sqlite.run("PRAGMA synchronous = NORMAL");
  sqlite.run("PRAGMA busy_timeout = 5000");
  const db = drizzle({ client: sqlite, casing: "snake_case" }) as unknown as Db;
  const tables = liteTables as unknown as Tables;

  let held: Promise<void> | null = null;
  const gate = (): Promise<void> | void => {
    if (held) return held.then(gate);
  };

  const base: Executor = {
    dialect: "sqlite",
    db,
    tables,
    gate,
    transaction: (fn) => runTx(fn),
  };
  // inside a transaction: no gate, and nested transactions join the outer one
  const inner: Executor = { ...base, gate: () => {}, transaction: (fn) => fn(inner) };

  async function runTx<T>(fn: (ex: Executor) => Promise<T>): Promise<T> {
    while (held) await held;
    let release!: () => void;
    held = new Promise<void>((r) => (release = r));
    sqlite.run("BEGIN IMMEDIATE");
    try {
      const out = await fn(inner);
      sqlite.run("COMMIT");
      return out;
    } catch (e) {
      sqlite.run("ROLLBACK");
      throw e;
    } finally {
      held = null;
      release();
    }
  }

  const parts = storeParts(base);
  return {
    ...parts,
    transaction: (fn) => runTx((ex) => fn(storeParts(ex))),
    async migrate() {
      sqlite.run(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (idx integer PRIMARY KEY, tag text NOT NULL, applied_at integer NOT NULL)`);
      return runMigrations("sqlite", {
        exec: async (s) => void sqlite.run(s),
        applied: async () => sqlite.query(`SELECT idx, tag FROM ${MIGRATIONS_TABLE} ORDER BY idx`).all() as { idx: number; tag: string }[],
        transaction: (fn) => runTx(() => fn()),
        record: async (idx, tag, at) => void sqlite.query(`INSERT INTO ${MIGRATIONS_TABLE} (idx, tag, applied_at) VALUES (?, ?, ?)`).run(idx, tag, at),
      });
    },
    leadership() {
      // one embedded process runs the orchestrator; the lease is always granted
      let held = false;
      return {
        get held() {
          return held;
        },
        tryAcquire: async () => (held = true),
        release: async () => void (held = false),
      };
    },
    async ping() {
      await gate();
      sqlite.query("SELECT 1").get();
    },
    async close() {
      while (held) await held;
      sqlite.close();
    },
  };
}
