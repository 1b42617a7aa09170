// Every logon result over a real socket: success, unknown account, wrong password,
// operator lock, permanent and temporary bans, banned IP, wrong build, A = 0 mod N.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CMD_AUTH_LOGON_CHALLENGE_Server, CMD_AUTH_LOGON_PROOF_Server, type AuthLogonChallengeSuccess, type AuthLogonProofSuccess } from "../protocol/login/index.ts";
import { bigIntToBytesLE } from "../protocol/bigint.ts";
import { computeClientProof, fakeChallenge, fakePrivateEphemeral, N } from "../protocol/srp6.ts";
import { crcHash } from "../protocol/integrity.ts";
import {
  bootAuth,
  challengeBytes,
  CTL,
  decodeOk,
  hex,
  login,
  loginOk,
  loginResult,
  proofBytes,
  RawClient,
  readChallenge,
  TEST_SECRET,
  type AuthHarness,
} from "./auth.fixture.ts";
import { sessionKeyCacheKey } from "./session-key.ts";
import { SNAPSHOT_MAX_AGE_MS } from "./snapshots.ts";

let h: AuthHarness;

beforeAll(async () => {
  h = await bootAuth({ auth: { builds: [12340, 11723] } });
  await h.accounts.create("alice", "secret", CTL);
  await h.accounts.create("gmuser", "gmpass", { ...CTL, gmLevel: 3 });
  await h.accounts.create("locked", "pw", CTL);
  await h.accounts.setLocked("locked", true, "chargeback", CTL);
  await h.accounts.create("banned", "pw", CTL);
  await h.bans.banAccount("banned", "perm", "gold selling", CTL);
  await h.accounts.create("suspended", "pw", CTL);
  await h.bans.banAccount("suspended", "2h", "spam", CTL);
});
afterAll(() => h.stop());

async function auditFor(target: string) {
  return h.store.audit.list({ target });
}

describe("successful logon", () => {
  test("challenge is 119 bytes, proof reply is 32 bytes with M2 and flags 0", async () => {
    const c = await RawClient.connect(h.port);
    c.send(challengeBytes("ALICE"));
    const challengeRaw = await c.readMessage();
    expect(challengeRaw.length).toBe(119);
    expect(hex(challengeRaw.subarray(0, 3))).toBe("000000");
    const ch = decodeOk(CMD_AUTH_LOGON_CHALLENGE_Server, challengeRaw) as AuthLogonChallengeSuccess;
    const account = await h.store.accounts.byName("ALICE");
    expect(hex(ch.salt)).toBe(hex(account!.salt));
    expect(ch.security).toEqual({});
    const p = computeClientProof("ALICE", "secret", ch.salt, ch.B)!;
    c.send(proofBytes(p.A, p.M1));
    const raw = await c.readMessage();
    expect(raw.length).toBe(32);
    const proof = decodeOk(CMD_AUTH_LOGON_PROOF_Server, raw) as AuthLogonProofSuccess;
    expect(proof.result).toBe(0);
    expect(hex(proof.M2)).toBe(hex(p.M2));
    expect(proof.accountFlags).toBe(0);
    c.close();
  });

  test("the session key is stored in the store and in the cache (sessionkey:<NAME>, TTL sessionKeyTtlS)", async () => {
    const { client, K } = await loginOk(h.port, "alice", "secret");
    const row = await h.store.accounts.byName("ALICE");
    expect(hex(row!.sessionKey!)).toBe(hex(K));
    expect(row!.sessionKeyAt).toBe(h.clock.now());
    expect(row!.lastIp).toBe("127.0.0.1");
    expect(row!.lastLogin).toBe(h.clock.now());
    expect(row!.failedLogins).toBe(0);
    const cached = await h.cache.getBytes(sessionKeyCacheKey("alice"));
    expect(sessionKeyCacheKey("alice")).toBe("sessionkey:ALICE");
    expect(hex(cached!)).toBe(hex(K));
    expect(await h.cache.ttl("sessionkey:ALICE")).toBe(h.config.auth.sessionKeyTtlS * 1000);
    client.close();
  });

  test("a GM account gets account flag 0x01", async () => {
    const r = await login(h.port, "GMUSER", "gmpass");
    expect((r.proof as AuthLogonProofSuccess).accountFlags).toBe(0x01);
    r.client.close();
  });

  test("a build from config auth.builds is accepted", async () => {
    const r = await login(h.port, "ALICE", "secret", { build: 11723 });
    expect(r.proof?.result).toBe(0);
    r.client.close();
  });

  test("100 logins give 100 distinct session keys", async () => {
    const keys = new Set<string>();
    const n = 100;
    for (let i = 0; i < n; i++) {
      const { client, K } = await loginOk(h.port, "ALICE", "secret");
      keys.add(hex(K));
      client.close();
    }
    expect(keys.size).toBe(n);
  });
});

