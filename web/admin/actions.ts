// Admin operations on accounts, characters and realms, shared by the portal's forms and
// /api/v1/admin. Each names its fields (validated before anything is written) and
// returns what to tell the operator. Every write is audited (ops audit their own
// writes; the rest is audited here) with the actor "web:<ACCOUNT>".
import { AT_LOGIN_CUSTOMIZE, AT_LOGIN_RENAME, RealmError, type AccountRow, type Actor, type CharacterRow, type WebContext } from "../../server/api/index.ts";
import { PASSWORD, type Spec, type Values } from "../http/forms.ts";

export interface ActionEnv {
  ctx: WebContext;
  by: Actor;
  actor: AccountRow;
}

export type ActionResult = { ok: true; message: string } | { ok: false; status: number; message: string; errors?: Record<string, string> };

export interface Action<S extends Spec, T> {
  spec: S;
  run(env: ActionEnv, target: T, v: Values<S>): Promise<ActionResult>;
}

const done = (message: string): ActionResult => ({ ok: true, message });
const refuse = (status: number, message: string, errors?: Record<string, string>): ActionResult => ({ ok: false, status, message, errors });
const REASON = { kind: "text", label: "Reason", max: 200, required: false } as const;

/** A GM may act on accounts below their own level (level 4 on every account). */
export function canManage(actor: Pick<AccountRow, "gmLevel" | "id">, target: Pick<AccountRow, "gmLevel" | "id">): boolean {
  return actor.gmLevel >= 4 || actor.gmLevel > target.gmLevel;
}

function defineAction<S extends Spec, T>(a: Action<S, T>): Action<S, T> {
  return a;
}

/** RealmErrors from the ops become a form-level refusal; anything else is a fault. */
async function guarded(fn: () => Promise<ActionResult>, field?: string): Promise<ActionResult> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RealmError) return refuse(422, e.message, field ? { [field]: e.message } : undefined);
    throw e;
  }
}

/** "rename, customize" / "none" for a characters.atLogin value. */
export function atLoginText(atLogin: number): string {
  return [atLogin & AT_LOGIN_RENAME ? "rename" : "", atLogin & AT_LOGIN_CUSTOMIZE ? "customize" : ""].filter(Boolean).join(", ") || "none";
}

export const accountActions = {
  ban: defineAction({
    spec: {
      duration: { kind: "text", label: "Duration", max: 32, pattern: /^(perm|permanent|0|-1|\d+|(\d+[smhdwSMHDW])+)$/, hint: "e.g. 30m, 4d20h, 1w or perm" },
      reason: { kind: "text", label: "Reason", max: 200 },
    },
    run: (env, a: AccountRow, v) =>
      guarded(async () => {
        const b = await env.ctx.bans.banAccount(a.name, v.duration, v.reason, env.by);
        return done(`${a.name} is banned ${b.expiresAt === 0 ? "permanently" : "until " + new Date(b.expiresAt).toISOString()}.`);
      }, "duration"),
  }),
  unban: defineAction({
    spec: {},
    run: async (env, a: AccountRow) => done((await env.ctx.bans.unbanAccount(a.name, env.by)) ? `${a.name} is no longer banned.` : `${a.name} had no ban in force.`),
  }),
  mute: defineAction({
    spec: { minutes: { kind: "int", label: "Minutes", min: 0, max: 525_600 }, reason: REASON },
    run: (env, a: AccountRow, v) =>
      guarded(async () => {
        await env.ctx.accounts.mute(a.name, v.minutes, v.reason, env.by);
        return done(v.minutes === 0 ? `${a.name} may chat again.` : `${a.name} is muted for ${v.minutes} minute(s).`);
      }, "minutes"),
  }),
  gm: defineAction({
    spec: { level: { kind: "int", label: "GM level", min: 0, max: 4 } },
    run: async (env, a: AccountRow, v) => {
      if (v.level > env.actor.gmLevel) return refuse(403, `You cannot grant a level above your own (${env.actor.gmLevel}).`, { level: "above your own level" });
      return guarded(async () => {
        await env.ctx.accounts.setGmLevel(a.name, v.level, env.by);
        return done(`${a.name} now has GM level ${v.level}.`);
      }, "level");
    },
  }),
  password: defineAction({
    spec: { password: { ...PASSWORD, label: "New password" } },
    run: (env, a: AccountRow, v) =>
      guarded(async () => {
        await env.ctx.accounts.setPassword(a.name, v.password, env.by);
        return done(`The password of ${a.name} was reset.`);
      }, "password"),
  }),
  lock: defineAction({
    spec: { reason: REASON },
    run: async (env, a: AccountRow, v) => {
      await env.ctx.accounts.setLocked(a.name, true, v.reason, env.by);
      await env.ctx.sessions.kickAccount(a.id, "account locked");
      return done(`${a.name} is locked.`);
    },
  }),
  unlock: defineAction({
    spec: {},
    run: async (env, a: AccountRow) => {
      await env.ctx.accounts.setLocked(a.name, false, "", env.by);
      return done(`${a.name} is unlocked.`);
    },
  }),
};

