// Persistent JSON documents (ctx.data, in the store) with a read-through copy in the
// shared cache, so hot paths (ignore lists on every chat line, a member's group on every
// party line) do not hit the store. Writes go to the store first, then the cache. Reads
// for a read-modify-write use fresh() under the document's lock.
import type { CacheOps, PluginContext } from "../../../server/api/index.ts";

const NONE = "null";

export class Docs {
  constructor(
    private data: PluginContext["data"],
    private cache: CacheOps,
    private ttlMs = 300_000,
  ) {}

  private key(k: string): string {
    return `doc:${k}`;
  }

  async get<T>(k: string): Promise<T | undefined> {
    const c = await this.cache.get(this.key(k));
    if (c !== undefined) return c === NONE ? undefined : (JSON.parse(c) as T);
    return this.fresh<T>(k);
  }

  /** Reads the store (and refreshes the cached copy). */
  async fresh<T>(k: string): Promise<T | undefined> {
    const v = await this.data.get<T>(k);
    await this.cache.set(this.key(k), v === undefined ? NONE : JSON.stringify(v), this.ttlMs);
    return v;
  }

  async put(k: string, v: unknown): Promise<void> {
    await this.data.put(k, v);
    await this.cache.set(this.key(k), JSON.stringify(v), this.ttlMs);
  }

  async delete(k: string): Promise<void> {
    await this.data.delete(k);
    await this.cache.set(this.key(k), NONE, this.ttlMs);
  }

  list<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    return this.data.list<T>(prefix);
  }
}

/** JSON documents that live only in the shared cache (volatile state: channels, invitations). */
export class CacheDocs {
  constructor(private cache: CacheOps) {}

  async get<T>(k: string): Promise<T | undefined> {
    const c = await this.cache.get(k);
    return c === undefined ? undefined : (JSON.parse(c) as T);
  }

  async put(k: string, v: unknown, ttlMs?: number): Promise<void> {
    await this.cache.set(k, JSON.stringify(v), ttlMs);
  }

  async delete(k: string): Promise<void> {
    await this.cache.del(k);
  }
}