describe("refusals", () => {
  test("unknown account: a normal 119-byte challenge with deterministic fake salt and B, then 0x04", async () => {
    const read = async () => {
      const c = await RawClient.connect(h.port);
      c.send(challengeBytes("NOSUCHUSER"));
      const raw = await c.readMessage();
      return { c, raw };
    };
    const a = await read();
    const b = await read();
    expect(a.raw.length).toBe(119);
    expect(hex(a.raw)).toBe(hex(b.raw)); // salt and B are the same each time
    b.c.close();
    const fake = fakeChallenge(TEST_SECRET, "NOSUCHUSER", fakePrivateEphemeral(TEST_SECRET, "NOSUCHUSER"));
    const ch = decodeOk(CMD_AUTH_LOGON_CHALLENGE_Server, a.raw) as AuthLogonChallengeSuccess;
    expect(hex(ch.salt)).toBe(hex(fake.salt));
    expect(hex(ch.B)).toBe(hex(fake.B));
    const p = computeClientProof("NOSUCHUSER", "whatever", ch.salt, ch.B)!;
    a.c.send(proofBytes(p.A, p.M1));
    expect(hex(await a.c.readMessage())).toBe("01040000");
    expect(await a.c.waitClosed()).toBe(true);
    const rows = await auditFor("NOSUCHUSER");
    expect(rows.some((r) => r.action === "login.failed" && JSON.parse(r.details).reason === "unknown_account")).toBe(true);
  });

  test("a name the account rules forbid is answered like an unknown one", async () => {
    expect(await loginResult(h.port, "BAD-NAME!", "x")).toEqual({ stage: "proof", result: 0x04 });
  });

  test("wrong password: 0x04, connection closed, reason in the audit log", async () => {
    const r = await login(h.port, "ALICE", "wrong");
    expect(r.proof?.result).toBe(0x04);
    expect(await r.client.waitClosed()).toBe(true);
    const rows = await auditFor("ALICE");
    const row = rows.find((x) => x.action === "login.failed");
    expect(row).toBeDefined();
    expect(JSON.parse(row!.details)).toMatchObject({ reason: "wrong_password", ip: "127.0.0.1" });
    expect(row!.actor).toBe("system");
    expect((await h.store.accounts.byName("ALICE"))!.failedLogins).toBeGreaterThan(0);
    // a success resets the stored counter
    const ok = await loginOk(h.port, "ALICE", "secret");
    ok.client.close();
    expect((await h.store.accounts.byName("ALICE"))!.failedLogins).toBe(0);
  });

  test("operator lock: 0x10 FAIL_LOCKED_ENFORCED after a correct proof; a wrong password still gets 0x04", async () => {
    expect(await loginResult(h.port, "LOCKED", "pw")).toEqual({ stage: "proof", result: 0x10 });
    expect(await loginResult(h.port, "LOCKED", "nope")).toEqual({ stage: "proof", result: 0x04 });
    const rows = await auditFor("LOCKED");
    expect(rows.some((r) => JSON.parse(r.details).reason === "operator_locked")).toBe(true);
  });

  test("permanent ban: 0x03 FAIL_BANNED", async () => {
    expect(await loginResult(h.port, "BANNED", "pw")).toEqual({ stage: "proof", result: 0x03 });
    expect(await loginResult(h.port, "BANNED", "nope")).toEqual({ stage: "proof", result: 0x04 });
  });

  test("temporary ban: 0x0C FAIL_SUSPENDED, and login works once it expired (injected clock)", async () => {
    expect(await loginResult(h.port, "SUSPENDED", "pw")).toEqual({ stage: "proof", result: 0x0c });
    h.clock.advance(2 * 3600_000 + 1000);
    expect(await loginResult(h.port, "SUSPENDED", "pw")).toEqual({ stage: "proof", result: 0 });
  });

  test("wrong build: 3-byte challenge failure 0x09 and close; so is a protocol byte other than 8", async () => {
    for (const o of [{ build: 8606 }, { protocolVersion: 3 }]) {
      const c = await RawClient.connect(h.port);
      c.send(challengeBytes("ALICE", o));
      expect(hex(await c.read(3))).toBe("000009");
      expect(await c.waitClosed()).toBe(true);
    }
  });

  test("A = 0 and A = N (the only kN below 2^256) are rejected with 0x04 and close", async () => {
    for (const A of [new Uint8Array(32), bigIntToBytesLE(N, 32)]) {
      const c = await RawClient.connect(h.port);
      c.send(challengeBytes("GMUSER"));
      await readChallenge(c);
      // with A = 0 mod N, S = 0 and K is a constant: this M1 would pass a server that forgot the check
      const M1 = new Uint8Array(20);
      c.send(proofBytes(A, M1, crcHash(A, new Uint8Array(20))));
      expect(hex(await c.readMessage())).toBe("01040000");
      expect(await c.waitClosed()).toBe(true);
    }
    const rows = await auditFor("GMUSER");
    expect(rows.filter((r) => JSON.parse(r.details).reason === "bad_ephemeral").length).toBe(2);
    const ok = await loginOk(h.port, "GMUSER", "gmpass");
    ok.client.close();
  });
});

