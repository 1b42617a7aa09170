// Client side of the WoW SRP6 login (protocol.md §1.5, §1.8, §1.10).
// Every big number is a 32-byte little-endian array on the wire and inside every hash;
// x and u are SHA-1 digests read as little-endian integers.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { hexToBytes } from "./bytes.ts";

export const SRP_N_LE = hexToBytes("b79b3e2a87823cab8f5ebfbf8eb10108535006298b5badbd5b53e1895e644b89");
export const SRP_N = leToBigInt(SRP_N_LE);
export const SRP_G = 7n;
export const SRP_K = 3n;
/** SHA1(N) xor SHA1(g) - the first term of M1. */
export const H_N_XOR_H_G = hexToBytes("dd7bb03a38ac731103987c5a506fca966c7bc2a7");
/** 16-byte version-check salt that TrinityCore/cmangos always send (§1.8). */
export const CRC_SALT_FIXED = hexToBytes("baa31e99a00b2157fc373fb369cdd2f1");
/** Precomputed HMAC-SHA1(crc_salt, client files) for 12340 (§1.8). */
export const VERSION_CHECKSUM_12340_WIN = hexToBytes("cdcbbd5188315e6b4d19449d492dbcfaf156a347");
export const VERSION_CHECKSUM_12340_MAC = hexToBytes("b706d13ff2f4018839729461e3f8a0e2b5fdc034");

const textEncoder = new TextEncoder();

