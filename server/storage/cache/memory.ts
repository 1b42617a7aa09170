// In-memory cache (embedded mode). Expiry reads an injectable clock so tests with a
// ManualClock see keys expire without sleeping.
import type { Clock } from "../../kernel/clock.ts";
import { systemClock } from "../../kernel/clock.ts";
import type { Cache } from "./port.ts";

type Entry = { v: string | Uint8Array | Map<string, string>; exp: number };

export class MemoryCache implements Cache {
  readonly kind = "memory" as const;
  private m = new Map<string, Entry>();
  private closed = false;

  constructor(
    private readonly prefix = "",
    private readonly clock: Clock = systemClock,
    /** Several MemoryCache instances may share one map (two "processes" in one test). */
    shared?: Map<string, Entry>,
  ) {
    if (shared) this.m = shared;
  }

  static sharedMap(): Map<string, Entry> {
    return new Map();
  }

  private live(key: string): Entry | undefined {
    const k = this.prefix + key;
    const e = this.m.get(k);
    if (!e) return undefined;
    if (e.exp !== 0 && e.exp <= this.clock.now()) {
      this.m.delete(k);
      return undefined;
    }
    return e;
  }
  private exp(ttlMs?: number): number {
    return ttlMs && ttlMs > 0 ? this.clock.now() + ttlMs : 0;
  }

  get healthy(): boolean {
    return !this.closed;
  }

  async get(key: string) {
    const e = this.live(key);
    if (!e) return undefined;
    return typeof e.v === "string" ? e.v : e.v instanceof Uint8Array ? new TextDecoder().decode(e.v) : undefined;
  }
  async getBytes(key: string) {
    const e = this.live(key);
    if (!e) return undefined;
    return typeof e.v === "string" ? new TextEncoder().encode(e.v) : e.v instanceof Uint8Array ? e.v.slice() : undefined;
  }
  async set(key: string, value: string | Uint8Array, ttlMs?: number) {
    this.m.set(this.prefix + key, { v: typeof value === "string" ? value : value.slice(), exp: this.exp(ttlMs) });
  }
  async setNX(key: string, value: string | Uint8Array, ttlMs?: number) {
    if (this.live(key)) return false;
    await this.set(key, value, ttlMs);
    return true;
  }
  async del(key: string) {
    const had = this.live(key) !== undefined;
    this.m.delete(this.prefix + key);
    return had;
  }
  async incr(key: string, by = 1, ttlMs?: number) {
    const e = this.live(key);
    if (!e) {
      this.m.set(this.prefix + key, { v: String(by), exp: this.exp(ttlMs) });
      return by;
    }
    const n = Number(typeof e.v === "string" ? e.v : NaN);
    if (!Number.isInteger(n)) throw new Error(`cache key ${key} does not hold an integer`);
    e.v = String(n + by);
    return n + by;
  }
  async expire(key: string, ttlMs: number) {
    const e = this.live(key);
    if (!e) return false;
    e.exp = this.exp(ttlMs);
    return true;
  }
  async ttl(key: string) {
    const e = this.live(key);
    if (!e) return -2;
    return e.exp === 0 ? -1 : Math.max(0, e.exp - this.clock.now());
  }
  private hash(key: string, create: boolean): Map<string, string> | undefined {
    const e = this.live(key);
    if (e && e.v instanceof Map) return e.v;
    if (!create) return undefined;
    const h = new Map<string, string>();
    this.m.set(this.prefix + key, { v: h, exp: e?.exp ?? 0 });
    return h;
  }
  async hset(key: string, field: string, value: string) {
    this.hash(key, true)!.set(field, value);
  }
  async hget(key: string, field: string) {
    return this.hash(key, false)?.get(field);
  }
  async hdel(key: string, field: string) {
    const h = this.hash(key, false);
    if (!h) return false;
    const had = h.delete(field);
    if (h.size === 0) this.m.delete(this.prefix + key);
    return had;
  }
  async hgetall(key: string) {
    return new Map(this.hash(key, false) ?? []);
  }
  async hlen(key: string) {
    return this.hash(key, false)?.size ?? 0;
  }
  async ping() {}
  async close() {
    this.closed = true;
  }
}
