// Groups and raids (protocol.md §2.17, §2.17.1): invitations, results, the group list
// (with the 28-byte empty form), ready checks and party member stats.
import type { ByteReader, ByteWriter } from "../bytes.ts";

export const PartyOp = { INVITE: 0, UNINVITE: 1, LEAVE: 2, SWAP: 4 } as const;
export const PartyResult = {
  OK: 0,
  BAD_PLAYER_NAME: 1,
  TARGET_NOT_IN_GROUP: 2,
  TARGET_NOT_IN_INSTANCE: 3,
  GROUP_FULL: 4,
  ALREADY_IN_GROUP: 5,
  NOT_IN_GROUP: 6,
  NOT_LEADER: 7,
  PLAYER_WRONG_FACTION: 8,
  IGNORING_YOU: 9,
  GROUP_SWAP_FAILED: 14,
} as const;

/** CMSG_GROUP_INVITE: CString name, u32 proposed roles (0). */
export function writeGroupInvite(w: ByteWriter, name: string): void {
  w.cstring(name).u32(0);
}

/** SMSG_GROUP_INVITE: u8 can_accept, CString inviter, u32 0, u8 count, u32 × count, u32 0. */
export function readGroupInvite(r: ByteReader): { canAccept: number; inviter: string } {
  const canAccept = r.u8();
  const inviter = r.cstring();
  r.u32();
  const n = r.u8();
  for (let i = 0; i < n; i++) r.u32();
  r.u32();
  return { canAccept, inviter };
}

/** SMSG_PARTY_COMMAND_RESULT: u32 operation, CString name, u32 result, u32 value. */
export function readPartyCommandResult(r: ByteReader): { operation: number; name: string; result: number; value: number } {
  return { operation: r.u32(), name: r.cstring(), result: r.u32(), value: r.u32() };
}

export interface GroupListMember {
  name: string;
  guid: bigint;
  online: number;
  subgroup: number;
  flags: number;
  roles: number;
}

export interface GroupListMessage {
  groupType: number;
  subgroup: number;
  flags: number;
  roles: number;
  groupGuid: bigint;
  counter: number;
  members: GroupListMember[];
  leader: bigint;
  loot?: { method: number; masterLooter: bigint; threshold: number; dungeonDifficulty: number; raidDifficulty: number; dynamic: number };
}

/** SMSG_GROUP_LIST (protocol.md §2.17): the LFG block when type & 8, the loot block when others exist. */
export function readGroupList(r: ByteReader): GroupListMessage {
  const groupType = r.u8();
  const subgroup = r.u8();
  const flags = r.u8();
  const roles = r.u8();
  if (groupType & 8) {
    r.u8();
    r.u32();
  }
  const groupGuid = r.u64();
  const counter = r.u32();
  const n = r.u32();
  const members: GroupListMember[] = [];
  for (let i = 0; i < n; i++) members.push({ name: r.cstring(), guid: r.u64(), online: r.u8(), subgroup: r.u8(), flags: r.u8(), roles: r.u8() });
  const leader = r.u64();
  const out: GroupListMessage = { groupType, subgroup, flags, roles, groupGuid, counter, members, leader };
  if (n > 0) out.loot = { method: r.u8(), masterLooter: r.u64(), threshold: r.u8(), dungeonDifficulty: r.u8(), raidDifficulty: r.u8(), dynamic: r.u8() };
  return out;
}

/** CMSG_GROUP_UNINVITE_GUID: u64 guid, CString reason. */
export function writeUninviteGuid(w: ByteWriter, guid: bigint, reason = ""): void {
  w.u64(guid).cstring(reason);
}

/** CMSG_LOOT_METHOD: u32 method, u64 master looter, u32 threshold. */
export function writeLootMethod(w: ByteWriter, method: number, master: bigint, threshold: number): void {
  w.u32(method).u64(master).u32(threshold);
}

/** CMSG_GROUP_CHANGE_SUB_GROUP: CString name, u8 subgroup. */
export function writeChangeSubGroup(w: ByteWriter, name: string, subgroup: number): void {
  w.cstring(name).u8(subgroup);
}

/** CMSG_GROUP_SWAP_SUB_GROUP: CString name1, CString name2. */
export function writeSwapSubGroup(w: ByteWriter, a: string, b: string): void {
  w.cstring(a).cstring(b);
}

/** CMSG_GROUP_ASSISTANT_LEADER: u64 guid, u8 on. */
export function writeAssistant(w: ByteWriter, guid: bigint, on: boolean): void {
  w.u64(guid).u8(on ? 1 : 0);
}

/** SMSG_PARTY_MEMBER_STATS(_FULL): [u8 0 for FULL], PackedGuid, u32 mask, fields in bit order (status u16, hp u32 ×2, power type u8, power u16 ×2, level u16, zone u16, position 2 × i16). */
export function readPartyMemberStats(r: ByteReader, full = false): { guid: bigint; mask: number; status?: number; curHp?: number; maxHp?: number; powerType?: number; level?: number; zone?: number; x?: number; y?: number } {
  if (full) r.u8();
  const guid = r.packedGuid();
  const mask = r.u32();
  const out: ReturnType<typeof readPartyMemberStats> = { guid, mask };
  if (mask & 0x1) out.status = r.u16();
  if (mask & 0x2) out.curHp = r.u32();
  if (mask & 0x4) out.maxHp = r.u32();
  if (mask & 0x8) out.powerType = r.u8();
  if (mask & 0x10) r.u16();
  if (mask & 0x20) r.u16();
  if (mask & 0x40) out.level = r.u16();
  if (mask & 0x80) out.zone = r.u16();
  if (mask & 0x100) {
    out.x = (r.u16() << 16) >> 16;
    out.y = (r.u16() << 16) >> 16;
  }
  return out;
}
