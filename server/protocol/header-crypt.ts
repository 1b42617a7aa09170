// World header encryption (protocol.md §2.4) and the CMSG_AUTH_SESSION digest (§2.3).
//
// Two independent RC4-drop1024 streams per connection, each keyed with
// HMAC-SHA1(seed, K) where K is the 40-byte session key from the login server:
//   server -> client: seed CC98AE04..., the server encrypts, the client decrypts
//   client -> server: seed C2B3723C..., the client encrypts, the server decrypts
// Only headers are encrypted; payloads are plain. Every method works in place on a range
// of the caller's buffer and allocates nothing (the gateway's hottest path).
import { Arc4 } from "./arc4.ts";
import { hmacSha1, proofEquals, sha1, textBytes } from "./hash.ts";

/** HMAC key of the server -> client stream (TrinityCore ServerEncryptionKey). */
export const SERVER_TO_CLIENT_SEED = Uint8Array.of(0xcc, 0x98, 0xae, 0x04, 0xe8, 0x97, 0xea, 0xca, 0x12, 0xdd, 0xc0, 0x93, 0x42, 0x91, 0x53, 0x57);
/** HMAC key of the client -> server stream (TrinityCore ServerDecryptionKey). */
export const CLIENT_TO_SERVER_SEED = Uint8Array.of(0xc2, 0xb3, 0x72, 0x3c, 0xc6, 0xae, 0xd9, 0xb5, 0x34, 0x3c, 0x53, 0xee, 0x2f, 0x43, 0x67, 0xce);
/** Keystream bytes discarded after the key schedule. */
export const ARC4_DROP = 1024;

/** RC4 key of one direction: HMAC-SHA1(key = seed, data = K). */
export function headerCryptKey(seed: Uint8Array, K: Uint8Array): Uint8Array {
  return hmacSha1(seed, K);
}

/** A fresh RC4-drop1024 stream for one direction. */
export function headerStream(seed: Uint8Array, K: Uint8Array): Arc4 {
  return new Arc4(headerCryptKey(seed, K), ARC4_DROP);
}

/** What a client-frame decoder needs (the server side of a connection). */
export interface ClientHeaderDecryptor {
  decryptClientHeader(buf: Uint8Array, offset: number, length: number): void;
}
/** What a server-frame decoder needs (the client side of a connection). */
export interface ServerHeaderDecryptor {
  decryptServerHeader(buf: Uint8Array, offset: number, length: number): void;
}

/** The server's half: encrypts outgoing server headers, decrypts incoming client headers. */
export class ServerHeaderCrypt implements ClientHeaderDecryptor {
  private readonly out: Arc4;
  private readonly in: Arc4;
  constructor(K: Uint8Array) {
    this.out = headerStream(SERVER_TO_CLIENT_SEED, K);
    this.in = headerStream(CLIENT_TO_SERVER_SEED, K);
  }
  encryptServerHeader(buf: Uint8Array, offset: number, length: number): void {
    this.out.process(buf, offset, offset + length);
  }
  decryptClientHeader(buf: Uint8Array, offset: number, length: number): void {
    this.in.process(buf, offset, offset + length);
  }
}

/** The client's half (tests and the bench client): the mirror image of ServerHeaderCrypt. */
export class ClientHeaderCrypt implements ServerHeaderDecryptor {
  private readonly out: Arc4;
  private readonly in: Arc4;
  constructor(K: Uint8Array) {
    this.out = headerStream(CLIENT_TO_SERVER_SEED, K);
    this.in = headerStream(SERVER_TO_CLIENT_SEED, K);
  }
  encryptClientHeader(buf: Uint8Array, offset: number, length: number): void {
    this.out.process(buf, offset, offset + length);
  }
  decryptServerHeader(buf: Uint8Array, offset: number, length: number): void {
    this.in.process(buf, offset, offset + length);
  }
}

/**
 * CMSG_AUTH_SESSION digest: SHA1(account | u32 0 | u32 clientSeed | u32 serverSeed | K),
 * u32s little-endian, account as the bytes the client sent (upper case, no terminator).
 */
export function worldAuthDigest(account: string | Uint8Array, clientSeed: number, serverSeed: number, K: Uint8Array): Uint8Array {
  const seeds = new Uint8Array(12);
  const dv = new DataView(seeds.buffer);
  dv.setUint32(4, clientSeed >>> 0, true);
  dv.setUint32(8, serverSeed >>> 0, true);
  return sha1(typeof account === "string" ? textBytes(account) : account, seeds, K);
}

/** Constant-time check of a client's CMSG_AUTH_SESSION digest. */
export function verifyWorldAuthDigest(account: string | Uint8Array, clientSeed: number, serverSeed: number, K: Uint8Array, digest: Uint8Array): boolean {
  return proofEquals(worldAuthDigest(account, clientSeed, serverSeed, K), digest);
}
