// openCache picks the adapter from the configuration; Redis unreachable is one line.
import { expect, test } from "bun:test";
import { ManualClock } from "../../kernel/clock.ts";
import { defaultConfig } from "../../kernel/config.ts";
import { isRealmError } from "../../kernel/errors.ts";
import { freePort, serviceGate, testRedisPrefix, TEST_REDIS_URL } from "../../testing/services.ts";
import { openCache } from "./index.ts";

test("embedded default: the memory cache, expiring by the given clock", async () => {
  const clock = new ManualClock();
  const cache = await openCache(defaultConfig().cache, clock);
  expect(cache.kind).toBe("memory");
  await cache.set("k", "v", 1000);
  clock.advance(999);
  expect(await cache.get("k")).toBe("v");
  clock.advance(1);
  expect(await cache.get("k")).toBeUndefined();
  await cache.close();
});

test("Redis on a closed port: one INFRA_UNREACHABLE line naming the address", async () => {
  const port = await freePort();
  const cfg = { ...defaultConfig().cache, adapter: "redis" as const, redisUrl: `redis://127.0.0.1:${port}` };
  try {
    await openCache(cfg, undefined, undefined, { retryForMs: 0 });
    throw new Error("expected a rejection");
  } catch (e) {
    expect(isRealmError(e, "INFRA_UNREACHABLE")).toBe(true);
    expect((e as Error).message).toBe(`Redis at redis://127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
  }
});

if (await serviceGate("Redis", TEST_REDIS_URL, 6379)) {
  test("cluster: Redis from the configuration, with its key prefix", async () => {
    const run = testRedisPrefix();
    const cache = await openCache({ ...defaultConfig().cache, adapter: "redis", redisUrl: TEST_REDIS_URL, keyPrefix: run.prefix }, undefined, undefined, { retryForMs: 0 });
    try {
      expect(cache.kind).toBe("redis");
      await cache.set("x", "1", 5000);
      expect(await cache.get("x")).toBe("1");
    } finally {
      await cache.close();
      await run.cleanup();
    }
  });
}
