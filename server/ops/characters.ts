// Character operations (CharacterOps): the store's CharacterStore plus audited
// operator actions (at-login flags, restoring deleted characters).
import type { Clock } from "../kernel/clock.ts";
import type { CharacterStore } from "../storage/ports.ts";
import type { AuditLog } from "./audit.ts";
import type { Actor, CharacterOps } from "./types.ts";

export function characterOps(store: CharacterStore, clock: Clock, audit: AuditLog, restoreDays: number): CharacterOps {
  const ops: CharacterOps = Object.assign(Object.create(store) as CharacterStore, {
    async setAtLogin(guid: number, add: number, remove: number, by: Actor) {
      const c = await store.byGuid(guid);
      if (!c) return;
      const next = (c.atLogin | add) & ~remove;
      await store.update(guid, { atLogin: next });
      await audit.write(by, "character.atlogin", c.name, { from: c.atLogin, to: next });
    },
    async restoreDeleted(guid: number, by: Actor) {
      const c = await store.byGuid(guid);
      if (!c || c.deletedAt === 0) return { ok: false, reason: "no deleted character with that guid" };
      if (restoreDays > 0 && clock.now() - c.deletedAt > restoreDays * 86_400_000) return { ok: false, reason: `deleted more than ${restoreDays} days ago` };
      const mine = await store.listByAccount(c.accountId, c.realmId);
      if (mine.length >= 10) return { ok: false, reason: "the account already has 10 characters on that realm" };
      const ok = await store.restore(guid);
      await audit.write(by, "character.restore", c.name, { guid, ok });
      return ok ? { ok } : { ok, reason: `the name ${c.name} is taken now; rename first` };
    },
  });
  return ops;
}
