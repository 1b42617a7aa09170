// Test helpers for the machine's shared services and for private, throw-away servers.
//
// Shared services (PostgreSQL, Redis, NATS on their usual ports) are used by many test
// runs at once, so every run isolates itself: its own PostgreSQL database, its own Redis
// key prefix, its own NATS subject prefix and stream names, all removed afterwards. Never
// FLUSHALL, never drop what the run did not create, never restart a shared server.
// Restart and failure tests start a private nats-server / redis-server on a free port.
//
// Skips: when a service does not answer, its tests are skipped with the reason printed,
// unless CI or REALMCORE_REQUIRE_SERVICES=1 is set; then the unreachable service is a
// failing test.
import { test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

export const TEST_POSTGRES_URL = process.env.REALMCORE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.REALMCORE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const TEST_NATS_URL = process.env.REALMCORE_TEST_NATS_URL ?? "nats://127.0.0.1:4222";

/** True when a missing service must fail the run instead of skipping (CI). */
export function servicesRequired(): boolean {
  const ci = process.env.CI;
  return (ci !== undefined && ci !== "" && ci !== "0" && ci !== "false") || process.env.REALMCORE_REQUIRE_SERVICES === "1";
}

/** A short random token for names: lower-case letters and digits. */
export function randomToken(n = 10): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  let s = "";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}

function hostPort(url: string, defPort: number): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname || "127.0.0.1", port: Number(u.port || defPort) };
}

/** Does something accept TCP connections at host:port (within timeoutMs)? */
export async function tcpAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = Bun.connect({
    hostname: host,
    port,
    socket: { data() {}, error() {}, close() {} },
  }).then(
    (s) => {
      s.end();
      return true;
    },
    () => false,
  );
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
  const ok = await Promise.race([attempt, timeout]);
  clearTimeout(timer);
  return ok;
}

/** Waits until host:port accepts connections, or throws after timeoutMs. */
export async function waitForPort(host: string, port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await tcpAnswers(host, port, 500)) return;
    await Bun.sleep(25);
  }
  throw new Error(`nothing answers on ${host}:${port} after ${timeoutMs} ms`);
}

/**
 * Decides, at registration time, whether a service's tests run. Returns true when the
 * service answers. Otherwise prints why and registers either a skipped test (local run)
 * or a failing one (CI / REALMCORE_REQUIRE_SERVICES=1), and returns false.
 */
export async function serviceGate(service: string, url: string, defPort: number): Promise<boolean> {
  const { host, port } = hostPort(url, defPort);
  if (await tcpAnswers(host, port, 1500)) return true;
  const reason = `${service} at ${url} is unreachable`;
  if (servicesRequired()) {
    console.log(`[services] ${reason}, and CI / REALMCORE_REQUIRE_SERVICES=1 forbids skipping: failing`);
    test(`${service} is reachable at ${url}`, () => {
      throw new Error(`${reason} (CI / REALMCORE_REQUIRE_SERVICES=1 is set, so this is a failure, not a skip)`);
    });
  } else {
    console.log(`[services] skip: ${reason} (set REALMCORE_TEST_${service.toUpperCase()}_URL, or start it; CI never skips)`);
    test.skip(`${service} tests (skipped: ${reason})`, () => {});
  }
  return false;
}

/** Like serviceGate, for a binary the test needs (nats-server, redis-server). */
export function binaryGate(bin: string): boolean {
  if (Bun.which(bin)) return true;
  const reason = `${bin} is not installed`;
  if (servicesRequired()) {
    test(`${bin} is installed`, () => {
      throw new Error(`${reason} (CI / REALMCORE_REQUIRE_SERVICES=1 is set, so this is a failure, not a skip)`);
    });
  } else {
    console.log(`[services] skip: ${reason}`);
    test.skip(`tests needing ${bin} (skipped: ${reason})`, () => {});
  }
  return false;
}

// ------------------------------------------------------------------ PostgreSQL

export interface TestDatabase {
  /** URL of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database (terminating its connections first). */
  cleanup(): Promise<void>;
}

