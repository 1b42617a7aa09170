// CMD_AUTH_LOGON_CHALLENGE and CMD_AUTH_LOGON_PROOF (protocol.md §1.2-§1.7), with the
// result choices of design.md §6 "Login results":
//
// at the challenge (3-byte failure `00 00 <r>`, then close):
//   banned IP                   0x0D FAIL_NO_ACCESS
//   protocol != 8 / build       0x09 FAIL_VERSION_INVALID
//   anything else               the normal 119-byte challenge; an unknown name gets a
//                               deterministic fake salt and B (HMAC of the server secret
//                               and the name), so names cannot be probed
// at the proof (4-byte failure `01 <r> 00 00`, then close; one attempt per connection):
//   A mod N == 0                0x04 (counted as a failure)
//   strict version check fails  0x09
//   account or IP brute-force locked   0x04, without running the verifier
//   unknown name / wrong password      0x04 (counted; may place a lock)
//   right password, operator lock      0x10 FAIL_LOCKED_ENFORCED
//   right password, permanent ban      0x03 FAIL_BANNED
//   right password, temporary ban      0x0C FAIL_SUSPENDED
//   success                            32 bytes: M2, account flags (0x01 GM)
// Bans and operator locks are answered only after a correct proof, so they reveal neither
// that the account exists nor its state to someone without the password. The true reason
// of every refusal goes to the audit log.
import { LoginResult, loginResultName, type LoginFailure } from "../protocol/login/result.ts";
import { AuthCmd } from "../protocol/opcodes.ts";
import { CMD_AUTH_LOGON_CHALLENGE_Server, logonChallengeSuccess, LOGIN_PROTOCOL_VERSION, type AuthChallengeClient } from "../protocol/login/logon-challenge.ts";
import { ACCOUNT_FLAG_GM, CMD_AUTH_LOGON_PROOF_Server, type AuthLogonProofClient } from "../protocol/login/logon-proof.ts";
import { upperAscii } from "../protocol/hash.ts";
import { checkVersionHash } from "../protocol/integrity.ts";
import { createServerChallenge, fakeChallenge, fakePrivateEphemeral, isValidPublicEphemeral, verifyClientProof } from "../protocol/srp6.ts";
import type { LockState } from "./lockout.ts";
import { failureReply } from "./replies.ts";
import type { AuthSession, PendingLogon } from "./session.ts";
import { AuthState } from "./state.ts";
import { saveSessionKey } from "./session-key.ts";

const ACCOUNT_NAME_RE = /^[A-Z0-9]{1,16}$/;

/** Could this (upper-case) name be an account? Anything else is answered as unknown without a lookup. */
export function isPlausibleAccountName(name: string): boolean {
  return ACCOUNT_NAME_RE.test(name);
}

const NOT_LOCKED: LockState = { locked: false, until: 0 };

/** Refusal at the challenge: counts, audits, answers `00 00 <r>` and closes. */
async function refuseChallenge(s: AuthSession, name: string, result: LoginFailure, reason: string, details: Record<string, unknown> = {}): Promise<void> {
  s.ctx.metrics.login(result);
  await s.ctx.audit("login.failed", name, { reason, result: loginResultName(result), ...details }, s.ip);
  s.refuse(failureReply(AuthCmd.CMD_AUTH_LOGON_CHALLENGE, result)!);
}

export async function handleLogonChallenge(s: AuthSession, c: AuthChallengeClient): Promise<void> {
  const ctx = s.ctx;
  const name = upperAscii(c.accountName);
  const ban = await s.ipBan;
  if (s.closed) return;
  if ("error" in ban) throw ban.error;
  if (ban.banned) return refuseChallenge(s, name, LoginResult.FAIL_NO_ACCESS, "ip_banned", { banReason: ban.ban.reason });
  if (c.protocolVersion !== LOGIN_PROTOCOL_VERSION || !ctx.builds.has(c.build)) {
    return refuseChallenge(s, name, LoginResult.FAIL_VERSION_INVALID, "version", { build: c.build, protocol: c.protocolVersion });
  }
  const account = isPlausibleAccountName(name) ? await ctx.deps.store.accounts.byName(name) : undefined;
  if (s.closed) return;
  const t0 = performance.now();
  const challenge = account
    ? createServerChallenge(account.salt, account.verifier)
    : fakeChallenge(ctx.secret, name, fakePrivateEphemeral(ctx.secret, name));
  ctx.metrics.srp("challenge", (performance.now() - t0) * 1000);
  s.logon = { name, account, challenge, build: c.build, os: c.os };
  s.state = AuthState.LOGON_PROOF;
  s.sendMessage(CMD_AUTH_LOGON_CHALLENGE_Server, logonChallengeSuccess(challenge.B, challenge.salt));
}

