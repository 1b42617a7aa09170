// The client "integrity"/version check (protocol.md §1.8) and the reconnect R3 (§1.10).
//
// The client computes checksum = HMAC-SHA1(crc_salt, its executable files) and sends
// crc_hash = SHA1(A | checksum). Servers do not ship client files, so they always send the
// same crc_salt and keep the resulting checksum per (build, OS).
import { hmacSha1, proofEquals, sha1 } from "./hash.ts";

function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The fixed 16-byte crc_salt ("version challenge") TrinityCore and cmangos send. */
export const VERSION_CHALLENGE: Uint8Array = fromHex("baa31e99a00b2157fc373fb369cdd2f1");

/** HMAC-SHA1(VERSION_CHALLENGE, client files) for build 12340 (cmangos ExpectedRealmdClientBuilds). */
export const VERSION_CHECKSUM_12340_WINDOWS: Uint8Array = fromHex("cdcbbd5188315e6b4d19449d492dbcfaf156a347");
export const VERSION_CHECKSUM_12340_MAC: Uint8Array = fromHex("b706d13ff2f4018839729461e3f8a0e2b5fdc034");

/** Reconnect challenge's R3 input: 20 zero bytes. */
const ZERO20 = new Uint8Array(20);

/** checksum = HMAC-SHA1(key = crc_salt, data = the client files concatenated in order). */
export function fileChecksum(crcSalt: Uint8Array, files: Uint8Array | readonly Uint8Array[]): Uint8Array {
  return files instanceof Uint8Array ? hmacSha1(crcSalt, files) : hmacSha1(crcSalt, ...files);
}

/** crc_hash = SHA1(A | checksum), what the client sends in CMD_AUTH_LOGON_PROOF. */
export function crcHash(A: Uint8Array, checksum: Uint8Array): Uint8Array {
  return sha1(A, checksum);
}

/**
 * The precomputed checksum for a (build, os) pair, valid only with VERSION_CHALLENGE as the
 * crc_salt. `os` is the decoded challenge field ("Win" or "OSX"). Undefined when unknown.
 */
export function knownVersionChecksum(build: number, os: string): Uint8Array | undefined {
  if (build !== 12340) return undefined;
  if (os === "Win") return VERSION_CHECKSUM_12340_WINDOWS;
  if (os === "OSX") return VERSION_CHECKSUM_12340_MAC;
  return undefined;
}

export type VersionCheck = "match" | "mismatch" | "unknown_client";

/**
 * Checks a client's crc_hash for a known (build, os) (and the fixed crc_salt). Returns
 * "unknown_client" when there is no checksum to compare with: the caller decides (the
 * reference servers let such clients through; protocol.md recommends rejecting only known
 * builds that fail).
 */
export function checkVersionHash(A: Uint8Array, clientCrcHash: Uint8Array, build: number, os: string): VersionCheck {
  const checksum = knownVersionChecksum(build, os);
  if (checksum === undefined) return "unknown_client";
  return proofEquals(crcHash(A, checksum), clientCrcHash) ? "match" : "mismatch";
}

/** Reconnect R3 = SHA1(R1 | 20 zero bytes). */
export function reconnectChecksum(R1: Uint8Array): Uint8Array {
  return sha1(R1, ZERO20);
}

/** Constant-time R3 check (optional in the protocol). */
export function verifyReconnectChecksum(R1: Uint8Array, R3: Uint8Array): boolean {
  return proofEquals(reconnectChecksum(R1), R3);
}
