// character list | restore | set-flags
// Characters of the configured realm (`realm.id`, or --realm), read and changed through
// the shared CharacterOps (server/ops) with actor "ctl": restoring checks the restore
// window, the 10-per-realm limit and the name; every change is audited. Works with the
// realm stopped or running (the character screen reads the store on every request).
import { RealmError } from "../../kernel/errors.ts";
import { AT_LOGIN_CUSTOMIZE, AT_LOGIN_RENAME } from "../../ops/types.ts";
import { Class, Race } from "../../protocol/world/char-constants.ts";
import type { CharacterRow } from "../../storage/ports.ts";
import { parseCommandArgs, parseIntArg } from "../args.ts";
import type { CtlEnv } from "../env.ts";
import { defineCommands, usageError, type CtlCommand } from "../registry.ts";

const title = (key: string) => key.toLowerCase().replace(/(^|_)([a-z])/g, (_m, sep: string, c: string) => `${sep ? " " : ""}${c.toUpperCase()}`);
const RACE_NAMES = new Map<number, string>(Object.entries(Race).map(([k, v]) => [v, title(k)]));
const CLASS_NAMES = new Map<number, string>(Object.entries(Class).map(([k, v]) => [v, title(k)]));

const FLAGS: Record<string, number> = { rename: AT_LOGIN_RENAME, customize: AT_LOGIN_CUSTOMIZE };

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function describeCharacter(c: CharacterRow): string {
  const pending = Object.entries(FLAGS)
    .filter(([, bit]) => c.atLogin & bit)
    .map(([name]) => `${name} pending`);
  return [
    `${String(c.guid).padStart(7)}  ${c.name.padEnd(12)}`,
    `level ${String(c.level).padStart(2)}`,
    `${RACE_NAMES.get(c.race) ?? `race ${c.race}`} ${CLASS_NAMES.get(c.class) ?? `class ${c.class}`}`,
    `realm ${c.realmId}`,
    ...pending,
    c.deletedAt ? `deleted ${iso(c.deletedAt)}` : "",
    c.online ? "online" : "",
  ]
    .filter(Boolean)
    .join("  ");
}

function realmOf(command: CtlCommand, env: CtlEnv, flag: string | undefined): number {
  return flag === undefined ? env.config.realm.id : parseIntArg(command, "realm id", flag, 1, 255);
}

/** A live character of the realm by name or guid. */
async function liveCharacter(env: CtlEnv, realmId: number, what: string): Promise<CharacterRow> {
  const { characters } = await env.ops();
  const c = /^\d+$/.test(what) ? await characters.byGuid(Number(what)) : await characters.byName(realmId, what);
  if (!c || c.deletedAt !== 0 || c.realmId !== realmId) throw new RealmError("CHARACTER_NOT_FOUND", `no character ${what} on realm ${realmId}`);
  return c;
}

const list: CtlCommand = {
  name: "character list",
  usage: "character list ACCOUNT [--deleted] [--realm ID]",
  summary: "an account's characters on the realm (--deleted: the restorable ones)",
  async run(args, env) {
    const { positionals, flags, switches } = parseCommandArgs(list, args, { flags: ["realm"], switches: ["deleted"], min: 1 });
    const realmId = realmOf(list, env, flags.realm);
    const deleted = switches.has("deleted");
    const store = await env.store();
    const account = await store.accounts.byName(positionals[0]!.trim().toUpperCase());
    if (!account) throw new RealmError("ACCOUNT_NOT_FOUND", `no account named ${positionals[0]!.trim().toUpperCase()}`);
    const rows = await store.characters.listByAccount(account.id, realmId, { deleted });
    for (const c of rows) env.out(describeCharacter(c));
    env.out(`${rows.length} ${deleted ? "deleted " : ""}character${rows.length === 1 ? "" : "s"} of ${account.name} on realm ${realmId}`);
  },
};

const restore: CtlCommand = {
  name: "character restore",
  usage: "character restore NAME|GUID [--realm ID]",
  summary: "bring back a deleted character (inside world.deleteRestoreDays)",
  async run(args, env) {
    const { positionals, flags } = parseCommandArgs(restore, args, { flags: ["realm"], min: 1 });
    const realmId = realmOf(restore, env, flags.realm);
    const what = positionals[0]!.trim();
    const { characters } = await env.ops();
    let guid: number;
    if (/^\d+$/.test(what)) {
      guid = Number(what);
    } else {
      const found = (await characters.search(what, { realmId, deleted: true, limit: 1000 })).filter((c) => c.name.toLowerCase() === what.toLowerCase());
      if (found.length === 0) throw new RealmError("CHARACTER_NOT_FOUND", `no deleted character named ${what} on realm ${realmId}`);
      if (found.length > 1) throw usageError(restore, `${found.length} deleted characters are named ${found[0]!.name} (guids ${found.map((c) => c.guid).join(", ")}); give the GUID`);
      guid = found[0]!.guid;
    }
    const c = await characters.byGuid(guid);
    if (!c || c.deletedAt === 0) throw new RealmError("CHARACTER_NOT_FOUND", `no deleted character with guid ${guid}`);
    const r = await characters.restoreDeleted(guid, env.actor);
    if (!r.ok) throw new RealmError("CMD_FAILED", `cannot restore ${c.name} (guid ${guid}): ${r.reason ?? "refused"}`);
    env.out(`restored ${c.name} (guid ${guid}) on realm ${c.realmId}`);
  },
};

const setFlags: CtlCommand = {
  name: "character set-flags",
  usage: "character set-flags NAME|GUID rename|customize [--off] [--realm ID]",
  summary: "ask for a new name or a new look at the next login (--off withdraws it)",
  async run(args, env) {
    const { positionals, flags, switches } = parseCommandArgs(setFlags, args, { flags: ["realm"], switches: ["off"], min: 2 });
    const which = positionals[1]!.toLowerCase();
    const bit = FLAGS[which];
    if (bit === undefined) throw usageError(setFlags, `unknown flag "${positionals[1]}"; use rename or customize`);
    const realmId = realmOf(setFlags, env, flags.realm);
    const c = await liveCharacter(env, realmId, positionals[0]!.trim());
    const off = switches.has("off");
    const { characters } = await env.ops();
    await characters.setAtLogin(c.guid, off ? 0 : bit, off ? bit : 0, env.actor);
    env.out(off ? `${c.name} (guid ${c.guid}): ${which} withdrawn` : `${c.name} (guid ${c.guid}) will be asked to ${which === "rename" ? "choose a new name" : "change appearance"} at the character screen`);
  },
};

export default defineCommands(list, restore, setFlags);