export function sha1(...parts: Uint8Array[]): Uint8Array {
  const h = createHash("sha1");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function hmacSha1(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = createHmac("sha1", key);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** Little-endian bytes -> non-negative bigint. */
export function leToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
  return v;
}

/** bigint -> fixed-width little-endian bytes (zero padded at the high end). */
export function bigIntToLE(v: bigint, width = 32): Uint8Array {
  if (v < 0n) throw new RangeError("negative value");
  const out = new Uint8Array(width);
  let x = v;
  for (let i = 0; i < width; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new RangeError(`value does not fit in ${width} bytes`);
  return out;
}

/** Square-and-multiply modular exponentiation on native bigint. */
export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  if (mod === 1n) return 0n;
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    e >>= 1n;
    b = (b * b) % mod;
  }
  return result;
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** The client upper-cases account name and password before hashing (§1.5 step 1). */
export function normalizeCredential(s: string): string {
  return s.toUpperCase();
}

function ascii(s: string): Uint8Array {
  return textEncoder.encode(s);
}

/** x = SHA1(salt | SHA1(I ":" P)) as a 20-byte digest (read as LE integer when used). */
export function computeX(username: string, password: string, salt: Uint8Array): Uint8Array {
  const p = sha1(ascii(`${normalizeCredential(username)}:${normalizeCredential(password)}`));
  return sha1(salt, p);
}

/** v = g^x mod N as 32 LE bytes (registration; handy for tests and for creating accounts). */
export function computeVerifier(username: string, password: string, salt: Uint8Array): Uint8Array {
  const x = leToBigInt(computeX(username, password, salt));
  return bigIntToLE(modPow(SRP_G, x, SRP_N));
}

/** A = g^a mod N as 32 LE bytes; `a` is the client's private ephemeral (LE bytes). */
export function computeA(a: Uint8Array): Uint8Array {
  return bigIntToLE(modPow(SRP_G, leToBigInt(a), SRP_N));
}

/** u = SHA1(A | B) (20 bytes, read LE when used). */
export function computeU(A: Uint8Array, B: Uint8Array): Uint8Array {
  return sha1(A, B);
}

/** Client premaster secret S = (B - k*g^x)^(a + u*x) mod N, 32 LE bytes. */
export function computeClientS(B: Uint8Array, a: Uint8Array, x: Uint8Array, u: Uint8Array): Uint8Array {
  const xb = leToBigInt(x);
  const base = mod(leToBigInt(B) - SRP_K * modPow(SRP_G, xb, SRP_N), SRP_N);
  const exp = leToBigInt(a) + leToBigInt(u) * xb;
  return bigIntToLE(modPow(base, exp, SRP_N));
}

/**
 * The 40-byte session key K from S (§1.5 step 6): skip leading zero bytes of the LE array
 * (rounded up to an even count), hash the even- and odd-indexed halves, interleave the digests.
 */
export function interleaveS(S: Uint8Array): Uint8Array {
  let start = 0;
  while (start < S.length && S[start] === 0) start++;
  if (start % 2 === 1) start++;
  const rest = S.subarray(start);
  const half = rest.length >> 1;
  const even = new Uint8Array(half);
  const odd = new Uint8Array(half);
  for (let i = 0; i < half; i++) {
    even[i] = rest[2 * i] as number;
    odd[i] = rest[2 * i + 1] as number;
  }
  const g = sha1(even);
  const h = sha1(odd);
  const K = new Uint8Array(40);
  for (let i = 0; i < 20; i++) {
    K[2 * i] = g[i] as number;
    K[2 * i + 1] = h[i] as number;
  }
  return K;
}

/** M1 = SHA1(H(N) xor H(g) | H(I) | s | A | B | K). */
export function computeM1(username: string, salt: Uint8Array, A: Uint8Array, B: Uint8Array, K: Uint8Array): Uint8Array {
  return sha1(H_N_XOR_H_G, sha1(ascii(normalizeCredential(username))), salt, A, B, K);
}

/** M2 = SHA1(A | M1 | K) - what the server must answer. */
export function computeM2(A: Uint8Array, M1: Uint8Array, K: Uint8Array): Uint8Array {
  return sha1(A, M1, K);
}

/** Reconnect proof R2 = SHA1(I | R1 | challenge | K) (§1.10). */
export function computeReconnectR2(username: string, R1: Uint8Array, challenge: Uint8Array, K: Uint8Array): Uint8Array {
  return sha1(ascii(normalizeCredential(username)), R1, challenge, K);
}

/** Reconnect integrity R3 = SHA1(R1 | 20 zero bytes) (§1.8). */
export function computeReconnectR3(R1: Uint8Array): Uint8Array {
  return sha1(R1, new Uint8Array(20));
}

/** Version-check file checksum = HMAC-SHA1(crc_salt, client files) (§1.8). */
export function computeFileChecksum(crcSalt: Uint8Array, files: Uint8Array): Uint8Array {
  return hmacSha1(crcSalt, files);
}

/** Login crc_hash = SHA1(A | checksum) (§1.8). */
export function computeCrcHash(A: Uint8Array, checksum: Uint8Array): Uint8Array {
  return sha1(A, checksum);
}

/** World CMSG_AUTH_SESSION digest = SHA1(account | u32 0 | u32 client_seed | u32 server_seed | K) (§2.3). */
export function computeWorldAuthDigest(account: string, clientSeed: number, serverSeed: number, K: Uint8Array): Uint8Array {
  const seeds = new Uint8Array(12);
  const dv = new DataView(seeds.buffer);
  dv.setUint32(0, 0, true);
  dv.setUint32(4, clientSeed >>> 0, true);
  dv.setUint32(8, serverSeed >>> 0, true);
  return sha1(ascii(normalizeCredential(account)), seeds, K);
}

export interface ClientProof {
  /** Client public ephemeral, 32 LE bytes. */
  A: Uint8Array;
  /** Client proof, 20 bytes. */
  M1: Uint8Array;
  /** Session key, 40 bytes. */
  K: Uint8Array;
  /** What the server's M2 must be. */
  expectedM2: Uint8Array;
  /** Intermediates, for tests and diagnostics. */
  x: Uint8Array;
  u: Uint8Array;
  S: Uint8Array;
}

export class SrpError extends Error {
  override name = "SrpError";
}

/**
 * Full client computation for one logon. `a` (32 LE bytes) is random when omitted; pass it for
 * reproducible tests. Throws SrpError when B mod N == 0 or u == 0 (a hostile/broken server).
 */
export function computeClientProof(opts: {
  username: string;
  password: string;
  salt: Uint8Array;
  B: Uint8Array;
  a?: Uint8Array;
}): ClientProof {
  const { username, password, salt, B } = opts;
  if (leToBigInt(B) % SRP_N === 0n) throw new SrpError("server public key B is 0 mod N");
  for (let attempt = 0; ; attempt++) {
    const a = opts.a ?? randomPrivate();
    const A = computeA(a);
    if (leToBigInt(A) === 0n) {
      if (opts.a || attempt > 8) throw new SrpError("A is 0");
      continue;
    }
    const x = computeX(username, password, salt);
    const u = computeU(A, B);
    if (leToBigInt(u) === 0n) {
      if (opts.a || attempt > 8) throw new SrpError("u is 0");
      continue;
    }
    const S = computeClientS(B, a, x, u);
    const K = interleaveS(S);
    const M1 = computeM1(username, salt, A, B, K);
    const expectedM2 = computeM2(A, M1, K);
    return { A, M1, K, expectedM2, x, u, S };
  }
}

/** 32 random LE bytes, reduced to 1 <= a < N. */
export function randomPrivate(): Uint8Array {
  for (;;) {
    const a = new Uint8Array(randomBytes(32));
    const v = leToBigInt(a) % SRP_N;
    if (v > 1n) return bigIntToLE(v);
  }
}

/** Constant-time-ish comparison of two digests. */
export function digestEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= (a[i] as number) ^ (b[i] as number);
  return d === 0;
}
