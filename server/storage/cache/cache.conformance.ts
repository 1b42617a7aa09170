// The Cache port's conformance suite: the same cases run against every adapter
// (cache.memory.test.ts, cache.redis.test.ts).
import { afterEach, describe, expect, test } from "bun:test";
import type { Cache } from "./port.ts";

export interface CacheHarness {
  name: string;
  /** The run's base key prefix (unique per run on a shared server). */
  prefix: string;
  /** Opens a cache with this key prefix; caches opened by one harness share a backend. */
  open(prefix: string): Promise<Cache>;
}

export function cacheConformance(h: CacheHarness): void {
  describe(`Cache conformance: ${h.name}`, () => {
    const opened: Cache[] = [];
    let n = 0;
    /** A key unique to this test. */
    const key = (what = "k") => `${what}:${++n}`;
    const open = async (prefix = h.prefix) => {
      const c = await h.open(prefix);
      opened.push(c);
      return c;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((c) => c.close()));
    });

    test("get/set/del on strings, including unicode; a missing key reads undefined", async () => {
      const c = await open();
      const k = key();
      expect(await c.get(k)).toBeUndefined();
      expect(await c.getBytes(k)).toBeUndefined();
      await c.set(k, "first");
      expect(await c.get(k)).toBe("first");
      await c.set(k, "Ünïcødé ⚔ 戦");
      expect(await c.get(k)).toBe("Ünïcødé ⚔ 戦");
      await c.set(k, "");
      expect(await c.get(k)).toBe("");
      expect(await c.del(k)).toBe(true);
      expect(await c.del(k)).toBe(false);
      expect(await c.get(k)).toBeUndefined();
    });

    test("binary values round-trip byte for byte", async () => {
      const c = await open();
      const k = key();
      const all = new Uint8Array(256).map((_, i) => i);
      await c.set(k, all);
      const back = await c.getBytes(k);
      expect(back).toBeInstanceOf(Uint8Array);
      expect(Array.from(back!)).toEqual(Array.from(all));
      // a 40-byte session key, as auth stores it
      const sk = crypto.getRandomValues(new Uint8Array(40));
      await c.set(key("session"), sk, 60_000);
      expect(Array.from((await c.getBytes(`session:${n}`))!)).toEqual(Array.from(sk));
      // strings read as their UTF-8 bytes, and UTF-8 bytes read as strings
      await c.set(k, "é");
      expect(Array.from((await c.getBytes(k))!)).toEqual([0xc3, 0xa9]);
      await c.set(k, new TextEncoder().encode("hé"));
      expect(await c.get(k)).toBe("hé");
    });

    test("a TTL expires the key; ttl() reports remaining ms, -1 without expiry, -2 when missing", async () => {
      const c = await open();
      const k = key();
      await c.set(k, "short", 150);
      const t = await c.ttl(k);
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThanOrEqual(150);
      expect(await c.get(k)).toBe("short");
      await Bun.sleep(300);
      expect(await c.get(k)).toBeUndefined();
      expect(await c.ttl(k)).toBe(-2);
      await c.set(k, "forever");
      expect(await c.ttl(k)).toBe(-1);
      // set without a TTL clears an earlier TTL
      const k2 = key();
      await c.set(k2, "a", 150);
      await c.set(k2, "b");
      await Bun.sleep(250);
      expect(await c.get(k2)).toBe("b");
    });

    test("expire sets a TTL on an existing key and reports a missing one", async () => {
      const c = await open();
      const k = key();
      expect(await c.expire(k, 1000)).toBe(false);
      await c.set(k, "v");
      expect(await c.expire(k, 150)).toBe(true);
      const t = await c.ttl(k);
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThanOrEqual(150);
      await Bun.sleep(300);
      expect(await c.get(k)).toBeUndefined();
    });

    test("setNX sets only when absent, honours its TTL, and works again after expiry", async () => {
      const c = await open();
      const k = key("lock");
      expect(await c.setNX(k, "owner-1", 150)).toBe(true);
      expect(await c.setNX(k, "owner-2", 150)).toBe(false);
      expect(await c.get(k)).toBe("owner-1");
      expect(await c.ttl(k)).toBeGreaterThan(0);
      await Bun.sleep(300);
      expect(await c.setNX(k, "owner-2")).toBe(true);
      expect(await c.get(k)).toBe("owner-2");
      expect(await c.ttl(k)).toBe(-1);
      const bin = key("lock");
      expect(await c.setNX(bin, new Uint8Array([0, 255]))).toBe(true);
      expect(Array.from((await c.getBytes(bin))!)).toEqual([0, 255]);
    });

    test("incr starts a new counter at 0, adds `by` (also negative), and returns the new value", async () => {
      const c = await open();
      const k = key("n");
      expect(await c.incr(k)).toBe(1);
      expect(await c.incr(k)).toBe(2);
      expect(await c.incr(k, 10)).toBe(12);
      expect(await c.incr(k, -5)).toBe(7);
      expect(await c.get(k)).toBe("7");
      const k2 = key("n");
      expect(await c.incr(k2, 5)).toBe(5);
      await c.set(k2, "41");
      expect(await c.incr(k2)).toBe(42);
    });

    test("incr gives a TTL only to the counter it creates", async () => {
      const c = await open();
      const k = key("fail");
      expect(await c.incr(k, 1, 200)).toBe(1);
      const t1 = await c.ttl(k);
      expect(t1).toBeGreaterThan(0);
      expect(t1).toBeLessThanOrEqual(200);
      await Bun.sleep(60);
      expect(await c.incr(k, 1, 10_000)).toBe(2);
      const t2 = await c.ttl(k);
      expect(t2).toBeGreaterThan(0);
      expect(t2).toBeLessThanOrEqual(t1); // not extended
      await Bun.sleep(300);
      expect(await c.get(k)).toBeUndefined();
      expect(await c.incr(k, 1, 200)).toBe(1); // a new window
      // an existing counter without expiry keeps none
      const k2 = key("plain");
      await c.incr(k2);
      await c.incr(k2, 1, 200);
      expect(await c.ttl(k2)).toBe(-1);
    });

    test("incr is atomic: 100 concurrent increments from two clients count to 100", async () => {
      const a = await open();
      const b = await open();
      const k = key("race");
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).incr(k, 1, 60_000)));
      expect(results.slice().sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(await a.get(k)).toBe("100");
      const t = await b.ttl(k);
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThanOrEqual(60_000);
    });

    test("incr on a value that is not an integer rejects and leaves it alone", async () => {
      const c = await open();
      const k = key();
      await c.set(k, "not a number");
      let threw = false;
      try {
        await c.incr(k);
      } catch {
        threw = true;
      }
      expect(threw).toBe(true);
      expect(await c.get(k)).toBe("not a number");
    });

    test("hashes: hset/hget/hlen/hgetall/hdel; deleting the last field removes the key", async () => {
      const c = await open();
      const k = key("presence");
      expect(await c.hlen(k)).toBe(0);
      expect(await c.hget(k, "a")).toBeUndefined();
      expect((await c.hgetall(k)).size).toBe(0);
      expect(await c.hdel(k, "a")).toBe(false);
      await c.hset(k, "Thrall", "gateway-1");
      await c.hset(k, "Jaina", "gateway-2");
      await c.hset(k, "Thrall", "gateway-3");
      expect(await c.hlen(k)).toBe(2);
      expect(await c.hget(k, "Thrall")).toBe("gateway-3");
      expect([...(await c.hgetall(k)).entries()].sort()).toEqual([
        ["Jaina", "gateway-2"],
        ["Thrall", "gateway-3"],
      ]);
      expect(await c.hdel(k, "Thrall")).toBe(true);
      expect(await c.hdel(k, "Thrall")).toBe(false);
      expect(await c.hdel(k, "Jaina")).toBe(true);
      expect(await c.hlen(k)).toBe(0);
      expect(await c.ttl(k)).toBe(-2);
    });

    test("prefixes isolate caches on the same backend", async () => {
      const a = await open(h.prefix);
      const b = await open(`${h.prefix}other:`);
      const k = key("shared-name");
      await a.set(k, "from a");
      expect(await b.get(k)).toBeUndefined();
      expect(await b.incr(k)).toBe(1);
      expect(await a.get(k)).toBe("from a");
      await b.hset(`${k}:h`, "f", "b");
      expect(await a.hlen(`${k}:h`)).toBe(0);
      expect(await b.del(k)).toBe(true);
      expect(await a.get(k)).toBe("from a");
      // a second client with the same prefix sees the same keys
      const a2 = await open(h.prefix);
      expect(await a2.get(k)).toBe("from a");
    });

    test("ping and healthy; closed caches report unhealthy", async () => {
      const c = await open();
      await c.ping();
      expect(c.healthy).toBe(true);
      await c.close();
      expect(c.healthy).toBe(false);
      await c.close(); // twice is harmless
    });
  });
}
