// JSON shapes the API returns (no salts, verifiers or session keys ever leave).
import type { AccountBanRow, AccountRow, CharacterRow, Content, OnlinePlayer, RealmStatus } from "../../server/api/index.ts";
import { locationOf } from "../views/characters.tsx";
import { className, raceName } from "../views/format.ts";

export function accountJson(a: AccountRow) {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    gmLevel: a.gmLevel,
    locked: a.locked,
    lockReason: a.lockReason,
    muteUntil: a.muteUntil,
    muteReason: a.muteReason,
    lastLogin: a.lastLogin,
    lastIp: a.lastIp,
    createdAt: a.createdAt,
    failedLogins: a.failedLogins,
  };
}

/** What anyone may see of an account's own data (/me). */
export function selfJson(a: AccountRow) {
  const { failedLogins: _, lastIp: __, ...rest } = accountJson(a);
  return rest;
}

export function banJson(b: AccountBanRow | undefined) {
  return b ? { bannedAt: b.bannedAt, expiresAt: b.expiresAt, permanent: b.expiresAt === 0, reason: b.reason, bannedBy: b.bannedBy, active: b.active } : null;
}

export function realmJson(r: RealmStatus) {
  return { id: r.id, name: r.name, address: r.address, type: r.type, flags: r.flags, timezone: r.timezone, playerLimit: r.playerLimit, population: r.population, online: r.up, players: r.up ? r.online : 0, uptimeS: r.uptimeS };
}

export function characterJson(c: CharacterRow, content: Content) {
  return {
    guid: c.guid,
    realmId: c.realmId,
    name: c.name,
    level: c.level,
    race: c.race,
    raceName: raceName(c.race),
    class: c.class,
    className: className(c.class),
    gender: c.gender,
    map: c.map,
    zone: c.zone,
    location: locationOf(content, c),
    guildId: c.guildId,
    online: c.online,
    atLogin: c.atLogin,
    deletedAt: c.deletedAt,
  };
}

export function onlineJson(p: OnlinePlayer) {
  return { guid: p.guid, name: p.name, level: p.level, race: p.race, class: p.class, map: p.map, zone: p.zone };
}