/** Refusal at the proof without counting a failure: counts the result, audits, `01 <r> 00 00`, close. */
async function refuseProof(s: AuthSession, name: string, result: LoginFailure, reason: string, details: Record<string, unknown> = {}): Promise<void> {
  s.ctx.metrics.login(result);
  await s.ctx.audit("login.failed", name, { reason, result: loginResultName(result), ...details }, s.ip);
  s.refuse(failureReply(AuthCmd.CMD_AUTH_LOGON_PROOF, result)!);
}

/** A failed password attempt: counted against the IP and the account, maybe locking them. */
async function failedAttempt(s: AuthSession, p: PendingLogon, reason: string): Promise<void> {
  const ctx = s.ctx;
  const { name, account } = p;
  const [ipOutcome, accountOutcome] = await Promise.all([
    ctx.lockout.recordFailure("ip", s.ip),
    account ? ctx.lockout.recordFailure("account", name) : undefined,
    account ? ctx.deps.store.accounts.update(account.id, { failedLogins: account.failedLogins + 1 }) : undefined,
  ]);
  const audits: Promise<void>[] = [ctx.audit("login.failed", name, { reason, result: "FAIL_UNKNOWN_ACCOUNT" }, s.ip)];
  if (accountOutcome?.newlyLocked) {
    ctx.metrics.locked("account");
    audits.push(ctx.audit("login.locked", name, { kind: "account", until: accountOutcome.until, failures: ctx.lockout.policy.account.failures }, s.ip));
  }
  if (ipOutcome.newlyLocked) {
    ctx.metrics.locked("ip");
    audits.push(ctx.audit("login.locked", s.ip, { kind: "ip", until: ipOutcome.until, failures: ctx.lockout.policy.ip.failures, account: name }, s.ip));
  }
  await Promise.all(audits);
  ctx.metrics.login(LoginResult.FAIL_UNKNOWN_ACCOUNT);
  s.refuse(failureReply(AuthCmd.CMD_AUTH_LOGON_PROOF, LoginResult.FAIL_UNKNOWN_ACCOUNT)!);
}

export async function handleLogonProof(s: AuthSession, p: AuthLogonProofClient): Promise<void> {
  const ctx = s.ctx;
  const pending = s.logon!;
  s.logon = undefined; // the server ephemeral b is used once
  const { name, account } = pending;

  if (!isValidPublicEphemeral(p.A)) return failedAttempt(s, pending, "bad_ephemeral");
  if (ctx.config.strictVersionCheck && checkVersionHash(p.A, p.crcHash, pending.build, pending.os) === "mismatch") {
    return refuseProof(s, name, LoginResult.FAIL_VERSION_INVALID, "version_hash", { build: pending.build, os: pending.os });
  }

  const [accountLock, ipLock, ban] = await Promise.all([
    account ? ctx.lockout.isLocked("account", name) : NOT_LOCKED,
    ctx.lockout.isLocked("ip", s.ip),
    account ? ctx.deps.store.bans.activeAccountBan(account.id, ctx.deps.clock.now()) : undefined,
  ]);
  if (s.closed) return;
  // a locked subject gets the wrong-password answer, and the verifier is not consulted
  if (accountLock.locked) return refuseProof(s, name, LoginResult.FAIL_UNKNOWN_ACCOUNT, "account_locked", { until: accountLock.until });
  if (ipLock.locked) return refuseProof(s, name, LoginResult.FAIL_UNKNOWN_ACCOUNT, "ip_locked", { until: ipLock.until });

  const t0 = performance.now();
  const proof = verifyClientProof(pending.challenge, name, p.A, p.M1);
  ctx.metrics.srp("proof", (performance.now() - t0) * 1000);
  if (!account) return failedAttempt(s, pending, "unknown_account");
  if (!proof) return failedAttempt(s, pending, "wrong_password");

  if (account.locked) return refuseProof(s, name, LoginResult.FAIL_LOCKED_ENFORCED, "operator_locked", { lockReason: account.lockReason });
  if (ban) {
    const permanent = ban.expiresAt === 0;
    return refuseProof(s, name, permanent ? LoginResult.FAIL_BANNED : LoginResult.FAIL_SUSPENDED, permanent ? "banned" : "suspended", {
      banReason: ban.reason,
      expiresAt: ban.expiresAt,
    });
  }

  await Promise.all([
    saveSessionKey(ctx.sessionKeys, account, proof.K, s.ip),
    account.failedLogins > 0 ? ctx.lockout.clearFailures("account", name) : undefined,
  ]);
  if (s.closed) return;
  ctx.metrics.login(LoginResult.SUCCESS);
  s.sendMessage(CMD_AUTH_LOGON_PROOF_Server, {
    result: LoginResult.SUCCESS,
    M2: proof.M2,
    accountFlags: account.gmLevel > 0 ? ACCOUNT_FLAG_GM : 0,
    hardwareSurveyId: 0,
    unknownFlags: 0,
  });
  s.authenticate({ id: account.id, name: account.name });
}
