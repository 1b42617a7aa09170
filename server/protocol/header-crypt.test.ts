import { describe, expect, test } from "bun:test";
import { Arc4 } from "./arc4.ts";
import {
  ARC4_DROP,
  CLIENT_TO_SERVER_SEED,
  ClientHeaderCrypt,
  headerCryptKey,
  SERVER_TO_CLIENT_SEED,
  ServerHeaderCrypt,
  verifyWorldAuthDigest,
  worldAuthDigest,
} from "./header-crypt.ts";
import { constant, declaredCount, hex, toHex, vectorsOfKind } from "./vectors.fixture.ts";

function allPresent(kind: string): void {
  test(`all ${kind} vectors present`, () => {
    expect(vectorsOfKind(kind).length).toBe(declaredCount(kind));
    expect(vectorsOfKind(kind).length).toBeGreaterThan(0);
  });
}

test("seeds match vectors.json", () => {
  expect(toHex(SERVER_TO_CLIENT_SEED)).toBe(constant("header_seed_server_to_client"));
  expect(toHex(CLIENT_TO_SERVER_SEED)).toBe(constant("header_seed_client_to_server"));
});

describe("header_crypt_stream", () => {
  allPresent("header_crypt_stream");
  for (const v of vectorsOfKind("header_crypt_stream")) {
    test(v.name, () => {
      const K = hex(v.inputs.K);
      const plain = hex(v.inputs.plaintext);
      // the server encrypts server->client ...
      const s = new ServerHeaderCrypt(K);
      const out = plain.slice();
      s.encryptServerHeader(out, 0, out.length);
      expect(toHex(out)).toBe(v.expected.server_to_client_ciphertext);
      // ... and the client decrypts it back
      const c = new ClientHeaderCrypt(K);
      c.decryptServerHeader(out, 0, out.length);
      expect(toHex(out)).toBe(v.inputs.plaintext);
      // the client encrypts client->server, the server decrypts
      const up = plain.slice();
      c.encryptClientHeader(up, 0, up.length);
      expect(toHex(up)).toBe(v.expected.client_to_server_ciphertext);
      s.decryptClientHeader(up, 0, up.length);
      expect(toHex(up)).toBe(v.inputs.plaintext);
      // chunked processing in header-sized pieces gives the same stream
      const s2 = new ServerHeaderCrypt(K);
      const chunked = plain.slice();
      for (let at = 0; at < chunked.length; at += 5) s2.encryptServerHeader(chunked, at, Math.min(5, chunked.length - at));
      expect(toHex(chunked)).toBe(v.expected.server_to_client_ciphertext);
      // and the raw construction agrees
      const raw = new Arc4(headerCryptKey(CLIENT_TO_SERVER_SEED, K), ARC4_DROP);
      const r = plain.slice();
      raw.process(r, 0, r.length);
      expect(toHex(r)).toBe(v.expected.client_to_server_ciphertext);
    });
  }
});

describe("header_crypt_sequence", () => {
  allPresent("header_crypt_sequence");
  for (const v of vectorsOfKind("header_crypt_sequence")) {
    test(v.name, () => {
      const K = hex(v.inputs.K);
      const server = new ServerHeaderCrypt(K);
      const client = new ClientHeaderCrypt(K);
      // a second pair checks the opposite operation on the same streams
      const server2 = new ServerHeaderCrypt(K);
      const client2 = new ClientHeaderCrypt(K);
      for (const step of v.expected.steps as { direction: string; plaintext_header: string; encrypted_header: string }[]) {
        const plain = hex(step.plaintext_header);
        const enc = hex(step.encrypted_header);
        // place the header at an offset inside a larger buffer: only that range changes
        const buf = new Uint8Array(plain.length + 6).fill(0xaa);
        buf.set(plain, 3);
        if (step.direction === "server_to_client") {
          server.encryptServerHeader(buf, 3, plain.length);
          expect(toHex(buf.subarray(3, 3 + plain.length))).toBe(step.encrypted_header);
          const back = enc.slice();
          client.decryptServerHeader(back, 0, back.length);
          expect(toHex(back)).toBe(step.plaintext_header);
        } else {
          server2.decryptClientHeader(enc, 0, enc.length);
          expect(toHex(enc)).toBe(step.plaintext_header);
          client2.encryptClientHeader(buf, 3, plain.length);
          expect(toHex(buf.subarray(3, 3 + plain.length))).toBe(step.encrypted_header);
        }
        expect(buf[0]).toBe(0xaa);
        expect(buf[buf.length - 1]).toBe(0xaa);
      }
    });
  }
});

describe("world_auth_digest", () => {
  allPresent("world_auth_digest");
  for (const v of vectorsOfKind("world_auth_digest")) {
    test(v.name, () => {
      const i = v.inputs;
      const d = worldAuthDigest(i.account, i.client_seed_u32, i.server_seed_u32, hex(i.K));
      expect(toHex(d)).toBe(v.expected.digest);
      expect(toHex(worldAuthDigest(new TextEncoder().encode(i.account), i.client_seed_u32, i.server_seed_u32, hex(i.K)))).toBe(v.expected.digest);
      expect(verifyWorldAuthDigest(i.account, i.client_seed_u32, i.server_seed_u32, hex(i.K), d)).toBe(true);
      expect(verifyWorldAuthDigest(i.account, (i.client_seed_u32 + 1) >>> 0, i.server_seed_u32, hex(i.K), d)).toBe(false);
    });
  }
});

test("the header path allocates nothing per call (heap stays flat over 1M headers)", () => {
  const K = new Uint8Array(40).fill(7);
  const crypt = new ServerHeaderCrypt(K);
  const buf = new Uint8Array(64);
  for (let i = 0; i < 10_000; i++) crypt.encryptServerHeader(buf, i & 31, 4);
  Bun.gc(true);
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 1_000_000; i++) {
    crypt.encryptServerHeader(buf, i & 31, 4);
    crypt.decryptClientHeader(buf, i & 31, 6);
  }
  const after = process.memoryUsage().heapUsed;
  // one allocation of even 16 bytes per call would be > 16 MB here
  expect(after - before).toBeLessThan(2_000_000);
});
