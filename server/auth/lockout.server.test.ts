// Brute-force locks over real sockets: the account lock after 5 failures (even the right
// password is then refused with 0x04), its expiry on the injected clock, the IP lock after
// 20, and both shared between two login servers through one cache (memory shared map,
// Redis with two connections, and Redis with a real second process).
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock, systemClock, type Clock } from "../kernel/clock.ts";
import { MemoryCache } from "../storage/cache/memory.ts";
import { connectRedisCache } from "../storage/cache/redis.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { Store } from "../storage/ports.ts";
import { openSqliteStore } from "../storage/sqlite.ts";
import { deleteRedisKeys, serviceGate, testRedisPrefix, TEST_REDIS_URL } from "../testing/services.ts";
import { silentLogger } from "../kernel/logger.ts";
import { Metrics } from "../kernel/metrics.ts";
import { Accounts } from "../ops/accounts.ts";
import { AuditLog } from "../ops/audit.ts";
import { bootAuth, CTL, loginResult, TEST_SECRET, testConfig, type AuthHarness } from "./auth.fixture.ts";
import { startAuthServer } from "./server.ts";

const MIN = 60_000;
const REFUSED = { stage: "proof", result: 0x04 } as const;
const OK = { stage: "proof", result: 0 } as const;

async function audits(store: Store, action: string, target?: string) {
  return (await store.audit.list({ action, ...(target ? { target } : {}) })).map((r) => ({ ...r, d: JSON.parse(r.details) }));
}

describe("account lock on one server", () => {
  test("5 failures lock the account: the right password then gets 0x04 until the lock expires", async () => {
    const h = await bootAuth();
    try {
      await h.accounts.create("victim", "right", CTL);
      for (let i = 0; i < 5; i++) expect(await loginResult(h.port, "VICTIM", `guess${i}`)).toEqual(REFUSED);
      expect(await loginResult(h.port, "VICTIM", "right")).toEqual(REFUSED);
      const locked = await audits(h.store, "login.locked", "VICTIM");
      expect(locked.length).toBe(1);
      expect(locked[0]!.d).toMatchObject({ kind: "account", until: h.clock.now() + 15 * MIN, ip: "127.0.0.1" });
      const failed = await audits(h.store, "login.failed", "VICTIM");
      expect(failed.filter((r) => r.d.reason === "wrong_password").length).toBe(5);
      expect(failed.filter((r) => r.d.reason === "account_locked").length).toBe(1);
      expect(h.server.stats().locks.account).toBe(1);
      // only 5 verifications reached the verifier: a locked proof is not checked
      h.clock.advance(15 * MIN - 1000);
      expect(await loginResult(h.port, "VICTIM", "right")).toEqual(REFUSED);
      h.clock.advance(1000);
      expect(await loginResult(h.port, "VICTIM", "right")).toEqual(OK);
    } finally {
      await h.stop();
    }
  });

  test("a success resets the account's counter", async () => {
    const h = await bootAuth();
    try {
      await h.accounts.create("resets", "right", CTL);
      for (let i = 0; i < 4; i++) await loginResult(h.port, "RESETS", "bad");
      expect(await loginResult(h.port, "RESETS", "right")).toEqual(OK);
      for (let i = 0; i < 4; i++) await loginResult(h.port, "RESETS", "bad");
      expect(await loginResult(h.port, "RESETS", "right")).toEqual(OK);
    } finally {
      await h.stop();
    }
  });
});

describe("IP lock on one server", () => {
  test("20 failures from one IP (any names) lock it for 60 minutes", async () => {
    const h = await bootAuth();
    try {
      await h.accounts.create("innocent", "pw", CTL);
      for (let i = 0; i < 20; i++) expect(await loginResult(h.port, `NOBODY${i}`, "x")).toEqual(REFUSED);
      expect(await loginResult(h.port, "INNOCENT", "pw")).toEqual(REFUSED);
      const locked = await audits(h.store, "login.locked", "127.0.0.1");
      expect(locked.length).toBe(1);
      expect(locked[0]!.d).toMatchObject({ kind: "ip", until: h.clock.now() + 60 * MIN });
      expect((await audits(h.store, "login.failed", "INNOCENT")).some((r) => r.d.reason === "ip_locked")).toBe(true);
      h.clock.advance(60 * MIN);
      expect(await loginResult(h.port, "INNOCENT", "pw")).toEqual(OK);
    } finally {
      await h.stop();
    }
  });
});

/** Two login servers over one store and two cache handles. */
async function pair(cacheA: Cache, cacheB: Cache, clock: ManualClock): Promise<{ a: AuthHarness; b: AuthHarness; store: Store; stop(): Promise<void> }> {
  const store = openSqliteStore({ path: ":memory:" });
  await store.migrate();
  const a = await bootAuth({ store, cache: cacheA, clock });
  const b = await bootAuth({ store, cache: cacheB, clock });
  return {
    a,
    b,
    store,
    async stop() {
      await a.stop();
      await b.stop();
      await store.close();
    },
  };
}

