// account create | set-password | set-gm | ban | unban | lock | list
// Every change goes through server/ops (Accounts, Bans) with actor "ctl", so it is
// validated and audited exactly as from the web portal or a GM command.
import { describeError } from "../../kernel/errors.ts";
import { GM_LEVEL_MAX } from "../../ops/accounts.ts";
import { formatDuration } from "../../ops/duration.ts";
import { sessionKeyCacheKey } from "../../auth/session-key.ts";
import { openCache } from "../../storage/cache/index.ts";
import type { AccountRow } from "../../storage/ports.ts";
import { parseCommandArgs, parseIntArg } from "../args.ts";
import type { CtlEnv } from "../env.ts";
import { defineCommands, usageError, type CtlCommand } from "../registry.ts";

function iso(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z") : "never";
}

/**
 * In cluster mode the world gateway reads session keys from Redis: drop the account's
 * key so a password change, ban or lock takes effect for reconnects and world logins at
 * once. (In embedded mode the cache lives inside the realm process; its key expires on
 * its own and the login server also checks the store, where the key is cleared.)
 */
async function forgetSessionKey(env: CtlEnv, name: string): Promise<void> {
  if (env.config.cache.adapter !== "redis") return;
  try {
    const cache = await openCache(env.config.cache, env.clock, env.log, { retryForMs: 2000 });
    try {
      await cache.del(sessionKeyCacheKey(name));
    } finally {
      await cache.close();
    }
  } catch (e) {
    env.err(`warning: could not remove ${name}'s session key from Redis: ${describeError(e)}`);
  }
}

const create: CtlCommand = {
  name: "account create",
  usage: "account create NAME PASSWORD [--email E] [--gm LEVEL]",
  summary: "create an account (name A-Z 0-9, up to 16; password up to 16 printable ASCII)",
  async run(args, env) {
    const { positionals, flags } = parseCommandArgs(create, args, { flags: ["email", "gm"], min: 2 });
    const gmLevel = flags.gm === undefined ? 0 : parseIntArg(create, "GM level", flags.gm, 0, GM_LEVEL_MAX);
    const { accounts } = await env.ops();
    const a = await accounts.create(positionals[0]!, positionals[1]!, { ...env.actor, email: flags.email, gmLevel });
    env.out(`created account ${a.name} (id ${a.id}, GM level ${a.gmLevel}${a.email ? `, email ${a.email}` : ""})`);
  },
};

const setPassword: CtlCommand = {
  name: "account set-password",
  usage: "account set-password NAME PASSWORD",
  summary: "set a new password (ends the account's session key)",
  async run(args, env) {
    const { positionals } = parseCommandArgs(setPassword, args, { min: 2 });
    const { accounts } = await env.ops();
    await accounts.setPassword(positionals[0]!, positionals[1]!, env.actor);
    const name = positionals[0]!.trim().toUpperCase();
    await forgetSessionKey(env, name);
    env.out(`changed the password of ${name}`);
  },
};

const setGm: CtlCommand = {
  name: "account set-gm",
  usage: "account set-gm NAME LEVEL",
  summary: `set the GM level (0 player .. ${GM_LEVEL_MAX} administrator)`,
  async run(args, env) {
    const { positionals } = parseCommandArgs(setGm, args, { min: 2 });
    const level = parseIntArg(setGm, "GM level", positionals[1]!, 0, GM_LEVEL_MAX);
    const { accounts } = await env.ops();
    await accounts.setGmLevel(positionals[0]!, level, env.actor);
    env.out(`${positionals[0]!.trim().toUpperCase()} now has GM level ${level}`);
  },
};

const ban: CtlCommand = {
  name: "account ban",
  usage: "account ban NAME DURATION [REASON...]",
  summary: "ban an account (DURATION: 30m, 4d20h, 1w, perm)",
  async run(args, env) {
    const { positionals } = parseCommandArgs(ban, args, { min: 2, max: Number.POSITIVE_INFINITY });
    const [name, duration, ...words] = positionals as [string, string, ...string[]];
    const reason = words.join(" ");
    const { bans } = await env.ops();
    const info = await bans.banAccount(name, duration, reason, env.actor);
    const n = name.trim().toUpperCase();
    await forgetSessionKey(env, n);
    const span = info.expiresAt === 0 ? "permanently" : `for ${formatDuration(info.expiresAt - env.clock.now())} (until ${iso(info.expiresAt)})`;
    env.out(`banned ${n} ${span}${reason ? `: ${reason}` : ""}`);
  },
};

const unban: CtlCommand = {
  name: "account unban",
  usage: "account unban NAME",
  summary: "lift an account's bans",
  async run(args, env) {
    const { positionals } = parseCommandArgs(unban, args, { min: 1 });
    const { bans } = await env.ops();
    const lifted = await bans.unbanAccount(positionals[0]!, env.actor);
    const n = positionals[0]!.trim().toUpperCase();
    env.out(lifted ? `lifted the ban on ${n}` : `${n} was not banned`);
  },
};

const lock: CtlCommand = {
  name: "account lock",
  usage: "account lock NAME [on|off] [REASON...]",
  summary: "operator lock: the client is told FAIL_LOCKED_ENFORCED (off lifts it)",
  async run(args, env) {
    const { positionals } = parseCommandArgs(lock, args, { min: 1, max: Number.POSITIVE_INFINITY });
    const [name, ...rest] = positionals as [string, ...string[]];
    let on = true;
    if (rest[0] === "on" || rest[0] === "off") on = rest.shift() === "on";
    const reason = rest.join(" ");
    if (!on && reason) throw usageError(lock, "a reason is only given when locking");
    const { accounts } = await env.ops();
    await accounts.setLocked(name, on, reason, env.actor);
    const n = name.trim().toUpperCase();
    if (on) await forgetSessionKey(env, n);
    env.out(on ? `locked ${n}${reason ? `: ${reason}` : ""}` : `unlocked ${n}`);
  },
};

function describeAccount(a: AccountRow, banned: string): string {
  const parts = [
    `${String(a.id).padStart(5)}  ${a.name.padEnd(16)}`,
    `gm=${a.gmLevel}`,
    a.locked ? `LOCKED${a.lockReason ? ` (${a.lockReason})` : ""}` : "",
    banned,
    `last login ${iso(a.lastLogin)}${a.lastIp ? ` from ${a.lastIp}` : ""}`,
    a.email ? `email ${a.email}` : "",
  ];
  return parts.filter(Boolean).join("  ");
}

const list: CtlCommand = {
  name: "account list",
  usage: "account list [SEARCH] [--limit N]",
  summary: "list accounts whose name contains SEARCH",
  async run(args, env) {
    const { positionals, flags } = parseCommandArgs(list, args, { flags: ["limit"], max: 1 });
    const limit = flags.limit === undefined ? 100 : parseIntArg(list, "limit", flags.limit, 1, 10_000);
    const { accounts, bans } = await env.ops();
    const rows = await accounts.list(positionals[0], { limit });
    for (const a of rows) {
      const b = await bans.activeAccountBan(a.id);
      const banned = b ? (b.expiresAt === 0 ? "BANNED permanently" : `BANNED until ${iso(b.expiresAt)}`) : "";
      env.out(describeAccount(a, banned));
    }
    env.out(`${rows.length} account${rows.length === 1 ? "" : "s"}${positionals[0] ? ` matching "${positionals[0]}"` : ""}${rows.length === limit ? ` (first ${limit}; use --limit)` : ""}`);
  },
};

export default defineCommands(create, setPassword, setGm, ban, unban, lock, list);
