import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { bigIntToBytesLE, bytesToBigIntLE, modPow } from "./bigint.ts";
import {
  clientPublicEphemeral,
  clientSecret,
  computeClientProof,
  computeM1,
  computeM2,
  computeU,
  computeVerifier,
  computeX,
  createServerChallenge,
  fakeChallenge,
  fakePrivateEphemeral,
  fakeRegistration,
  G,
  H_N_XOR_H_G,
  interleaveSessionKey,
  isValidPublicEphemeral,
  makeRegistration,
  N,
  N_BYTES,
  randomPrivateEphemeral,
  reconnectProof,
  serverPublicEphemeral,
  serverSecret,
  verifierFromX,
  verifyClientProof,
  verifyReconnectProof,
} from "./srp6.ts";
import { constant, declaredCount, hex, toHex, vectorsOfKind, type Vector } from "./vectors.fixture.ts";

const int = (h: string) => bytesToBigIntLE(hex(h));

function kindTests(kind: string, run: (v: Vector) => void): void {
  const vs = vectorsOfKind(kind);
  describe(kind, () => {
    test(`has all ${declaredCount(kind)} vectors`, () => {
      expect(vs.length).toBe(declaredCount(kind));
      expect(vs.length).toBeGreaterThan(0);
    });
    for (const v of vs) test(v.name, () => run(v));
  });
}

describe("constants", () => {
  test("N and H(N) xor H(g) match vectors.json", () => {
    expect(toHex(N_BYTES)).toBe(constant("N_le"));
    expect(toHex(H_N_XOR_H_G)).toBe(constant("H_N_xor_H_g"));
    expect(G).toBe(int(constant("g")));
  });
});

kindTests("srp6_x", (v) => {
  expect(toHex(computeX(hex(v.inputs.salt), v.inputs.username, v.inputs.password))).toBe(v.expected.x);
});

kindTests("srp6_v", (v) => {
  expect(toHex(computeVerifier(hex(v.inputs.salt), v.inputs.username, v.inputs.password))).toBe(v.expected.v);
});

kindTests("srp6_A", (v) => {
  expect(toHex(clientPublicEphemeral(int(v.inputs.a)))).toBe(v.expected.A);
});

kindTests("srp6_B", (v) => {
  expect(toHex(serverPublicEphemeral(hex(v.inputs.v), int(v.inputs.b)))).toBe(v.expected.B);
  expect(toHex(createServerChallenge(new Uint8Array(32), hex(v.inputs.v), int(v.inputs.b)).B)).toBe(v.expected.B);
});

kindTests("srp6_u", (v) => {
  expect(toHex(computeU(hex(v.inputs.A), hex(v.inputs.B)))).toBe(v.expected.u);
});

kindTests("srp6_S_server", (v) => {
  const S = serverSecret(hex(v.inputs.A), hex(v.inputs.v), hex(v.inputs.u), int(v.inputs.b));
  expect(toHex(S)).toBe(v.expected.S);
});

kindTests("srp6_S_client", (v) => {
  const S = clientSecret(hex(v.inputs.B), int(v.inputs.a), hex(v.inputs.x), hex(v.inputs.u));
  expect(toHex(S)).toBe(v.expected.S);
});

kindTests("srp6_interleave", (v) => {
  expect(toHex(interleaveSessionKey(hex(v.inputs.S)))).toBe(v.expected.K);
});

kindTests("srp6_session_key", (v) => {
  const A = hex(v.inputs.A);
  const verifier = hex(v.inputs.v);
  const b = int(v.inputs.b);
  const B = serverPublicEphemeral(verifier, b);
  const u = computeU(A, B);
  const S = serverSecret(A, verifier, u, b);
  const d = v.derived_intermediates;
  if (d?.B) expect(toHex(B)).toBe(d.B);
  if (d?.u) expect(toHex(u)).toBe(d.u);
  if (d?.S) expect(toHex(S)).toBe(d.S);
  expect(toHex(interleaveSessionKey(S))).toBe(v.expected.K);
});

kindTests("srp6_M1", (v) => {
  const i = v.inputs;
  expect(toHex(computeM1(i.username, hex(i.salt), hex(i.A), hex(i.B), hex(i.K)))).toBe(v.expected.M1);
});

kindTests("srp6_M2", (v) => {
  expect(toHex(computeM2(hex(v.inputs.A), hex(v.inputs.M1), hex(v.inputs.K)))).toBe(v.expected.M2);
});

