// The world handshake over real sockets (protocol.md §2.2-2.6): every refusal is a plain
// one-byte SMSG_AUTH_RESPONSE followed by a close; a CMSG_AUTH_SESSION replayed from an
// earlier connection is refused; the addon block never decides the session.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { ByteReader, ByteWriter } from "../../bench/client/bytes.ts";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import { DEFAULT_ADDONS, encodeAddonBlock, readAddonInfo, readAuthResponse, ResponseCode } from "../../bench/client/messages/session.ts";
import type { Cache } from "../storage/cache/port.ts";
import { boot, type Booted } from "../testing/boot.ts";
import { authedSocket, closesWithin, failWhile, metric, sessionKey, TIMEOUT, worldSocket } from "./gateway.fixture.ts";

let b: Booted;
beforeAll(async () => {
  b = await boot();
  await b.createAccount("alice", "pw");
  await b.createAccount("banned", "pw");
  await b.createAccount("other", "pw");
});
afterAll(async () => {
  await b.stop();
});

/** The one-byte plain refusal and the close that follows it. */
async function expectRefused(w: Awaited<ReturnType<typeof worldSocket>>, result: number, code: number): Promise<void> {
  expect(result).toBe(code);
  const resp = w.log.filter((p) => p.opcode === Opcode.SMSG_AUTH_RESPONSE);
  expect(resp.length).toBe(1);
  expect(resp[0]!.payload).toEqual(Uint8Array.of(code)); // single result byte, read as a plain header
  expect(await closesWithin(w, TIMEOUT)).toBe(true);
}

describe("CMSG_AUTH_SESSION checks", () => {
  test("a fresh challenge per connection: different server seeds", async () => {
    const a = await worldSocket(b);
    const c = await worldSocket(b);
    expect(a.authChallenge!.serverSeed).not.toBe(c.authChallenge!.serverSeed);
    expect(a.authChallenge!.seed1).not.toEqual(c.authChallenge!.seed1);
    a.close();
    c.close();
  });

  test("a good digest gets AUTH_OK (expansion 2), then ADDON_INFO, CLIENTCACHE_VERSION, TUTORIAL_FLAGS", async () => {
    const { w, result } = await authedSocket(b, "alice", "pw");
    expect(result).toBe(ResponseCode.AUTH_OK);
    await w.waitFor(Opcode.SMSG_TUTORIAL_FLAGS, undefined, TIMEOUT, 0);
    const ops = w.log.map((p) => p.opcode).filter((o) => o !== Opcode.SMSG_AUTH_CHALLENGE);
    expect(ops.slice(0, 4)).toEqual([Opcode.SMSG_AUTH_RESPONSE, Opcode.SMSG_ADDON_INFO, Opcode.SMSG_CLIENTCACHE_VERSION, Opcode.SMSG_TUTORIAL_FLAGS]);
    const ok = readAuthResponse(new ByteReader(w.log.find((p) => p.opcode === Opcode.SMSG_AUTH_RESPONSE)!.payload));
    expect(ok.expansion).toBe(2);
    w.close();
  });

  test("bad digest: AUTH_FAILED 0x0D in a plain header, then close", async () => {
    const before = await metric(b, "realm_gateway_auth_failed_total", { result: String(0x0d) });
    await sessionKey(b, "alice", "pw"); // a valid key exists; the client uses another one
    const w = await worldSocket(b);
    const r = await w.authenticate("alice", crypto.getRandomValues(new Uint8Array(40)));
    await expectRefused(w, r.result, ResponseCode.AUTH_FAILED);
    expect(await metric(b, "realm_gateway_auth_failed_total", { result: String(0x0d) })).toBe(before + 1);
  });

  test("a CMSG_AUTH_SESSION captured from an earlier connection and replayed on a new one is refused", async () => {
    const first = await authedSocket(b, "alice", "pw");
    expect(first.result).toBe(ResponseCode.AUTH_OK);
    const captured = first.w.sentAuthSession!;
    first.w.close();
    await first.w.closed;
    const replay = await worldSocket(b);
    replay.sendRaw(captured); // same bytes, but this connection's server seed differs
    const p = await replay.waitFor(Opcode.SMSG_AUTH_RESPONSE, undefined, TIMEOUT, 0);
    await expectRefused(replay, p.payload[0]!, ResponseCode.AUTH_FAILED);
  });

  test("unknown account: AUTH_UNKNOWN_ACCOUNT 0x15", async () => {
    const w = await worldSocket(b);
    const r = await w.authenticate("NOSUCHUSER", crypto.getRandomValues(new Uint8Array(40)));
    await expectRefused(w, r.result, ResponseCode.AUTH_UNKNOWN_ACCOUNT);
  });

  test("an account without a session key (never logged in): 0x15", async () => {
    const w = await worldSocket(b);
    const r = await w.authenticate("other", crypto.getRandomValues(new Uint8Array(40)));
    await expectRefused(w, r.result, ResponseCode.AUTH_UNKNOWN_ACCOUNT);
  });

  test("banned account: AUTH_BANNED 0x1C", async () => {
    const K = await sessionKey(b, "banned", "pw");
    await b.realm.bans.banAccount("BANNED", "1d", "test", { actor: "test" });
    const w = await worldSocket(b);
    const r = await w.authenticate("banned", K);
    await expectRefused(w, r.result, ResponseCode.AUTH_BANNED);
  });

  test("wrong build: AUTH_VERSION_MISMATCH 0x14", async () => {
    const K = await sessionKey(b, "alice", "pw");
    const w = await worldSocket(b);
    const r = await w.authenticate("alice", K, { build: 12341 });
    await expectRefused(w, r.result, ResponseCode.AUTH_VERSION_MISMATCH);
  });
});

