// cluster(): the variant of boot() that starts the roles as SEPARATE processes
// (`bun server/main.ts --roles ...`) over a per-run PostgreSQL database, NATS subject
// prefix and Redis key prefix (or private servers the test passes in). Each process gets
// its own JSON config file and data dir; its ports come from the line main.ts prints once
// it runs. The returned handles start, kill (any signal) and restart processes, create
// accounts and characters through the store, ask the orchestrator, wait for log lines,
// and stop() removes everything the run made: processes (world processes a driver spawned
// too, found from their heartbeats), the database, the Redis keys and the NATS streams.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { connectNatsBus, type NatsBus } from "../bus/nats.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import type { WorldHeartbeat } from "../bus/world-requests.ts";
import { Content } from "../content/content.ts";
import { systemClock } from "../kernel/clock.ts";
import { defaultConfig, type DeepPartial, type RealmConfig, type Role } from "../kernel/config.ts";
import { silentLogger } from "../kernel/logger.ts";
import { deepMerge } from "../kernel/schema.ts";
import { Accounts } from "../ops/accounts.ts";
import { AuditLog } from "../ops/audit.ts";
import { testCharacterRow } from "./character-row.ts";
import { linesOf } from "./lines.ts";
import type { CharacterRow, Store } from "../storage/ports.ts";
import { openPostgresStore } from "../storage/postgres.ts";
import { deleteNatsStreams, deleteRedisKeys, randomToken, testPostgres, TEST_NATS_URL, TEST_REDIS_URL, type TestDatabase } from "./services.ts";

const REPO = join(import.meta.dir, "..", "..");
const MAIN = join(REPO, "server", "main.ts");

export interface ProcessSpec {
  /** also the process's node id */
  name: string;
  roles: Role[];
  /** merged over the cluster's common configuration */
  config?: DeepPartial<RealmConfig>;
  /** CPU list for taskset (benchmarks) */
  cpus?: string;
}

export interface ClusterOptions {
  processes: ProcessSpec[];
  /** common configuration for every process */
  config?: DeepPartial<RealmConfig>;
  /** private servers (restart tests); default: the shared ones, isolated by name/prefix */
  natsUrl?: string;
  redisUrl?: string;
  /** admin URL of the PostgreSQL server the run's database is created on */
  postgresAdminUrl?: string;
  /** log level of the processes (default warn; REALMCORE_TEST_LOG overrides) */
  logLevel?: RealmConfig["log"]["level"];
}

export interface ClusterProcess {
  spec: ProcessSpec;
  proc: Subprocess;
  ports: { auth: number; world: number; web: number };
  /** "127.0.0.1:<world port>" when it runs a gateway */
  worldAddress: string;
  /** the last lines it printed (logs are JSON lines) */
  lines: string[];
  exited: Promise<number>;
}

export interface Cluster {
  db: TestDatabase;
  natsPrefix: string;
  redisPrefix: string;
  /** the harness's own store (accounts, characters, checks) and bus (heartbeats, requests) */
  store: Store;
  bus: NatsBus;
  procs: Map<string, ClusterProcess>;
  proc(name: string): ClusterProcess;
  /** the login server's port (the first process with the auth role) */
  readonly authPort: number;
  start(spec: ProcessSpec): Promise<ClusterProcess>;
  kill(name: string, signal?: NodeJS.Signals): Promise<number>;
  restart(name: string): Promise<ClusterProcess>;
  /** Waits for a log line of `name` matching `pred` (JSON-parsed when it is JSON). */
  waitLog(name: string, pred: (line: Record<string, unknown>) => boolean, timeoutMs?: number, since?: number): Promise<Record<string, unknown>>;
  orchestrator<T = { hosts: WorldHeartbeat[]; placements: { map: number; instanceId: number; host: string }[]; draining: string[] }>(op: string, body?: unknown, realm?: number): Promise<T>;
  /** pids of every world process that ever sent a heartbeat (driver-spawned ones included) */
  worldPids: Map<string, number>;
  createAccount(name: string, password: string, opts?: { gmLevel?: number }): Promise<{ id: number; name: string }>;
  createCharacter(account: string, name: string, opts?: Partial<Pick<CharacterRow, "race" | "class" | "gender" | "level" | "map" | "x" | "y" | "z" | "orientation" | "zone">> & { realm?: number }): Promise<CharacterRow>;
  stop(): Promise<void>;
}


