// The Cache conformance suite against the in-memory adapter. Caches opened by the
// harness share one map, like two processes sharing one Redis.
import { cacheConformance } from "./cache.conformance.ts";
import { MemoryCache } from "./memory.ts";

const shared = MemoryCache.sharedMap();
cacheConformance({
  name: "memory",
  prefix: "rc:",
  open: async (prefix) => new MemoryCache(prefix, undefined, shared),
});
