import { expect, test } from "bun:test";
import { decodeNearBroadcast, encodeNearBroadcast } from "./packet-envelope.ts";

const body = new Uint8Array([1, 2, 3]);

test("a near broadcast without exclusions keeps the 12-byte header", () => {
  const b = encodeNearBroadcast({ guid: 7, range: 25, includeSelf: true, opcode: 0x96, body });
  expect(b.length).toBe(15);
  const n = decodeNearBroadcast(b)!;
  expect([n.guid, n.range, n.includeSelf, n.opcode, [...n.body], n.exclude]).toEqual([7, 25, true, 0x96, [1, 2, 3], undefined]);
});

test("exclusions travel between the header and the body", () => {
  const b = encodeNearBroadcast({ guid: 7, range: 300, includeSelf: false, opcode: 0x96, body, exclude: [3, 4000000] });
  expect(b.length).toBe(12 + 2 + 8 + 3);
  const n = decodeNearBroadcast(b)!;
  expect([n.includeSelf, n.exclude, [...n.body]]).toEqual([false, [3, 4000000], [1, 2, 3]]);
});

test("a truncated exclusion list is refused", () => {
  const b = encodeNearBroadcast({ guid: 7, range: 25, includeSelf: true, opcode: 0x96, body: new Uint8Array(0), exclude: [1, 2] });
  expect(decodeNearBroadcast(b.subarray(0, b.length - 1))).toBeUndefined();
  expect(decodeNearBroadcast(b.subarray(0, 13))).toBeUndefined();
});
