import { describe, expect, test } from "bun:test";
import { bytesToHex, hexToBytes } from "./bytes.ts";
import { ClientHeaderCrypt, Rc4, SEED_CLIENT_TO_SERVER, SEED_SERVER_TO_CLIENT, createHeaderStream } from "./header-crypt.ts";
import { loadVectors } from "./test-vectors.ts";

const vf = await loadVectors();
const kind = (k: string) => vf.vectors.filter((v) => v.kind === k);
const constant = (n: string) => vf.constants.find((c) => c.name === n)?.value;

describe("header crypt", () => {
  test("seed keys match vectors.json constants", () => {
    expect(bytesToHex(SEED_SERVER_TO_CLIENT)).toBe(constant("header_seed_server_to_client") as string);
    expect(bytesToHex(SEED_CLIENT_TO_SERVER)).toBe(constant("header_seed_client_to_server") as string);
  });

  test.each(kind("rc4_plain").map((v) => [v.name, v]))("%s", (_n, v) => {
    const rc4 = new Rc4(hexToBytes(v.inputs.rc4_key));
    const plains = v.inputs.plaintexts as string[];
    plains.forEach((p, i) => {
      const b = hexToBytes(p);
      rc4.process(b);
      expect(bytesToHex(b)).toBe((v.expected.ciphertexts as string[])[i] as string);
    });
  });

  test.each(kind("header_crypt_stream").map((v) => [v.name, v]))("%s", (_n, v) => {
    const K = hexToBytes(v.inputs.K);
    // client -> server: the client encrypts with a fresh stream.
    const c2s = hexToBytes(v.inputs.plaintext);
    new ClientHeaderCrypt(K).encrypt(c2s);
    expect(bytesToHex(c2s)).toBe(v.expected.client_to_server_ciphertext);
    // server -> client: the client decrypts the server's ciphertext back to the plaintext.
    const s2c = hexToBytes(v.expected.server_to_client_ciphertext);
    new ClientHeaderCrypt(K).decrypt(s2c);
    expect(bytesToHex(s2c)).toBe(v.inputs.plaintext);
    // and piecewise (one byte at a time) gives the same stream
    const piece = hexToBytes(v.expected.server_to_client_ciphertext);
    const c = new ClientHeaderCrypt(K);
    for (let i = 0; i < piece.length; i++) c.decrypt(piece, i, 1);
    expect(bytesToHex(piece)).toBe(v.inputs.plaintext);
  });

  test.each(kind("header_crypt_sequence").map((v) => [v.name, v]))("%s", (_n, v) => {
    const crypt = new ClientHeaderCrypt(hexToBytes(v.inputs.K));
    for (const step of v.expected.steps as any[]) {
      if (step.direction === "client_to_server") {
        const b = hexToBytes(step.plaintext_header);
        crypt.encrypt(b);
        expect(bytesToHex(b)).toBe(step.encrypted_header);
      } else {
        const b = hexToBytes(step.encrypted_header);
        crypt.decrypt(b);
        expect(bytesToHex(b)).toBe(step.plaintext_header);
      }
    }
  });

  test("createHeaderStream drops 1024 bytes", () => {
    const K = new Uint8Array(40).fill(1);
    const a = createHeaderStream(SEED_CLIENT_TO_SERVER, K);
    const b = createHeaderStream(SEED_CLIENT_TO_SERVER, K);
    const x = new Uint8Array(8);
    const y = new Uint8Array(8);
    a.process(x);
    b.process(y);
    expect(bytesToHex(x)).toBe(bytesToHex(y));
    expect(() => new ClientHeaderCrypt(new Uint8Array(20))).toThrow();
  });
});
