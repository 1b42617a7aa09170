// WoW SRP6 (protocol.md §1.5): N (256-bit safe prime), g = 7, k = 3 (SRP-6, not 6a),
// H = SHA-1. Every big number is a 32-byte little-endian array on the wire and inside
// every hash (full fixed width, never a minimal-length encoding); x and u are digests
// read as little-endian integers. K is the 40-byte interleaved session key.
//
// Server side: registration (salt + verifier), B from b, u, the A mod N check, S, K,
// the expected M1, M2, and the reconnect proof R2. Client side (A, S, M1) is here too so
// tests and the bench client can log in without a second implementation.
import { bigIntToBytesLE, bytesToBigIntLE, FixedBasePow, modPow, mod, SRP_WIDTH } from "./bigint.ts";
import { RealmError } from "../kernel/errors.ts";
import { hmacSha256, proofEquals, sha1, textBytes, upperAscii, SHA1_LENGTH } from "./hash.ts";

/** The large safe prime, as an integer. */
export const N = 0x894b645e89e1535bbdad5b8b290650530801b18ebfbf5e8fab3c82872a3e9bb7n;
/** N as sent on the wire (32 bytes LE). */
export const N_BYTES: Uint8Array = bigIntToBytesLE(N, SRP_WIDTH);
export const G = 7n;
/** g as sent on the wire (length 1). */
export const G_BYTES: Uint8Array = Uint8Array.of(7);
/** SRP-6 multiplier k = 3. */
export const K_MULTIPLIER = 3n;
export const SESSION_KEY_LENGTH = 40;
export const SALT_LENGTH = 32;
export const PROOF_LENGTH = SHA1_LENGTH;

/** H(N) xor H(g): the first term of M1 (dd7bb03a38ac731103987c5a506fca966c7bc2a7). */
export const H_N_XOR_H_G: Uint8Array = (() => {
  const hn = sha1(N_BYTES);
  const hg = sha1(G_BYTES);
  for (let i = 0; i < hn.length; i++) hn[i]! ^= hg[i]!;
  return hn;
})();

const gPow = new FixedBasePow(G, N, 512);
const COLON = Uint8Array.of(0x3a);

function requireLength(what: string, b: Uint8Array, n: number): void {
  if (b.length !== n) throw new RealmError("PROTO_BAD_VALUE", `${what} must be ${n} bytes, got ${b.length}`);
}

/** The bytes of I as hashed: the ASCII-upper-cased account name. */
export function accountNameBytes(name: string): Uint8Array {
  return textBytes(upperAscii(name));
}

// ---------------------------------------------------------------------------------
// Registration

/** x = H(s | H(I ":" P)) with I and P upper-cased (20-byte digest, used as an LE integer). */
export function computeX(salt: Uint8Array, username: string, password: string): Uint8Array {
  requireLength("salt", salt, SALT_LENGTH);
  const p = sha1(accountNameBytes(username), COLON, textBytes(upperAscii(password)));
  return sha1(salt, p);
}

/** v = g^x mod N, 32 bytes LE. */
export function verifierFromX(x: Uint8Array): Uint8Array {
  return bigIntToBytesLE(gPow.pow(bytesToBigIntLE(x)), SRP_WIDTH);
}

/** The verifier stored for (name, password, salt): 32 bytes LE. */
export function computeVerifier(salt: Uint8Array, username: string, password: string): Uint8Array {
  return verifierFromX(computeX(salt, username, password));
}

export interface Registration {
  /** 32 random bytes. */
  readonly salt: Uint8Array;
  /** 32 bytes LE. */
  readonly verifier: Uint8Array;
}

/** A fresh random salt and the matching verifier (what an account row stores). */
export function makeRegistration(username: string, password: string): Registration {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_LENGTH));
  return { salt, verifier: computeVerifier(salt, username, password) };
}

// ---------------------------------------------------------------------------------
// Ephemerals

/** A random private ephemeral (b or a) with 1 <= e < N. */
export function randomPrivateEphemeral(): bigint {
  const buf = new Uint8Array(SRP_WIDTH);
  for (;;) {
    crypto.getRandomValues(buf);
    const e = bytesToBigIntLE(buf);
    if (e !== 0n && e < N) return e;
  }
}

/** B = (k*v + g^b) mod N, 32 bytes LE. */
export function serverPublicEphemeral(verifier: Uint8Array, b: bigint): Uint8Array {
  requireLength("verifier", verifier, SRP_WIDTH);
  const v = bytesToBigIntLE(verifier);
  return bigIntToBytesLE((K_MULTIPLIER * v + gPow.pow(b)) % N, SRP_WIDTH);
}

