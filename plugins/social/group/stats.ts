// Party frames (protocol.md §2.17): SMSG_PARTY_MEMBER_STATS with the fields the realm
// has - status (online, AFK, DND), level, zone, map position, and health and power from
// the character's world host (WorldOps.locate). Offline members: status OFFLINE only.
import { proto } from "../../../server/api/index.ts";
import type { Addr, Social } from "../social.ts";

const F = proto.GroupUpdateFlags;
const S = proto.MemberStatus;

export async function memberStats(X: Social, guid: number): Promise<proto.PartyMemberStats> {
  const p = await X.player(guid);
  if (!p) return proto.partyMemberStats(BigInt(guid), { mask: F.STATUS, status: S.OFFLINE });
  let status: number = S.ONLINE;
  if (p.status & 1) status |= S.AFK;
  if (p.status & 2) status |= S.DND;
  const v = proto.partyMemberStats(BigInt(guid), { mask: F.STATUS | F.LEVEL | F.ZONE, status, level: p.level, zone: p.zone });
  const at = await X.ctx.world.locate(guid).catch(() => undefined);
  if (at) {
    v.mask |= F.POSITION;
    v.x = at.x;
    v.y = at.y;
    if (at.maxHealth !== undefined) {
      v.mask |= F.CUR_HP | F.MAX_HP;
      v.curHp = at.health ?? at.maxHealth;
      v.maxHp = at.maxHealth;
    }
    if (at.powerType !== undefined && at.maxPower !== undefined) {
      v.mask |= F.POWER_TYPE | F.CUR_POWER | F.MAX_POWER;
      v.powerType = at.powerType;
      v.curPower = Math.min(0xffff, at.power ?? 0);
      v.maxPower = Math.min(0xffff, at.maxPower);
    }
  }
  return v;
}

/** Sends `guid`'s stats to each address. */
export async function sendStats(X: Social, guid: number, to: Addr[], full = false): Promise<void> {
  if (!to.length) return;
  const v = await memberStats(X, guid);
  const def = full ? proto.SMSG_PARTY_MEMBER_STATS_FULL : proto.SMSG_PARTY_MEMBER_STATS;
  const body = X.encode(def, v);
  for (const a of to) X.sendRaw(a, def.opcode, body);
}
