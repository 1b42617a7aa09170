import { describe, expect, test } from "bun:test";
import { bytesToHex, hexToBytes } from "./bytes.ts";
import {
  SRP_N_LE,
  computeA,
  computeClientProof,
  computeClientS,
  computeCrcHash,
  computeFileChecksum,
  computeM1,
  computeM2,
  computeReconnectR2,
  computeReconnectR3,
  computeU,
  computeVerifier,
  computeWorldAuthDigest,
  computeX,
  interleaveS,
  modPow,
  sha1,
} from "./srp6.ts";
import { loadVectors, vectorsOfKind } from "./test-vectors.ts";
import { serverB, serverS } from "./testing/srp6-server-math.ts";

const hex = hexToBytes;
const vf = await loadVectors();

// Server-side formulas (protocol.md §1.5 "Logon (server side)") are needed only for the vector
// kinds that start from server inputs (srp6_B, srp6_S_server, srp6_session_key, published full
// exchanges without the client's private key); they live in testing/, not in the library.
const server = { B: serverB, S: serverS };

function kind(k: string) {
  return vf.vectors.filter((v) => v.kind === k);
}

describe("srp6 constants", () => {
  test("N, H(N) xor H(g) match vectors.json constants", () => {
    const c = Object.fromEntries(vf.constants.map((x) => [x.name, x.value]));
    expect(bytesToHex(SRP_N_LE)).toBe(c.N_le as string);
    const hn = sha1(SRP_N_LE);
    const hg = sha1(Uint8Array.of(7));
    expect(bytesToHex(hn.map((b, i) => b ^ (hg[i] as number)))).toBe(c.H_N_xor_H_g as string);
  });
  test("modPow small cases", () => {
    expect(modPow(3n, 200n, 1000007n)).toBe(3n ** 200n % 1000007n);
    expect(modPow(5n, 0n, 7n)).toBe(1n);
  });
});

describe("srp6 per-step vectors (client side)", () => {
  test.each(kind("srp6_x").map((v) => [v.name, v]))("%s", (_n, v) => {
    expect(bytesToHex(computeX(v.inputs.username, v.inputs.password, hex(v.inputs.salt)))).toBe(v.expected.x);
  });
  test.each(kind("srp6_v").map((v) => [v.name, v]))("%s", (_n, v) => {
    expect(bytesToHex(computeVerifier(v.inputs.username, v.inputs.password, hex(v.inputs.salt)))).toBe(v.expected.v);
  });
  test.each(kind("srp6_A").map((v) => [v.name, v]))("%s", (_n, v) => {
    expect(bytesToHex(computeA(hex(v.inputs.a)))).toBe(v.expected.A);
  });
  test.each(kind("srp6_u").map((v) => [v.name, v]))("%s", (_n, v) => {
    expect(bytesToHex(computeU(hex(v.inputs.A), hex(v.inputs.B)))).toBe(v.expected.u);
  });
  test.each(kind("srp6_S_client").map((v) => [v.name, v]))("%s", (_n, v) => {
    const { B, a, x, u } = v.inputs;
    expect(bytesToHex(computeClientS(hex(B), hex(a), hex(x), hex(u)))).toBe(v.expected.S);
  });
  test.each(kind("srp6_interleave").map((v) => [v.name, v]))("%s", (_n, v) => {
    expect(bytesToHex(interleaveS(hex(v.inputs.S)))).toBe(v.expected.K);
  });
  test.each(kind("srp6_M1").map((v) => [v.name, v]))("%s", (_n, v) => {
    const { username, salt, A, B, K } = v.inputs;
    expect(bytesToHex(computeM1(username, hex(salt), hex(A), hex(B), hex(K)))).toBe(v.expected.M1);
  });
  test.each(kind("srp6_M2").map((v) => [v.name, v]))("%s", (_n, v) => {
    expect(bytesToHex(computeM2(hex(v.inputs.A), hex(v.inputs.M1), hex(v.inputs.K)))).toBe(v.expected.M2);
  });
  test.each(kind("srp6_reconnect_proof").map((v) => [v.name, v]))("%s", (_n, v) => {
    const i = v.inputs;
    const R2 = computeReconnectR2(i.username, hex(i.client_challenge_R1), hex(i.server_challenge), hex(i.K));
    expect(bytesToHex(R2)).toBe(v.expected.R2);
  });
  test.each(kind("world_auth_digest").map((v) => [v.name, v]))("%s", (_n, v) => {
    const i = v.inputs;
    expect(bytesToHex(computeWorldAuthDigest(i.account, i.client_seed_u32, i.server_seed_u32, hex(i.K)))).toBe(v.expected.digest);
  });
  test.each(kind("integrity_reconnect").map((v) => [v.name, v]))("%s", (_n, v) => {
    expect(bytesToHex(computeReconnectR3(hex(v.inputs.R1)))).toBe(v.expected.R3);
  });
  test.each(kind("integrity_login").map((v) => [v.name, v]))("%s", (_n, v) => {
    const i = v.inputs;
    let checksum: Uint8Array;
    if (i.all_files !== undefined) {
      checksum = computeFileChecksum(hex(i.checksum_salt), hex(i.all_files));
      if (v.expected.file_checksum) expect(bytesToHex(checksum)).toBe(v.expected.file_checksum);
    } else {
      checksum = hex(i.file_checksum ?? i.checksum);
    }
    expect(bytesToHex(computeCrcHash(hex(i.A), checksum))).toBe(v.expected.crc_hash);
  });
});

