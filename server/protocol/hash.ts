// SHA-1 / HMAC helpers shared by srp6, integrity and header-crypt.
//
// `sha1(...)` hashes the concatenation of its parts: the parts are copied into one reused
// scratch buffer and hashed with Bun.SHA1.hash (one native call, the fastest path Bun
// offers), and the digest goes into a fresh 20-byte array (or the caller's `out`).
import { timingSafeEqual } from "node:crypto";
import { RealmError } from "../kernel/errors.ts";

export const SHA1_LENGTH = 20;

let scratch = new Uint8Array(256);

function gather(parts: readonly Uint8Array[]): number {
  let total = 0;
  for (let i = 0; i < parts.length; i++) total += parts[i]!.length;
  if (total > scratch.length) {
    let size = scratch.length * 2;
    while (size < total) size *= 2;
    scratch = new Uint8Array(size);
  }
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    scratch.set(parts[i]!, at);
    at += parts[i]!.length;
  }
  return total;
}

/** SHA-1 of the concatenated parts. */
export function sha1(...parts: Uint8Array[]): Uint8Array {
  return sha1Into(new Uint8Array(SHA1_LENGTH), parts);
}

/** SHA-1 of the concatenated parts into `out` (must be exactly 20 bytes long). */
export function sha1Into(out: Uint8Array, parts: readonly Uint8Array[]): Uint8Array {
  const n = gather(parts);
  Bun.SHA1.hash(scratch.subarray(0, n), out);
  return out;
}

/** HMAC-SHA1(key, concatenated parts). */
export function hmacSha1(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = new Bun.CryptoHasher("sha1", key);
  for (let i = 0; i < parts.length; i++) h.update(parts[i]!);
  const d = h.digest();
  return new Uint8Array(d.buffer, d.byteOffset, SHA1_LENGTH).slice();
}

/** HMAC-SHA256(key, concatenated parts) (32 bytes). */
export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = new Bun.CryptoHasher("sha256", key);
  for (let i = 0; i < parts.length; i++) h.update(parts[i]!);
  const d = h.digest();
  return new Uint8Array(d.buffer, d.byteOffset, 32).slice();
}

/**
 * Constant-time comparison of two proofs/digests. Different lengths are simply unequal
 * (the length of a proof is public).
 */
export function proofEquals(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

const utf8 = new TextEncoder();

/** ASCII-only upper-casing (a-z -> A-Z), what the client does to names and passwords. */
export function upperAscii(s: string): string {
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      needs = true;
      break;
    }
  }
  if (!needs) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 97 && c <= 122 ? String.fromCharCode(c - 32) : s[i];
  }
  return out;
}

/** UTF-8 bytes of a string (names are ASCII in practice, so this is their byte form). */
export function textBytes(s: string): Uint8Array {
  return utf8.encode(s);
}

/** Bytes to a string, one char (code 0-255) per byte: the exact inverse of `latin1Bytes`. */
export function latin1Text(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** One byte per char (char codes above 255 are an error). */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new RealmError("PROTO_BAD_VALUE", `character U+${c.toString(16)} does not fit in one byte`);
    out[i] = c;
  }
  return out;
}
