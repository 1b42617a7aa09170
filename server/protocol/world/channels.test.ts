import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import * as ch from "./channels.ts";
import { toHex } from "./test-vectors.ts";

function rt<T>(def: MessageDef<T>, v: T): Uint8Array {
  const bytes = encodeBody(def, v).slice();
  const r = decode(def, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  return bytes;
}

const N = ch.ChannelNotifyType;
const hexName = (s: string) => Buffer.from(s).toString("hex") + "00";

describe("channels (§2.14)", () => {
  test("every notify type round-trips with its own tail", () => {
    for (const notify of Object.values(N)) {
      const b = encodeBody(ch.SMSG_CHANNEL_NOTIFY, ch.channelNotify(notify, "world", { guid: 7n, by: 9n, name: "Bob", channelFlags: 0x18, channelId: 1, oldFlags: 1, newFlags: 3 })).slice();
      const r = decode(ch.SMSG_CHANNEL_NOTIFY, b);
      if (!r.ok) throw r.error;
      expect(r.trailing).toBe(0);
      expect([r.value.notify, r.value.channel]).toEqual([notify, "world"]);
      expect(encodeBody(ch.SMSG_CHANNEL_NOTIFY, r.value).slice()).toEqual(b);
    }
  });

  test("tails are the §2.14 layouts byte for byte", () => {
    const tail = (notify: number, f: Parameters<typeof ch.channelNotify>[2]) => toHex(encodeBody(ch.SMSG_CHANNEL_NOTIFY, ch.channelNotify(notify, "x", f))).slice(2 + 4);
    expect(tail(N.JOINED, { guid: 5n })).toBe("0500000000000000");
    expect(tail(N.YOU_JOINED, { channelFlags: 0x18, channelId: 1 })).toBe("18" + "01000000" + "00000000");
    expect(tail(N.YOU_LEFT, { channelId: 2 })).toBe("02000000" + "00");
    expect(tail(N.PLAYER_KICKED, { guid: 1n, by: 2n })).toBe("0100000000000000" + "0200000000000000");
    expect(tail(N.MODE_CHANGE, { guid: 1n, oldFlags: 0, newFlags: 3 })).toBe("0100000000000000" + "00" + "03");
    expect(tail(N.PLAYER_NOT_FOUND, { name: "Bob" })).toBe(hexName("Bob"));
    expect(tail(N.WRONG_PASSWORD, { guid: 5n, name: "ignored" })).toBe("");
    expect(toHex(encodeBody(ch.SMSG_CHANNEL_NOTIFY, ch.channelNotify(N.NOT_MEMBER, "abc")))).toBe("05" + hexName("abc"));
  });

  test("client requests round-trip", () => {
    rt(ch.CMSG_JOIN_CHANNEL, { channelId: 1, unknown1: 0, unknown2: 0, name: "General - Elwynn Forest", password: "" });
    rt(ch.CMSG_LEAVE_CHANNEL, { unknown: 0, name: "mychan" });
    rt(ch.CMSG_CHANNEL_PASSWORD, { channel: "a", password: "pw" });
    for (const def of [ch.CMSG_CHANNEL_SET_OWNER, ch.CMSG_CHANNEL_MODERATOR, ch.CMSG_CHANNEL_UNMODERATOR, ch.CMSG_CHANNEL_MUTE, ch.CMSG_CHANNEL_UNMUTE, ch.CMSG_CHANNEL_INVITE, ch.CMSG_CHANNEL_KICK, ch.CMSG_CHANNEL_BAN, ch.CMSG_CHANNEL_UNBAN]) {
      rt(def, { channel: "a", name: "Bob" });
    }
    for (const def of [ch.CMSG_CHANNEL_LIST, ch.CMSG_CHANNEL_DISPLAY_LIST, ch.CMSG_CHANNEL_OWNER, ch.CMSG_CHANNEL_ANNOUNCEMENTS, ch.CMSG_CHANNEL_MODERATE, ch.CMSG_GET_CHANNEL_MEMBER_COUNT, ch.CMSG_DECLINE_CHANNEL_INVITE]) {
      rt(def, { channel: "a" });
    }
  });

  test("a channel name over the bound is a decode error, not an allocation", () => {
    const long = new Uint8Array(4 + 2 + ch.CHANNEL_NAME_MAX + 10).fill(0x41);
    long.set([1, 0, 0, 0, 0, 0], 0);
    long[long.length - 1] = 0;
    const r = decode(ch.CMSG_JOIN_CHANNEL, long);
    expect(r.ok).toBe(false);
  });

  test("SMSG_CHANNEL_LIST and SMSG_CHANNEL_MEMBER_COUNT", () => {
    const b = rt(ch.SMSG_CHANNEL_LIST, { display: 1, channel: "c", channelFlags: 1, members: [{ guid: 2n, flags: 3 }, { guid: 4n, flags: 0 }] });
    expect(toHex(b)).toBe("01" + "6300" + "01" + "02000000" + "0200000000000000" + "03" + "0400000000000000" + "00");
    rt(ch.SMSG_CHANNEL_MEMBER_COUNT, { channel: "c", channelFlags: 0x18, count: 12 });
  });
});
