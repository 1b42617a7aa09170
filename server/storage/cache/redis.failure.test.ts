// Redis failure behaviour, against a private redis-server this file starts, kills and
// restarts on a free port (never the machine's shared server).
import { afterAll, describe, expect, test } from "bun:test";
import { isRealmError, type RealmError } from "../../kernel/errors.ts";
import { binaryGate, freePort, startPrivateRedis, type PrivateServer } from "../../testing/services.ts";
import { connectRedisCache, type RedisCache } from "./redis.ts";

async function waitUntil(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(10);
  }
}

async function rejection(p: Promise<unknown>): Promise<RealmError> {
  try {
    await p;
  } catch (e) {
    if (isRealmError(e)) return e;
    throw new Error(`expected a RealmError, got ${String(e)}`);
  }
  throw new Error("expected a rejection");
}

function captureLog() {
  const lines: string[] = [];
  const log = {
    warn: (_o: unknown, m: string) => void lines.push(`warn ${m}`),
    info: (_o: unknown, m: string) => void lines.push(`info ${m}`),
    debug: () => {},
    error: (_o: unknown, m: string) => void lines.push(`error ${m}`),
  };
  return { lines, log: log as never };
}

describe("Redis adapter: unreachable server", () => {
  test("a closed port gives one INFRA_UNREACHABLE line naming Redis and the address", async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const e = await rejection(connectRedisCache({ url, prefix: "rc:", retryForMs: 0 }));
    expect(e.code).toBe("INFRA_UNREACHABLE");
    expect(e.message).toBe(`Redis at ${url} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  test("a password in the URL never appears in the message", async () => {
    const port = await freePort();
    const e = await rejection(connectRedisCache({ url: `redis://u:hunter2@127.0.0.1:${port}`, prefix: "rc:", retryForMs: 0 }));
    expect(e.message).not.toContain("hunter2");
    expect(e.message).toStartWith(`Redis at redis://u:***@127.0.0.1:${port} is unreachable: `);
  });

  test("retries with backoff for retryForMs, one warning line per attempt, then gives up", async () => {
    const port = await freePort();
    const { lines, log } = captureLog();
    const t0 = performance.now();
    const e = await rejection(connectRedisCache({ url: `redis://127.0.0.1:${port}`, prefix: "rc:", retryForMs: 600, initialDelayMs: 100, log }));
    expect(e.code).toBe("INFRA_UNREACHABLE");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(550);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/^warn Redis at redis:\/\/127\.0\.0\.1:\d+ is unreachable: connect ECONNREFUSED .*; retrying in \d+ ms$/);
  });
});

if (binaryGate("redis-server")) {
  describe("Redis adapter: private server crash and restart", () => {
    let server: PrivateServer | undefined;
    let cache: RedisCache | undefined;
    const { lines, log } = captureLog();
    afterAll(async () => {
      await cache?.close();
      await server?.stop();
    });

    test("the first connect waits for a server that starts late", async () => {
      const port = await freePort();
      const connecting = connectRedisCache({ url: `redis://127.0.0.1:${port}`, prefix: "rcfail:", retryForMs: 15_000, initialDelayMs: 100, maxDelayMs: 400, log });
      await Bun.sleep(400);
      server = await startPrivateRedis(port);
      cache = await connecting;
      expect(cache.healthy).toBe(true);
      expect(lines.some((l) => l.includes("is unreachable"))).toBe(true);
    });

    test("the same cache reconnects after the server is killed and restarted", async () => {
      const c = cache!;
      const s = server!;
      await c.set("before", "1");
      expect(await c.incr("n", 1, 60_000)).toBe(1);

      await s.kill();
      await waitUntil(() => !c.healthy, 10_000, "healthy to turn false");
      // while Redis is down a command fails at once, with one line
      const t0 = performance.now();
      const e = await rejection(c.get("before"));
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(e.code).toBe("INFRA_UNREACHABLE");
      expect(e.message).toStartWith(`Redis at ${s.url} is unreachable: `);
      expect(e.message).not.toContain("\n");

      await s.start();
      await waitUntil(() => c.healthy, 15_000, "healthy to come back");
      expect(c.stats().reconnects).toBe(1);
      expect(lines.some((l) => /^warn Redis at redis:\/\/127\.0\.0\.1:\d+ disconnected; reconnecting$/.test(l))).toBe(true);
      expect(lines.some((l) => /^info Redis at .* reconnected$/.test(l))).toBe(true);

      // the restarted server has no persistence: state is gone, the client works
      expect(await c.get("before")).toBeUndefined();
      expect(await c.incr("n", 1, 60_000)).toBe(1); // the Lua script is loaded again
      await c.set("after", "2");
      expect(await c.get("after")).toBe("2");
      await c.ping();
    }, 60_000);
  });
}
