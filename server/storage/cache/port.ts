// The cache/KV port: short-lived shared state. Session keys for the gateway, login
// failure counters and locks, web sessions and CSRF secrets, rate limits, presence.
// In-memory in embedded mode, Redis in cluster mode. Keys are relative; each adapter
// prepends its configured key prefix. TTLs are in milliseconds.

export interface Cache {
  readonly kind: "memory" | "redis";
  get(key: string): Promise<string | undefined>;
  getBytes(key: string): Promise<Uint8Array | undefined>;
  set(key: string, value: string | Uint8Array, ttlMs?: number): Promise<void>;
  /** Sets only if absent; true when it set. */
  setNX(key: string, value: string | Uint8Array, ttlMs?: number): Promise<boolean>;
  del(key: string): Promise<boolean>;
  /** Atomic add; a new counter starts at 0 and gets `ttlMs` (if given) when created. */
  incr(key: string, by?: number, ttlMs?: number): Promise<number>;
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Remaining ms; -1 = no expiry, -2 = no such key. */
  ttl(key: string): Promise<number>;
  // hashes (presence tables: field -> value)
  hset(key: string, field: string, value: string): Promise<void>;
  hget(key: string, field: string): Promise<string | undefined>;
  hdel(key: string, field: string): Promise<boolean>;
  hgetall(key: string): Promise<Map<string, string>>;
  hlen(key: string): Promise<number>;
  /** Liveness probe. */
  ping(): Promise<void>;
  readonly healthy: boolean;
  close(): Promise<void>;
}
