import { describe, expect, test } from "bun:test";
import { decode, encodeBody } from "../message.ts";
import { CMSG_WHO, SMSG_WHO, type WhoRequest } from "./who.ts";
import { toHex } from "./test-vectors.ts";

const req = (f: Partial<WhoRequest> = {}): WhoRequest => ({ minLevel: 0, maxLevel: 100, playerName: "", guildName: "", raceMask: 0xffffffff, classMask: 0xffffffff, zones: [], strings: [], ...f });

describe("who (§2.15)", () => {
  test("the request round-trips with zones and strings", () => {
    const v = req({ playerName: "bo", guildName: "g", zones: [12, 14], strings: ["elw", "x"] });
    const r = decode(CMSG_WHO, encodeBody(CMSG_WHO, v).slice());
    expect(r.ok && r.value).toEqual(v);
  });

  test("11 zones or 5 strings are refused (the request is ignored)", () => {
    expect(decode(CMSG_WHO, encodeBody(CMSG_WHO, req({ zones: Array.from({ length: 11 }, (_, i) => i) })).slice()).ok).toBe(false);
    expect(decode(CMSG_WHO, encodeBody(CMSG_WHO, req({ strings: ["a", "b", "c", "d", "e"] })).slice()).ok).toBe(false);
    expect(decode(CMSG_WHO, encodeBody(CMSG_WHO, req({ zones: Array.from({ length: 10 }, (_, i) => i), strings: ["a", "b", "c", "d"] })).slice()).ok).toBe(true);
  });

  test("the reply: displayed count first, then total, class and race as u32", () => {
    const b = encodeBody(SMSG_WHO, { total: 60, entries: [{ name: "Al", guild: "", level: 5, class: 1, race: 2, gender: 1, zone: 14 }] });
    expect(toHex(b)).toBe("01000000" + "3c000000" + "416c00" + "00" + "05000000" + "01000000" + "02000000" + "01" + "0e000000");
    const r = decode(SMSG_WHO, b.slice());
    expect(r.ok && r.value.entries[0]!.zone).toBe(14);
  });
});
