// Password login for the site and the API, throttled with the game login's counters
// (the same cache keys the login server uses): a locked IP or account gets the same
// answer as a wrong password, failures count against the IP always and against the
// account when it exists, and a success clears the account's failures.
import type { AccountRow, WebContext } from "../../server/api/index.ts";

export type LoginAttempt = { ok: true; account: AccountRow } | { ok: false; reason: "invalid" | "locked" | "operator_locked"; message: string };

const INVALID = "Wrong account name or password.";

export async function attemptLogin(ctx: WebContext, name: string, password: string, ip: string, via: "web" | "api"): Promise<LoginAttempt> {
  const upper = name.trim().toUpperCase();
  const subjectIp = ip || "unknown";
  const [ipLock, accountLock] = await Promise.all([ctx.throttle.isLocked("ip", subjectIp), ctx.throttle.isLocked("account", upper)]);
  if (ipLock.locked || accountLock.locked) {
    await ctx.audit.write({ actor: `${via}:${upper}`, ip }, "login.failed", upper, { via, reason: ipLock.locked ? "ip_locked" : "account_locked" });
    return { ok: false, reason: "locked", message: INVALID };
  }
  const account = await ctx.accounts.verifyPassword(upper, password);
  if (!account) {
    const exists = await ctx.accounts.get(upper);
    const [ipOut, accOut] = await Promise.all([ctx.throttle.recordFailure("ip", subjectIp), exists ? ctx.throttle.recordFailure("account", upper) : undefined]);
    await ctx.audit.write({ actor: `${via}:${upper}`, ip }, "login.failed", upper, { via, reason: exists ? "wrong_password" : "unknown_account" });
    if (accOut?.newlyLocked) await ctx.audit.write({ actor: "system", ip }, "login.locked", upper, { kind: "account", until: accOut.until, via });
    if (ipOut.newlyLocked) await ctx.audit.write({ actor: "system", ip }, "login.locked", subjectIp, { kind: "ip", until: ipOut.until, via, account: upper });
    return { ok: false, reason: "invalid", message: INVALID };
  }
  if (account.locked) {
    await ctx.audit.write({ actor: `${via}:${account.name}`, actorAccountId: account.id, ip }, "login.failed", account.name, { via, reason: "operator_locked" });
    return { ok: false, reason: "operator_locked", message: `This account is locked${account.lockReason ? `: ${account.lockReason}` : "."}` };
  }
  await ctx.throttle.clearFailures("account", upper);
  await ctx.audit.write({ actor: `${via}:${account.name}`, actorAccountId: account.id, ip }, "login.web", account.name, { via });
  return { ok: true, account };
}
