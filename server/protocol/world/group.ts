// Groups and raids (protocol.md §2.17, §2.17.1): invitations, leader, kicks, leaving,
// loot method, raid conversion and subgroups, assistants, SMSG_GROUP_LIST (full and the
// 28-byte empty form), SMSG_PARTY_COMMAND_RESULT and the ready check.
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { emptyMessage, guidMessage } from "./common.ts";

const DOC = "protocol.md §2.17";
const NAME_MAX = 64;

export const GroupType = { PARTY: 0, BG: 1, RAID: 2, LFG: 8, EMPTY: 0x10 } as const;
export const GroupMemberFlags = { ASSISTANT: 1, MAIN_TANK: 2, MAIN_ASSIST: 4 } as const;
export const LootMethod = { FREE_FOR_ALL: 0, ROUND_ROBIN: 1, MASTER_LOOT: 2, GROUP_LOOT: 3, NEED_BEFORE_GREED: 4 } as const;
export const PartyOperation = { INVITE: 0, UNINVITE: 1, LEAVE: 2, SWAP: 4 } as const;
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
  LFG_PENDING: 12,
  INVITE_RESTRICTED: 13,
  GROUP_SWAP_FAILED: 14,
} as const;

export interface GroupInviteRequest {
  name: string;
  /** proposed LFG roles (0) */
  roles: number;
}

export const CMSG_GROUP_INVITE = defineMessage<GroupInviteRequest>({
  name: "CMSG_GROUP_INVITE",
  opcode: Opcode.CMSG_GROUP_INVITE,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ name: r.cstring(NAME_MAX), roles: r.remaining >= 4 ? r.u32() : 0 }),
  write: (w, v) => void w.cstring(v.name).u32(v.roles),
});

export interface GroupInvite {
  /** 1 = a real invitation; 0 = you are already grouped (only a notice) */
  canAccept: number;
  inviter: string;
}

export const SMSG_GROUP_INVITE = defineMessage<GroupInvite>({
  name: "SMSG_GROUP_INVITE",
  opcode: Opcode.SMSG_GROUP_INVITE,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const canAccept = r.u8();
    const inviter = r.cstring(NAME_MAX);
    r.u32();
    const n = r.count(r.u8(), 255, 4, "invite dungeon ids");
    r.skip(n * 4);
    r.u32();
    return { canAccept, inviter };
  },
  write: (w, v) => void w.u8(v.canAccept).cstring(v.inviter).u32(0).u8(0).u32(0),
});

export const CMSG_GROUP_ACCEPT = defineMessage<{ unknown: number }>({
  name: "CMSG_GROUP_ACCEPT",
  opcode: Opcode.CMSG_GROUP_ACCEPT,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ unknown: r.remaining >= 4 ? r.u32() : 0 }),
  write: (w, v) => void w.u32(v.unknown),
});

export const CMSG_GROUP_DECLINE = emptyMessage("CMSG_GROUP_DECLINE", Opcode.CMSG_GROUP_DECLINE, "c2s", DOC);

const nameMessage = (name: string, opcode: number, direction: "c2s" | "s2c") =>
  defineMessage<{ name: string }>({
    name,
    opcode,
    direction,
    doc: DOC,
    read: (r) => ({ name: r.cstring(NAME_MAX) }),
    write: (w, v) => void w.cstring(v.name),
  });

export const SMSG_GROUP_DECLINE = nameMessage("SMSG_GROUP_DECLINE", Opcode.SMSG_GROUP_DECLINE, "s2c");
export const CMSG_GROUP_UNINVITE = nameMessage("CMSG_GROUP_UNINVITE", Opcode.CMSG_GROUP_UNINVITE, "c2s");

export interface UninviteGuid {
  guid: bigint;
  reason: string;
}

export const CMSG_GROUP_UNINVITE_GUID = defineMessage<UninviteGuid>({
  name: "CMSG_GROUP_UNINVITE_GUID",
  opcode: Opcode.CMSG_GROUP_UNINVITE_GUID,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ guid: r.u64(), reason: r.remaining > 0 ? r.cstring(256) : "" }),
  write: (w, v) => void w.u64(v.guid).cstring(v.reason),
});

export const SMSG_GROUP_UNINVITE = emptyMessage("SMSG_GROUP_UNINVITE", Opcode.SMSG_GROUP_UNINVITE, "s2c", DOC);
export const CMSG_GROUP_SET_LEADER = guidMessage("CMSG_GROUP_SET_LEADER", Opcode.CMSG_GROUP_SET_LEADER, "c2s", DOC);
export const SMSG_GROUP_SET_LEADER = nameMessage("SMSG_GROUP_SET_LEADER", Opcode.SMSG_GROUP_SET_LEADER, "s2c");