const RUNNING = /running: login (\d+|-), world (\d+|-), web (\d+|-)/;

function parseLine(l: string): Record<string, unknown> {
  try {
    const v = JSON.parse(l) as unknown;
    if (v && typeof v === "object") return v as Record<string, unknown>;
  } catch {
    // a plain line
  }
  return { msg: l };
}

function isOurWorld(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("server/main.ts");
  } catch {
    return false;
  }
}

/**
 * Starts `bun server/main.ts --config <file>` (pinned with taskset when `spec.cpus` is set),
 * collects its output lines and resolves once it prints its running line (with its ports).
 */
export async function spawnRealmProcess(spec: Pick<ProcessSpec, "name" | "cpus"> & Partial<ProcessSpec>, configFile: string, timeoutMs = 30_000): Promise<ClusterProcess> {
  const argv = [process.execPath, MAIN, "--config", configFile, "--no-console"];
  const cmd = spec.cpus && Bun.which("taskset") ? ["taskset", "-c", spec.cpus, ...argv] : argv;
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", stdin: "ignore", cwd: REPO, env: { ...process.env, REALMCORE_CONFIG: configFile } });
  const lines: string[] = [];
  let started: (v: ClusterProcess["ports"]) => void;
  const running = new Promise<ClusterProcess["ports"]>((r) => (started = r));
  const keep = (l: string) => {
    lines.push(l);
    if (lines.length > 2000) lines.splice(0, lines.length - 2000);
    const m = RUNNING.exec(l);
    if (m) started({ auth: Number(m[1]) || 0, world: Number(m[2]) || 0, web: Number(m[3]) || 0 });
  };
  void (async () => {
    for await (const l of linesOf(proc.stdout as ReadableStream<Uint8Array>)) keep(l);
  })();
  void (async () => {
    for await (const l of linesOf(proc.stderr as ReadableStream<Uint8Array>)) keep(l);
  })();
  const exited = proc.exited;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ports = await Promise.race([
    running,
    exited.then((code) => Promise.reject(new Error(`${spec.name} exited with ${code} before running:\n${lines.slice(-30).join("\n")}`))),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${spec.name} did not start in ${timeoutMs / 1000} s:\n${lines.slice(-30).join("\n")}`)), timeoutMs))),
  ]).catch((e: unknown) => {
    proc.kill("SIGKILL");
    throw e;
  }).finally(() => clearTimeout(timer));
  const full: ProcessSpec = { roles: [], ...spec };
  return { spec: full, proc, ports, worldAddress: ports.world ? `127.0.0.1:${ports.world}` : "", lines, exited };
}

export async function cluster(o: ClusterOptions): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "rc-cluster-"));
  const db = await testPostgres(o.postgresAdminUrl);
  const natsUrl = o.natsUrl ?? TEST_NATS_URL;
  const redisUrl = o.redisUrl ?? TEST_REDIS_URL;
  const natsPrefix = `rct${randomToken(10)}`;
  const redisPrefix = `rc_test_${randomToken(12)}:`;
  const level = (process.env.REALMCORE_TEST_LOG as RealmConfig["log"]["level"]) ?? o.logLevel ?? "warn";
  const common: DeepPartial<RealmConfig> = deepMerge(
    {
      mode: "cluster",
      realm: { address: "127.0.0.1:0" },
      auth: { host: "127.0.0.1", port: 0 },
      gateway: { host: "127.0.0.1", port: 0 },
      web: { host: "127.0.0.1", port: 0 },
      storage: { dialect: "postgresql", postgresUrl: db.url, poolSize: 4 },
      bus: { adapter: "nats", natsUrl, subjectPrefix: natsPrefix },
      cache: { adapter: "redis", redisUrl, keyPrefix: redisPrefix },
      log: { level },
      plugins: { dirs: [join(REPO, "plugins")], watch: false },
    },
    o.config ?? {},
  ) as DeepPartial<RealmConfig>;

  const store = await openPostgresStore({ url: db.url, poolSize: 4 });
  await store.migrate();
  const bus = await connectNatsBus({ url: natsUrl, prefix: natsPrefix, retryForMs: 5000 });
  const worldPids = new Map<string, number>();
  const hbSubs = [1, 2, 3, 4].map((r) =>
    bus.subscribe(Subjects.worldHeartbeat(r), (m) => {
      const hb = parseJson<WorldHeartbeat>(m.data);
      if (hb.pid) worldPids.set(hb.host, hb.pid);
    }),
  );
  const audit = new AuditLog(store.audit, systemClock, 1, silentLogger);
  const accounts = new Accounts(store.accounts, systemClock, audit);
  const content = Content.base();
  const procs = new Map<string, ClusterProcess>();

  async function start(spec: ProcessSpec): Promise<ClusterProcess> {
    const cfg = deepMerge(deepMerge(defaultConfig(), common), { dataDir: join(dir, spec.name), nodeId: spec.name, roles: spec.roles, ...(spec.config ?? {}) });
    const file = join(dir, `${spec.name}.json`);
    writeFileSync(file, JSON.stringify(cfg));
    const p = await spawnRealmProcess(spec, file);
    procs.set(spec.name, p);
    return p;
  }

  const need = (name: string): ClusterProcess => {
    const p = procs.get(name);
    if (!p) throw new Error(`no process named ${name}`);
    return p;
  };

  // the roles start together; those with a gateway last, so their address is the realm's
  const order = [...o.processes].sort((a, b) => Number(a.roles.includes("gateway")) - Number(b.roles.includes("gateway")));
  try {
    await Promise.all(order.filter((s) => !s.roles.includes("gateway")).map(start));
    for (const s of order.filter((x) => x.roles.includes("gateway"))) await start(s);
  } catch (e) {
    for (const p of procs.values()) p.proc.kill("SIGKILL");
    await Promise.all([...procs.values()].map((p) => p.exited));
    for (const s of hbSubs) s.unsubscribe();
    await bus.close();
    await store.close();
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const c: Cluster = {
    db,
    natsPrefix,
    redisPrefix,
    store,
    bus,
    procs,
    worldPids,
    proc: need,
    get authPort() {
      const a = [...procs.values()].find((p) => p.spec.roles.includes("auth"));
      if (!a) throw new Error("no process runs the auth role");
      return a.ports.auth;
    },
    start,
    async kill(name, signal = "SIGKILL") {
      const p = need(name);
      p.proc.kill(signal);
      return p.exited;
    },
    async restart(name) {
      const p = need(name);
      if (p.proc.exitCode === null && !p.proc.killed) {
        p.proc.kill("SIGTERM");
        await p.exited;
      }
      return start(p.spec);
    },
    async waitLog(name, pred, timeoutMs = 10_000, since = 0) {
      const p = need(name);
      const end = performance.now() + timeoutMs;
      for (;;) {
        for (let i = since; i < p.lines.length; i++) {
          const v = parseLine(p.lines[i]!);
          if (pred(v)) return v;
        }
        if (performance.now() > end) throw new Error(`${name}: no matching log line within ${timeoutMs} ms; last lines:\n${p.lines.slice(-15).join("\n")}`);
        await Bun.sleep(20);
      }
    },
    async orchestrator(op, body = {}, realm = 1) {
      const m = await bus.request(Subjects.orchestrator(realm, op), jsonBytes(body), { timeoutMs: 30_000 });
      return parseJson(m.data);
    },
    async createAccount(name, password, opts = {}) {
      const a = await accounts.create(name, password, { actor: "test", gmLevel: opts.gmLevel ?? 0 });
      return { id: a.id, name: a.name };
    },
    async createCharacter(account, name, opts = {}) {
      const a = await store.accounts.byName(account.toUpperCase());
      if (!a) throw new Error(`no account ${account}`);
      const row = await store.characters.create(testCharacterRow(content, { accountId: a.id, realmId: opts.realm ?? 1, name, now: Date.now() }, opts));
      if (!row) throw new Error(`character name ${name} is taken`);
      return row;
    },
    async stop() {
      const all = [...procs.values()];
      for (const p of all) p.proc.kill("SIGTERM");
      const hard = setTimeout(() => all.forEach((p) => p.proc.kill("SIGKILL")), 8000);
      await Promise.all(all.map((p) => p.exited));
      clearTimeout(hard);
      // world processes a driver started (and that outlived their orchestrator)
      const ours = new Set(all.map((p) => p.proc.pid));
      for (const pid of worldPids.values()) if (!ours.has(pid) && isOurWorld(pid)) process.kill(pid, "SIGKILL");
      for (const s of hbSubs) s.unsubscribe();
      await bus.close();
      await store.close();
      await db.cleanup();
      await deleteRedisKeys(redisUrl, redisPrefix).catch(() => 0);
      await deleteNatsStreams(natsUrl, `${natsPrefix}_`).catch(() => 0);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return c;
}
