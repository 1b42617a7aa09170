// Shared pieces of the SQL store: the executor a part runs on, LIKE helpers, prepared
// statements for hot paths (bun:sqlite), and the Part base class.
import { eq, like, sql, type SQL } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type { Dialect, Page } from "../ports.ts";
import type { Tables } from "../schema.ts";

/** A drizzle database typed as PostgreSQL (the SQLite one is cast to this shape). */
export type Db = NodePgDatabase<Record<string, never>>;

export interface Executor {
  dialect: Dialect;
  db: Db;
  tables: Tables;
  /** Waits while another transaction owns the connection (SQLite); no-op otherwise. */
  gate(): Promise<void> | void;
  /** Runs fn inside one transaction with its own executor. */
  transaction<T>(fn: (ex: Executor) => Promise<T>): Promise<T>;
}

export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err?.code ?? err?.cause?.code;
  const msg = `${err?.message ?? ""} ${err?.cause?.message ?? ""}`;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || /UNIQUE constraint failed|duplicate key/.test(msg);
}

export const lim = (p?: Page) => Math.min(Math.max(p?.limit ?? 100, 1), 1000);
export const off = (p?: Page) => Math.max(p?.offset ?? 0, 0);
/** The LIKE wildcards and the escape character, escaped with `\`. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** LIKE pattern for a substring, with the wildcard characters escaped. */
export const contains = (s: string) => `%${escapeLike(s)}%`;

/**
 * `col` starts with `prefix`, literally and case-sensitively, in both dialects: LIKE with
 * an explicit ESCAPE (SQLite has no default escape character) narrows the rows, and the
 * substr comparison makes it exact (SQLite's LIKE ignores ASCII case).
 */
export function startsWith(col: SQL | Parameters<typeof like>[0], prefix: string): SQL {
  return sql`(${col} LIKE ${`${escapeLike(prefix)}%`} ESCAPE '\\' AND substr(${col}, 1, length(CAST(${prefix} AS text))) = ${prefix})`;
}

export abstract class Part {
  constructor(protected ex: Executor) {}
  protected get t(): Tables {
    return this.ex.tables;
  }
  protected async db(): Promise<Db> {
    await this.ex.gate();
    return this.ex.db;
  }
  /**
   * Runs fn so that a failing statement cannot spoil an enclosing transaction: inside a
   * PostgreSQL transaction this is a savepoint (an error there would otherwise abort the
   * whole transaction); outside one it is a short transaction of its own.
   */
  protected guarded<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.ex.transaction((ex) => fn(ex.db));
  }
  /** Case-insensitive LIKE that works in both dialects. */
  protected ilike(col: SQL | Parameters<typeof like>[0], pattern: string): SQL {
    return this.ex.dialect === "postgresql" ? sql`${col} ILIKE ${pattern}` : sql`${col} LIKE ${pattern} ESCAPE '\\'`;
  }
}

export type PreparedRun = { run(values: Record<string, unknown>): unknown; all(values?: Record<string, unknown>): unknown[] };
/**
 * Prepared statements per drizzle database (bun:sqlite only). Building a query with
 * drizzle's builder costs tens of µs; running a prepared one a few µs, which matters on
 * the login path and in save batches.
 */
const prepared = new WeakMap<object, Map<string, PreparedRun>>();

export function hot(ex: Executor, key: string, build: () => unknown): PreparedRun {
  let m = prepared.get(ex.db);
  if (!m) prepared.set(ex.db, (m = new Map()));
  let p = m.get(key);
  if (!p) {
    p = (build() as { prepare(): PreparedRun }).prepare();
    m.set(key, p);
  }
  return p;
}

/** A prepared UPDATE of `table` by its id column for one set of columns. */
export function preparedUpdate(ex: Executor, table: "characters" | "accounts", idCol: string, keys: string[]): PreparedRun {
  const sig = keys.slice().sort().join(",");
  return hot(ex, `update:${table}:${sig}`, () => {
    const t = ex.tables[table] as unknown as Record<string, never>;
    const set: Record<string, unknown> = {};
    for (const k of sig.split(",")) set[k] = sql.placeholder(k);
    return ex.db.update(ex.tables[table]).set(set as never).where(eq(t[idCol]!, sql.placeholder("__id")));
  });
}
