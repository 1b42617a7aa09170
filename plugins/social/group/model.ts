// A group as a plain document and its rules, without I/O (protocol.md §2.17): members
// with subgroups and flags, leader, raid conversion, subgroup moves and swaps, the loot
// settings, and each member's own SMSG_GROUP_LIST view. Unit-tested in model.test.ts.
import { proto } from "../../../server/api/index.ts";

export const PARTY_MAX = 5;
export const RAID_MAX = 40;
export const SUBGROUPS = 8;
export const SUBGROUP_SIZE = 5;

export interface GroupMember {
  guid: number;
  name: string;
  subgroup: number;
  /** proto.GroupMemberFlags */
  flags: number;
  roles: number;
}

export interface Group {
  id: number;
  leader: number;
  /** proto.GroupType.PARTY or RAID */
  type: number;
  members: GroupMember[];
  lootMethod: number;
  masterLooter: number;
  lootThreshold: number;
  dungeonDifficulty: number;
  raidDifficulty: number;
  /** SMSG_GROUP_LIST update counter */
  counter: number;
}

const HIGH_GROUP = 0x1f50n << 48n;

/** The group's guid on the wire (high type GROUP, as TrinityCore builds it). */
export function groupGuid(id: number): bigint {
  return HIGH_GROUP | BigInt(id);
}

export function newGroup(id: number, leader: { guid: number; name: string }): Group {
  return {
    id,
    leader: leader.guid,
    type: proto.GroupType.PARTY,
    members: [{ guid: leader.guid, name: leader.name, subgroup: 0, flags: 0, roles: 0 }],
    lootMethod: proto.LootMethod.GROUP_LOOT,
    masterLooter: 0,
    lootThreshold: 2,
    dungeonDifficulty: 0,
    raidDifficulty: 0,
    counter: 0,
  };
}

export const isRaid = (g: Group) => g.type === proto.GroupType.RAID;
export const maxMembers = (g: Group) => (isRaid(g) ? RAID_MAX : PARTY_MAX);
export const isFull = (g: Group) => g.members.length >= maxMembers(g);
export const memberOf = (g: Group, guid: number) => g.members.find((m) => m.guid === guid);
export const memberByName = (g: Group, name: string) => g.members.find((m) => m.name.toLowerCase() === name.toLowerCase());
export const isLeader = (g: Group, guid: number) => g.leader === guid;
export const isAssistant = (g: Group, guid: number) => ((memberOf(g, guid)?.flags ?? 0) & proto.GroupMemberFlags.ASSISTANT) !== 0;
/** Leader or (in a raid) an assistant. */
export const canManage = (g: Group, guid: number) => isLeader(g, guid) || (isRaid(g) && isAssistant(g, guid));
export const subgroupSize = (g: Group, sg: number) => g.members.filter((m) => m.subgroup === sg).length;

function freeSubgroup(g: Group): number {
  if (!isRaid(g)) return 0;
  for (let sg = 0; sg < SUBGROUPS; sg++) if (subgroupSize(g, sg) < SUBGROUP_SIZE) return sg;
  return -1;
}

/** false when full. */
export function addMember(g: Group, m: { guid: number; name: string }): boolean {
  if (isFull(g) || memberOf(g, m.guid)) return false;
  const sg = freeSubgroup(g);
  if (sg < 0) return false;
  g.members.push({ guid: m.guid, name: m.name, subgroup: sg, flags: 0, roles: 0 });
  return true;
}

/** Removes a member; when it led, the first remaining member leads. Returns the new leader (or 0 if unchanged). */
export function removeMember(g: Group, guid: number): number {
  g.members = g.members.filter((m) => m.guid !== guid);
  if (g.masterLooter === guid) g.masterLooter = 0;
  if (g.leader !== guid) return 0;
  const next = g.members.find((m) => m.flags & proto.GroupMemberFlags.ASSISTANT) ?? g.members[0];
  g.leader = next?.guid ?? 0;
  return g.leader;
}

export function convertToRaid(g: Group): boolean {
  if (isRaid(g)) return false;
  g.type = proto.GroupType.RAID;
  for (const m of g.members) m.subgroup = 0;
  return true;
}

/** Moves a member to a subgroup; false when that subgroup is full or out of range. */
export function changeSubgroup(g: Group, guid: number, sg: number): boolean {
  const m = memberOf(g, guid);
  if (!m || sg < 0 || sg >= SUBGROUPS) return false;
  if (m.subgroup === sg) return true;
  if (subgroupSize(g, sg) >= SUBGROUP_SIZE) return false;
  m.subgroup = sg;
  return true;
}

export function swapSubgroups(g: Group, a: number, b: number): boolean {
  const ma = memberOf(g, a);
  const mb = memberOf(g, b);
  if (!ma || !mb) return false;
  [ma.subgroup, mb.subgroup] = [mb.subgroup, ma.subgroup];
  return true;
}

/** SMSG_GROUP_LIST as `viewer` sees it (every other member, online flags). */
export function listFor(g: Group, viewer: number, online: (guid: number) => boolean): proto.GroupList {
  const me = memberOf(g, viewer);
  return {
    ...proto.emptyGroupList(groupGuid(g.id), g.counter),
    groupType: g.type,
    subgroup: me?.subgroup ?? 0,
    flags: me?.flags ?? 0,
    roles: me?.roles ?? 0,
    members: g.members.filter((m) => m.guid !== viewer).map((m) => ({ name: m.name, guid: BigInt(m.guid), online: online(m.guid) ? 1 : 0, subgroup: m.subgroup, flags: m.flags, roles: m.roles })),
    leaderGuid: BigInt(g.leader),
    lootMethod: g.lootMethod,
    masterLooter: BigInt(g.masterLooter),
    lootThreshold: g.lootThreshold,
    dungeonDifficulty: g.dungeonDifficulty,
    raidDifficulty: g.raidDifficulty,
    dynamicHeroic: 0,
  };
}

/** Validates CMSG_LOOT_METHOD values (method 0-4, threshold uncommon..artifact, a master looter who is a member). */
export function validLoot(g: Group, method: number, master: number, threshold: number): boolean {
  if (method < 0 || method > 4 || threshold < 2 || threshold > 6) return false;
  return method !== proto.LootMethod.MASTER_LOOT || !!memberOf(g, master);
}
