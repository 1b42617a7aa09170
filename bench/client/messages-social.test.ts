// The social decoders/encoders (channels, who, contacts, groups) against bytes written from
// the protocol.md §2.14-2.17 tables.
import { describe, expect, test } from "bun:test";
import { ByteReader, ByteWriter, bytesToHex } from "./bytes.ts";
import { ChannelNotify, readChannelList, readChannelNotify, writeChannelRequest, writeJoinChannel, writeLeaveChannel } from "./messages/channels.ts";
import { readGroupInvite, readGroupList, readPartyCommandResult, readPartyMemberStats, writeGroupInvite, writeLootMethod } from "./messages/group.ts";
import { FriendResult, readContactList, readFriendStatus, readWho, writeAddFriend, writeWho } from "./messages/social.ts";

const R = (w: ByteWriter) => new ByteReader(w.toBytes());
const hex = (f: (w: ByteWriter) => void) => {
  const w = new ByteWriter();
  f(w);
  return bytesToHex(w.toBytes());
};

describe("channels (§2.14)", () => {
  test("requests", () => {
    expect(hex((w) => writeJoinChannel(w, "ab", "pw", 1))).toBe("01000000" + "00" + "00" + "616200" + "707700");
    expect(hex((w) => writeLeaveChannel(w, "ab"))).toBe("00000000616200");
    expect(hex((w) => writeChannelRequest(w, "ab", "Bo"))).toBe("616200" + "426f00");
  });
  test("notify tails", () => {
    expect(readChannelNotify(R(new ByteWriter().u8(2).cstring("c").u8(0x18).u32(1).u32(0)))).toEqual({ notify: ChannelNotify.YOU_JOINED, channel: "c", channelFlags: 0x18, channelId: 1 });
    expect(readChannelNotify(R(new ByteWriter().u8(3).cstring("c").u32(0).u8(0)))).toEqual({ notify: ChannelNotify.YOU_LEFT, channel: "c", channelId: 0 });
    expect(readChannelNotify(R(new ByteWriter().u8(0x12).cstring("c").u64(5n).u64(6n)))).toEqual({ notify: 0x12, channel: "c", guid: 5n, by: 6n });
    expect(readChannelNotify(R(new ByteWriter().u8(0x0c).cstring("c").u64(5n).u8(0).u8(3)))).toEqual({ notify: 0x0c, channel: "c", guid: 5n, oldFlags: 0, newFlags: 3 });
    expect(readChannelNotify(R(new ByteWriter().u8(0x09).cstring("c").cstring("Bo")))).toEqual({ notify: 0x09, channel: "c", name: "Bo" });
    expect(readChannelNotify(R(new ByteWriter().u8(0x05).cstring("c")))).toEqual({ notify: 0x05, channel: "c" });
  });
  test("SMSG_CHANNEL_LIST", () => {
    expect(readChannelList(R(new ByteWriter().u8(1).cstring("c").u8(1).u32(1).u64(7n).u8(3)))).toEqual({ display: 1, channel: "c", flags: 1, members: [{ guid: 7n, flags: 3 }] });
  });
});

describe("who and contacts (§2.15, §2.16)", () => {
  test("CMSG_WHO defaults and filters", () => {
    expect(hex((w) => writeWho(w))).toBe("00000000" + "64000000" + "00" + "00" + "ffffffff" + "ffffffff" + "00000000" + "00000000");
    expect(hex((w) => writeWho(w, { zones: [12], strings: ["x"] }))).toContain("01000000" + "0c000000" + "01000000" + "7800");
  });
  test("SMSG_WHO", () => {
    const w = new ByteWriter().u32(1).u32(3).cstring("Al").cstring("").u32(5).u32(1).u32(2).u8(1).u32(14);
    expect(readWho(R(w))).toEqual({ displayed: 1, total: 3, entries: [{ name: "Al", guild: "", level: 5, class: 1, race: 2, gender: 1, zone: 14 }] });
  });
  test("SMSG_FRIEND_STATUS and SMSG_CONTACT_LIST", () => {
    expect(readFriendStatus(R(new ByteWriter().u8(6).u64(5n).cstring("n").u8(1).u32(12).u32(3).u32(2)))).toEqual({ result: FriendResult.ADDED_ONLINE, guid: 5n, note: "n", status: 1, area: 12, level: 3, class: 2 });
    expect(readFriendStatus(R(new ByteWriter().u8(3).u64(5n)))).toEqual({ result: FriendResult.OFFLINE, guid: 5n });
    const l = new ByteWriter().u32(7).u32(2).u64(1n).u32(1).cstring("").u8(0).u64(2n).u32(2).cstring("");
    expect(readContactList(R(l)).contacts.map((c) => [c.guid, c.flags, c.status])).toEqual([[1n, 1, 0], [2n, 2, 0]]);
    expect(hex((w) => writeAddFriend(w, "Bo", "x"))).toBe("426f00" + "7800");
  });
});

describe("groups (§2.17)", () => {
  test("invite, result, loot method", () => {
    expect(hex((w) => writeGroupInvite(w, "Bo"))).toBe("426f0000000000");
    expect(readGroupInvite(R(new ByteWriter().u8(1).cstring("Al").u32(0).u8(0).u32(0)))).toEqual({ canAccept: 1, inviter: "Al" });
    expect(readPartyCommandResult(R(new ByteWriter().u32(0).cstring("Bo").u32(5).u32(0)))).toEqual({ operation: 0, name: "Bo", result: 5, value: 0 });
    expect(hex((w) => writeLootMethod(w, 2, 5n, 3))).toBe("02000000" + "0500000000000000" + "03000000");
  });
  test("the 28-byte empty list and a full list", () => {
    const empty = new ByteWriter().u8(0x10).u8(0).u8(0).u8(0).u64(9n).u32(2).u32(0).u64(0n);
    expect(empty.toBytes().length).toBe(28);
    expect(readGroupList(R(empty))).toEqual({ groupType: 0x10, subgroup: 0, flags: 0, roles: 0, groupGuid: 9n, counter: 2, members: [], leader: 0n });
    const full = new ByteWriter().u8(2).u8(1).u8(1).u8(0).u64(9n).u32(3).u32(1).cstring("Bo").u64(2n).u8(1).u8(0).u8(0).u8(0).u64(2n).u8(3).u64(0n).u8(2).u8(0).u8(0).u8(0);
    const g = readGroupList(R(full));
    expect([g.groupType, g.members[0]!.name, g.leader, g.loot?.method]).toEqual([2, "Bo", 2n, 3]);
  });
  test("party member stats with and without the FULL byte", () => {
    const body = () => new ByteWriter().packedGuid(0x42n).u32(0x1c1).u16(1).u16(10).u16(12).u16(0xff9c).u16(200);
    expect(readPartyMemberStats(R(body()))).toEqual({ guid: 0x42n, mask: 0x1c1, status: 1, level: 10, zone: 12, x: -100, y: 200 });
    expect(readPartyMemberStats(R(new ByteWriter().u8(0).bytes(body().toBytes())), true).zone).toBe(12);
  });
});
