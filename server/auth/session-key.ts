// Where the 40-byte SRP6 session key K goes after a login, so the world gateway (another
// process in cluster mode) can verify CMSG_AUTH_SESSION and this server can answer a
// reconnect:
//
// * the store: accounts.sessionKey (40 bytes), accounts.sessionKeyAt (ms), plus lastIp,
//   lastLogin and failedLogins = 0 in the same update;
// * the cache: key `sessionkey:<ACCOUNTNAME>` (upper-case name, relative to the cache's
//   prefix), value the 40 raw bytes, TTL auth.sessionKeyTtlS.
//
// Readers try the cache first and fall back to the store, where a key older than the
// TTL (by the injected clock) counts as absent.
import type { Clock } from "../kernel/clock.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { AccountRow, AccountStore } from "../storage/ports.ts";
import { SESSION_KEY_LENGTH } from "../protocol/srp6.ts";

export const SESSION_KEY_CACHE_PREFIX = "sessionkey:";

/** The cache key holding an account's session key. */
export function sessionKeyCacheKey(accountName: string): string {
  return SESSION_KEY_CACHE_PREFIX + accountName.trim().toUpperCase();
}

export interface SessionKeyDeps {
  cache: Cache;
  accounts: AccountStore;
  clock: Clock;
  ttlMs: number;
}

/** Persists K for an account after a successful proof (store and cache, in parallel). */
export async function saveSessionKey(d: SessionKeyDeps, account: Pick<AccountRow, "id" | "name">, K: Uint8Array, ip: string): Promise<void> {
  const now = d.clock.now();
  await Promise.all([
    d.accounts.update(account.id, { sessionKey: Buffer.from(K), sessionKeyAt: now, lastIp: ip, lastLogin: now, failedLogins: 0 }),
    d.cache.set(sessionKeyCacheKey(account.name), K, d.ttlMs),
  ]);
}

/**
 * The account's current session key: the cache first, then the store (if younger than the
 * TTL; the cache entry is then restored for the rest of its life). Undefined when none.
 * A store row whose sessionKey is NULL (a password change clears it) revokes the key even
 * if the cache still holds one.
 */
export async function loadSessionKey(d: SessionKeyDeps, account: AccountRow): Promise<Uint8Array | undefined> {
  const stored = account.sessionKey;
  if (!stored || stored.length !== SESSION_KEY_LENGTH) return undefined;
  const cached = await d.cache.getBytes(sessionKeyCacheKey(account.name));
  if (cached && cached.length === SESSION_KEY_LENGTH) return cached;
  const age = Math.max(0, d.clock.now() - account.sessionKeyAt);
  if (age >= d.ttlMs) return undefined;
  const K = new Uint8Array(stored);
  await d.cache.set(sessionKeyCacheKey(account.name), K, d.ttlMs - age);
  return K;
}

/** Removes the cached key (password change, ban). The store column is cleared by the caller. */
export async function forgetSessionKey(cache: Cache, accountName: string): Promise<void> {
  await cache.del(sessionKeyCacheKey(accountName));
}