async function sharedLockoutScenario(cacheA: Cache, cacheB: Cache): Promise<void> {
  const clock = new ManualClock();
  const p = await pair(cacheA, cacheB, clock);
  try {
    await p.a.accounts.create("shared", "right", CTL);
    // failures alternate between the two servers
    for (let i = 0; i < 5; i++) expect(await loginResult((i % 2 ? p.b : p.a).port, "SHARED", "bad")).toEqual(REFUSED);
    expect(await loginResult(p.a.port, "SHARED", "right")).toEqual(REFUSED);
    expect(await loginResult(p.b.port, "SHARED", "right")).toEqual(REFUSED);
    expect((await audits(p.store, "login.locked", "SHARED")).length).toBe(1);
    clock.advance(15 * MIN);
    expect(await loginResult(p.b.port, "SHARED", "right")).toEqual(OK);
  } finally {
    await p.stop();
  }
}

describe("lockout shared by two login servers", () => {
  test("memory cache: one shared map", async () => {
    const clock = new ManualClock();
    const shared = MemoryCache.sharedMap();
    // the caches' expiry clock only collects garbage; the pair's ManualClock drives the rules
    await sharedLockoutScenario(new MemoryCache("rc:", clock, shared), new MemoryCache("rc:", clock, shared));
  });
});

if (await serviceGate("Redis", TEST_REDIS_URL, 6379)) {
  const run = testRedisPrefix(TEST_REDIS_URL);
  afterAll(async () => {
    await run.cleanup();
    expect(await deleteRedisKeys(TEST_REDIS_URL, run.prefix)).toBe(0);
  });

  describe("lockout shared through Redis", () => {
    test("two servers in this process, two Redis connections, one key prefix", async () => {
      const a = await connectRedisCache({ url: TEST_REDIS_URL, prefix: `${run.prefix}pair:`, retryForMs: 0 });
      const b = await connectRedisCache({ url: TEST_REDIS_URL, prefix: `${run.prefix}pair:`, retryForMs: 0 });
      try {
        await sharedLockoutScenario(a, b);
        expect(await a.redis.exists(`${run.prefix}pair:lockout:account:SHARED:lock`)).toBe(1);
      } finally {
        await a.close();
        await b.close();
      }
    });

    test("two login server processes sharing Redis and one SQLite file", async () => {
      const dir = mkdtempSync(join(tmpdir(), "rc-auth-"));
      const file = join(dir, "realm.sqlite");
      const prefix = `${run.prefix}proc:`;
      const clock: Clock = systemClock; // both processes read the real clock
      const store = openSqliteStore({ path: file });
      await store.migrate();
      await new Accounts(store.accounts, clock, new AuditLog(store.audit, clock, 1)).create("duo", "right", CTL);
      const child = Bun.spawn(["bun", join(import.meta.dir, "auth-child.fixture.ts")], {
        env: { ...process.env, AUTH_CHILD_SQLITE: file, AUTH_CHILD_REDIS: TEST_REDIS_URL, AUTH_CHILD_PREFIX: prefix },
        stdout: "pipe",
        stderr: "inherit",
      });
      const cache = await connectRedisCache({ url: TEST_REDIS_URL, prefix, retryForMs: 0 });
      try {
        const reader = child.stdout.getReader();
        let out = "";
        const deadline = Date.now() + 15_000;
        while (!/PORT (\d+)/.test(out)) {
          if (Date.now() > deadline) throw new Error(`child did not start: ${out}`);
          const { value, done } = await reader.read();
          if (done) throw new Error(`child exited: ${out}`);
          out += new TextDecoder().decode(value);
        }
        reader.releaseLock();
        const childPort = Number(/PORT (\d+)/.exec(out)![1]);
        // the in-process server reads the real clock too: both must agree on bucket indices
        const inProcess = await bootAuthReal(store, cache);
        try {
          for (let i = 0; i < 5; i++) expect(await loginResult(i % 2 ? childPort : inProcess.port, "DUO", "bad")).toEqual(REFUSED);
          expect(await loginResult(childPort, "DUO", "right")).toEqual(REFUSED);
          expect(await loginResult(inProcess.port, "DUO", "right")).toEqual(REFUSED);
          expect((await audits(store, "login.locked", "DUO")).length).toBe(1);
          expect(Number(await cache.get("lockout:account:DUO:lock"))).toBeGreaterThan(Date.now());
        } finally {
          await inProcess.stop();
        }
      } finally {
        child.kill("SIGTERM");
        await child.exited;
        await cache.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 30_000);
  });
}

/** A login server on the system clock over a given store and cache. */
async function bootAuthReal(store: Store, cache: Cache) {
  const config = testConfig();
  return startAuthServer({
    config,
    store,
    cache,
    clock: systemClock,
    log: silentLogger,
    metrics: new Metrics({}, false),
    audit: new AuditLog(store.audit, systemClock, 1),
    secret: TEST_SECRET,
  });
}
