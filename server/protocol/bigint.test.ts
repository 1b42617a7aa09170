import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { bigIntToBytesBE, bigIntToBytesLE, bytesToBigIntBE, bytesToBigIntLE, FixedBasePow, mod, modPow } from "./bigint.ts";

function naivePow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n % m;
  b = mod(b, m);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

describe("byte order", () => {
  test("LE and BE conversions", () => {
    expect(bytesToBigIntLE(Uint8Array.of(0x01, 0x02))).toBe(0x0201n);
    expect(bytesToBigIntBE(Uint8Array.of(0x01, 0x02))).toBe(0x0102n);
    expect(bytesToBigIntLE(new Uint8Array(0))).toBe(0n);
    expect(Array.from(bigIntToBytesLE(0x0201n, 4))).toEqual([1, 2, 0, 0]);
    expect(Array.from(bigIntToBytesBE(0x0201n, 4))).toEqual([0, 0, 2, 1]);
    expect(Array.from(bigIntToBytesLE(0x123n, 2))).toEqual([0x23, 0x01]);
    expect(Array.from(bigIntToBytesLE(0n, 3))).toEqual([0, 0, 0]);
    expect(bigIntToBytesLE(1n).length).toBe(32);
  });

  test("writes into a caller's buffer at an offset", () => {
    const out = new Uint8Array(8).fill(0xee);
    const r = bigIntToBytesLE(0xabcdn, 4, out, 2);
    expect(r).toBe(out);
    expect(Array.from(out)).toEqual([0xee, 0xee, 0xcd, 0xab, 0, 0, 0xee, 0xee]);
  });

  test("rejects values that do not fit and negatives", () => {
    expect(() => bigIntToBytesLE(1n << 256n, 32)).toThrow();
    expect(() => bigIntToBytesLE(-1n, 32)).toThrow();
    expect(() => bigIntToBytesLE(1n, 4, new Uint8Array(3))).toThrow();
  });

  test("round trips (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (b) => {
        expect(Array.from(bigIntToBytesLE(bytesToBigIntLE(b), 32))).toEqual(Array.from(b));
      }),
    );
  });
});

describe("modPow", () => {
  const N = 0x894b645e89e1535bbdad5b8b290650530801b18ebfbf5e8fab3c82872a3e9bb7n;
  test("edge cases", () => {
    expect(modPow(5n, 0n, 7n)).toBe(1n);
    expect(modPow(0n, 5n, 7n)).toBe(0n);
    expect(modPow(5n, 3n, 1n)).toBe(0n);
    expect(modPow(-2n, 3n, 7n)).toBe(mod(-8n, 7n));
    expect(() => modPow(2n, -1n, 7n)).toThrow();
    expect(() => modPow(2n, 1n, 0n)).toThrow();
  });

  test("matches square-and-multiply for random 256/320-bit operands (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 320n) - 1n }), (b, e) => {
        expect(modPow(b, e, N)).toBe(naivePow(b, e, N));
      }),
      { numRuns: 200 },
    );
  });

  test("fixed-base table matches modPow, and falls back above its width", () => {
    const f = new FixedBasePow(7n, N, 256);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (e) => {
        expect(f.pow(e)).toBe(naivePow(7n, e, N));
      }),
      { numRuns: 200 },
    );
    const big = (1n << 300n) + 12345n;
    expect(f.pow(big)).toBe(naivePow(7n, big, N));
    expect(f.pow(0n)).toBe(1n);
  });
});
