// CMD_AUTH_RECONNECT_CHALLENGE / CMD_AUTH_RECONNECT_PROOF (protocol.md §1.10): a client
// that still holds K proves it with R2 = SHA1(I | R1 | challengeData | K).
//
// at the challenge (`02 <r>`, then close): banned IP 0x0D; protocol/build 0x09. Otherwise
//   every name gets the normal 34-byte challenge (16 random bytes), known or not.
// at the proof (`03 <r> 00 00`, then close):
//   no account, or no live session key     0x04 (keyless reconnect is never accepted)
//   R2 wrong (R3 too, with strictVersionCheck)   0x04
//   operator lock 0x10; permanent ban 0x03; temporary ban 0x0C
//   success `03 00 00 00` -> AUTHED (realm lists allowed)
// K is read from the cache first, the store as fallback (session-key.ts).
import { randomBytes } from "node:crypto";
import { LoginResult, loginResultName, type LoginFailure } from "../protocol/login/result.ts";
import { AuthCmd } from "../protocol/opcodes.ts";
import { LOGIN_PROTOCOL_VERSION, type AuthChallengeClient } from "../protocol/login/logon-challenge.ts";
import { CMD_AUTH_RECONNECT_CHALLENGE_Server, reconnectChallengeSuccess, type AuthReconnectProofClient } from "../protocol/login/reconnect.ts";
import { upperAscii } from "../protocol/hash.ts";
import { verifyReconnectChecksum } from "../protocol/integrity.ts";
import { verifyReconnectProof } from "../protocol/srp6.ts";
import { isPlausibleAccountName } from "./logon.ts";
import { failureReply, RECONNECT_PROOF_OK } from "./replies.ts";
import type { AuthSession } from "./session.ts";
import { AuthState } from "./state.ts";
import { loadSessionKey } from "./session-key.ts";

async function refuse(s: AuthSession, cmd: number, name: string, result: LoginFailure, reason: string, details: Record<string, unknown> = {}): Promise<void> {
  s.ctx.metrics.reconnect(result);
  await s.ctx.audit("login.failed", name, { reason, result: loginResultName(result), reconnect: true, ...details }, s.ip);
  s.refuse(failureReply(cmd, result)!);
}

export async function handleReconnectChallenge(s: AuthSession, c: AuthChallengeClient): Promise<void> {
  const name = upperAscii(c.accountName);
  const ban = await s.ipBan;
  if (s.closed) return;
  if ("error" in ban) throw ban.error;
  const cmd = AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE;
  if (ban.banned) return refuse(s, cmd, name, LoginResult.FAIL_NO_ACCESS, "ip_banned", { banReason: ban.ban.reason });
  if (c.protocolVersion !== LOGIN_PROTOCOL_VERSION || !s.ctx.builds.has(c.build)) {
    return refuse(s, cmd, name, LoginResult.FAIL_VERSION_INVALID, "version", { build: c.build, protocol: c.protocolVersion });
  }
  const challengeData = new Uint8Array(randomBytes(16));
  s.recon = { name, challengeData, build: c.build, os: c.os };
  s.state = AuthState.RECON_PROOF;
  s.sendMessage(CMD_AUTH_RECONNECT_CHALLENGE_Server, reconnectChallengeSuccess(challengeData));
}

export async function handleReconnectProof(s: AuthSession, p: AuthReconnectProofClient): Promise<void> {
  const ctx = s.ctx;
  const pending = s.recon!;
  s.recon = undefined; // the challenge data is used once
  const { name } = pending;
  const cmd = AuthCmd.CMD_AUTH_RECONNECT_PROOF;
  const account = isPlausibleAccountName(name) ? await ctx.deps.store.accounts.byName(name) : undefined;
  if (s.closed) return;
  const K = account ? await loadSessionKey(ctx.sessionKeys, account) : undefined;
  if (s.closed) return;
  if (!account || !K) return refuse(s, cmd, name, LoginResult.FAIL_UNKNOWN_ACCOUNT, account ? "reconnect_no_key" : "unknown_account");
  const proofOk = verifyReconnectProof(account.name, p.R1, pending.challengeData, K, p.R2);
  const checksumOk = !ctx.config.strictVersionCheck || verifyReconnectChecksum(p.R1, p.R3);
  if (!proofOk || !checksumOk) return refuse(s, cmd, name, LoginResult.FAIL_UNKNOWN_ACCOUNT, proofOk ? "reconnect_checksum" : "reconnect_bad_proof");

  if (account.locked) return refuse(s, cmd, name, LoginResult.FAIL_LOCKED_ENFORCED, "operator_locked", { lockReason: account.lockReason });
  const ban = await ctx.deps.store.bans.activeAccountBan(account.id, ctx.deps.clock.now());
  if (s.closed) return;
  if (ban) {
    const permanent = ban.expiresAt === 0;
    return refuse(s, cmd, name, permanent ? LoginResult.FAIL_BANNED : LoginResult.FAIL_SUSPENDED, permanent ? "banned" : "suspended", {
      banReason: ban.reason,
      expiresAt: ban.expiresAt,
    });
  }
  await ctx.deps.store.accounts.update(account.id, { lastIp: s.ip, lastLogin: ctx.deps.clock.now() });
  if (s.closed) return;
  ctx.metrics.reconnect(LoginResult.SUCCESS);
  s.send(RECONNECT_PROOF_OK);
  s.authenticate({ id: account.id, name: account.name });
}
