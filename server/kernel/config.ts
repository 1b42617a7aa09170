// The realm's one configuration schema. Its defaults ARE embedded mode: one process,
// bun:sqlite under ./data, the in-process bus, the in-memory cache, ports 3724/8085/8080.
//
// Sources, later wins: defaults < config file (TOML or JSON) < environment variables
// named REALMCORE_<SECTION>__<KEY> (camelCase keys become SNAKE_CASE, e.g.
// REALMCORE_WORLD__TICK_MS=50) < programmatic overrides (tests, CLI flags).

import { readFileSync, existsSync } from "node:fs";
import { RealmError } from "./errors.ts";
import { s, deepMerge, envOverrides, envSegment, type Infer, type Issue } from "./schema.ts";

export const ENV_PREFIX = "REALMCORE_";
/** Names the config file; it is not itself a config key. */
export const ENV_CONFIG_FILE = "REALMCORE_CONFIG";
/**
 * Variables under the prefix that are not configuration keys: the config file's name and the
 * test and benchmark tooling's own settings (a realm process started by a test inherits them).
 * A `*` at the end matches any rest of the name.
 */
export const ENV_NOT_KEYS = [ENV_CONFIG_FILE, "REALMCORE_TEST_*", "REALMCORE_REQUIRE_SERVICES", "REALMCORE_FUZZ_*", "REALMCORE_VECTORS"];

const port = (def: number, doc: string) => s.int(def, { min: 0, max: 65535, doc });
const roles = ["auth", "gateway", "world", "orchestrator", "services", "web"] as const;

