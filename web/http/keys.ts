// Keys every web replica must agree on (CSRF, JWT) live in the cache port: the first
// replica to start writes a random one with setNX, the others read it.
import { randomBytes } from "node:crypto";
import type { WebCache } from "../../server/api/index.ts";

export async function sharedKey(cache: WebCache, name: string): Promise<string> {
  const key = `web:key:${name}`;
  await cache.setNX(key, randomBytes(32).toString("base64url"));
  const v = await cache.get(key);
  if (!v) throw new Error(`the cache did not keep the web key ${name}`);
  return v;
}
