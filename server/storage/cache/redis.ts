// The Redis adapter for the Cache port (cluster mode), over ioredis 6.
//
// Keys: the configured prefix is prepended here (not with ioredis' keyPrefix, so the
// Lua script and SCAN-based tools see exactly the same names).
//
// ioredis choices:
// * lazyConnect: true. The constructor does not dial; `connectRedisCache` calls
//   connect() itself so the first connection can be retried with backoff and can fail
//   with one INFRA_UNREACHABLE line instead of an unhandled "error" event.
// * retryStrategy: during the first connect it returns null (our loop does the
//   retrying); once connected it returns a capped exponential backoff, so after an
//   outage ioredis reconnects by itself, for ever.
// * enableOfflineQueue: false. While disconnected, a command fails at once (we turn it
//   into INFRA_UNREACHABLE) instead of queueing without bound: cache callers (rate
//   limits, presence, session keys) must decide quickly, not hang until Redis is back.
// * maxRetriesPerRequest: 1. A command already sent when the connection drops is
//   retried once after the reconnect, then fails; with the offline queue off this
//   only covers commands in flight at the moment of the drop.
// * An "error" listener is always attached: without one ioredis prints every
//   connection error with its stack to the console.
import { Redis } from "ioredis";
import { RealmError } from "../../kernel/errors.ts";
import { silentLogger, type Logger } from "../../kernel/logger.ts";
import { connectWithRetry, oneLine, redactUrl, type RetryOptions } from "../../kernel/retry.ts";
import type { Cache } from "./port.ts";

export interface RedisCacheOptions extends RetryOptions {
  /** redis://[user:pass@]host:port[/db] */
  url: string;
  /** Prepended to every key, e.g. "rc:". */
  prefix: string;
  log?: Logger;
  /** A command that gets no reply in this time fails. Default 5000 ms. */
  commandTimeoutMs?: number;
}

/**
 * INCRBY that sets a TTL only when it creates the key, atomically (one script run):
 * KEYS[1] key, ARGV[1] increment, ARGV[2] ttl in ms (0 = none). Returns the new value.
 */
const INCR_WITH_TTL = `
local existed = redis.call('EXISTS', KEYS[1])
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = tonumber(ARGV[2])
if existed == 0 and ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
return v
`;

type RedisWithScripts = Redis & { rcIncrTtl(key: string, by: number, ttlMs: number): Promise<number> };

/** Connects (retrying with backoff for `retryForMs`, default 30 s) and returns the cache. */
export async function connectRedisCache(o: RedisCacheOptions): Promise<RedisCache> {
  const log = o.log ?? silentLogger;
  let established = false;
  let lastError: Error | undefined;
  const redis = new Redis(o.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    commandTimeout: o.commandTimeoutMs ?? 5000,
    retryStrategy: (times) => (established ? Math.min(50 * 2 ** Math.min(times, 10), 2000) + Math.floor(Math.random() * 50) : null),
    scripts: { rcIncrTtl: { lua: INCR_WITH_TTL, numberOfKeys: 1 } },
  }) as RedisWithScripts;
  redis.on("error", (e: Error) => {
    lastError = e;
  });
  try {
    await connectWithRetry(
      "Redis",
      o.url,
      async () => {
        lastError = undefined;
        try {
          await redis.connect();
        } catch (e) {
          throw lastError ?? e;
        }
      },
      { ...o, log: o.retryForMs === 0 ? undefined : log },
    );
  } catch (e) {
    redis.disconnect();
    throw e;
  }
  established = true;
  return new RedisCache(redis, o.prefix, o.url, log);
}

export class RedisCache implements Cache {
  readonly kind = "redis" as const;
  private closed = false;
  private ready = true;
  private reconnects = 0;
  private readonly where: string;

