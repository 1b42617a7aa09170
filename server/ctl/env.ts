// What a ctl command works with: the configuration (loaded like the realm loads it), the
// store opened directly (the realm may be stopped; design.md §6) and migrated, the shared
// operations from server/ops with actor "ctl", and the output lines.
import { systemClock, type Clock } from "../kernel/clock.ts";
import type { RealmConfig } from "../kernel/config.ts";
import { silentLogger, type Logger } from "../kernel/logger.ts";
import { Accounts } from "../ops/accounts.ts";
import { AuditLog } from "../ops/audit.ts";
import { Bans } from "../ops/bans.ts";
import { characterOps } from "../ops/characters.ts";
import type { Actor, CharacterOps } from "../ops/types.ts";
import { openStore } from "../storage/index.ts";
import type { Store } from "../storage/ports.ts";

export interface CtlOps {
  accounts: Accounts;
  bans: Bans;
  characters: CharacterOps;
  audit: AuditLog;
}

export interface CtlEnv {
  readonly config: RealmConfig;
  readonly clock: Clock;
  /** Who the audit log names: { actor: "ctl" }. */
  readonly actor: Actor;
  readonly log: Logger;
  /** One line to stdout. */
  out(line: string): void;
  /** One line to stderr. */
  err(line: string): void;
  /** The store, opened on first use; migrated unless `migrate: false`. */
  store(opts?: { migrate?: boolean }): Promise<Store>;
  /** The shared operations over that store. */
  ops(): Promise<CtlOps>;
  /** Closes what was opened. */
  close(): Promise<void>;
}

export interface CtlEnvOptions {
  config: RealmConfig;
  clock?: Clock;
  out?: (line: string) => void;
  err?: (line: string) => void;
  log?: Logger;
}

/** How long the CLI waits for PostgreSQL before giving up (the realm waits longer). */
const CTL_CONNECT_RETRY_MS = 5000;

export function createCtlEnv(o: CtlEnvOptions): CtlEnv {
  const clock = o.clock ?? systemClock;
  const actor: Actor = { actor: "ctl" };
  const log = o.log ?? silentLogger;
  let opened: Promise<Store> | undefined;
  let ops: CtlOps | undefined;
  const env: CtlEnv = {
    config: o.config,
    clock,
    actor,
    log,
    out: o.out ?? ((line) => void process.stdout.write(`${line}\n`)),
    err: o.err ?? ((line) => void process.stderr.write(`${line}\n`)),
    store(opts = {}) {
      opened ??= openStore(o.config.storage, o.config.dataDir, log, { migrate: opts.migrate ?? true, retryForMs: CTL_CONNECT_RETRY_MS });
      return opened;
    },
    async ops() {
      if (!ops) {
        const store = await env.store();
        const audit = new AuditLog(store.audit, clock, o.config.realm.id, log);
        ops = {
          accounts: new Accounts(store.accounts, clock, audit),
          bans: new Bans(store, clock, audit),
          characters: characterOps(store.characters, clock, audit, o.config.world.deleteRestoreDays),
          audit,
        };
      }
      return ops;
    },
    async close() {
      if (opened) {
        const s = await opened.catch(() => undefined);
        await s?.close();
      }
    },
  };
  return env;
}
