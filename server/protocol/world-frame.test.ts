import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { ClientHeaderCrypt, ServerHeaderCrypt } from "./header-crypt.ts";
import { hex, toHex, vectorsOfKind } from "./vectors.fixture.ts";
import {
  CLIENT_SIZE_MAX,
  ClientFrameDecoder,
  FrameError,
  frameError,
  NEED_MORE,
  serverHeaderLength,
  ServerFrameDecoder,
  writeClientHeader,
  writeServerHeader,
} from "./world-frame.ts";

interface Frame {
  opcode: number;
  payload: Uint8Array;
}

/** Builds a client->server stream of frames, encrypted with `crypt` when given. */
function clientStream(frames: Frame[], crypt: ClientHeaderCrypt | null): Uint8Array {
  const total = frames.reduce((n, f) => n + 6 + f.payload.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of frames) {
    at += writeClientHeader(out, at, f.payload.length, f.opcode, crypt);
    out.set(f.payload, at);
    at += f.payload.length;
  }
  return out;
}

function serverStream(frames: Frame[], crypt: ServerHeaderCrypt | null): Uint8Array {
  const total = frames.reduce((n, f) => n + serverHeaderLength(f.payload.length) + f.payload.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of frames) {
    at += writeServerHeader(out, at, f.payload.length, f.opcode, crypt);
    out.set(f.payload, at);
    at += f.payload.length;
  }
  return out;
}

/**
 * Feeds `stream` to a decoder in chunks, the way a socket handler would: append to an
 * accumulation buffer, take complete frames off the front, compact.
 */
function feed(decoder: ClientFrameDecoder | ServerFrameDecoder, stream: Uint8Array, cuts: number[]): Frame[] {
  const acc = new Uint8Array(stream.length);
  let len = 0;
  const frames: Frame[] = [];
  let pos = 0;
  const points = [...cuts.filter((c) => c > 0 && c < stream.length).sort((a, b) => a - b), stream.length];
  for (const cut of points) {
    acc.set(stream.subarray(pos, cut), len);
    len += cut - pos;
    pos = cut;
    let start = 0;
    for (;;) {
      const r = decoder.next(acc, start, len);
      if (r < 0) throw new Error(`frame error ${r}`);
      if (r === NEED_MORE) break;
      const headerLength = decoder instanceof ServerFrameDecoder ? decoder.headerLength : 6;
      frames.push({ opcode: decoder.opcode, payload: acc.slice(start + headerLength, start + r) });
      start += r;
    }
    acc.copyWithin(0, start, len);
    len -= start;
  }
  expect(len).toBe(0);
  return frames;
}

describe("server headers", () => {
  test("4-byte form: BE size = payload + 2, LE opcode", () => {
    const buf = new Uint8Array(8);
    expect(writeServerHeader(buf, 1, 11, 0x1ee)).toBe(4);
    expect(toHex(buf.subarray(1, 5))).toBe("000dee01");
    expect(serverHeaderLength(0x7ffd)).toBe(4);
    expect(serverHeaderLength(0x7ffe)).toBe(5);
  });

  test("5-byte form for payload + 2 > 0x7FFF (wow_srp: size 0x8008 opcode 0x1EE)", () => {
    const buf = new Uint8Array(5);
    expect(writeServerHeader(buf, 0, 0x8006, 0x1ee)).toBe(5);
    expect(toHex(buf)).toBe("808008ee01");
  });

  test("too large or bad values throw on encode", () => {
    expect(() => writeServerHeader(new Uint8Array(8), 0, 0x7ffffe, 1)).toThrow();
    expect(() => writeServerHeader(new Uint8Array(8), 0, -1, 1)).toThrow();
    expect(() => writeServerHeader(new Uint8Array(3), 0, 1, 1)).toThrow();
    expect(() => writeServerHeader(new Uint8Array(8), 0, 1, 0x10000)).toThrow();
  });

  test("header_crypt_large_server_header: encrypted on write, decoded by the client-side decoder", () => {
    const v = vectorsOfKind("header_crypt_sequence").find((x) => x.name === "header_crypt_large_server_header")!;
    const K = hex(v.inputs.K);
    const crypt = new ServerHeaderCrypt(K);
    const steps = v.expected.steps as { size_field: number; opcode: number; encrypted_header: string }[];
    const frames: Frame[] = steps.map((s) => ({ opcode: s.opcode, payload: new Uint8Array(s.size_field - 2).fill(s.opcode & 0xff) }));
    const stream = serverStream(frames, crypt);
    expect(toHex(stream.subarray(0, 5))).toBe(steps[0]!.encrypted_header);
    const second = 5 + frames[0]!.payload.length;
    expect(toHex(stream.subarray(second, second + 4))).toBe(steps[1]!.encrypted_header);
    // decode with the 5th header byte arriving in a later read than the first 4
    const decoder = new ServerFrameDecoder(new ClientHeaderCrypt(K));
    const got = feed(decoder, stream, [4, 5, 100, second + 2]);
    expect(got.map((f) => f.opcode)).toEqual([0x1ee, 0x1ee]);
    expect(got.map((f) => f.payload.length)).toEqual(frames.map((f) => f.payload.length));
  });
});