  constructor(
    /** The underlying client (tests, tools). */
    readonly redis: RedisWithScripts,
    readonly prefix: string,
    url: string,
    private readonly log: Logger,
  ) {
    this.where = redactUrl(url);
    redis.on("close", () => {
      if (this.ready && !this.closed) this.log.warn({ code: "INFRA_UNREACHABLE", service: "Redis" }, `Redis at ${this.where} disconnected; reconnecting`);
      this.ready = false;
    });
    redis.on("ready", () => {
      if (!this.ready && !this.closed) {
        this.reconnects++;
        this.log.info({ service: "Redis", reconnects: this.reconnects }, `Redis at ${this.where} reconnected`);
      }
      this.ready = true;
    });
  }

  get healthy(): boolean {
    return !this.closed && this.ready && this.redis.status === "ready";
  }

  /** Reconnects since the first connection. */
  stats(): { reconnects: number } {
    return { reconnects: this.reconnects };
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  /** Runs a command; connection failures become one INFRA_UNREACHABLE line. */
  private async run<T>(fn: (r: RedisWithScripts) => Promise<T>): Promise<T> {
    if (this.closed) throw new RealmError("INFRA_UNREACHABLE", `Redis at ${this.where}: the cache is closed`);
    try {
      return await fn(this.redis);
    } catch (e) {
      const msg = oneLine(e);
      if (this.redis.status !== "ready" || /Stream isn't writeable|Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|timed out|MaxRetriesPerRequest/i.test(msg)) {
        throw new RealmError("INFRA_UNREACHABLE", `Redis at ${this.where} is unreachable: ${msg}`);
      }
      throw e;
    }
  }

  async get(key: string) {
    const v = await this.run((r) => r.get(this.k(key)));
    return v ?? undefined;
  }
  async getBytes(key: string) {
    const v = await this.run((r) => r.getBuffer(this.k(key)));
    return v ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : undefined;
  }
  async set(key: string, value: string | Uint8Array, ttlMs?: number) {
    const v = typeof value === "string" ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    await this.run((r) => (ttlMs && ttlMs > 0 ? r.set(this.k(key), v, "PX", ttlMs) : r.set(this.k(key), v)));
  }
  async setNX(key: string, value: string | Uint8Array, ttlMs?: number) {
    const v = typeof value === "string" ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const res = await this.run((r) => (ttlMs && ttlMs > 0 ? r.set(this.k(key), v, "PX", ttlMs, "NX") : r.set(this.k(key), v, "NX")));
    return res === "OK";
  }
  async del(key: string) {
    return (await this.run((r) => r.del(this.k(key)))) > 0;
  }
  async incr(key: string, by = 1, ttlMs?: number) {
    if (!Number.isInteger(by)) throw new RealmError("CFG_BAD_TYPE", `cache incr by ${by}: not an integer`);
    const v = await this.run((r) => r.rcIncrTtl(this.k(key), by, ttlMs && ttlMs > 0 ? Math.ceil(ttlMs) : 0));
    return Number(v);
  }
  async expire(key: string, ttlMs: number) {
    return (await this.run((r) => r.pexpire(this.k(key), Math.max(1, Math.ceil(ttlMs))))) === 1;
  }
  async ttl(key: string) {
    return Number(await this.run((r) => r.pttl(this.k(key))));
  }
  async hset(key: string, field: string, value: string) {
    await this.run((r) => r.hset(this.k(key), field, value));
  }
  async hget(key: string, field: string) {
    const v = await this.run((r) => r.hget(this.k(key), field));
    return v ?? undefined;
  }
  async hdel(key: string, field: string) {
    return (await this.run((r) => r.hdel(this.k(key), field))) > 0;
  }
  async hgetall(key: string) {
    const o = await this.run((r) => r.hgetall(this.k(key)));
    return new Map(Object.entries(o));
  }
  async hlen(key: string) {
    return this.run((r) => r.hlen(this.k(key)));
  }
  async ping() {
    await this.run((r) => r.ping());
  }
  async close() {
    if (this.closed) return;
    this.closed = true;
    if (this.redis.status === "ready") await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