describe("srp6 server-side-input vectors (checked with test-only server formulas)", () => {
  test.each(kind("srp6_B").map((v) => [v.name, v]))("%s", (_n, v) => {
    expect(bytesToHex(server.B(hex(v.inputs.v), hex(v.inputs.b)))).toBe(v.expected.B);
  });
  test.each(kind("srp6_S_server").map((v) => [v.name, v]))("%s", (_n, v) => {
    const { A, v: ver, u, b } = v.inputs;
    expect(bytesToHex(server.S(hex(A), hex(ver), hex(u), hex(b)))).toBe(v.expected.S);
  });
  test.each(kind("srp6_session_key").map((v) => [v.name, v]))("%s", (_n, v) => {
    const A = hex(v.inputs.A);
    const ver = hex(v.inputs.v);
    const B = server.B(ver, hex(v.inputs.b));
    const S = server.S(A, ver, computeU(A, B), hex(v.inputs.b));
    if (v.derived_intermediates?.S) expect(bytesToHex(S)).toBe(v.derived_intermediates.S);
    expect(bytesToHex(interleaveS(S))).toBe(v.expected.K); // interleave is the client's own code
  });
});

describe("srp6 full exchanges", () => {
  // Published logins: the client's private key is not published, so the client role is checked
  // through M1 (client formula over the server-derived K) and the M2 the client would expect.
  test.each(kind("srp6_full_exchange").map((v) => [v.name, v]))("%s", (_n, v) => {
    const i = v.inputs;
    const salt = hex(i.salt);
    const ver = i.v ? hex(i.v) : computeVerifier(i.username, i.password, salt);
    if (v.expected.v) expect(bytesToHex(ver)).toBe(v.expected.v);
    const A = hex(i.A);
    const B = server.B(ver, hex(i.b));
    if (v.expected.B) expect(bytesToHex(B)).toBe(v.expected.B);
    const K = interleaveS(server.S(A, ver, computeU(A, B), hex(i.b)));
    if (v.expected.K) expect(bytesToHex(K)).toBe(v.expected.K);
    const M1 = computeM1(i.username, salt, A, B, K);
    const publishedM1 = v.expected.M1 ?? i.M1_from_client;
    expect(bytesToHex(M1)).toBe(publishedM1);
    if (v.expected.M2) expect(bytesToHex(computeM2(A, M1, K))).toBe(v.expected.M2);
  });

  test.each(kind("srp6_full_exchange_derived").map((v) => [v.name, v]))("%s (client role end to end)", (_n, v) => {
    const i = v.inputs;
    const e = v.expected;
    const salt = hex(i.salt);
    expect(bytesToHex(computeVerifier(i.username, i.password, salt))).toBe(e.v);
    const B = server.B(hex(e.v), hex(i.b));
    expect(bytesToHex(B)).toBe(e.B);
    const p = computeClientProof({ username: i.username, password: i.password, salt, B, a: hex(i.a) });
    expect(bytesToHex(p.x)).toBe(e.x);
    expect(bytesToHex(p.A)).toBe(e.A);
    expect(bytesToHex(p.u)).toBe(e.u);
    expect(bytesToHex(p.S)).toBe(e.S);
    expect(bytesToHex(p.K)).toBe(e.K);
    expect(bytesToHex(p.M1)).toBe(e.M1);
    expect(bytesToHex(p.expectedM2)).toBe(e.M2);
  });

  test("random a: client and test-server agree on K", () => {
    const salt = new Uint8Array(32).fill(3);
    const ver = computeVerifier("bot1", "secret", salt);
    const b = new Uint8Array(32).fill(9);
    const B = server.B(ver, b);
    const p = computeClientProof({ username: "bot1", password: "secret", salt, B });
    const S = server.S(p.A, ver, computeU(p.A, B), b);
    expect(bytesToHex(interleaveS(S))).toBe(bytesToHex(p.K));
  });

  test("every kind in vectors.json with client-side math is exercised", async () => {
    const covered = ["srp6_x", "srp6_v", "srp6_A", "srp6_u", "srp6_S_client", "srp6_interleave", "srp6_M1", "srp6_M2"];
    for (const k of covered) expect((await vectorsOfKind(k)).length).toBeGreaterThan(0);
  });
});
