// The web plane's context: everything web/ (public site, admin portal, /api/v1) may use.
// web/ imports only server/api; server/web-role.ts builds a WebContext from the running
// realm and hands it to the app. Every piece is a port, so the web role works in embedded
// mode (one process) and in cluster mode (a web-only process reading the shared store,
// cache and bus): what only exists in some processes says so (`available`, `source`).
import type { Content } from "../content/content.ts";
import type { Logger } from "../kernel/logger.ts";
import type { AccountBanRow, AuditRow, RealmRow } from "../storage/ports.ts";
import type { AccountOps, Actor, BanOps, CharacterOps, OnlinePlayer } from "../ops/types.ts";
import type { WorldLocation } from "../bus/world-requests.ts";
import type { WebRoute } from "./plugin.ts";

export interface WebConfig {
  host: string;
  port: number;
  /** serve /admin and /metrics to non-loopback clients */
  adminRemote: boolean;
  /** JWT signing key; empty = a random key kept in the cache (shared by every web replica) */
  jwtSecret: string;
  /** web session and JWT lifetime */
  sessionTtlS: number;
  /** successful web registrations allowed per IP per hour; 0 closes web registration */
  registerPerIpPerHour: number;
  /** what players put in realmlist.wtf (`set realmlist <this>`) */
  realmlist: string;
}

/** Short-lived shared state (the Cache port): web sessions, CSRF and JWT keys, rate limits. */
export interface WebCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  setNX(key: string, value: string, ttlMs?: number): Promise<boolean>;
  del(key: string): Promise<boolean>;
  incr(key: string, by?: number, ttlMs?: number): Promise<number>;
}

export type LoginThrottleKind = "account" | "ip";

/** The game login's brute-force counters and locks (server/auth/lockout.ts), shared. */
export interface LoginThrottle {
  isLocked(kind: LoginThrottleKind, subject: string): Promise<{ locked: boolean; until: number }>;
  recordFailure(kind: LoginThrottleKind, subject: string): Promise<{ failures: number; locked: boolean; newlyLocked: boolean; until: number }>;
  clearFailures(kind: LoginThrottleKind, subject: string): Promise<void>;
}

/** A realm list row with its liveness as the realm list computes it. */
export interface RealmStatus extends RealmRow {
  /** a heartbeat within the last 30 s */
  up: boolean;
  /** seconds since the realm started (0 when down) */
  uptimeS: number;
}

export type RealmPatch = Partial<Pick<RealmRow, "name" | "address" | "type" | "flags" | "timezone" | "playerLimit">>;

/** One connection on a gateway this process runs. */
export interface GatewaySessionInfo {
  id: number;
  account: string;
  state: string;
  character: string;
  ip: string;
  connectedAt: number;
}

export interface WorldInstanceInfo {
  map: number;
  mapName: string;
  instanceId: number;
  players: number;
  creatures?: number;
  tickP50?: number;
  tickP99?: number;
}

export interface WorldHostInfo {
  host: string;
  players: number;
  tickP50?: number;
  tickP99: number;
  instances: WorldInstanceInfo[];
  /** "local": this process; "heartbeat": the orchestrator's view of a remote host */
  source: "local" | "heartbeat";
}

export interface DashboardStats {
  at: number;
  node: string;
  version: string;
  uptimeS: number;
  sessions: {
    /** gateway sessions per state (authing, queued, charscreen, loading, world) */
    byState: Record<string, number>;
    /** connections on the gateway of this process (empty when it runs none) */
    list: GatewaySessionInfo[];
    source: "gateway" | "presence";
  };
  /** characters in the world (presence table, cluster-wide for this realm) */
  online: OnlinePlayer[];
  world: WorldHostInfo[];
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number };
  bus: { kind: string; healthy: boolean; published: number; delivered: number; reconnects: number };
  cache: { kind: string; healthy: boolean };
  store: { dialect: string; ok: boolean; error?: string };
  /** recent admin notices (plugin faults, disabled plugins...) seen by this process */
  notices: { text: string; at: number }[];
}

