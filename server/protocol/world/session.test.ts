import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import * as s from "./session.ts";
import { toHex } from "./test-vectors.ts";

function rt<T>(def: MessageDef<T>, v: T): Uint8Array {
  const bytes = encodeBody(def, v).slice();
  const r = decode(def, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  return bytes;
}

describe("session messages (§2.7)", () => {
  test("SMSG_ACCOUNT_DATA_TIMES writes one time per mask bit", () => {
    const bytes = rt(s.SMSG_ACCOUNT_DATA_TIMES, { serverTime: 1000, unknown: 1, mask: s.PER_CHARACTER_CACHE_MASK, times: [1, 2, 3, 4, 5] });
    expect(bytes.length).toBe(4 + 1 + 4 + 5 * 4);
    expect(rt(s.SMSG_ACCOUNT_DATA_TIMES, { serverTime: 7, unknown: 1, mask: s.GLOBAL_CACHE_MASK, times: [0, 0, 0] }).length).toBe(21);
  });

  test("SMSG_ACCOUNT_DATA_TIMES refuses a mask whose times are not there", () => {
    const r = decode(s.SMSG_ACCOUNT_DATA_TIMES, Uint8Array.from([0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff]));
    expect(r.ok).toBe(false);
  });

  test("CMSG_UPDATE_ACCOUNT_DATA keeps the zlib data compressed, caps the size, inflates on demand", () => {
    const text = new TextEncoder().encode("SET autoLootDefault \"1\"\n");
    const data = new Uint8Array(deflateSync(text));
    const bytes = rt(s.CMSG_UPDATE_ACCOUNT_DATA, { slot: 4, time: 99, size: text.length, data });
    const r = decode(s.CMSG_UPDATE_ACCOUNT_DATA, bytes);
    if (!r.ok) throw r.error;
    expect(s.inflateAccountData(r.value)).toEqual(text);
    expect(s.inflateAccountData({ size: 3, data })).toBeNull();
    expect(s.inflateAccountData({ size: 0, data: new Uint8Array(0) })).toEqual(new Uint8Array(0));
    const big = encodeBody(s.CMSG_UPDATE_ACCOUNT_DATA, { slot: 1, time: 1, size: 0x10000, data });
    const bad = decode(s.CMSG_UPDATE_ACCOUNT_DATA, big);
    expect(!bad.ok && bad.error.code).toBe("PROTO_BAD_VALUE");
  });

  test("SMSG_UPDATE_ACCOUNT_DATA starts with the guid", () => {
    const bytes = rt(s.SMSG_UPDATE_ACCOUNT_DATA, { guid: 5n, slot: 2, time: 3, size: 0, data: new Uint8Array(0) });
    expect(toHex(bytes)).toBe("0500000000000000" + "02000000" + "03000000" + "00000000");
  });

  test("realm split, ping/pong, complete, kick reason, tutorials", () => {
    expect(toHex(rt(s.SMSG_REALM_SPLIT, { realmId: 1, state: 0, date: "01/01/01" }))).toBe("010000000000000030312f30312f303100");
    rt(s.CMSG_REALM_SPLIT, { realmId: 3 });
    rt(s.CMSG_PING, { sequence: 1, latency: 2 });
    rt(s.SMSG_PONG, { sequence: 1 });
    rt(s.SMSG_UPDATE_ACCOUNT_DATA_COMPLETE, { slot: 7, result: 0 });
    rt(s.SMSG_KICK_REASON, { reason: 1, text: "bye" });
    rt(s.SMSG_CLIENTCACHE_VERSION, { version: 3 });
    rt(s.CMSG_TUTORIAL_FLAG, { flag: 12 });
    expect(encodeBody(s.CMSG_TUTORIAL_CLEAR, {}).length).toBe(0);
    expect(encodeBody(s.CMSG_TUTORIAL_RESET, {}).length).toBe(0);
    expect(encodeBody(s.CMSG_KEEP_ALIVE, {}).length).toBe(0);
    expect(encodeBody(s.CMSG_READY_FOR_ACCOUNT_DATA_TIMES, {}).length).toBe(0);
    expect(encodeBody(s.SMSG_TUTORIAL_FLAGS, { flags: [] }).length).toBe(32);
  });
});
