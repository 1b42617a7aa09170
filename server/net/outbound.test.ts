import { expect, test } from "bun:test";
import { OutboundBuffer } from "./outbound.ts";

/** A socket that takes at most `take` bytes per write (-1: closed) and records what it got. */
function socket(take = Infinity) {
  const s = {
    take,
    writes: 0,
    got: [] as number[],
    write(data: Uint8Array, byteOffset = 0, byteLength = data.length - byteOffset): number {
      s.writes++;
      if (s.take < 0) return -1;
      const n = Math.min(byteLength, s.take);
      s.got.push(...data.subarray(byteOffset, byteOffset + n));
      return n;
    },
  };
  return s;
}

test("packets are framed (big-endian size, little-endian opcode) and leave in one write", () => {
  const ob = new OutboundBuffer(16);
  const big = new Uint8Array(40).fill(7); // past the byte-by-byte copy, and past the initial size
  ob.push(0x1dd, Uint8Array.of(1, 2), null);
  ob.push(0x0a9, big, null);
  expect(ob.pending).toBe(4 + 2 + 4 + 40);
  const s = socket();
  expect(ob.flush(s)).toBe(true);
  expect(s.writes).toBe(1);
  expect(s.got.slice(0, 6)).toEqual([0x00, 0x04, 0xdd, 0x01, 1, 2]);
  expect(s.got.slice(6, 10)).toEqual([0x00, 42, 0xa9, 0x00]);
  expect(s.got.slice(10)).toEqual([...big]);
  expect(ob.pending).toBe(0);
  expect(ob.flush(s)).toBe(true);
  expect(s.writes).toBe(1); // nothing pending: no write
});

test("a body over 32,765 bytes gets the 5-byte header", () => {
  const ob = new OutboundBuffer();
  ob.push(0x1f2, new Uint8Array(40_000), null);
  const s = socket();
  ob.flush(s);
  const size = 40_000 + 2;
  expect(s.got.slice(0, 5)).toEqual([0x80 | (size >>> 16), (size >>> 8) & 0xff, size & 0xff, 0xf2, 0x01]);
  expect(s.got.length).toBe(5 + 40_000);
});

test("headers are encrypted in queue order, each over its own bytes", () => {
  const calls: [number, number][] = [];
  const crypt = { encryptServerHeader: (_b: Uint8Array, at: number, n: number) => void calls.push([at, n]) };
  const ob = new OutboundBuffer();
  ob.push(1, new Uint8Array(3), crypt);
  ob.push(2, new Uint8Array(40_000), crypt);
  ob.push(3, new Uint8Array(0), crypt);
  expect(calls).toEqual([
    [0, 4],
    [7, 5],
    [40_012, 4],
  ]);
});

test("a partial write keeps the tail; the next flush sends exactly the rest", () => {
  const ob = new OutboundBuffer();
  for (let i = 0; i < 5; i++) ob.push(0x100 + i, Uint8Array.of(i, i, i), null);
  const whole = socket();
  const copy = new OutboundBuffer();
  for (let i = 0; i < 5; i++) copy.push(0x100 + i, Uint8Array.of(i, i, i), null);
  copy.flush(whole);

  const s = socket(8);
  expect(ob.flush(s)).toBe(false);
  expect(ob.pending).toBe(35 - 8);
  s.take = Infinity;
  expect(ob.flush(s)).toBe(true);
  expect(s.got).toEqual(whole.got);
});

test("a closed socket (-1) keeps everything pending", () => {
  const ob = new OutboundBuffer();
  ob.push(1, Uint8Array.of(9), null);
  expect(ob.flush(socket(-1))).toBe(false);
  expect(ob.pending).toBe(5);
  ob.clear();
  expect(ob.pending).toBe(0);
});