export interface WebCommandResult {
  ok: boolean;
  code?: string;
  lines: string[];
}

export interface WebCommands {
  /** false when this process hosts no command registry (a web-only cluster process) */
  readonly available: boolean;
  /** Runs a GM command line through the one registry, at the caller's level; audited there. */
  run(line: string, by: { level: number; actor: string; accountId: number; ip?: string }): Promise<WebCommandResult>;
  list(level: number): { name: string; level: number; usage?: string; help: string }[];
}

export interface WebPluginInfo {
  name: string;
  version: string;
  description: string;
  state: string;
  generation: number;
  reloads: number;
  loadedAt: number;
  lastError: { code: string; message: string; at: number } | undefined;
  errors: { at: number; where: string; message: string }[];
}

export type PluginOp = "reload" | "enable" | "disable";
export type PluginAnswerInfo = { node: string; op: string; name: string; ok: boolean; ms?: number; message?: string };
export type PluginWebRoute = WebRoute & { plugin: string };

export interface WebPlugins {
  readonly available: boolean;
  list(): WebPluginInfo[];
  /** Runs the operation on every process hosting plugins (like `.plugin reload`). */
  control(op: PluginOp, name: string): Promise<PluginAnswerInfo[]>;
  /** The routes plugins registered with ctx.web.page/api, read from the host tables now. */
  routes(kind: "page" | "api"): PluginWebRoute[];
  /** Counts a fault against the plugin (a handler threw). */
  fault(plugin: string, where: string, err: unknown): void;
}

export interface AuditFilter {
  actor?: string;
  /** prefix match */
  action?: string;
  target?: string;
  since?: number;
  limit?: number;
  offset?: number;
}

/** JSON documents of the web plane (news...), in the store's plugin-data table. */
export interface WebData {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  list<T = unknown>(prefix?: string, page?: { limit?: number; offset?: number }): Promise<{ key: string; value: T }[]>;
}

export interface WebContext {
  readonly config: WebConfig;
  /** the realm this process belongs to */
  readonly realm: { id: number; name: string };
  readonly version: string;
  /** this process's node id */
  readonly node: string;
  readonly log: Logger;
  readonly clock: { now(): number };
  readonly content: Content;
  readonly accounts: AccountOps;
  readonly bans: BanOps;
  readonly characters: CharacterOps;
  readonly sessions: {
    online(): Promise<OnlinePlayer[]>;
    byGuid(guid: number): Promise<OnlinePlayer | undefined>;
    kick(player: Pick<OnlinePlayer, "gatewayId" | "sessionId">, reason: string): void;
    kickAccount(accountId: number, reason: string): Promise<void>;
  };
  readonly world: {
    teleport(guid: number, to: WorldLocation): Promise<boolean>;
    teleportLocation(name: string): WorldLocation | undefined;
    teleportNames(): string[];
  };
  readonly commands: WebCommands;
  readonly plugins: WebPlugins;
  readonly audit: {
    write(by: Actor, action: string, target?: string, details?: Record<string, unknown>): Promise<void>;
    list(filter?: AuditFilter): Promise<AuditRow[]>;
  };
  readonly realms: {
    list(): Promise<RealmStatus[]>;
    get(id: number): Promise<RealmStatus | undefined>;
    update(id: number, patch: RealmPatch, by: Actor): Promise<void>;
  };
  readonly stats: { dashboard(): Promise<DashboardStats> };
  readonly cache: WebCache;
  readonly throttle: LoginThrottle;
  readonly data: WebData;
  readonly motd: { get(): Promise<string>; set(text: string, by: Actor): Promise<void> };
  /** A system message to every player in the world (audited). */
  announce(text: string, by: Actor): Promise<void>;
  readonly metrics: { text(): Promise<string>; contentType: string };
}

export type { AccountBanRow, AuditRow, RealmRow };