describe("a store or cache failure during the checks refuses that login only", () => {
  // each case fails one cache call the login makes after the session key is checked:
  // before the header crypt starts (the account's session record) and after it (the
  // login queue count); the reply is 0x11 and the gateway goes on serving
  const cases: [string, (c: Cache) => () => void][] = [
    ["the account's session record", (c) => failWhile(c, "get", (k) => String(k).startsWith("acct:"))],
    ["the login queue count", (c) => failWhile(c, "hlen", () => true)],
  ];
  for (const [name, fail] of cases) {
    test(`${name}: AUTH_SYSTEM_ERROR 0x11, then close; the next login is served`, async () => {
      const K = await sessionKey(b, "alice", "pw");
      const restore = fail(b.realm.cache);
      try {
        const w = await worldSocket(b);
        const r = await w.authenticate("alice", K);
        await expectRefused(w, r.result, ResponseCode.AUTH_SYSTEM_ERROR);
      } finally {
        restore();
      }
      const { w, result } = await authedSocket(b, "alice", "pw");
      expect(result).toBe(ResponseCode.AUTH_OK);
      w.close();
    });
  }
});

describe("the addon block never decides the session", () => {
  const plain = (() => {
    const w = new ByteWriter();
    encodeAddonBlock(w, { addons: [...DEFAULT_ADDONS, { name: "MyAddon", enabled: 1, crc: 0x12345678, urlCrc: 0 }], timestamp: 1262785851 });
    return w.toBytes();
  })();
  const zlib = new Uint8Array(deflateSync(plain));
  const withPrefix = new Uint8Array(4 + zlib.length);
  new DataView(withPrefix.buffer).setUint32(0, plain.length, true);
  withPrefix.set(zlib, 4);
  const count = DEFAULT_ADDONS.length + 1;

  const cases: [string, Uint8Array, number][] = [
    ["with its u32 size prefix", withPrefix, count],
    ["without the size prefix", zlib, count],
    ["garbage", Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff), 0],
    ["a zlib header with a damaged stream", Uint8Array.of(0x78, 0x9c, 1, 2, 3, 4, 5, 6, 7), 0],
    ["a size prefix and nothing else", Uint8Array.of(0x10, 0, 0, 0), 0],
    ["nothing at all", new Uint8Array(0), 0],
  ];
  for (const [name, bytes, expected] of cases) {
    test(`${name}: AUTH_OK, and ADDON_INFO answers ${expected} addon(s)`, async () => {
      const { w, result } = await authedSocket(b, "alice", "pw", { addonBytes: bytes });
      expect(result).toBe(ResponseCode.AUTH_OK);
      const info = await w.waitFor(Opcode.SMSG_ADDON_INFO, undefined, TIMEOUT, 0);
      const parsed = readAddonInfo(new ByteReader(info.payload), expected);
      expect(parsed.error).toBeUndefined();
      expect(parsed.entries.length).toBe(expected);
      expect(parsed.bannedCount).toBe(0);
      if (expected) {
        // the non-Blizzard addon (last) gets the public key, the Blizzard ones do not
        expect(parsed.entries.at(-1)!.sendKey).toBe(1);
        expect(parsed.entries[0]!.sendKey).toBe(0);
      }
      w.close();
    });
  }
});
