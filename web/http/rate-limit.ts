// Fixed-window counters in the cache port (shared by every replica). The window index
// comes from the context's clock, so a test moves time instead of sleeping; the TTL
// only collects old windows.
import type { WebCache } from "../../server/api/index.ts";

export interface RateResult {
  allowed: boolean;
  count: number;
  limit: number;
}

/** Counts one hit against `limit` per `windowMs`; allowed while the count stays within the limit. */
export async function hit(cache: WebCache, clock: { now(): number }, key: string, limit: number, windowMs: number): Promise<RateResult> {
  const bucket = Math.floor(clock.now() / windowMs);
  const count = await cache.incr(`web:rate:${key}:${bucket}`, 1, windowMs * 2);
  return { allowed: count <= limit, count, limit };
}
