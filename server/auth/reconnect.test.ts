// Reconnect (protocol.md §1.10) over a real socket: success with the key from the cache,
// with the key from the store when the cache lost it, then the realm list; refused without
// a key, with a wrong proof, after a password change, after the key's TTL, when banned.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AuthCmd } from "../protocol/opcodes.ts";
import { VERSION_CHALLENGE } from "../protocol/integrity.ts";
import { bootAuth, challengeBytes, CTL, hex, loginOk, RawClient, readRealmList, REALM_LIST_REQUEST, reconnectProofBytes, type AuthHarness } from "./auth.fixture.ts";
import { sessionKeyCacheKey } from "./session-key.ts";

let h: AuthHarness;

beforeAll(async () => {
  h = await bootAuth();
  await h.store.realms.upsert({ id: 1, name: "Alpha", address: "127.0.0.1:8085", heartbeatAt: h.clock.now() });
  for (const n of ["alice", "nokey", "changed", "expired", "banme"]) await h.accounts.create(n, "pw", CTL);
});
afterAll(() => h.stop());

/** Sends RECONNECT_CHALLENGE and returns the 16 challenge bytes. */
async function reconnectChallenge(c: RawClient, name: string): Promise<Uint8Array> {
  c.send(challengeBytes(name, {}, AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE));
  const reply = await c.read(34);
  expect(hex(reply.subarray(0, 2))).toBe("0200");
  expect(hex(reply.subarray(18, 34))).toBe(hex(VERSION_CHALLENGE));
  return reply.slice(2, 18);
}

async function reconnect(name: string, K: Uint8Array): Promise<{ client: RawClient; reply: string }> {
  const client = await RawClient.connect(h.port);
  const data = await reconnectChallenge(client, name);
  client.send(reconnectProofBytes(name, data, K));
  return { client, reply: hex(await client.read(4)) };
}

describe("reconnect", () => {
  test("with the key from the cache: 03 00 00 00, then realm lists", async () => {
    const { client: first, K } = await loginOk(h.port, "ALICE", "pw");
    first.close();
    const { client, reply } = await reconnect("ALICE", K);
    expect(reply).toBe("03000000");
    client.send(REALM_LIST_REQUEST);
    expect((await readRealmList(client)).list.realms[0]!.name).toBe("Alpha");
    client.close();
    expect(h.server.stats().reconnects.SUCCESS).toBe(1);
  });

  test("with the key from the store when the cache lost it (and the cache is refilled)", async () => {
    const { client: first, K } = await loginOk(h.port, "ALICE", "pw");
    first.close();
    await h.cache.del(sessionKeyCacheKey("ALICE"));
    const { client, reply } = await reconnect("ALICE", K);
    expect(reply).toBe("03000000");
    client.close();
    expect(hex((await h.cache.getBytes("sessionkey:ALICE"))!)).toBe(hex(K));
  });

  test("each challenge is fresh random data", async () => {
    const a = await RawClient.connect(h.port);
    const b = await RawClient.connect(h.port);
    expect(hex(await reconnectChallenge(a, "ALICE"))).not.toBe(hex(await reconnectChallenge(b, "ALICE")));
    a.close();
    b.close();
  });

  test("an account without a stored key is refused (03 04 00 00), whatever the proof", async () => {
    const { client, reply } = await reconnect("NOKEY", new Uint8Array(40));
    expect(reply).toBe("03040000");
    expect(await client.waitClosed()).toBe(true);
    const rows = await h.store.audit.list({ target: "NOKEY" });
    expect(rows.some((r) => JSON.parse(r.details).reason === "reconnect_no_key")).toBe(true);
  });

  test("an unknown name gets a normal challenge, then the same refusal", async () => {
    const { client, reply } = await reconnect("GHOST", new Uint8Array(40));
    expect(reply).toBe("03040000");
    expect(await client.waitClosed()).toBe(true);
  });

  test("a proof made with the wrong key is refused", async () => {
    const { client: first, K } = await loginOk(h.port, "ALICE", "pw");
    first.close();
    const wrong = K.slice();
    wrong[0]! ^= 1;
    const { client, reply } = await reconnect("ALICE", wrong);
    expect(reply).toBe("03040000");
    expect(await client.waitClosed()).toBe(true);
  });

  test("a password change revokes the key even though the cache still holds it", async () => {
    const { client: first, K } = await loginOk(h.port, "CHANGED", "pw");
    first.close();
    await h.accounts.setPassword("CHANGED", "newpw", CTL);
    expect(await h.cache.getBytes("sessionkey:CHANGED")).toBeDefined();
    expect((await reconnect("CHANGED", K)).reply).toBe("03040000");
  });

  test("a key older than sessionKeyTtlS is refused", async () => {
    const { client: first, K } = await loginOk(h.port, "EXPIRED", "pw");
    first.close();
    h.clock.advance(h.config.auth.sessionKeyTtlS * 1000); // the memory cache expires it on the same clock
    expect((await reconnect("EXPIRED", K)).reply).toBe("03040000");
  });

  test("a banned account's reconnect gets 03 03 00 00", async () => {
    const { client: first, K } = await loginOk(h.port, "BANME", "pw");
    first.close();
    await h.bans.banAccount("BANME", "perm", "test", CTL);
    expect((await reconnect("BANME", K)).reply).toBe("03030000");
  });

  test("RECONNECT_CHALLENGE followed by LOGON_PROOF closes without an answer (wowned method one)", async () => {
    const c = await RawClient.connect(h.port);
    await reconnectChallenge(c, "ALICE");
    const proof = new Uint8Array(75);
    proof[0] = AuthCmd.CMD_AUTH_LOGON_PROOF;
    c.send(proof);
    expect(await c.waitClosed()).toBe(true);
    expect(c.pending.length).toBe(0);
  });
});
