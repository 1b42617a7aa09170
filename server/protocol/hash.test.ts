import { expect, test } from "bun:test";
import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { hmacSha1, hmacSha256, latin1Bytes, latin1Text, proofEquals, sha1, sha1Into, upperAscii } from "./hash.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

test("sha1 of concatenated parts equals node:crypto over the concatenation (property)", () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 700 }), { maxLength: 5 }), (parts) => {
      const ref = createHash("sha1");
      for (const p of parts) ref.update(p);
      expect(hex(sha1(...parts))).toBe(ref.digest("hex"));
    }),
    { numRuns: 200 },
  );
  const out = new Uint8Array(20);
  expect(sha1Into(out, [Uint8Array.of(0x61, 0x62, 0x63)])).toBe(out);
  expect(hex(out)).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
});

test("HMACs equal node:crypto", () => {
  const key = Uint8Array.of(1, 2, 3);
  const a = Uint8Array.of(4, 5);
  const b = Uint8Array.of(6);
  expect(hex(hmacSha1(key, a, b))).toBe(createHmac("sha1", key).update(a).update(b).digest("hex"));
  expect(hex(hmacSha256(key, a, b))).toBe(createHmac("sha256", key).update(a).update(b).digest("hex"));
  expect(hmacSha1(key, a).length).toBe(20);
  expect(hmacSha256(key, a).length).toBe(32);
});

test("proofEquals, upperAscii, latin1", () => {
  expect(proofEquals(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
  expect(proofEquals(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
  expect(proofEquals(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
  expect(upperAscii("abc-XYZ_09é")).toBe("ABC-XYZ_09é");
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  expect(Array.from(latin1Bytes(latin1Text(all)))).toEqual(Array.from(all));
  expect(() => latin1Bytes("€")).toThrow();
});
