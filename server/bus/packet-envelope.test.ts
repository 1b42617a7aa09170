import { expect, test } from "bun:test";
import fc from "fast-check";
import { scaled } from "../testing/scale.ts";
import { DecodeError } from "../protocol/reader.ts";
import {
  decodeClientPacket,
  decodeNearBroadcast,
  encodeClientPacket,
  encodeNearBroadcast,
  forEachOutbound,
  OutboundBatchWriter,
} from "./packet-envelope.ts";

test("client packet: every header field and the payload round trip; the payload is a view", () => {
  const payload = Uint8Array.of(1, 2, 3, 4, 5);
  const env = encodeClientPacket({ gatewayId: 0xfffffffe, sessionId: 7, accountId: 123456, gmLevel: 3, characterGuid: 4_000_000_000, opcode: 0x51e }, payload);
  expect(env.length).toBe(20 + 5);
  const d = decodeClientPacket(env)!;
  expect([d.gatewayId, d.sessionId, d.accountId, d.gmLevel, d.characterGuid, d.opcode]).toEqual([0xfffffffe, 7, 123456, 3, 4_000_000_000, 0x51e]);
  expect([...d.payload]).toEqual([1, 2, 3, 4, 5]);
  expect(d.payload.buffer).toBe(env.buffer);
  expect(decodeClientPacket(env.subarray(0, 19))).toBeUndefined();
  expect(decodeClientPacket(Uint8Array.of(2, ...new Uint8Array(30)))).toBeUndefined();
});

test("outbound batch: single and fan-out entries come out in order, per session", () => {
  const w = new OutboundBatchWriter();
  w.add(1, 0x0a9, Uint8Array.of(9));
  w.addFanout([2, 3, 4], 0x0b5, Uint8Array.of(7, 7));
  w.addFanout([5], 0x0ee, Uint8Array.of());
  w.add(2, 0xffff, new TextEncoder().encode('{"op":"unbind"}'));
  expect(w.count).toBe(4);
  const env = w.take();
  expect(w.count).toBe(0);
  const seen: [number, number, number[]][] = [];
  expect(forEachOutbound(env, (s, op, b) => void seen.push([s, op, [...b]]))).toBe(true);
  expect(seen.slice(0, 5)).toEqual([
    [1, 0x0a9, [9]],
    [2, 0x0b5, [7, 7]],
    [3, 0x0b5, [7, 7]],
    [4, 0x0b5, [7, 7]],
    [5, 0x0ee, []],
  ]);
  expect(seen[5]![0]).toBe(2);
  expect(seen[5]![1]).toBe(0xffff);
  // the writer is reusable after take()
  w.add(9, 1, Uint8Array.of(1));
  const again: number[] = [];
  forEachOutbound(w.take(), (s) => void again.push(s));
  expect(again).toEqual([9]);
});

test("a fan-out to more than 65,535 sessions splits into several entries", () => {
  const w = new OutboundBatchWriter();
  const ids = Array.from({ length: 70_000 }, (_, i) => i + 1);
  w.addFanout(ids, 0x0b5, Uint8Array.of(1));
  expect(w.count).toBe(2);
  let n = 0;
  forEachOutbound(w.take(), () => void n++);
  expect(n).toBe(70_000);
});

test("a truncated or damaged batch is a DecodeError, never a read past the end", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 40 })), { maxLength: 8 }), fc.nat(), (entries, cut) => {
      const w = new OutboundBatchWriter();
      for (const [s, op, b] of entries) w.add(s, op, b);
      const env = w.take();
      const n = entries.length ? cut % env.length : 0;
      const part = env.subarray(0, n);
      try {
        forEachOutbound(part, () => {});
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
      }
    }),
    { numRuns: scaled(300) },
  );
});

test("near broadcast round trips", () => {
  const env = encodeNearBroadcast({ guid: 77, range: 25, includeSelf: false, opcode: 0x096, body: Uint8Array.of(1, 2) });
  const d = decodeNearBroadcast(env)!;
  expect([d.guid, d.range, d.includeSelf, d.opcode, [...d.body]]).toEqual([77, 25, false, 0x096, [1, 2]]);
  expect(decodeNearBroadcast(env.subarray(0, 11))).toBeUndefined();
});