kindTests("srp6_reconnect_proof", (v) => {
  const i = v.inputs;
  const R2 = reconnectProof(i.username, hex(i.client_challenge_R1), hex(i.server_challenge), hex(i.K));
  expect(toHex(R2)).toBe(v.expected.R2);
  expect(verifyReconnectProof(i.username, hex(i.client_challenge_R1), hex(i.server_challenge), hex(i.K), R2)).toBe(true);
  const bad = R2.slice();
  bad[19]! ^= 1;
  expect(verifyReconnectProof(i.username, hex(i.client_challenge_R1), hex(i.server_challenge), hex(i.K), bad)).toBe(false);
});

/** Server side of a published exchange: everything computable from the inputs, checked against every published or derived value. */
function serverSideExchange(v: Vector): void {
  const i = v.inputs;
  const salt = hex(i.salt);
  const want: Record<string, string> = { ...(v.derived_intermediates ?? {}), ...v.expected };
  let verifier: Uint8Array;
  if (i.v) verifier = hex(i.v);
  else {
    const x = computeX(salt, i.username, i.password);
    if (want.x) expect(toHex(x)).toBe(want.x);
    verifier = verifierFromX(x);
  }
  if (want.v) expect(toHex(verifier)).toBe(want.v);
  const ch = createServerChallenge(salt, verifier, int(i.b));
  if (want.B) expect(toHex(ch.B)).toBe(want.B);
  const A = i.A ? hex(i.A) : clientPublicEphemeral(int(i.a));
  if (want.A) expect(toHex(A)).toBe(want.A);
  const u = computeU(A, ch.B);
  if (want.u) expect(toHex(u)).toBe(want.u);
  const S = serverSecret(A, verifier, u, ch.b);
  if (want.S) expect(toHex(S)).toBe(want.S);
  const K = interleaveSessionKey(S);
  if (want.K) expect(toHex(K)).toBe(want.K);
  const M1 = computeM1(i.username, salt, A, ch.B, K);
  if (want.M1) expect(toHex(M1)).toBe(want.M1);
  if (i.M1_from_client) expect(toHex(M1)).toBe(i.M1_from_client);
  // the high-level server check accepts the client's M1 and produces the published M2
  const clientM1 = i.M1_from_client ? hex(i.M1_from_client) : M1;
  const result = verifyClientProof(ch, i.username, A, clientM1);
  expect(result).not.toBeNull();
  expect(toHex(result!.K)).toBe(toHex(K));
  if (want.M2) expect(toHex(result!.M2)).toBe(want.M2);
  // and rejects a single flipped bit
  const wrong = clientM1.slice();
  wrong[0]! ^= 0x80;
  expect(verifyClientProof(ch, i.username, A, wrong)).toBeNull();
}

/** Client side: A, x, S_client, K, M1, M2 from (username, password, salt, B, a). */
function clientSideExchange(v: Vector): void {
  const i = v.inputs;
  const e = v.expected;
  const salt = hex(i.salt);
  const B = e.B ? hex(e.B) : serverPublicEphemeral(computeVerifier(salt, i.username, i.password), int(i.b));
  const proof = computeClientProof(i.username, i.password, salt, B, int(i.a));
  expect(proof).not.toBeNull();
  expect(toHex(proof!.A)).toBe(e.A);
  expect(toHex(computeX(salt, i.username, i.password))).toBe(e.x);
  const S = clientSecret(B, int(i.a), computeX(salt, i.username, i.password), computeU(proof!.A, B));
  expect(toHex(S)).toBe(e.S);
  expect(toHex(proof!.K)).toBe(e.K);
  expect(toHex(proof!.M1)).toBe(e.M1);
  expect(toHex(proof!.M2)).toBe(e.M2);
}

kindTests("srp6_full_exchange", serverSideExchange);

kindTests("srp6_full_exchange_derived", (v) => {
  serverSideExchange(v);
  clientSideExchange(v);
});

