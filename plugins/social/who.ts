// /who (protocol.md §2.15), answered from the presence table, so it sees every player of
// the realm whatever process or world host runs them. Filters: level range (a maximum of
// 100 or more means 255), name and guild substrings, race and class masks, up to 10 zones,
// up to 4 free strings (name, guild or zone name); the other faction only with
// crossFaction.who (GMs see everyone); GMs above whoGmVisibleLevel hidden from players.
// At most whoMaxResults (49) entries; the total counts every match (AzerothCore).
import { proto, SocialHooks, type OnlinePlayer, type SessionHandle } from "../../server/api/index.ts";
import type { Social } from "./social.ts";
import { sameTeam } from "./state/faction.ts";
import { zoneName } from "./state/zones.ts";

export interface WhoViewer {
  race: number;
  gmLevel: number;
}

export interface WhoOptions {
  crossFaction: boolean;
  gmVisibleLevel: number;
  guildName(id: number): string;
}

export function whoMatches(req: proto.WhoRequest, p: OnlinePlayer, viewer: WhoViewer, o: WhoOptions): boolean {
  if (viewer.gmLevel === 0) {
    if (!o.crossFaction && !sameTeam(viewer, p)) return false;
    if (p.gmLevel > o.gmVisibleLevel) return false;
  }
  const max = req.maxLevel >= 100 ? 255 : req.maxLevel;
  if (p.level < req.minLevel || p.level > max) return false;
  if (!(req.raceMask & (1 << p.race)) || !(req.classMask & (1 << p.class))) return false;
  const name = p.name.toLowerCase();
  const guild = p.guildId ? o.guildName(p.guildId).toLowerCase() : "";
  if (req.playerName && !name.includes(req.playerName.toLowerCase())) return false;
  if (req.guildName && (!guild || !guild.includes(req.guildName.toLowerCase()))) return false;
  if (req.zones.length && !req.zones.includes(p.zone)) return false;
  if (req.strings.length) {
    const zone = (zoneName(p.zone) ?? "").toLowerCase();
    const hit = req.strings.some((raw) => {
      const s = raw.toLowerCase();
      return s !== "" && (name.includes(s) || (guild !== "" && guild.includes(s)) || (zone !== "" && zone.includes(s)));
    });
    if (!hit) return false;
  }
  return true;
}

export async function onWho(X: Social, s: SessionHandle, req: proto.WhoRequest): Promise<void> {
  const me = await X.me(s);
  if (!me) return;
  const names = new Map<number, string>();
  const guildName = (id: number) => {
    let n = names.get(id);
    if (n === undefined) names.set(id, (n = X.ctx.hooks.run(SocialHooks.guildName, id) ?? ""));
    return n;
  };
  const o: WhoOptions = { crossFaction: X.cfg.crossFaction.who, gmVisibleLevel: X.cfg.whoGmVisibleLevel, guildName };
  const viewer = { race: me.race, gmLevel: s.gmLevel };
  const entries: proto.WhoEntry[] = [];
  let total = 0;
  for (const p of await X.ctx.sessions.online()) {
    if (!whoMatches(req, p, viewer, o)) continue;
    total++;
    if (entries.length < X.cfg.whoMaxResults) entries.push({ name: p.name, guild: p.guildId ? guildName(p.guildId) : "", level: p.level, class: p.class, race: p.race, gender: p.gender, zone: p.zone });
  }
  X.send(s, proto.SMSG_WHO, { entries, total });
}
