import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { isRealmError } from "../kernel/errors.ts";
import { scaled } from "../testing/scale.ts";
import {
  CLIENT_PACKET_HEADER,
  decodeClientPacket,
  decodeOutboundBatch,
  encodeClientPacket,
  encodeOutboundBatch,
  forEachOutbound,
  OutboundBatchWriter,
  validateOutboundBatch,
  writeClientPacket,
} from "./envelope.ts";

const runs = scaled(200);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return isRealmError(e) ? e.code : String(e);
  }
  return "no error";
}

describe("client packet envelope", () => {
  test("layout: u32 session, u16 opcode, u8 flags, payload, little-endian", () => {
    const env = encodeClientPacket(0x01020304, 0x01dc, 0x80, new Uint8Array([9, 8, 7]));
    expect(Array.from(env)).toEqual([4, 3, 2, 1, 0xdc, 0x01, 0x80, 9, 8, 7]);
    const d = decodeClientPacket(env);
    expect(d).toEqual({ session: 0x01020304, opcode: 0x01dc, flags: 0x80, payload: new Uint8Array([9, 8, 7]) });
  });

  test("limits round-trip; an empty payload is fine", () => {
    const d = decodeClientPacket(encodeClientPacket(0xffffffff, 0xffff, 0xff, new Uint8Array(0)));
    expect([d.session, d.opcode, d.flags, d.payload.length]).toEqual([0xffffffff, 0xffff, 0xff, 0]);
  });

  test("decode does not copy the payload", () => {
    const env = encodeClientPacket(1, 2, 0, new Uint8Array([1, 2, 3, 4]));
    const d = decodeClientPacket(env);
    expect(d.payload.buffer).toBe(env.buffer);
    expect(d.payload.byteOffset).toBe(env.byteOffset + CLIENT_PACKET_HEADER);
  });

  test("works on views with an offset (messages cut out of a larger buffer)", () => {
    const big = new Uint8Array(64);
    const n = writeClientPacket(big, 13, 77, 0x1ee, 1, new Uint8Array([5, 6]));
    expect(n).toBe(9);
    const d = decodeClientPacket(big.subarray(13, 13 + n));
    expect([d.session, d.opcode, d.flags, Array.from(d.payload)]).toEqual([77, 0x1ee, 1, [5, 6]]);
  });

  test("short input is PROTO_TRUNCATED; out-of-range fields are PROTO_BAD_VALUE", () => {
    for (let n = 0; n < CLIENT_PACKET_HEADER; n++) expect(codeOf(() => decodeClientPacket(new Uint8Array(n)))).toBe("PROTO_TRUNCATED");
    expect(codeOf(() => encodeClientPacket(-1, 0, 0, new Uint8Array(0)))).toBe("PROTO_BAD_VALUE");
    expect(codeOf(() => encodeClientPacket(2 ** 32, 0, 0, new Uint8Array(0)))).toBe("PROTO_BAD_VALUE");
    expect(codeOf(() => encodeClientPacket(0, 0x10000, 0, new Uint8Array(0)))).toBe("PROTO_BAD_VALUE");
    expect(codeOf(() => encodeClientPacket(0, 0, 256, new Uint8Array(0)))).toBe("PROTO_BAD_VALUE");
    expect(codeOf(() => writeClientPacket(new Uint8Array(8), 0, 0, 0, 0, new Uint8Array(2)))).toBe("PROTO_BAD_VALUE");
  });

  test("property: decode(encode(x)) = x", () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffff }), fc.nat({ max: 0xff }), fc.uint8Array({ maxLength: 300 }), (s, o, f, p) => {
        const d = decodeClientPacket(encodeClientPacket(s, o, f, p));
        return d.session === s && d.opcode === o && d.flags === f && Buffer.from(d.payload).equals(Buffer.from(p));
      }),
      { numRuns: runs },
    );
  });
});

describe("outbound batch envelope", () => {
  test("layout: u32 count, then u32 session, u16 opcode, u32 length, bytes", () => {
    const b = encodeOutboundBatch([
      { session: 1, opcode: 0x1dd, payload: new Uint8Array([0xaa]) },
      { session: 2, opcode: 0x0b5, payload: new Uint8Array(0) },
    ]);
    expect(Array.from(b)).toEqual([2, 0, 0, 0, 1, 0, 0, 0, 0xdd, 0x01, 1, 0, 0, 0, 0xaa, 2, 0, 0, 0, 0xb5, 0x00, 0, 0, 0, 0]);
    expect(decodeOutboundBatch(b).map((e) => [e.session, e.opcode, Array.from(e.payload)])).toEqual([
      [1, 0x1dd, [0xaa]],
      [2, 0x0b5, []],
    ]);
  });

  test("an empty batch is its 4-byte count", () => {
    const w = new OutboundBatchWriter();
    expect(Array.from(w.finish())).toEqual([0, 0, 0, 0]);
    expect(decodeOutboundBatch(w.finish())).toEqual([]);
  });

  test("the writer grows, is reused after reset, and finish() copies", () => {
    const w = new OutboundBatchWriter(64);
    const payload = new Uint8Array(40).fill(7);
    for (let i = 0; i < 1000; i++) w.add(i, 0x1dd, payload);
    expect(w.count).toBe(1000);
    expect(w.byteLength).toBe(4 + 1000 * 50);
    const first = w.finish();
    w.reset();
    w.add(5, 6, new Uint8Array([1]));
    const second = w.finish();
    expect(validateOutboundBatch(first)).toBe(1000);
    expect(decodeOutboundBatch(second).map((e) => e.session)).toEqual([5]);
    let n = 0;
    forEachOutbound(first, (s, o, p) => {
      expect(s).toBe(n++);
      expect(o).toBe(0x1dd);
      expect(p.length).toBe(40);
    });
    expect(n).toBe(1000);
  });

  test("damaged batches are PROTO_TRUNCATED before any entry is handed out", () => {
    const good = encodeOutboundBatch([
      { session: 1, opcode: 1, payload: new Uint8Array(10) },
      { session: 2, opcode: 2, payload: new Uint8Array(10) },
    ]);
    for (let cut = 0; cut < good.length; cut++) {
      let seen = 0;
      expect(codeOf(() => forEachOutbound(good.subarray(0, cut), () => void seen++))).toBe("PROTO_TRUNCATED");
      expect(seen).toBe(0);
    }
    const huge = good.slice();
    new DataView(huge.buffer).setUint32(0, 0xffffffff, true);
    expect(codeOf(() => decodeOutboundBatch(huge))).toBe("PROTO_TRUNCATED");
    const longEntry = good.slice();
    new DataView(longEntry.buffer).setUint32(4 + 6, 0xfffffff0, true);
    expect(codeOf(() => decodeOutboundBatch(longEntry))).toBe("PROTO_TRUNCATED");
  });

  test("property: decode(encode(entries)) = entries; random bytes never read past the end", () => {
    const entry = fc.record({ session: fc.nat({ max: 0xffffffff }), opcode: fc.nat({ max: 0xffff }), payload: fc.uint8Array({ maxLength: 64 }) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const back = decodeOutboundBatch(encodeOutboundBatch(entries));
        return back.length === entries.length && back.every((e, i) => e.session === entries[i]!.session && e.opcode === entries[i]!.opcode && Buffer.from(e.payload).equals(Buffer.from(entries[i]!.payload)));
      }),
      { numRuns: runs },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (junk) => {
        const c = codeOf(() => decodeOutboundBatch(junk));
        return c === "no error" || c === "PROTO_TRUNCATED";
      }),
      { numRuns: runs * 5 },
    );
  });
});