/** Creates `rc_test_<random>` through the admin URL (the `postgres` database). */
export async function testPostgres(adminUrl = TEST_POSTGRES_URL): Promise<TestDatabase> {
  const { default: pg } = await import("pg");
  const name = `rc_test_${randomToken(12)}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    async cleanup() {
      const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
      await c.connect();
      try {
        await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
      } finally {
        await c.end();
      }
    },
  };
}

// ------------------------------------------------------------------ Redis

export interface TestPrefix {
  prefix: string;
  /** Removes everything this run left under its prefix. */
  cleanup(): Promise<void>;
}

/** A random key prefix `rc_test_<random>:`; cleanup SCANs it and deletes the keys. */
export function testRedisPrefix(url = TEST_REDIS_URL): TestPrefix {
  const prefix = `rc_test_${randomToken(12)}:`;
  return {
    prefix,
    async cleanup() {
      await deleteRedisKeys(url, prefix);
    },
  };
}

/** Deletes every key starting with `prefix` (SCAN MATCH, never FLUSH). Returns the count. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const { Redis } = await import("ioredis");
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  r.on("error", () => {});
  await r.connect();
  const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
  let n = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, "MATCH", pattern, "COUNT", 500);
      cursor = next;
      if (keys.length) n += await r.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    r.disconnect();
  }
  return n;
}

// ------------------------------------------------------------------ NATS

/** A random subject prefix `rct<random>`; cleanup deletes the JetStream streams named after it. */
export function testNatsPrefix(url = TEST_NATS_URL): TestPrefix {
  const prefix = `rct${randomToken(10)}`;
  return {
    prefix,
    async cleanup() {
      await deleteNatsStreams(url, `${prefix}_`);
    },
  };
}

/** Deletes every JetStream stream whose name starts with `namePrefix`. */
export async function deleteNatsStreams(url: string, namePrefix: string): Promise<number> {
  const { connect } = await import("@nats-io/transport-node");
  const { jetstreamManager } = await import("@nats-io/jetstream");
  const nc = await connect({ servers: url, reconnect: false, timeout: 5000 });
  let n = 0;
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(namePrefix)) names.push(name);
    for (const name of names) if (await jsm.streams.delete(name)) n++;
  } finally {
    await nc.close();
  }
  return n;
}

// ------------------------------------------------------------------ private servers

/** A port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

export interface PrivateServer {
  url: string;
  port: number;
  /** Kills the server (SIGKILL: an abrupt crash) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port (and the same data dir). */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  stop(): Promise<void>;
  readonly running: boolean;
}

export interface PrivateServerOptions {
  port?: number;
  /** Pin the server to this CPU with taskset (benchmarks), when taskset exists. */
  cpu?: number;
}

function pinned(cmd: string[], cpu: number | undefined): string[] {
  if (cpu === undefined || !Bun.which("taskset")) return cmd;
  return ["taskset", "-c", String(cpu), ...cmd];
}

async function privateServer(name: string, cmdFor: (port: number) => string[], scheme: string, dir: string, o: PrivateServerOptions): Promise<PrivateServer> {
  const port = o.port ?? (await freePort());
  let proc: Subprocess | undefined;
  let alive = false;
  const start = async () => {
    if (alive) return;
    const logFile = join(dir, "server.log");
    const p = Bun.spawn(pinned(cmdFor(port), o.cpu), { stdout: Bun.file(logFile), stderr: Bun.file(logFile), stdin: "ignore" });
    proc = p;
    alive = true;
    void p.exited.then(() => {
      if (proc === p) alive = false;
    });
    try {
      await waitForPort("127.0.0.1", port, 10_000);
    } catch (e) {
      p.kill("SIGKILL");
      const out = await Bun.file(logFile).text().catch(() => "");
      throw new Error(`private ${name} on port ${port} did not start: ${(e as Error).message} ${out.slice(-400)}`);
    }
  };
  const kill = async () => {
    if (!proc || !alive) return;
    proc.kill("SIGKILL");
    await proc.exited;
    alive = false;
  };
  await start();
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
    get running() {
      return alive;
    },
  };
}

/** A private nats-server with JetStream on a free port (its own store dir). */
export async function startPrivateNats(port?: number, o: Omit<PrivateServerOptions, "port"> = {}): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), "rc-nats-"));
  return privateServer("nats-server", (p) => ["nats-server", "-a", "127.0.0.1", "-p", String(p), "-js", "-sd", dir], "nats", dir, { ...o, port });
}

/** A private redis-server on a free port, no persistence. */
export async function startPrivateRedis(port?: number, o: Omit<PrivateServerOptions, "port"> = {}): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), "rc-redis-"));
  return privateServer(
    "redis-server",
    (p) => ["redis-server", "--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no"],
    "redis",
    dir,
    { ...o, port },
  );
}
