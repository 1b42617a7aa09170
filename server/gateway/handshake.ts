// Checking CMSG_AUTH_SESSION (protocol.md §2.3): build, account, session key, digest,
// bans. Returns the SMSG_AUTH_RESPONSE result to send, or AUTH_OK with the account.
import type { Clock } from "../kernel/clock.ts";
import { verifyWorldAuthDigest } from "../protocol/header-crypt.ts";
import type { AuthSession } from "../protocol/world/auth.ts";
import { ResponseCodes } from "../protocol/world/response-codes.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { AccountRow, Store } from "../storage/ports.ts";

/** Where the login server leaves the 40-byte session key (see server/auth/README.md). */
export const sessionKeyCacheKey = (accountName: string) => `sessionkey:${accountName.toUpperCase()}`;

export type HandshakeResult =
  | { ok: true; account: AccountRow; K: Uint8Array }
  | { ok: false; result: number; reason: string; account?: AccountRow };

export interface HandshakeDeps {
  store: Pick<Store, "accounts" | "bans">;
  cache: Cache;
  clock: Clock;
  builds: readonly number[];
  sessionKeyTtlMs: number;
}

export async function checkAuthSession(msg: AuthSession, serverSeed: number, d: HandshakeDeps): Promise<HandshakeResult> {
  if (!d.builds.includes(msg.build)) return { ok: false, result: ResponseCodes.AUTH_VERSION_MISMATCH, reason: `build ${msg.build}` };
  const name = msg.account.toUpperCase();
  if (!/^[A-Z0-9]{1,16}$/.test(name)) return { ok: false, result: ResponseCodes.AUTH_UNKNOWN_ACCOUNT, reason: "bad account name" };
  const account = await d.store.accounts.byName(name);
  if (!account) return { ok: false, result: ResponseCodes.AUTH_UNKNOWN_ACCOUNT, reason: "unknown account" };
  let K = await d.cache.getBytes(sessionKeyCacheKey(name));
  if (!K && account.sessionKey && d.clock.now() - account.sessionKeyAt <= d.sessionKeyTtlMs) K = account.sessionKey;
  if (!K || K.length !== 40) return { ok: false, result: ResponseCodes.AUTH_UNKNOWN_ACCOUNT, reason: "no session key", account };
  if (!verifyWorldAuthDigest(msg.account, msg.clientSeed, serverSeed, K, msg.digest)) {
    return { ok: false, result: ResponseCodes.AUTH_FAILED, reason: "digest mismatch", account };
  }
  const ban = await d.store.bans.activeAccountBan(account.id, d.clock.now());
  if (ban) return { ok: false, result: ResponseCodes.AUTH_BANNED, reason: "banned", account };
  return { ok: true, account, K };
}