export interface LootMethodRequest {
  method: number;
  masterLooter: bigint;
  threshold: number;
}

export const CMSG_LOOT_METHOD = defineMessage<LootMethodRequest>({
  name: "CMSG_LOOT_METHOD",
  opcode: Opcode.CMSG_LOOT_METHOD,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ method: r.u32(), masterLooter: r.u64(), threshold: r.u32() }),
  write: (w, v) => void w.u32(v.method).u64(v.masterLooter).u32(v.threshold),
});

/** Empty body = "leave the party". */
export const CMSG_GROUP_DISBAND = emptyMessage("CMSG_GROUP_DISBAND", Opcode.CMSG_GROUP_DISBAND, "c2s", DOC);
export const SMSG_GROUP_DESTROYED = emptyMessage("SMSG_GROUP_DESTROYED", Opcode.SMSG_GROUP_DESTROYED, "s2c", "protocol.md §2.17.1");
export const CMSG_GROUP_RAID_CONVERT = emptyMessage("CMSG_GROUP_RAID_CONVERT", Opcode.CMSG_GROUP_RAID_CONVERT, "c2s", DOC);

export interface ChangeSubGroup {
  name: string;
  subgroup: number;
}

export const CMSG_GROUP_CHANGE_SUB_GROUP = defineMessage<ChangeSubGroup>({
  name: "CMSG_GROUP_CHANGE_SUB_GROUP",
  opcode: Opcode.CMSG_GROUP_CHANGE_SUB_GROUP,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ name: r.cstring(NAME_MAX), subgroup: r.u8() }),
  write: (w, v) => void w.cstring(v.name).u8(v.subgroup),
});

export interface SwapSubGroup {
  name1: string;
  name2: string;
}

export const CMSG_GROUP_SWAP_SUB_GROUP = defineMessage<SwapSubGroup>({
  name: "CMSG_GROUP_SWAP_SUB_GROUP",
  opcode: Opcode.CMSG_GROUP_SWAP_SUB_GROUP,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ name1: r.cstring(NAME_MAX), name2: r.cstring(NAME_MAX) }),
  write: (w, v) => void w.cstring(v.name1).cstring(v.name2),
});

export interface AssistantLeader {
  guid: bigint;
  on: number;
}

export const CMSG_GROUP_ASSISTANT_LEADER = defineMessage<AssistantLeader>({
  name: "CMSG_GROUP_ASSISTANT_LEADER",
  opcode: Opcode.CMSG_GROUP_ASSISTANT_LEADER,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ guid: r.u64(), on: r.u8() }),
  write: (w, v) => void w.u64(v.guid).u8(v.on),
});

export interface PartyCommandResult {
  operation: number;
  name: string;
  result: number;
  /** 0 except some LFG results */
  value: number;
}

export const SMSG_PARTY_COMMAND_RESULT = defineMessage<PartyCommandResult>({
  name: "SMSG_PARTY_COMMAND_RESULT",
  opcode: Opcode.SMSG_PARTY_COMMAND_RESULT,
  direction: "s2c",
  doc: "protocol.md §2.17.1 (with the trailing u32 wowm omits, pitfall 16)",
  read: (r) => ({ operation: r.u32(), name: r.cstring(NAME_MAX), result: r.u32(), value: r.u32() }),
  write: (w, v) => void w.u32(v.operation).cstring(v.name).u32(v.result).u32(v.value),
});

export interface GroupListMember {
  name: string;
  guid: bigint;
  /** bit 0: online */
  online: number;
  subgroup: number;
  flags: number;
  roles: number;
}

export interface GroupList {
  groupType: number;
  subgroup: number;
  flags: number;
  roles: number;
  /** only when groupType & LFG */
  lfgState: number;
  lfgDungeon: number;
  groupGuid: bigint;
  counter: number;
  /** every member but the receiver */
  members: GroupListMember[];
  leaderGuid: bigint;
  /** the loot block is on the wire only when there are other members */
  lootMethod: number;
  masterLooter: bigint;
  lootThreshold: number;
  dungeonDifficulty: number;
  raidDifficulty: number;
  dynamicHeroic: number;
}