export const configSchema = s.object({
  mode: s.enum(["embedded", "cluster"], "embedded", { doc: "embedded: one process, local adapters; cluster: PostgreSQL + NATS + Redis" }),
  roles: s.list(s.enum(roles, "auth"), [...roles], { doc: "which roles this process runs" }),
  dataDir: s.string("./data", { doc: "runtime data: the embedded database, logs, the ctl socket" }),
  nodeId: s.string("", { doc: "a name for this process in the cluster; empty = hostname-pid" }),

  realm: s.object({
    id: s.int(1, { min: 1, max: 255, doc: "realm id (the byte the client echoes)" }),
    name: s.string("RealmCore", { nonEmpty: true, doc: "name in the realm list" }),
    address: s.string("127.0.0.1:8085", { doc: "host:port the realm list advertises for the world gateway" }),
    type: s.int(0, { min: 0, max: 255, doc: "0 normal, 1 PvP, 4 normal, 6 RP, 8 RP-PvP" }),
    flags: s.int(0, { min: 0, max: 255, doc: "realm list flags (0x20 recommended, 0x40 new players, 0x80 full)" }),
    timezone: s.int(1, { min: 0, max: 255, doc: "Cfg_Categories id (1 Development)" }),
    playerLimit: s.int(1000, { min: 1, doc: "players in the world before the login queue starts" }),
    register: s.bool(true, { doc: "add/update this realm's row in the realm list at start" }),
  }),

  auth: s.object({
    host: s.string("0.0.0.0"),
    port: port(3724, "login server port"),
    builds: s.list(s.int(12340), [12340], { doc: "accepted client builds" }),
    idleTimeoutMs: s.int(30_000, { min: 100, doc: "close a login socket that has not finished in this time" }),
    maxUnauthPerIp: s.int(32, { min: 1, doc: "unauthenticated sockets allowed per IP at once" }),
    strictVersionCheck: s.bool(false, { doc: "check the client's executable hash (crc_hash)" }),
    secret: s.string("", { doc: "server secret for fake salts of unknown accounts; empty = derived from the data dir" }),
    sessionKeyTtlS: s.int(86_400, { min: 60, doc: "how long a session key stays valid for world login and reconnect" }),
    lockout: s.object({
      accountFailures: s.int(5, { min: 1 }),
      accountWindowMin: s.int(15, { min: 1 }),
      accountLockMin: s.int(15, { min: 1 }),
      ipFailures: s.int(20, { min: 1 }),
      ipWindowMin: s.int(15, { min: 1 }),
      ipLockMin: s.int(60, { min: 1 }),
    }),
  }),

  gateway: s.object({
    host: s.string("0.0.0.0"),
    port: port(8085, "world gateway port"),
    authTimeoutMs: s.int(30_000, { min: 100, doc: "time to send CMSG_AUTH_SESSION" }),
    idleCharScreenMs: s.int(900_000, { min: 100, doc: "idle limit at the character screen" }),
    idleWorldMs: s.int(60_000, { min: 100, doc: "idle limit in the world (no packet at all)" }),
    maxOutboundBytes: s.int(2 * 1024 * 1024, { min: 1024, doc: "pending outbound bytes per session before disconnect" }),
    flushMs: s.int(50, { min: 1, max: 1000, doc: "outbound flush period" }),
    rateLimitPolicy: s.enum(["log", "kick"], "kick", { doc: "what happens when a session exceeds an opcode budget" }),
    rateLimits: s.record(s.int(0, { min: 0 }), {}, { doc: "per-opcode budget overrides, packets/s (0 = unlimited), by opcode name" }),
    pingsAnswered: s.int(2, { min: 1, doc: "CMSG_PING answered per second per session; more are dropped and counted (design.md §6)" }),
    pingsKick: s.int(10, { min: 1, doc: "more CMSG_PING than this in one second closes the session" }),
    maxPacketsPerTick: s.int(100, { min: 1, doc: "packets of one session handled per flush period" }),
    loginQueueUpdateMs: s.int(5_000, { min: 100 }),
    worldGraceMs: s.int(20_000, { min: 0, doc: "a dropped connection leaves the character in the world this long" }),
    heartbeatMs: s.int(2_000, { min: 50, doc: "how often a gateway announces itself on the bus (cluster liveness)" }),
    timeoutMs: s.int(6_000, { min: 200, doc: "a gateway silent this long is dead: world hosts treat its sessions as disconnected" }),
  }),

  world: s.object({
    tickMs: s.int(100, { min: 5, max: 2000 }),
    visibilityRadius: s.number(100, { min: 10, max: 1000, doc: "yards, continents" }),
    visibilityFloor: s.number(60, { min: 10, max: 1000, doc: "radius floor under overload" }),
    tickBudgetMs: s.int(50, { min: 1, doc: "tick time above which visibility shrinks" }),
    saveIntervalMs: s.int(60_000, { min: 1000, doc: "bounded save window" }),
    logoutDelayMs: s.int(20_000, { min: 0 }),
    speedTolerance: s.number(1.5, { min: 1, doc: "allowed factor over the run speed (plus latency slack)" }),
    motd: s.string("Welcome to RealmCore."),
    creatureRespawnMs: s.int(60_000, { min: 100 }),
    deleteRestoreDays: s.int(30, { min: 0 }),
    workers: s.int(0, { min: 0, doc: "0 = instances in the main thread" }),
    heartbeatMs: s.int(2_000, { min: 50, doc: "how often a world host announces itself and its load to the orchestrator" }),
  }),

  web: s.object({
    host: s.string("0.0.0.0"),
    port: port(8080, "web port (public site, admin, API, /metrics)"),
    adminRemote: s.bool(false, { doc: "serve /admin and /metrics to non-loopback clients" }),
    jwtSecret: s.string("", { doc: "empty = random per start (tokens do not survive restarts)" }),
    sessionTtlS: s.int(3600, { min: 60 }),
    registerPerIpPerHour: s.int(5, { min: 0 }),
  }),

  storage: s.object({
    dialect: s.enum(["sqlite", "postgresql"], "sqlite"),
    sqlitePath: s.string("", { doc: "empty = <dataDir>/realm.sqlite; ':memory:' for tests" }),
    postgresUrl: s.string("postgres://127.0.0.1:5432/realmcore"),
    postgresSchema: s.string("public"),
    poolSize: s.int(10, { min: 1 }),
  }),

  bus: s.object({
    adapter: s.enum(["memory", "nats"], "memory"),
    natsUrl: s.string("nats://127.0.0.1:4222"),
    subjectPrefix: s.string("rc", { nonEmpty: true }),
    requestTimeoutMs: s.int(5000, { min: 10 }),
  }),

  cache: s.object({
    adapter: s.enum(["memory", "redis"], "memory"),
    redisUrl: s.string("redis://127.0.0.1:6379"),
    keyPrefix: s.string("rc:"),
  }),

  log: s.object({
    level: s.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], "info"),
    file: s.string("", { doc: "also write JSON logs here" }),
  }),

  ctl: s.object({
    socket: s.string("", { doc: "empty = <dataDir>/ctl.sock" }),
  }),

  plugins: s.object({
    dirs: s.list(s.string(""), ["plugins", "mods"]),
    watch: s.bool(true, { doc: "reload plugins when their files change" }),
    disabled: s.list(s.string(""), [], { doc: "plugin names not loaded" }),
    faultThreshold: s.int(5, { min: 1, doc: "faults within faultWindowMs that disable a plugin" }),
    faultWindowMs: s.int(60_000, { min: 100 }),
    settings: s.record(s.any(), {}, { doc: "per-plugin settings, checked by each plugin's schema" }),
  }),

  orchestrator: s.object({
    driver: s.enum(["in-process", "process", "kubernetes"], "in-process"),
    worldProcesses: s.int(0, { min: 0, doc: "process driver: world processes to keep running" }),
    drainTimeoutMs: s.int(30_000, { min: 100, doc: "how long a drain waits for one player's move" }),
    hostTimeoutMs: s.int(6_000, { min: 200, doc: "a world host without a heartbeat this long is dead; its players are moved" }),
    leaseIntervalMs: s.int(2_000, { min: 100, doc: "how often replicas try the leadership lease (failover takes up to about this long)" }),
    pinMaps: s.record(s.string(""), {}, { doc: "map id -> world host node id that runs its instances while that host is live (else least loaded)" }),
    kubernetes: s.object({
      apiUrl: s.string("", { doc: "empty = https://kubernetes.default.svc (in-cluster)" }),
      namespace: s.string("realmcore"),
      deployment: s.string("realmcore-world"),
      selector: s.string("app.kubernetes.io/name=realmcore,app.kubernetes.io/component=world"),
    }),
  }),
});