describe("client frame decoder", () => {
  test("header_crypt_sequence client steps decode (real 3.3.5 capture, SpinaciCore)", () => {
    for (const v of vectorsOfKind("header_crypt_sequence")) {
      const steps = (v.expected.steps as { direction: string; size_field: number; opcode: number; encrypted_header: string }[]).filter(
        (s) => s.direction === "client_to_server",
      );
      if (steps.length === 0) continue;
      // encrypted headers from the vector, followed by (plain) payloads of the announced size
      const parts: Uint8Array[] = [];
      for (const s of steps) {
        parts.push(hex(s.encrypted_header));
        parts.push(new Uint8Array(s.size_field - 4).fill(0x5a));
      }
      const stream = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        stream.set(p, at);
        at += p.length;
      }
      // every single split point, byte-by-byte feeding included
      for (let cut = 1; cut < stream.length; cut++) {
        const decoder = new ClientFrameDecoder(new ServerHeaderCrypt(hex(v.inputs.K)));
        const got = feed(decoder, stream.slice(), [cut, cut + 3]);
        expect(got.map((f) => f.opcode)).toEqual(steps.map((s) => s.opcode));
      }
      const one = new ClientFrameDecoder(new ServerHeaderCrypt(hex(v.inputs.K)));
      const everyByte = Array.from({ length: stream.length }, (_, i) => i);
      expect(feed(one, stream.slice(), everyByte).map((f) => f.opcode)).toEqual(steps.map((s) => s.opcode));
    }
  });

  test("unencrypted, then encrypted after setCrypt (the AUTH_SESSION switch)", () => {
    const K = crypto.getRandomValues(new Uint8Array(40));
    const plain = clientStream([{ opcode: 0x1ed, payload: new Uint8Array(30).fill(1) }], null);
    const client = new ClientHeaderCrypt(K);
    const enc = clientStream(
      [
        { opcode: 0x4ff, payload: new Uint8Array(0) },
        { opcode: 0x1dc, payload: Uint8Array.of(1, 0, 0, 0, 2, 0, 0, 0) },
      ],
      client,
    );
    const d = new ClientFrameDecoder();
    expect(d.encrypted).toBe(false);
    expect(feed(d, plain, [3]).map((f) => f.opcode)).toEqual([0x1ed]);
    d.setCrypt(new ServerHeaderCrypt(K));
    const got = feed(d, enc, [2, 7, 9]);
    expect(got.map((f) => f.opcode)).toEqual([0x4ff, 0x1dc]);
    expect(Array.from(got[1]!.payload)).toEqual([1, 0, 0, 0, 2, 0, 0, 0]);
  });

  test("random frame streams survive random TCP splits (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ opcode: fc.integer({ min: 0, max: 0x51e }), payload: fc.uint8Array({ maxLength: 300 }) }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(4000), { maxLength: 20 }),
        fc.uint8Array({ minLength: 40, maxLength: 40 }),
        (frames, cuts, K) => {
          const stream = clientStream(frames, new ClientHeaderCrypt(K));
          const got = feed(new ClientFrameDecoder(new ServerHeaderCrypt(K)), stream, cuts);
          expect(got.length).toBe(frames.length);
          got.forEach((f, i) => {
            expect(f.opcode).toBe(frames[i]!.opcode);
            expect(toHex(f.payload)).toBe(toHex(frames[i]!.payload));
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  test("size and opcode limits: [4, 10239] and < 0x51F, checked before any payload is needed", () => {
    const header = (size: number, opcode: number) => {
      const b = new Uint8Array(6);
      b[0] = size >> 8;
      b[1] = size & 0xff;
      new DataView(b.buffer).setUint32(2, opcode, true);
      return b;
    };
    const d = new ClientFrameDecoder();
    expect(d.next(header(3, 0x37), 0, 6)).toBe(FrameError.BAD_SIZE);
    expect(d.next(header(4, 0x37), 0, 6)).toBe(FrameError.BAD_SIZE); // sticky: the connection is done
    expect(d.error).toBe(FrameError.BAD_SIZE);
    d.reset();
    expect(d.next(header(10240, 0x37), 0, 6)).toBe(FrameError.BAD_SIZE);
    d.reset();
    expect(d.next(header(0xffff, 0x37), 0, 6)).toBe(FrameError.BAD_SIZE);
    d.reset();
    expect(d.next(header(4, 0x51f), 0, 6)).toBe(FrameError.BAD_OPCODE);
    d.reset();
    expect(d.next(header(4, 0xffffffff), 0, 6)).toBe(FrameError.BAD_OPCODE);
    d.reset();
    expect(d.next(header(4, 0x51e), 0, 6)).toBe(6);
    expect(d.next(header(CLIENT_SIZE_MAX, 0x37), 0, 6)).toBe(NEED_MORE);
    expect(d.needed).toBe(6 + CLIENT_SIZE_MAX - 4);
    expect(frameError(FrameError.BAD_OPCODE, 4, 0x51f).code).toBe("PROTO_BAD_HEADER");
  });

  test("an encrypted header is decrypted exactly once when the payload arrives later", () => {
    const K = crypto.getRandomValues(new Uint8Array(40));
    const stream = clientStream([{ opcode: 0x95, payload: new Uint8Array(20).fill(3) }], new ClientHeaderCrypt(K));
    let calls = 0;
    const inner = new ServerHeaderCrypt(K);
    const counting = {
      decryptClientHeader(buf: Uint8Array, off: number, len: number) {
        calls++;
        inner.decryptClientHeader(buf, off, len);
      },
    };
    const d = new ClientFrameDecoder(counting);
    const buf = new Uint8Array(26);
    buf.set(stream.subarray(0, 3));
    expect(d.next(buf, 0, 3)).toBe(NEED_MORE);
    expect(calls).toBe(0);
    buf.set(stream.subarray(3, 10), 3);
    expect(d.next(buf, 0, 10)).toBe(NEED_MORE);
    expect(calls).toBe(1);
    expect(d.opcode).toBe(0x95);
    expect(d.next(buf, 0, 10)).toBe(NEED_MORE);
    buf.set(stream.subarray(10), 10);
    expect(d.next(buf, 0, 26)).toBe(26);
    expect(calls).toBe(1);
    // switching crypt is allowed between frames, refused in the middle of one
    expect(() => d.setCrypt(inner)).not.toThrow();
    writeClientHeader(buf, 0, 20, 0x95);
    d.setCrypt(null);
    expect(d.next(buf, 0, 6)).toBe(NEED_MORE);
    expect(() => d.setCrypt(inner)).toThrow();
  });

  test("never throws and never asks for more than the cap on arbitrary bytes (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), fc.uint8Array({ minLength: 40, maxLength: 40 }), (bytes, enc, K) => {
        const d = new ClientFrameDecoder(enc ? new ServerHeaderCrypt(K) : null);
        let start = 0;
        for (let guard = 0; guard < 64; guard++) {
          const r = d.next(bytes, start, bytes.length);
          expect(d.needed).toBeLessThanOrEqual(6 + CLIENT_SIZE_MAX - 4);
          if (r <= 0) break;
          start += r;
        }
      }),
      { numRuns: 500 },
    );
  });

  test("decoding allocates nothing per frame (heap stays flat over 500k frames)", () => {
    const K = new Uint8Array(40).fill(1);
    const client = new ClientHeaderCrypt(K);
    const server = new ServerHeaderCrypt(K);
    const d = new ClientFrameDecoder(server);
    const buf = new Uint8Array(14);
    const run = (n: number) => {
      for (let i = 0; i < n; i++) {
        writeClientHeader(buf, 0, 8, 0x1dc, client);
        if (d.next(buf, 0, 14) !== 14) throw new Error("bad frame");
      }
    };
    run(10_000);
    Bun.gc(true);
    const before = process.memoryUsage().heapUsed;
    run(500_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(2_000_000);
  });
});
