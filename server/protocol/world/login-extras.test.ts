import { describe, expect, test } from "bun:test";
import { decode, encodeBody } from "../message.ts";
import { SMSG_ALL_ACHIEVEMENT_DATA, SMSG_EQUIPMENT_SET_LIST } from "./login-extras.ts";
import { toHex } from "./test-vectors.ts";

describe("optional login-burst rows", () => {
  test("empty forms", () => {
    expect(toHex(encodeBody(SMSG_EQUIPMENT_SET_LIST, { sets: [] }))).toBe("00000000");
    expect(toHex(encodeBody(SMSG_ALL_ACHIEVEMENT_DATA, { achievements: [], criteria: [] }))).toBe("ffffffffffffffff");
  });

  test("round trips", () => {
    const sets = { sets: [{ guid: 1n, index: 0, name: "Tank", icon: "INV_Shield_06", items: Array.from({ length: 19 }, (_, i) => BigInt(i % 3)) }] };
    const a = decode(SMSG_EQUIPMENT_SET_LIST, encodeBody(SMSG_EQUIPMENT_SET_LIST, sets));
    expect(a.ok && a.value).toEqual(sets);
    const ach = {
      achievements: [{ id: 6, date: 0x0a000000 }],
      criteria: [{ id: 111, counter: 5n, playerGuid: 1n, flags: 0, date: 0, timeElapsed: 0, timeLimit: 0 }],
    };
    const b = decode(SMSG_ALL_ACHIEVEMENT_DATA, encodeBody(SMSG_ALL_ACHIEVEMENT_DATA, ach));
    expect(b.ok && b.value).toEqual(ach);
    expect(decode(SMSG_ALL_ACHIEVEMENT_DATA, Uint8Array.from([1, 0, 0, 0, 2, 0, 0, 0])).ok).toBe(false);
  });
});
