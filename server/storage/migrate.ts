// Applies the drizzle-kit generated migrations of one dialect, in journal order, each
// in its own transaction, recording them in `rc_migrations`. A database that has a
// migration this code does not know is refused (DB_SCHEMA_TOO_NEW) before anything is
// written. Running twice is a no-op.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RealmError } from "../kernel/errors.ts";
import type { Dialect } from "./ports.ts";

export interface MigrationSql {
  /** Executes one statement (no parameters). */
  exec(statement: string): Promise<void>;
  /** Reads the applied migrations: index and tag. */
  applied(): Promise<{ idx: number; tag: string }[]>;
  /** Runs fn in a transaction. */
  transaction(fn: () => Promise<void>): Promise<void>;
  record(idx: number, tag: string, at: number): Promise<void>;
}

export interface Journal {
  entries: { idx: number; tag: string }[];
}

export const MIGRATIONS_TABLE = "rc_migrations";

export function migrationsDir(dialect: Dialect): string {
  return join(import.meta.dir, "migrations", dialect);
}

export function readJournal(dialect: Dialect): Journal {
  return JSON.parse(readFileSync(join(migrationsDir(dialect), "meta", "_journal.json"), "utf8")) as Journal;
}

export function statementsOf(dialect: Dialect, tag: string): string[] {
  const text = readFileSync(join(migrationsDir(dialect), `${tag}.sql`), "utf8");
  return text
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export async function runMigrations(dialect: Dialect, db: MigrationSql, now: () => number = Date.now): Promise<string[]> {
  const journal = readJournal(dialect);
  const applied = await db.applied();
  const known = new Map(journal.entries.map((e) => [e.idx, e.tag]));
  for (const a of applied) {
    if (known.get(a.idx) !== a.tag) {
      throw new RealmError(
        "DB_SCHEMA_TOO_NEW",
        `the database has migration ${a.idx} "${a.tag}" which this code does not know (it knows ${journal.entries.length}); refusing to start with an older server against a newer schema`,
        { applied: applied.length, known: journal.entries.length },
      );
    }
  }
  const done = new Set(applied.map((a) => a.idx));
  const ran: string[] = [];
  for (const e of journal.entries) {
    if (done.has(e.idx)) continue;
    const stmts = statementsOf(dialect, e.tag);
    try {
      await db.transaction(async () => {
        for (const s of stmts) await db.exec(s);
        await db.record(e.idx, e.tag, now());
      });
    } catch (err) {
      throw new RealmError("DB_MIGRATION_FAILED", `migration ${e.tag} failed and was rolled back: ${(err as Error).message}`);
    }
    ran.push(e.tag);
  }
  return ran;
}