/** A = g^a mod N, 32 bytes LE (client side). */
export function clientPublicEphemeral(a: bigint): Uint8Array {
  return bigIntToBytesLE(gPow.pow(a), SRP_WIDTH);
}

/** A public ephemeral the server may accept: 32 bytes and not 0 mod N. */
export function isValidPublicEphemeral(pub: Uint8Array): boolean {
  if (pub.length !== SRP_WIDTH) return false;
  return bytesToBigIntLE(pub) % N !== 0n;
}

/** u = H(A | B) (20-byte digest, used as an LE integer). */
export function computeU(A: Uint8Array, B: Uint8Array): Uint8Array {
  requireLength("A", A, SRP_WIDTH);
  requireLength("B", B, SRP_WIDTH);
  return sha1(A, B);
}

// ---------------------------------------------------------------------------------
// Shared secret and session key

/** Server: S = (A * v^u mod N)^b mod N, 32 bytes LE. */
export function serverSecret(A: Uint8Array, verifier: Uint8Array, u: Uint8Array, b: bigint): Uint8Array {
  const a = bytesToBigIntLE(A);
  const v = bytesToBigIntLE(verifier);
  const base = (a * modPow(v, bytesToBigIntLE(u), N)) % N;
  return bigIntToBytesLE(modPow(base, b, N), SRP_WIDTH);
}

/** Client: S = (B - k*g^x)^(a + u*x) mod N, 32 bytes LE. */
export function clientSecret(B: Uint8Array, a: bigint, x: Uint8Array, u: Uint8Array): Uint8Array {
  const xi = bytesToBigIntLE(x);
  const base = mod(bytesToBigIntLE(B) - K_MULTIPLIER * gPow.pow(xi), N);
  return bigIntToBytesLE(modPow(base, a + bytesToBigIntLE(u) * xi, N), SRP_WIDTH);
}

/**
 * The 40-byte session key K from S (32 bytes LE): skip the zero bytes at the start of the
 * LE array (rounded up to an even count), hash the even- and odd-indexed bytes of the rest
 * separately, and interleave the two digests.
 */
export function interleaveSessionKey(S: Uint8Array): Uint8Array {
  let start = 0;
  while (start < S.length && S[start] === 0) start++;
  if (start & 1) start++;
  const half = (S.length - start) >> 1;
  const even = new Uint8Array(half);
  const odd = new Uint8Array(half);
  for (let i = 0; i < half; i++) {
    even[i] = S[start + 2 * i]!;
    odd[i] = S[start + 2 * i + 1]!;
  }
  const ge = sha1(even);
  const go = sha1(odd);
  const K = new Uint8Array(SESSION_KEY_LENGTH);
  for (let i = 0; i < SHA1_LENGTH; i++) {
    K[2 * i] = ge[i]!;
    K[2 * i + 1] = go[i]!;
  }
  return K;
}

/** M1 = H(H(N) xor H(g) | H(I) | s | A | B | K). */
export function computeM1(username: string, salt: Uint8Array, A: Uint8Array, B: Uint8Array, K: Uint8Array): Uint8Array {
  requireLength("salt", salt, SALT_LENGTH);
  requireLength("A", A, SRP_WIDTH);
  requireLength("B", B, SRP_WIDTH);
  return sha1(H_N_XOR_H_G, sha1(accountNameBytes(username)), salt, A, B, K);
}

/** M2 = H(A | M1 | K). */
export function computeM2(A: Uint8Array, M1: Uint8Array, K: Uint8Array): Uint8Array {
  return sha1(A, M1, K);
}

/** Reconnect: R2 = H(I | R1 | server challenge data | K). */
export function reconnectProof(username: string, R1: Uint8Array, challengeData: Uint8Array, K: Uint8Array): Uint8Array {
  return sha1(accountNameBytes(username), R1, challengeData, K);
}

/** Constant-time check of a client's reconnect R2. */
export function verifyReconnectProof(username: string, R1: Uint8Array, challengeData: Uint8Array, K: Uint8Array, R2: Uint8Array): boolean {
  return proofEquals(reconnectProof(username, R1, challengeData, K), R2);
}

// ---------------------------------------------------------------------------------
// One server-side logon

/** What the server keeps between the challenge and the proof. */
export interface ServerChallenge {
  readonly salt: Uint8Array;
  readonly verifier: Uint8Array;
  /** Private ephemeral; never leaves the server. */
  readonly b: bigint;
  /** Public ephemeral sent in the challenge reply (32 bytes LE). */
  readonly B: Uint8Array;
}