describe("SRP6 behaviour", () => {
  test("a client and the server agree on K and the proofs (random registrations)", () => {
    for (let n = 0; n < 20; n++) {
      const name = `user${n}`;
      const { salt, verifier } = makeRegistration(name, "Secret!");
      expect(salt.length).toBe(32);
      const ch = createServerChallenge(salt, verifier);
      const client = computeClientProof(name.toUpperCase(), "SECRET!", salt, ch.B)!;
      const server = verifyClientProof(ch, name, client.A, client.M1);
      expect(server).not.toBeNull();
      expect(toHex(server!.K)).toBe(toHex(client.K));
      expect(toHex(server!.M2)).toBe(toHex(client.M2));
      expect(verifyClientProof(ch, name, client.A, computeClientProof(name, "wrong", salt, ch.B)!.M1)).toBeNull();
    }
  });

  test("A mod N == 0 is rejected", () => {
    const { salt, verifier } = makeRegistration("A", "A");
    const ch = createServerChallenge(salt, verifier);
    expect(isValidPublicEphemeral(new Uint8Array(32))).toBe(false);
    expect(isValidPublicEphemeral(N_BYTES)).toBe(false);
    expect(isValidPublicEphemeral(new Uint8Array(31).fill(1))).toBe(false);
    expect(verifyClientProof(ch, "A", N_BYTES, new Uint8Array(20))).toBeNull();
    expect(verifyClientProof(ch, "A", new Uint8Array(32), new Uint8Array(20))).toBeNull();
  });

  test("random private ephemerals are in [1, N)", () => {
    for (let n = 0; n < 200; n++) {
      const b = randomPrivateEphemeral();
      expect(b > 0n && b < N).toBe(true);
    }
  });

  test("g^e via the fixed-base table equals modPow", () => {
    for (let n = 0; n < 50; n++) {
      const e = randomPrivateEphemeral();
      expect(toHex(clientPublicEphemeral(e))).toBe(toHex(bigIntToBytesLE(modPow(7n, e, N))));
    }
  });

  test("fake challenges: stable salt per name, look like real ones, proof always fails", () => {
    const secret = new Uint8Array(32).fill(9);
    const a = fakeRegistration(secret, "nobody");
    const b = fakeRegistration(secret, "NOBODY");
    expect(toHex(a.salt)).toBe(toHex(b.salt));
    expect(toHex(a.verifier)).toBe(toHex(b.verifier));
    expect(toHex(fakeRegistration(secret, "other").salt)).not.toBe(toHex(a.salt));
    expect(toHex(fakeRegistration(new Uint8Array(32), "nobody").salt)).not.toBe(toHex(a.salt));
    const c1 = fakeChallenge(secret, "NOBODY");
    const c2 = fakeChallenge(secret, "NOBODY");
    expect(c1.B.length).toBe(32);
    expect(toHex(c1.salt)).toBe(toHex(c2.salt));
    expect(toHex(c1.B)).not.toBe(toHex(c2.B)); // B is fresh per attempt, as for a real account
    const d1 = fakeChallenge(secret, "NOBODY", fakePrivateEphemeral(secret, "NOBODY"));
    const d2 = fakeChallenge(secret, "nobody", fakePrivateEphemeral(secret, "nobody"));
    expect(toHex(d1.B)).toBe(toHex(d2.B)); // fully deterministic when asked
    const client = computeClientProof("NOBODY", "guess", c1.salt, c1.B)!;
    expect(verifyClientProof(c1, "NOBODY", client.A, client.M1)).toBeNull();
  });
});

// --- interleave against a straightforward reference -----------------------------

function referenceInterleave(S: Uint8Array): Uint8Array {
  // literal reading of protocol.md §1.5 step 6
  let bytes = Array.from(S);
  while (bytes.length > 0 && bytes[0] === 0) bytes = bytes.slice(1);
  if (bytes.length % 2 === 1) bytes = bytes.slice(1);
  const E = bytes.filter((_, i) => i % 2 === 0);
  const F = bytes.filter((_, i) => i % 2 === 1);
  const G1 = createHash("sha1").update(Uint8Array.from(E)).digest();
  const H1 = createHash("sha1").update(Uint8Array.from(F)).digest();
  const K = new Uint8Array(40);
  for (let i = 0; i < 20; i++) {
    K[2 * i] = G1[i]!;
    K[2 * i + 1] = H1[i]!;
  }
  return K;
}

test("interleave: 1,000 random S with 1-4 leading zero bytes match the reference", () => {
  for (let n = 0; n < 1000; n++) {
    const S = crypto.getRandomValues(new Uint8Array(32));
    const zeros = 1 + (n % 4);
    S.fill(0, 0, zeros);
    if (S[zeros] === 0) S[zeros] = 1 + (n % 255);
    expect(toHex(interleaveSessionKey(S))).toBe(toHex(referenceInterleave(S)));
  }
  // and without leading zeros, and the all-zero corner
  for (let n = 0; n < 50; n++) {
    const S = crypto.getRandomValues(new Uint8Array(32));
    S[0] = S[0]! | 1;
    expect(toHex(interleaveSessionKey(S))).toBe(toHex(referenceInterleave(S)));
  }
  expect(toHex(interleaveSessionKey(new Uint8Array(32)))).toBe(toHex(referenceInterleave(new Uint8Array(32))));
});
