import { expect, test } from "bun:test";
import { InboundBuffer } from "./inbound.ts";

test("chunks accumulate up to the cap; one more byte is refused", () => {
  const b = new InboundBuffer(16, 100);
  expect(b.append(new Uint8Array(60).fill(1))).toBe(true);
  expect(b.append(new Uint8Array(40).fill(2))).toBe(true);
  expect(b.available).toBe(100);
  expect(b.append(new Uint8Array(1))).toBe(false);
  b.consume(30);
  expect(b.append(new Uint8Array(30).fill(3))).toBe(true); // compacted, not grown past the cap
  expect(b.available).toBe(100);
  expect(b.view(100).slice(0, 30)).toEqual(new Uint8Array(30).fill(1));
  expect(b.view(100).slice(70)).toEqual(new Uint8Array(30).fill(3));
});

test("a buffer that grew for a burst goes back to its initial size once drained", () => {
  const b = new InboundBuffer(2048, 1 << 20);
  expect(b.append(new Uint8Array(600_000))).toBe(true);
  expect(b.buf.length).toBeGreaterThanOrEqual(600_000);
  b.consume(599_999);
  expect(b.buf.length).toBeGreaterThanOrEqual(600_000); // one byte still waits
  b.consume(1);
  expect(b.buf.length).toBe(2048);
  expect(b.available).toBe(0);
});