describe("banned IP", () => {
  test("the challenge is read, answered 00 00 0D, and the socket closed", async () => {
    await h.bans.banIp("127.0.0.1", "1h", "abuse", CTL);
    h.clock.advance(SNAPSHOT_MAX_AGE_MS); // the ban list is a snapshot at most 2 s old
    try {
      const c = await RawClient.connect(h.port);
      c.send(challengeBytes("ALICE"));
      expect(hex(await c.read(3))).toBe("00000d");
      expect(await c.waitClosed()).toBe(true);
      const rows = await auditFor("ALICE");
      expect(rows.some((r) => JSON.parse(r.details).reason === "ip_banned")).toBe(true);
    } finally {
      await h.bans.unbanIp("127.0.0.1", CTL);
      h.clock.advance(SNAPSHOT_MAX_AGE_MS);
    }
    const ok = await loginOk(h.port, "ALICE", "secret");
    ok.client.close();
  });
});

describe("strict version check", () => {
  test("with auth.strictVersionCheck a wrong crc_hash gets 01 09 00 00; the right one passes", async () => {
    const s = await bootAuth({ auth: { strictVersionCheck: true } });
    try {
      await s.accounts.create("bob", "pw", CTL);
      const c = await RawClient.connect(s.port);
      c.send(challengeBytes("BOB"));
      const ch = (await readChallenge(c)) as AuthLogonChallengeSuccess;
      const p = computeClientProof("BOB", "pw", ch.salt, ch.B)!;
      c.send(proofBytes(p.A, p.M1, new Uint8Array(20)));
      expect(hex(await c.readMessage())).toBe("01090000");
      const ok = await loginOk(s.port, "BOB", "pw"); // the fixture sends the real 12340 Windows hash
      ok.client.close();
    } finally {
      await s.stop();
    }
  });
});

describe("metrics", () => {
  test("logins by result, connections, SRP time", async () => {
    const text = await h.metrics.text();
    expect(text).toMatch(/auth_logins_total\{result="SUCCESS"\} \d+/);
    expect(text).toMatch(/auth_logins_total\{result="FAIL_UNKNOWN_ACCOUNT"\} \d+/);
    expect(text).toMatch(/auth_logins_total\{result="FAIL_BANNED"\} \d+/);
    expect(text).toMatch(/auth_connections_active \d+/);
    expect(text).toMatch(/auth_srp_seconds_count\{phase="proof"\} \d+/);
    const st = h.server.stats();
    expect(st.logins.SUCCESS).toBeGreaterThan(0);
    expect(st.srp.count).toBeGreaterThan(0);
  });
});
