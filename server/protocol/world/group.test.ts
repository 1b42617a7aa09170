import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import * as g from "./group.ts";
import * as ps from "./party-stats.ts";
import { toHex } from "./test-vectors.ts";

function rt<T>(def: MessageDef<T>, v: T): Uint8Array {
  const bytes = encodeBody(def, v).slice();
  const r = decode(def, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  return bytes;
}

describe("group (§2.17)", () => {
  test("the empty list is the 28-byte §2.17.1 form starting with 0x10", () => {
    const b = rt(g.SMSG_GROUP_LIST, g.emptyGroupList(0x1f50000000000007n, 3));
    expect(b.length).toBe(28);
    expect(toHex(b)).toBe("10000000" + "070000000000501f" + "03000000" + "00000000" + "0000000000000000");
  });

  test("a full list carries members, leader and the loot block", () => {
    const v: g.GroupList = {
      ...g.emptyGroupList(9n, 1),
      groupType: g.GroupType.RAID,
      subgroup: 1,
      flags: g.GroupMemberFlags.ASSISTANT,
      members: [{ name: "Bob", guid: 2n, online: 1, subgroup: 0, flags: 0, roles: 0 }],
      leaderGuid: 2n,
      lootMethod: g.LootMethod.GROUP_LOOT,
      masterLooter: 0n,
      lootThreshold: 2,
    };
    const b = rt(g.SMSG_GROUP_LIST, v);
    expect(b.length).toBe(4 + 8 + 4 + 4 + (4 + 8 + 4) + 8 + 13);
    rt(g.SMSG_GROUP_LIST, { ...v, groupType: g.GroupType.LFG | g.GroupType.PARTY, lfgState: 2, lfgDungeon: 33 });
  });

  test("SMSG_PARTY_COMMAND_RESULT has the trailing u32; SMSG_GROUP_INVITE the §2.17 tail", () => {
    expect(toHex(encodeBody(g.SMSG_PARTY_COMMAND_RESULT, { operation: 0, name: "Bo", result: 5, value: 0 }))).toBe("00000000" + "426f00" + "05000000" + "00000000");
    expect(toHex(encodeBody(g.SMSG_GROUP_INVITE, { canAccept: 1, inviter: "Al" }))).toBe("01" + "416c00" + "00000000" + "00" + "00000000");
    rt(g.SMSG_GROUP_INVITE, { canAccept: 0, inviter: "Al" });
  });

  test("client requests round-trip; optional trailing fields default", () => {
    rt(g.CMSG_GROUP_INVITE, { name: "Bob", roles: 0 });
    expect(decode(g.CMSG_GROUP_INVITE, new Uint8Array([0x42, 0])).ok).toBe(true);
    rt(g.CMSG_GROUP_UNINVITE, { name: "Bob" });
    rt(g.CMSG_GROUP_UNINVITE_GUID, { guid: 5n, reason: "afk" });
    rt(g.CMSG_GROUP_SET_LEADER, { guid: 5n });
    rt(g.CMSG_LOOT_METHOD, { method: 2, masterLooter: 5n, threshold: 3 });
    rt(g.CMSG_GROUP_CHANGE_SUB_GROUP, { name: "Bob", subgroup: 3 });
    rt(g.CMSG_GROUP_SWAP_SUB_GROUP, { name1: "A", name2: "B" });
    rt(g.CMSG_GROUP_ASSISTANT_LEADER, { guid: 5n, on: 1 });
    rt(g.MSG_RAID_READY_CHECK_Client, { ready: undefined });
    rt(g.MSG_RAID_READY_CHECK_Client, { ready: 1 });
    rt(g.MSG_RAID_READY_CHECK_CONFIRM, { guid: 5n, ready: 0 });
    rt(g.MSG_RAID_READY_CHECK_Server, { guid: 5n });
  });

  test("party member stats: fields in mask order, the FULL variant's leading byte", () => {
    const F = ps.GroupUpdateFlags;
    const v = ps.partyMemberStats(0x42n, { mask: F.STATUS | F.LEVEL | F.ZONE | F.POSITION, status: 1, level: 10, zone: 12, x: -100, y: 200 });
    expect(toHex(encodeBody(ps.SMSG_PARTY_MEMBER_STATS, v))).toBe("0142" + "c1010000" + "0100" + "0a00" + "0c00" + "9cff" + "c800");
    rt(ps.SMSG_PARTY_MEMBER_STATS, v);
    expect(toHex(encodeBody(ps.SMSG_PARTY_MEMBER_STATS_FULL, v)).slice(0, 2)).toBe("00");
    rt(ps.SMSG_PARTY_MEMBER_STATS_FULL, { ...v, x: 0, y: 0, zone: 0, level: 0, mask: F.STATUS | F.CUR_HP | F.MAX_HP | F.AURAS | F.PET_NAME, curHp: 50, maxHp: 60, auras: [{ slot: 3, spell: 1234, flags: 1 }], petName: "Rex" });
  });
});
