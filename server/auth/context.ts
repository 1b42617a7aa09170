// What the login server is given (AuthDeps) and what every session shares (AuthContext).
import type { Clock } from "../kernel/clock.ts";
import type { RealmConfig } from "../kernel/config.ts";
import type { Logger } from "../kernel/logger.ts";
import type { Metrics } from "../kernel/metrics.ts";
import type { AuditLog } from "../ops/audit.ts";
import type { Actor } from "../ops/types.ts";
import { LOGIN_MESSAGE_CAP } from "../protocol/login/framing.ts";
import { Writer } from "../protocol/writer.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { Store } from "../storage/ports.ts";
import { Lockout, lockoutPolicy } from "./lockout.ts";
import { AuthMetrics } from "./metrics.ts";
import { resolveAuthSecret } from "./secret.ts";
import type { SessionKeyDeps } from "./session-key.ts";
import { IpBanSnapshot, RealmRowsSnapshot } from "./snapshots.ts";

export interface AuthDeps {
  config: RealmConfig;
  store: Store;
  cache: Cache;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  audit: AuditLog;
  /** Secret for the fake salt/B of unknown names; default: see secret.ts. */
  secret?: Uint8Array;
  /** How often idle sockets are looked for (ms, real time). Default 1000. */
  sweepIntervalMs?: number;
}

/** An authenticated login socket is closed after this long without a message. */
export const AUTHED_IDLE_MS = 15 * 60_000;

export interface AuthContext {
  readonly deps: AuthDeps;
  readonly config: RealmConfig["auth"];
  readonly builds: ReadonlySet<number>;
  readonly secret: Uint8Array;
  readonly lockout: Lockout;
  readonly metrics: AuthMetrics;
  readonly sessionKeys: SessionKeyDeps;
  /** IP bans, refreshed at most every 2 s (snapshots.ts). */
  readonly ipBans: IpBanSnapshot;
  /** Realm rows, refreshed at most every 2 s. */
  readonly realms: RealmRowsSnapshot;
  /** Largest client message accepted (checked before a buffer grows). */
  readonly messageCap: number;
  /** One writer for every reply: encode, write to the socket, done (single-threaded). */
  readonly writer: Writer;
  /** Audits a login event as the system actor. */
  audit(action: string, target: string, details: Record<string, unknown>, ip: string): Promise<void>;
}

export const LOGIN_BUILD = 12340;

export function createAuthContext(deps: AuthDeps): AuthContext {
  const auth = deps.config.auth;
  const builds = new Set<number>([LOGIN_BUILD, ...auth.builds]);
  const system = (ip: string): Actor => ({ actor: "system", ip });
  return {
    deps,
    config: auth,
    builds,
    secret: resolveAuthSecret(deps.config, deps.log, deps.secret),
    lockout: new Lockout(deps.cache, deps.clock, lockoutPolicy(auth.lockout)),
    metrics: new AuthMetrics(deps.metrics),
    sessionKeys: { cache: deps.cache, accounts: deps.store.accounts, clock: deps.clock, ttlMs: auth.sessionKeyTtlS * 1000 },
    ipBans: new IpBanSnapshot(deps.store, deps.clock),
    realms: new RealmRowsSnapshot(deps.store, deps.clock),
    messageCap: LOGIN_MESSAGE_CAP,
    writer: new Writer(512),
    audit: (action, target, details, ip) => deps.audit.write(system(ip), action, target, { ...details, ip }),
  };
}
