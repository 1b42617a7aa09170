// The cache module's front door: `openCache` picks the adapter the configuration
// names (in-memory in embedded mode, Redis in cluster mode), plus re-exports. Redis is
// a cluster service: the first connection is retried with backoff and gives up with
// one INFRA_UNREACHABLE line (see kernel/retry.ts).
import type { Clock } from "../../kernel/clock.ts";
import { systemClock } from "../../kernel/clock.ts";
import type { RealmConfig } from "../../kernel/config.ts";
import { silentLogger, type Logger } from "../../kernel/logger.ts";
import type { RetryOptions } from "../../kernel/retry.ts";
import { MemoryCache } from "./memory.ts";
import type { Cache } from "./port.ts";
import { connectRedisCache } from "./redis.ts";

export type CacheConfig = RealmConfig["cache"];

export interface OpenCacheOptions extends Pick<RetryOptions, "retryForMs" | "initialDelayMs" | "maxDelayMs"> {
  /** Memory adapter: share one map between caches (several "processes" in one test). */
  shared?: ReturnType<typeof MemoryCache.sharedMap>;
}

/** Opens the configured cache. The clock drives expiry of the memory adapter only (Redis expires keys itself). */
export async function openCache(cfg: CacheConfig, clock: Clock = systemClock, log: Logger = silentLogger, opts: OpenCacheOptions = {}): Promise<Cache> {
  if (cfg.adapter === "memory") return new MemoryCache(cfg.keyPrefix, clock, opts.shared);
  return connectRedisCache({
    url: cfg.redisUrl,
    prefix: cfg.keyPrefix,
    log,
    retryForMs: opts.retryForMs,
    initialDelayMs: opts.initialDelayMs,
    maxDelayMs: opts.maxDelayMs,
  });
}

export type * from "./port.ts";
export { MemoryCache } from "./memory.ts";
export { RedisCache, connectRedisCache, type RedisCacheOptions } from "./redis.ts";
