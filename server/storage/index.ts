// The storage module's front door: `openStore` picks the adapter the configuration
// names (bun:sqlite in embedded mode, PostgreSQL in cluster mode), plus re-exports.
// PostgreSQL is a cluster service: the first connection is retried with backoff and
// gives up with one INFRA_UNREACHABLE line (see kernel/retry.ts).
import { join } from "node:path";
import type { RealmConfig } from "../kernel/config.ts";
import { isRealmError } from "../kernel/errors.ts";
import { silentLogger, type Logger } from "../kernel/logger.ts";
import { connectWithRetry, oneLine, redactUrl, type RetryOptions } from "../kernel/retry.ts";
import type { Store } from "./ports.ts";
import { openPostgresStore } from "./postgres.ts";
import { openSqliteStore } from "./sqlite.ts";

export type StorageConfig = RealmConfig["storage"];

export interface OpenStoreOptions extends Pick<RetryOptions, "retryForMs" | "initialDelayMs" | "maxDelayMs"> {
  /** Apply pending migrations before returning (refuses a newer schema). Default false. */
  migrate?: boolean;
}

/** The SQLite file a configuration uses: storage.sqlitePath, else <dataDir>/realm.sqlite. */
export function sqlitePathOf(cfg: StorageConfig, dataDir: string): string {
  return cfg.sqlitePath || join(dataDir, "realm.sqlite");
}

/** Opens the configured store. */
export async function openStore(cfg: StorageConfig, dataDir: string, log: Logger = silentLogger, opts: OpenStoreOptions = {}): Promise<Store> {
  let store: Store;
  if (cfg.dialect === "sqlite") {
    store = openSqliteStore({ path: sqlitePathOf(cfg, dataDir) });
  } else {
    const where = redactUrl(cfg.postgresUrl);
    store = await connectWithRetry(
      "PostgreSQL",
      cfg.postgresUrl,
      () =>
        openPostgresStore({
          url: cfg.postgresUrl,
          schema: cfg.postgresSchema,
          poolSize: cfg.poolSize,
          onError: (e) => log.warn({ code: "INFRA_UNREACHABLE", service: "PostgreSQL" }, `PostgreSQL at ${where}: ${oneLine(e)}`),
        }),
      { ...opts, log, isFatal: (e) => isRealmError(e) && e.code !== "INFRA_UNREACHABLE" },
    );
  }
  if (opts.migrate) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close().catch(() => {});
      throw e;
    }
  }
  return store;
}

export type * from "./ports.ts";
export { openSqliteStore, type SqliteOptions } from "./sqlite.ts";
export { openPostgresStore, type PostgresOptions } from "./postgres.ts";
export { runMigrations, readJournal, MIGRATIONS_TABLE } from "./migrate.ts";