/** The 28-byte list a player who is no longer grouped gets (§2.17.1). */
export function emptyGroupList(groupGuid = 0n, counter = 0): GroupList {
  return {
    groupType: GroupType.EMPTY,
    subgroup: 0,
    flags: 0,
    roles: 0,
    lfgState: 0,
    lfgDungeon: 0,
    groupGuid,
    counter,
    members: [],
    leaderGuid: 0n,
    lootMethod: 0,
    masterLooter: 0n,
    lootThreshold: 0,
    dungeonDifficulty: 0,
    raidDifficulty: 0,
    dynamicHeroic: 0,
  };
}

export const SMSG_GROUP_LIST = defineMessage<GroupList>({
  name: "SMSG_GROUP_LIST",
  opcode: Opcode.SMSG_GROUP_LIST,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const v = emptyGroupList();
    v.groupType = r.u8();
    v.subgroup = r.u8();
    v.flags = r.u8();
    v.roles = r.u8();
    if (v.groupType & GroupType.LFG) {
      v.lfgState = r.u8();
      v.lfgDungeon = r.u32();
    }
    v.groupGuid = r.u64();
    v.counter = r.u32();
    const n = r.count(r.u32(), 40, 13, "group members");
    for (let i = 0; i < n; i++) v.members.push({ name: r.cstring(NAME_MAX), guid: r.u64(), online: r.u8(), subgroup: r.u8(), flags: r.u8(), roles: r.u8() });
    v.leaderGuid = r.u64();
    if (n > 0) {
      v.lootMethod = r.u8();
      v.masterLooter = r.u64();
      v.lootThreshold = r.u8();
      v.dungeonDifficulty = r.u8();
      v.raidDifficulty = r.u8();
      v.dynamicHeroic = r.u8();
    }
    return v;
  },
  write(w, v) {
    w.u8(v.groupType).u8(v.subgroup).u8(v.flags).u8(v.roles);
    if (v.groupType & GroupType.LFG) w.u8(v.lfgState).u32(v.lfgDungeon);
    w.u64(v.groupGuid).u32(v.counter).u32(v.members.length);
    for (const m of v.members) w.cstring(m.name).u64(m.guid).u8(m.online).u8(m.subgroup).u8(m.flags).u8(m.roles);
    w.u64(v.leaderGuid);
    if (v.members.length > 0) w.u8(v.lootMethod).u64(v.masterLooter).u8(v.lootThreshold).u8(v.dungeonDifficulty).u8(v.raidDifficulty).u8(v.dynamicHeroic);
  },
});

// ------------------------------------------------------------------ ready check
// Layouts from the cores' HandleRaidReadyCheckOpcode (protocol.md §3 lists the opcodes):
// C->S MSG_RAID_READY_CHECK is empty (start) or `u8 ready` (answer); S->C it is
// `u64 initiator`; S->C MSG_RAID_READY_CHECK_CONFIRM is `u64 member, u8 ready`;
// MSG_RAID_READY_CHECK_FINISHED is empty both ways.

export interface ReadyCheckClient {
  /** undefined = start a check; 0/1 = this member's answer */
  ready: number | undefined;
}

export const MSG_RAID_READY_CHECK_Client = defineMessage<ReadyCheckClient>({
  name: "MSG_RAID_READY_CHECK",
  opcode: Opcode.MSG_RAID_READY_CHECK,
  direction: "c2s",
  doc: "TrinityCore HandleRaidReadyCheckOpcode",
  read: (r) => ({ ready: r.remaining > 0 ? r.u8() : undefined }),
  write: (w, v) => void (v.ready === undefined ? w : w.u8(v.ready)),
});

export const MSG_RAID_READY_CHECK_Server = guidMessage("MSG_RAID_READY_CHECK", Opcode.MSG_RAID_READY_CHECK, "s2c", "TrinityCore HandleRaidReadyCheckOpcode");

export interface ReadyCheckConfirm {
  guid: bigint;
  ready: number;
}

export const MSG_RAID_READY_CHECK_CONFIRM = defineMessage<ReadyCheckConfirm>({
  name: "MSG_RAID_READY_CHECK_CONFIRM",
  opcode: Opcode.MSG_RAID_READY_CHECK_CONFIRM,
  direction: "s2c",
  doc: "TrinityCore HandleRaidReadyCheckOpcode",
  read: (r) => ({ guid: r.u64(), ready: r.u8() }),
  write: (w, v) => void w.u64(v.guid).u8(v.ready),
});

export const MSG_RAID_READY_CHECK_FINISHED = emptyMessage("MSG_RAID_READY_CHECK_FINISHED", Opcode.MSG_RAID_READY_CHECK_FINISHED, "both", "TrinityCore HandleRaidReadyCheckFinishedOpcode");