export type RealmConfig = Infer<typeof configSchema>;
export type Role = (typeof roles)[number];
export const ALL_ROLES: readonly Role[] = roles;

export function defaultConfig(): RealmConfig {
  return configSchema.defaultValue();
}

export interface LoadOptions {
  /** Config file path; default: $REALMCORE_CONFIG, else ./realm.toml if it exists. */
  file?: string | null;
  env?: Record<string, string | undefined>;
  overrides?: DeepPartial<RealmConfig>;
}

export type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Validates a raw object against the schema; throws a coded error naming every bad key. */
export function validateConfig(raw: unknown, source = "configuration"): RealmConfig {
  const issues: Issue[] = [];
  const cfg = configSchema.check(raw ?? {}, "", issues);
  throwIssues(issues, source);
  return cfg;
}

function throwIssues(issues: Issue[], source: string): void {
  if (issues.length === 0) return;
  const first = issues[0]!;
  const text = issues.map((i) => `  ${i.message}`).join("\n");
  throw new RealmError(first.code, `${source}:\n${text}`, { issues });
}

export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new RealmError("CFG_BAD_FILE", `cannot read config file ${file}: ${(e as Error).message}`);
  }
  try {
    if (file.endsWith(".json")) return JSON.parse(text);
    return Bun.TOML.parse(text);
  } catch (e) {
    throw new RealmError("CFG_BAD_FILE", `cannot parse config file ${file}: ${(e as Error).message}`);
  }
}

export function loadConfig(opts: LoadOptions = {}): RealmConfig {
  const env = opts.env ?? {};
  let file = opts.file === undefined ? env[ENV_CONFIG_FILE] : opts.file;
  if (file === undefined && existsSync("realm.toml")) file = "realm.toml";
  let raw: unknown = {};
  if (file) {
    raw = readConfigFile(file);
    const issues: Issue[] = [];
    configSchema.check(raw, "", issues);
    throwIssues(issues, `config file ${file}`);
  }
  const fromEnv = envOverrides(configSchema as never, env, ENV_PREFIX, ENV_NOT_KEYS);
  throwIssues(fromEnv.issues, "environment");
  const envIssues: Issue[] = [];
  configSchema.check(fromEnv.value, "", envIssues);
  throwIssues(
    envIssues.map((i) => ({ ...i, message: `${i.message} (from ${ENV_PREFIX}${i.path.split(".").map(envSegment).join("__")})` })),
    "environment",
  );
  const merged = deepMerge(deepMerge(raw, fromEnv.value), opts.overrides ?? {});
  return validateConfig(merged, "configuration");
}

/** Every configuration key with its default and doc, for the README and `ctl config`. */
export function describeConfig(): { key: string; env: string; default: unknown; doc: string; expected: string }[] {
  const out: { key: string; env: string; default: unknown; doc: string; expected: string }[] = [];
  const walk = (node: { kind: string; doc: string; expected: string; defaultValue(): unknown; fields?: Record<string, never> }, path: string[]) => {
    if (node.kind === "object" && node.fields) {
      for (const [k, f] of Object.entries(node.fields)) walk(f, [...path, k]);
      return;
    }
    out.push({
      key: path.join("."),
      env: ENV_PREFIX + path.map(envSegment).join("__"),
      default: node.defaultValue(),
      doc: node.doc,
      expected: node.expected,
    });
  };
  walk(configSchema as never, []);
  return out;
}
