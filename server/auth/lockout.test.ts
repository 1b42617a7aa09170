// The counter functions alone, over the memory cache and a ManualClock.
import { describe, expect, test } from "bun:test";
import { ManualClock } from "../kernel/clock.ts";
import { defaultConfig } from "../kernel/config.ts";
import { MemoryCache } from "../storage/cache/memory.ts";
import {
  failureCount,
  failureKey,
  isLocked,
  Lockout,
  lockKey,
  lockoutPolicy,
  lockoutSubject,
  recordFailure,
  unlock,
  type LockoutContext,
} from "./lockout.ts";

const MIN = 60_000;

function ctx(clock = new ManualClock(), cache = new MemoryCache("", clock)): LockoutContext {
  return { cache, clock, policy: lockoutPolicy(defaultConfig().auth.lockout) };
}

describe("keys", () => {
  test("formats", () => {
    expect(lockKey("account", "alice")).toBe("lockout:account:ALICE:lock");
    expect(failureKey("ip", "::ffff:10.0.0.1", 42)).toBe("lockout:ip:10.0.0.1:f:42");
    expect(lockoutSubject("ip", "FE80::1")).toBe("fe80::1");
  });
  test("default policy: account 5 in 15 min -> 15 min, IP 20 in 15 min -> 60 min", () => {
    const p = lockoutPolicy(defaultConfig().auth.lockout);
    expect(p.account).toEqual({ failures: 5, windowMs: 15 * MIN, lockMs: 15 * MIN });
    expect(p.ip).toEqual({ failures: 20, windowMs: 15 * MIN, lockMs: 60 * MIN });
  });
});

describe("account rule", () => {
  test("the 5th failure locks for 15 minutes; exactly one caller sees newlyLocked", async () => {
    const c = ctx();
    for (let i = 1; i <= 4; i++) {
      const o = await recordFailure(c, "account", "ALICE");
      expect(o).toMatchObject({ failures: i, locked: false, newlyLocked: false });
    }
    const fifth = await recordFailure(c, "account", "ALICE");
    expect(fifth.locked).toBe(true);
    expect(fifth.newlyLocked).toBe(true);
    expect(fifth.until).toBe(c.clock.now() + 15 * MIN);
    expect(await isLocked(c, "account", "alice")).toEqual({ locked: true, until: fifth.until });
    // counters were reset by the lock
    expect(await failureCount(c, "account", "ALICE")).toBe(0);
    (c.clock as ManualClock).advance(15 * MIN - 1);
    expect((await isLocked(c, "account", "ALICE")).locked).toBe(true);
    (c.clock as ManualClock).advance(1);
    expect((await isLocked(c, "account", "ALICE")).locked).toBe(false);
  });

  test("failures older than the window do not count", async () => {
    const c = ctx();
    const clock = c.clock as ManualClock;
    for (let i = 0; i < 4; i++) await recordFailure(c, "account", "BOB");
    clock.advance(15 * MIN + 3 * MIN + 1); // window + one bucket
    expect(await failureCount(c, "account", "BOB")).toBe(0);
    const o = await recordFailure(c, "account", "BOB");
    expect(o.failures).toBe(1);
    expect(o.locked).toBe(false);
  });

  test("failures spread inside the window still count (sliding, bucket granularity)", async () => {
    const c = ctx();
    const clock = c.clock as ManualClock;
    for (let i = 0; i < 4; i++) {
      await recordFailure(c, "account", "CAROL");
      clock.advance(3 * MIN);
    }
    const o = await recordFailure(c, "account", "CAROL");
    expect(o.locked).toBe(true);
  });

  test("a stale lock value (expired by the injected clock, not yet by TTL) is replaced", async () => {
    const c = ctx();
    await c.cache.set(lockKey("account", "DAVE"), String(c.clock.now() - 1), 3600_000);
    for (let i = 0; i < 4; i++) await recordFailure(c, "account", "DAVE");
    const o = await recordFailure(c, "account", "DAVE");
    expect(o.newlyLocked).toBe(true);
    expect((await isLocked(c, "account", "DAVE")).until).toBe(c.clock.now() + 15 * MIN);
  });

  test("unlock lifts the lock and clears the counters", async () => {
    const c = ctx();
    for (let i = 0; i < 5; i++) await recordFailure(c, "account", "ERIN");
    expect(await unlock(c, "account", "ERIN")).toBe(true);
    expect((await isLocked(c, "account", "ERIN")).locked).toBe(false);
    expect(await failureCount(c, "account", "ERIN")).toBe(0);
  });
});

describe("ip rule", () => {
  test("20 failures lock the IP for 60 minutes", async () => {
    const c = ctx();
    for (let i = 1; i < 20; i++) expect((await recordFailure(c, "ip", "10.1.2.3")).locked).toBe(false);
    const o = await recordFailure(c, "ip", "::ffff:10.1.2.3");
    expect(o.newlyLocked).toBe(true);
    expect(o.until).toBe(c.clock.now() + 60 * MIN);
  });
});

describe("shared between instances", () => {
  test("two Lockout objects over one shared map count together and only one places the lock", async () => {
    const clock = new ManualClock();
    const shared = MemoryCache.sharedMap();
    const policy = lockoutPolicy(defaultConfig().auth.lockout);
    const a = new Lockout(new MemoryCache("rc:", clock, shared), clock, policy);
    const b = new Lockout(new MemoryCache("rc:", clock, shared), clock, policy);
    await a.recordFailure("account", "FRANK");
    await b.recordFailure("account", "FRANK");
    await a.recordFailure("account", "FRANK");
    await b.recordFailure("account", "FRANK");
    expect(await a.failureCount("account", "FRANK")).toBe(4);
    const [x, y] = await Promise.all([a.recordFailure("account", "FRANK"), b.recordFailure("account", "FRANK")]);
    expect(x.locked && y.locked).toBe(true);
    expect(Number(x.newlyLocked) + Number(y.newlyLocked)).toBe(1);
    expect((await b.isLocked("account", "FRANK")).locked).toBe(true);
  });
});
