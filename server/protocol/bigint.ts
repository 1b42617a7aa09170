// Little-endian byte arrays <-> bigint, and modular exponentiation.
//
// The WoW login protocol moves every SRP6 number as a fixed-width little-endian array
// (32 bytes for s, v, A, B, S, N; 20-byte SHA-1 digests for x and u). These helpers are
// the only place that converts between the wire form and bigint.
//
// Not constant-time: bigint arithmetic never is. See README.md ("Known properties").
import { RealmError } from "../kernel/errors.ts";

/** Width of every SRP6 big number on the wire and inside every hash. */
export const SRP_WIDTH = 32;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, "0"));

/** Reads `bytes` as an unsigned little-endian integer (any length; empty -> 0n). */
export function bytesToBigIntLE(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let s = "0x";
  for (let i = bytes.length - 1; i >= 0; i--) s += HEX[bytes[i]!]!;
  return BigInt(s);
}

/** Reads `bytes` as an unsigned big-endian integer. */
export function bytesToBigIntBE(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let s = "0x";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!]!;
  return BigInt(s);
}

/**
 * Writes `n` as exactly `width` little-endian bytes (zero padded at the high end).
 * Writes into `out` at `offset` when given (no allocation), else returns a new array.
 * Throws if `n` is negative or does not fit.
 */
export function bigIntToBytesLE(n: bigint, width: number = SRP_WIDTH, out?: Uint8Array, offset = 0): Uint8Array {
  if (n < 0n) throw new RealmError("PROTO_BAD_VALUE", "negative number cannot be encoded as unsigned bytes");
  const hex = n.toString(16);
  const digits = hex.length;
  if (digits > width * 2) throw new RealmError("PROTO_BAD_VALUE", `number needs ${Math.ceil(digits / 2)} bytes, more than ${width}`);
  const target = out ?? new Uint8Array(width);
  if (out !== undefined && offset + width > out.length) throw new RealmError("PROTO_BAD_VALUE", "output buffer too small");
  // hex is big-endian text: its last two digits are byte 0
  let pos = digits;
  for (let i = 0; i < width; i++) {
    let byte = 0;
    if (pos >= 2) {
      byte = parseHexPair(hex, pos - 2);
      pos -= 2;
    } else if (pos === 1) {
      byte = parseHexDigit(hex.charCodeAt(0));
      pos = 0;
    }
    target[offset + i] = byte;
  }
  return target;
}

/** Big-endian form of `n` in exactly `width` bytes. */
export function bigIntToBytesBE(n: bigint, width: number = SRP_WIDTH): Uint8Array {
  const le = bigIntToBytesLE(n, width);
  le.reverse();
  return le;
}

function parseHexDigit(c: number): number {
  // 0-9, a-f (toString(16) is lower case)
  return c <= 57 ? c - 48 : c - 87;
}
function parseHexPair(s: string, at: number): number {
  return (parseHexDigit(s.charCodeAt(at)) << 4) | parseHexDigit(s.charCodeAt(at + 1));
}

/** Non-negative remainder (bigint % keeps the sign of the dividend). */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

const WINDOW = 5;
const HALF_TABLE = 1 << (WINDOW - 1); // odd powers b^1, b^3, ..., b^(2^W - 1)

/**
 * base^exp mod m for exp >= 0, m >= 1: left-to-right sliding window (5 bits), which
 * needs about 15 % fewer multiplications than plain square-and-multiply.
 */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m <= 0n) throw new RealmError("PROTO_BAD_VALUE", "modulus must be positive");
  if (exp < 0n) throw new RealmError("PROTO_BAD_VALUE", "negative exponent");
  if (m === 1n) return 0n;
  const b = mod(base, m);
  if (exp === 0n) return 1n;
  if (b === 0n) return 0n;
  const bits = exp.toString(2);
  const len = bits.length;
  if (len <= 16) {
    let r = 1n;
    for (let i = 0; i < len; i++) {
      r = (r * r) % m;
      if (bits.charCodeAt(i) === 49) r = (r * b) % m;
    }
    return r;
  }
  const odd: bigint[] = new Array<bigint>(HALF_TABLE);
  odd[0] = b;
  const b2 = (b * b) % m;
  for (let i = 1; i < HALF_TABLE; i++) odd[i] = (odd[i - 1]! * b2) % m;
  let r = 1n;
  let i = 0;
  while (i < len) {
    if (bits.charCodeAt(i) === 48) {
      r = (r * r) % m;
      i++;
      continue;
    }
    let j = Math.min(i + WINDOW, len);
    while (bits.charCodeAt(j - 1) === 48) j--; // window ends on a 1 bit, so its value is odd
    let val = 0;
    for (let k = i; k < j; k++) {
      r = (r * r) % m;
      val = (val << 1) | (bits.charCodeAt(k) - 48);
    }
    r = (r * odd[(val - 1) >> 1]!) % m;
    i = j;
  }
  return r;
}

/**
 * Precomputed powers of a fixed base for exponents up to `maxBits` bits (fixed-base
 * windowing, 4-bit digits): base^e costs one multiplication per non-zero hex digit of e
 * and no squarings, about 4x faster than modPow for the SRP generator.
 */
export class FixedBasePow {
  private table: bigint[] | null = null;
  private readonly digits: number;
  constructor(
    readonly base: bigint,
    readonly modulus: bigint,
    readonly maxBits: number,
  ) {
    if (modulus <= 1n) throw new RealmError("PROTO_BAD_VALUE", "modulus must be above 1");
    this.digits = Math.ceil(maxBits / 4);
  }

  private build(): bigint[] {
    const digits = this.digits;
    const t = new Array<bigint>(digits * 16);
    let p = mod(this.base, this.modulus); // base^(16^d)
    for (let d = 0; d < digits; d++) {
      t[d * 16] = 1n;
      for (let v = 1; v < 16; v++) t[d * 16 + v] = (t[d * 16 + v - 1]! * p) % this.modulus;
      p = (t[d * 16 + 15]! * p) % this.modulus;
    }
    this.table = t;
    return t;
  }

  pow(exp: bigint): bigint {
    if (exp < 0n) throw new RealmError("PROTO_BAD_VALUE", "negative exponent");
    const hex = exp.toString(16);
    if (hex.length > this.digits) return modPow(this.base, exp, this.modulus);
    const t = this.table ?? this.build();
    let r = 1n;
    const last = hex.length - 1;
    for (let i = 0; i <= last; i++) {
      const v = parseHexDigit(hex.charCodeAt(i));
      if (v !== 0) r = (r * t[(last - i) * 16 + v]!) % this.modulus;
    }
    return r;
  }
}
