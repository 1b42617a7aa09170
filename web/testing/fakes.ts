// Small in-memory stand-ins for unit tests of the http helpers (no realm needed).
import type { WebCache } from "../../server/api/index.ts";

export class ManualClockLike {
  t = Date.UTC(2026, 0, 1);
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export class MapCache implements WebCache {
  m = new Map<string, string>();
  async get(k: string) {
    return this.m.get(k);
  }
  async set(k: string, v: string) {
    this.m.set(k, v);
  }
  async setNX(k: string, v: string) {
    if (this.m.has(k)) return false;
    this.m.set(k, v);
    return true;
  }
  async del(k: string) {
    return this.m.delete(k);
  }
  async incr(k: string, by = 1) {
    const n = Number(this.m.get(k) ?? 0) + by;
    this.m.set(k, String(n));
    return n;
  }
}
