// The Cache conformance suite against Redis on the machine's shared server. This run
// uses its own key prefix and deletes its keys afterwards (SCAN MATCH, never FLUSH).
import { afterAll, expect, test } from "bun:test";
import { deleteRedisKeys, serviceGate, testRedisPrefix, TEST_REDIS_URL } from "../../testing/services.ts";
import { cacheConformance } from "./cache.conformance.ts";
import { connectRedisCache } from "./redis.ts";

if (await serviceGate("Redis", TEST_REDIS_URL, 6379)) {
  const run = testRedisPrefix(TEST_REDIS_URL);
  afterAll(async () => {
    await run.cleanup();
    expect(await deleteRedisKeys(TEST_REDIS_URL, run.prefix)).toBe(0);
  });
  cacheConformance({
    name: "redis",
    prefix: run.prefix,
    open: (prefix) => connectRedisCache({ url: TEST_REDIS_URL, prefix, retryForMs: 0 }),
  });
  test("keys live under the run's prefix on the server", async () => {
    const c = await connectRedisCache({ url: TEST_REDIS_URL, prefix: run.prefix, retryForMs: 0 });
    try {
      await c.set("visible", "1", 10_000);
      expect(await c.redis.get(`${run.prefix}visible`)).toBe("1");
    } finally {
      await c.close();
    }
  });
}