export function createServerChallenge(salt: Uint8Array, verifier: Uint8Array, b: bigint = randomPrivateEphemeral()): ServerChallenge {
  requireLength("salt", salt, SALT_LENGTH);
  // Fresh values are drawn from [1, N); published vectors also use 256-bit b >= N, which
  // works the same (only b mod (N-1) matters), so any 1 <= b < 2^256 is accepted.
  if (b <= 0n || b >> 256n !== 0n) throw new RealmError("PROTO_BAD_VALUE", "b must satisfy 1 <= b < 2^256");
  return { salt, verifier, b, B: serverPublicEphemeral(verifier, b) };
}

export interface ServerProofResult {
  /** 40-byte session key to persist for the world server and reconnects. */
  readonly K: Uint8Array;
  /** Server proof for the success reply. */
  readonly M2: Uint8Array;
}

/**
 * Checks the client's A and M1 against a challenge. Returns K and M2 on success, null when
 * A is invalid (A mod N == 0) or M1 does not match (compared in constant time).
 */
export function verifyClientProof(ch: ServerChallenge, username: string, A: Uint8Array, M1: Uint8Array): ServerProofResult | null {
  if (!isValidPublicEphemeral(A) || M1.length !== PROOF_LENGTH) return null;
  const u = computeU(A, ch.B);
  const S = serverSecret(A, ch.verifier, u, ch.b);
  const K = interleaveSessionKey(S);
  const expected = computeM1(username, ch.salt, A, ch.B, K);
  if (!proofEquals(expected, M1)) return null;
  return { K, M2: computeM2(A, M1, K) };
}

// ---------------------------------------------------------------------------------
// Client side (tests, bench client)

export interface ClientProof {
  readonly a: bigint;
  readonly A: Uint8Array;
  readonly M1: Uint8Array;
  readonly K: Uint8Array;
  /** The M2 the server must answer with. */
  readonly M2: Uint8Array;
}

/** What a client computes from the challenge reply. Null if B mod N == 0. */
export function computeClientProof(
  username: string,
  password: string,
  salt: Uint8Array,
  B: Uint8Array,
  a: bigint = randomPrivateEphemeral(),
): ClientProof | null {
  if (!isValidPublicEphemeral(B)) return null;
  const A = clientPublicEphemeral(a);
  const x = computeX(salt, username, password);
  const u = computeU(A, B);
  const K = interleaveSessionKey(clientSecret(B, a, x, u));
  const M1 = computeM1(username, salt, A, B, K);
  return { a, A, M1, K, M2: computeM2(A, M1, K) };
}

// ---------------------------------------------------------------------------------
// Unknown accounts

const FAKE_SALT_LABEL = textBytes("realmcore/srp6/fake-salt\0");
const FAKE_VERIFIER_LABEL = textBytes("realmcore/srp6/fake-verifier\0");
const FAKE_EPHEMERAL_LABEL = textBytes("realmcore/srp6/fake-ephemeral\0");

/**
 * A deterministic salt and verifier for a name that has no account: HMAC-SHA256 of a
 * server secret and the upper-cased name. The same name always gets the same salt (like a
 * real account) and nobody without the secret can tell it from a real one.
 */
export function fakeRegistration(secret: Uint8Array, name: string): Registration {
  const I = accountNameBytes(name);
  const salt = hmacSha256(secret, FAKE_SALT_LABEL, I);
  let v = bytesToBigIntLE(hmacSha256(secret, FAKE_VERIFIER_LABEL, I)) % N;
  if (v === 0n) v = 1n;
  return { salt, verifier: bigIntToBytesLE(v, SRP_WIDTH) };
}

/**
 * The challenge to send for an unknown name: the deterministic fake salt/verifier, and B
 * computed exactly as for a real account (same cost, same distribution). b is random by
 * default, as for real accounts (a B that never changed would give the fake away); pass
 * `b` to make B deterministic too. The proof that follows always fails (0x04).
 */
export function fakeChallenge(secret: Uint8Array, name: string, b: bigint = randomPrivateEphemeral()): ServerChallenge {
  const reg = fakeRegistration(secret, name);
  return createServerChallenge(reg.salt, reg.verifier, b);
}

/**
 * A deterministic private ephemeral for an unknown name (1 <= b < N), for callers that
 * want the whole fake challenge, B included, to be a pure function of (secret, name).
 */
export function fakePrivateEphemeral(secret: Uint8Array, name: string): bigint {
  const b = bytesToBigIntLE(hmacSha256(secret, FAKE_EPHEMERAL_LABEL, accountNameBytes(name))) % N;
  return b === 0n ? 1n : b;
}
