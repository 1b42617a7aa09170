// Serialises read-modify-write of one shared document (a channel, a group, a contact
// list). Inside this process a promise chain per key orders the callers; across
// processes a cache key taken with incr (1 = ours, TTL against a crashed holder) does.
// In embedded mode the cache step never waits: the local chain already serialised.
import type { CacheOps } from "../../../server/api/index.ts";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)); // a wait inside one call, not a registered timer

export class KeyedLock {
  private chains = new Map<string, Promise<void>>();

  constructor(
    private cache: CacheOps,
    private ttlMs = 5000,
    private waitMs = 3000,
  ) {}

  /** Runs fn while holding the lock for key (in this process and in the cache). */
  async with<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.chains.set(key, tail);
    await prev;
    try {
      await this.acquire(key);
      try {
        return await fn();
      } finally {
        await this.cache.del(`lock:${key}`).catch(() => false);
      }
    } finally {
      release();
      if (this.chains.get(key) === tail) this.chains.delete(key);
    }
  }

  /** Keys with callers waiting or running (tests: nothing left behind). */
  get pending(): number {
    return this.chains.size;
  }

  private async acquire(key: string): Promise<void> {
    const started = performance.now();
    for (let i = 0; ; i++) {
      if ((await this.cache.incr(`lock:${key}`, 1, this.ttlMs)) === 1) return;
      // another process holds it; past waitMs the holder is presumed gone (its TTL ends it too)
      if (performance.now() - started > this.waitMs) {
        await this.cache.del(`lock:${key}`);
        continue;
      }
      await sleep(Math.min(25, 1 + i));
    }
  }
}
