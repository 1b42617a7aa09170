import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import * as c from "./contacts.ts";
import { toHex } from "./test-vectors.ts";

function rt<T>(def: MessageDef<T>, v: T): Uint8Array {
  const bytes = encodeBody(def, v).slice();
  const r = decode(def, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  return bytes;
}

describe("contacts (§2.16)", () => {
  test("the list: status block only for online friends, nothing after the note for ignores", () => {
    const b = rt(c.SMSG_CONTACT_LIST, {
      flags: 7,
      contacts: [
        { guid: 1n, flags: 1, note: "n", status: 1, area: 12, level: 3, class: 2 },
        { guid: 2n, flags: 1, note: "", status: 0, area: 0, level: 0, class: 0 },
        { guid: 3n, flags: 2, note: "", status: 0, area: 0, level: 0, class: 0 },
      ],
    });
    expect(toHex(b)).toBe(
      "07000000" + "03000000" +
        "0100000000000000" + "01000000" + "6e00" + "01" + "0c000000" + "03000000" + "02000000" +
        "0200000000000000" + "01000000" + "00" + "00" +
        "0300000000000000" + "02000000" + "00",
    );
  });

  test("SMSG_FRIEND_STATUS tails by result", () => {
    const R = c.FriendResult;
    expect(toHex(encodeBody(c.SMSG_FRIEND_STATUS, c.friendStatus(R.ADDED_ONLINE, 5n, { note: "hi", status: 1, area: 12, level: 2, class: 1 })))).toBe(
      "06" + "0500000000000000" + "686900" + "01" + "0c000000" + "02000000" + "01000000",
    );
    expect(toHex(encodeBody(c.SMSG_FRIEND_STATUS, c.friendStatus(R.ADDED_OFFLINE, 5n, { note: "" })))).toBe("07" + "0500000000000000" + "00");
    expect(toHex(encodeBody(c.SMSG_FRIEND_STATUS, c.friendStatus(R.OFFLINE, 5n)))).toBe("03" + "0500000000000000");
    expect(encodeBody(c.SMSG_FRIEND_STATUS, c.friendStatus(R.ONLINE, 5n, { status: 1 })).length).toBe(1 + 8 + 13);
    for (const result of Object.values(R)) rt(c.SMSG_FRIEND_STATUS, c.friendStatus(result, 9n, { note: result === R.ADDED_ONLINE || result === R.ADDED_OFFLINE ? "x" : "", status: result === R.ONLINE || result === R.ADDED_ONLINE ? 4 : 0 }));
  });

  test("client requests", () => {
    rt(c.CMSG_CONTACT_LIST, { flags: 1 });
    rt(c.CMSG_ADD_FRIEND, { name: "Bob", note: "from the inn" });
    rt(c.CMSG_DEL_FRIEND, { guid: 3n });
    rt(c.CMSG_SET_CONTACT_NOTES, { guid: 3n, note: "x" });
    rt(c.CMSG_ADD_IGNORE, { name: "Bob" });
    rt(c.CMSG_DEL_IGNORE, { guid: 3n });
    const r = decode(c.CMSG_ADD_FRIEND, new Uint8Array([0x41, 0x6c, 0]));
    expect(r.ok && r.value).toEqual({ name: "Al", note: "" });
  });
});
