// World header encryption (protocol.md §2.4): ARC4 with the first 1024 keystream bytes dropped,
// keyed with HMAC-SHA1(seed, K). Own RC4 (OpenSSL in Node refuses RC4). Client perspective:
// encrypt outgoing (client->server) headers, decrypt incoming (server->client) headers.
import { hmacSha1 } from "./srp6.ts";

/** HMAC key of the server->client stream (server encrypts, client decrypts). */
export const SEED_SERVER_TO_CLIENT = Uint8Array.from([
  0xcc, 0x98, 0xae, 0x04, 0xe8, 0x97, 0xea, 0xca, 0x12, 0xdd, 0xc0, 0x93, 0x42, 0x91, 0x53, 0x57,
]);
/** HMAC key of the client->server stream (client encrypts, server decrypts). */
export const SEED_CLIENT_TO_SERVER = Uint8Array.from([
  0xc2, 0xb3, 0x72, 0x3c, 0xc6, 0xae, 0xd9, 0xb5, 0x34, 0x3c, 0x53, 0xee, 0x2f, 0x43, 0x67, 0xce,
]);

/** Plain RC4 stream cipher; process() XORs in place. */
export class Rc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(key: Uint8Array) {
    if (key.length === 0) throw new RangeError("RC4 key must not be empty");
    const s = this.s;
    for (let k = 0; k < 256; k++) s[k] = k;
    let j = 0;
    for (let k = 0; k < 256; k++) {
      const sk = s[k] as number;
      j = (j + sk + (key[k % key.length] as number)) & 0xff;
      s[k] = s[j] as number;
      s[j] = sk;
    }
  }

  /** XOR `len` bytes of `buf` from `off` with the keystream, in place. */
  process(buf: Uint8Array, off = 0, len = buf.length - off): void {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    const end = off + len;
    for (let p = off; p < end; p++) {
      i = (i + 1) & 0xff;
      const si = s[i] as number;
      j = (j + si) & 0xff;
      const sj = s[j] as number;
      s[i] = sj;
      s[j] = si;
      buf[p] = (buf[p] as number) ^ (s[(si + sj) & 0xff] as number);
    }
    this.i = i;
    this.j = j;
  }

  /** Advance the keystream by n bytes (the "drop" of ARC4-dropN). */
  drop(n: number): void {
    const scratch = new Uint8Array(n);
    this.process(scratch);
  }
}

/** RC4 keyed with HMAC-SHA1(seed, K), first 1024 bytes dropped. */
export function createHeaderStream(seed: Uint8Array, sessionKey: Uint8Array): Rc4 {
  const rc4 = new Rc4(hmacSha1(seed, sessionKey));
  rc4.drop(1024);
  return rc4;
}

/** Both directions of one world connection, seen from the client. */
export class ClientHeaderCrypt {
  private readonly out: Rc4;
  private readonly in: Rc4;

  constructor(sessionKey: Uint8Array) {
    if (sessionKey.length !== 40) throw new RangeError(`session key must be 40 bytes, got ${sessionKey.length}`);
    this.out = createHeaderStream(SEED_CLIENT_TO_SERVER, sessionKey);
    this.in = createHeaderStream(SEED_SERVER_TO_CLIENT, sessionKey);
  }

  /** Encrypt an outgoing client header (6 bytes) in place. */
  encrypt(buf: Uint8Array, off = 0, len = buf.length - off): void {
    this.out.process(buf, off, len);
  }

  /** Decrypt incoming server header bytes (4 or 5 bytes, may be fed piecewise) in place. */
  decrypt(buf: Uint8Array, off = 0, len = buf.length - off): void {
    this.in.process(buf, off, len);
  }
}