export type AccountActionName = keyof typeof accountActions;

async function online(env: ActionEnv, c: CharacterRow) {
  return c.realmId === env.ctx.realm.id ? env.ctx.sessions.byGuid(c.guid) : undefined;
}

export const characterActions = {
  kick: defineAction({
    spec: { reason: REASON },
    run: async (env, c: CharacterRow, v) => {
      const p = await online(env, c);
      if (!p) return refuse(409, `${c.name} is not in the world on this realm.`);
      env.ctx.sessions.kick(p, v.reason || "kicked by a GM");
      await env.ctx.audit.write(env.by, "character.kick", c.name, { guid: c.guid, reason: v.reason });
      return done(`${c.name} was kicked.`);
    },
  }),
  teleport: defineAction({
    spec: { location: { kind: "text", label: "Location", max: 64, pattern: /^[A-Za-z0-9 '_-]+$/, hint: "a teleport location name" } },
    run: async (env, c: CharacterRow, v) => {
      const loc = env.ctx.world.teleportLocation(v.location);
      if (!loc) return refuse(422, `There is no teleport location named ${v.location}.`, { location: "unknown location" });
      const p = await online(env, c);
      let how: string;
      if (p) {
        if (!(await env.ctx.world.teleport(c.guid, loc))) return refuse(409, `The world did not move ${c.name}.`);
        how = "online";
      } else {
        await env.ctx.characters.update(c.guid, { map: loc.map, x: loc.x, y: loc.y, z: loc.z, orientation: loc.o, instanceId: 0 });
        how = "offline";
      }
      await env.ctx.audit.write(env.by, "character.teleport", c.name, { guid: c.guid, location: v.location, how });
      return done(`${c.name} was moved to ${v.location}${how === "offline" ? " (applies at the next login)" : ""}.`);
    },
  }),
  flags: defineAction({
    spec: { rename: { kind: "bool", label: "Rename at next login" }, customize: { kind: "bool", label: "Customize at next login" } },
    run: async (env, c: CharacterRow, v) => {
      const want = (v.rename ? AT_LOGIN_RENAME : 0) | (v.customize ? AT_LOGIN_CUSTOMIZE : 0);
      await env.ctx.characters.setAtLogin(c.guid, want, (AT_LOGIN_RENAME | AT_LOGIN_CUSTOMIZE) & ~want, env.by);
      return done(`At-login flags of ${c.name}: ${atLoginText(want)}.`);
    },
  }),
  restore: defineAction({
    spec: {},
    run: async (env, c: CharacterRow) => {
      const r = await env.ctx.characters.restoreDeleted(c.guid, env.by);
      return r.ok ? done(`${c.name} was restored.`) : refuse(409, r.reason ?? "The character could not be restored.");
    },
  }),
};

export type CharacterActionName = keyof typeof characterActions;

export const REALM_FORM = {
  name: { kind: "text", label: "Name", max: 32, pattern: /^[^<>"&]+$/, hint: "no < > \" &" },
  address: { kind: "text", label: "Address", max: 128, pattern: /^[A-Za-z0-9.-]+:\d{1,5}$/, hint: "host:port" },
  type: { kind: "int", label: "Type", min: 0, max: 255 },
  flags: { kind: "int", label: "Flags", min: 0, max: 255 },
  timezone: { kind: "int", label: "Timezone (category)", min: 0, max: 255 },
  playerLimit: { kind: "int", label: "Player limit", min: 1, max: 100_000 },
} satisfies Spec;

export async function updateRealm(env: ActionEnv, id: number, v: Values<typeof REALM_FORM>): Promise<ActionResult> {
  if (!(await env.ctx.realms.get(id))) return refuse(404, `There is no realm ${id}.`);
  await env.ctx.realms.update(id, v, env.by);
  return done(`Realm ${id} was updated.`);
}

/** Looks an account up by name for an admin action, applying the level rule. */
export async function targetAccount(env: ActionEnv, name: string): Promise<{ account: AccountRow } | { error: ActionResult }> {
  const a = /^[A-Za-z0-9]{1,16}$/.test(name) ? await env.ctx.accounts.get(name) : undefined;
  if (!a) return { error: refuse(404, `There is no account named ${name.slice(0, 32)}.`) };
  if (!canManage(env.actor, a)) return { error: refuse(403, `${a.name} has GM level ${a.gmLevel}; you cannot act on it.`) };
  return { account: a };
}

export async function targetCharacter(env: ActionEnv, guid: string): Promise<{ character: CharacterRow } | { error: ActionResult }> {
  const c = /^\d{1,10}$/.test(guid) ? await env.ctx.characters.byGuid(Number(guid)) : undefined;
  if (!c) return { error: refuse(404, `There is no character ${guid.slice(0, 16)}.`) };
  const owner = await env.ctx.accounts.byId(c.accountId);
  if (owner && owner.id !== env.actor.id && !canManage(env.actor, owner)) return { error: refuse(403, `${c.name} belongs to an account you cannot act on.`) };
  return { character: c };
}
