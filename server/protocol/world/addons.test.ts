import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { decode, encodeBody } from "../message.ts";
import {
  ADDON_PUBLIC_KEY,
  ADDON_STANDARD_CRC,
  addonInfoFor,
  buildAddonBlock,
  parseAddonBlock,
  parseAddonList,
  SMSG_ADDON_INFO,
} from "./addons.ts";
import { CMSG_AUTH_SESSION } from "./auth.ts";
import { vectorConstant, worldVector } from "./test-vectors.ts";

const session = worldVector("spinacicore_ClientAuthSessionTest");
function realBlock(): Uint8Array {
  const r = decode(CMSG_AUTH_SESSION, session.payload);
  if (!r.ok) throw r.error;
  return r.value.addonBlock;
}

describe("addon block (lenient)", () => {
  test("the real 3.3.5 block: 23 Blizzard addons, 670 bytes inflated, timestamp 1262785851", () => {
    const list = parseAddonBlock(realBlock());
    expect(list.addons.length).toBe(23);
    expect(list.addons[0]!.name).toBe("Blizzard_AchievementUI");
    expect(list.addons.every((a) => a.crc === ADDON_STANDARD_CRC && a.enabled === 1 && a.urlCrc === 0)).toBe(true);
    expect(list.timestamp).toBe(1262785851);
  });

  test("the same block without the u32 size prefix parses the same", () => {
    expect(parseAddonBlock(realBlock().subarray(4))).toEqual(parseAddonBlock(realBlock()));
  });

  test("missing, garbage, truncated or bomb blocks give an empty list and never throw", () => {
    const block = realBlock();
    expect(parseAddonBlock(new Uint8Array(0)).addons).toEqual([]);
    expect(parseAddonBlock(new Uint8Array([1, 2, 3])).addons).toEqual([]);
    expect(parseAddonBlock(new Uint8Array(50).fill(0x78)).addons).toEqual([]);
    for (let n = 0; n < block.length; n += 7) expect(() => parseAddonBlock(block.subarray(0, n))).not.toThrow();
    const bomb = deflateSync(new Uint8Array(1 << 20));
    expect(parseAddonBlock(bomb).addons).toEqual([]);
  });

  test("a list cut inside an entry keeps the entries before it", () => {
    const raw = new Uint8Array([3, 0, 0, 0, 0x41, 0, 1, 1, 2, 3, 4, 0, 0, 0, 0, 0x42]);
    const list = parseAddonList(raw);
    expect(list.addons).toEqual([{ name: "A", enabled: 1, crc: 0x04030201, urlCrc: 0 }]);
    expect(list.timestamp).toBeNull();
  });

  test("a huge declared count is bounded by the bytes present", () => {
    const list = parseAddonList(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x41, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(list.addons.length).toBe(1);
  });

  test("buildAddonBlock round-trips", () => {
    const list = { addons: [{ name: "MyAddon", enabled: 1, crc: 0x12345678, urlCrc: 0 }], timestamp: 42 };
    expect(parseAddonBlock(buildAddonBlock(list))).toEqual(list);
  });

  test("CMSG_AUTH_SESSION with a bad addon block still decodes, with no addons", () => {
    const fixed = session.payload.subarray(0, session.payload.length - realBlock().length);
    for (const tail of [new Uint8Array(0), new Uint8Array([9, 9, 9, 9, 0x78, 0x9c, 1]), realBlock().subarray(0, 40)]) {
      const bytes = new Uint8Array([...fixed, ...tail]);
      const r = decode(CMSG_AUTH_SESSION, bytes);
      if (!r.ok) throw r.error;
      expect(r.value.account).toBe("T");
      expect(r.value.addons).toEqual([]);
      expect(encodeBody(CMSG_AUTH_SESSION, r.value)).toEqual(bytes);
    }
  });
});

describe("SMSG_ADDON_INFO", () => {
  test("the public key constant is the one in vectors.json", () => {
    expect(ADDON_PUBLIC_KEY).toEqual(vectorConstant("addon_public_key_256"));
    expect(ADDON_PUBLIC_KEY.length).toBe(256);
    const crc = vectorConstant("addon_standard_crc");
    expect(new DataView(crc.buffer).getUint32(0, true)).toBe(ADDON_STANDARD_CRC);
  });

  test("one entry per addon in order, the key only for a non-Blizzard CRC, then u32 0 banned", () => {
    const info = addonInfoFor([
      { name: "Blizzard_AuctionUI", enabled: 1, crc: ADDON_STANDARD_CRC, urlCrc: 0 },
      { name: "Custom", enabled: 1, crc: 0xdeadbeef, urlCrc: 0 },
    ]);
    const bytes = encodeBody(SMSG_ADDON_INFO, info);
    // entry 1: 02 01 00 00000000 00 ; entry 2: 02 01 01 key[256] 00000000 00 ; 00000000
    expect(bytes.length).toBe(8 + 8 + 256 + 4);
    expect([...bytes.subarray(0, 8)]).toEqual([2, 1, 0, 0, 0, 0, 0, 0]);
    expect([...bytes.subarray(8, 11)]).toEqual([2, 1, 1]);
    expect(bytes.subarray(11, 267)).toEqual(ADDON_PUBLIC_KEY);
    expect([...bytes.subarray(bytes.length - 4)]).toEqual([0, 0, 0, 0]);
    const r = decode(SMSG_ADDON_INFO, bytes);
    if (!r.ok) throw r.error;
    expect(r.value).toEqual(info);
  });

  test("URL and banned entries round-trip", () => {
    const info = {
      addons: [{ state: 2, usesCrc: 1, sendKey: false, unknown: 0, url: "http://x" }],
      banned: [{ id: 7, nameMd5: new Uint8Array(16).fill(1), versionMd5: new Uint8Array(16).fill(2), timestamp: 3, isBanned: 1 }],
    };
    const r = decode(SMSG_ADDON_INFO, encodeBody(SMSG_ADDON_INFO, info));
    if (!r.ok) throw r.error;
    expect(r.value).toEqual(info);
  });
});
