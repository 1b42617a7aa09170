// End-to-end plumbing over real sockets against testing/fake-realm.ts (see the caveat there).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AuthClient } from "./auth-client.ts";
import { ByteReader, hexToBytes } from "./bytes.ts";
import { realmSplitState } from "./char-screen.ts";
import { HeadlessClient, LoginRefusedError } from "./headless-client.ts";
import { ChatType, readServerMessageChat } from "./messages/chat.ts";
import { LoginResult } from "./messages/login.ts";
import { Opcode } from "./messages/opcodes.ts";
import { ResponseCode } from "./messages/session.ts";
import { readTeleportAck } from "./messages/teleport.ts";
import { TimeoutError } from "./tcp.ts";
import { FakeRealm } from "./testing/fake-realm.ts";
import { WorldClient } from "./world-client.ts";

let realm: FakeRealm;

/** Poll until `cond()` holds (server-side effects of our packets arrive asynchronously). */
async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await Bun.sleep(5);
  }
}
const clients: HeadlessClient[] = [];

beforeAll(() => {
  realm = new FakeRealm().start();
  realm.addAccount("alice", "pw1");
  realm.addAccount("bob", "pw2");
});

afterAll(() => {
  for (const c of clients) c.close();
  realm.stop();
});

async function loggedIn(user: string, pw: string, charName: string): Promise<HeadlessClient> {
  const c = new HeadlessClient({ timeoutMs: 3000 });
  clients.push(c);
  const { realms } = await c.login({ host: "127.0.0.1", port: realm.auth.port, user, password: pw });
  await c.connectWorld(realms[0]!);
  expect(await realmSplitState(c, realms[0]!.id)).toEqual({ realmId: 1, state: 0, date: "01/01/01" });
  let chars = await c.enumCharacters();
  if (!chars.some((x) => x.name === charName)) {
    expect(await c.createCharacter({ name: charName, race: 1, class: 1, gender: 0 })).toBe(ResponseCode.CHAR_CREATE_SUCCESS);
    chars = await c.enumCharacters();
  }
  await c.enterWorld(chars.find((x) => x.name === charName)!.guid);
  return c;
}

describe("auth client", () => {
  test("wrong password is returned as a proof failure, not thrown", async () => {
    const a = await AuthClient.connect("127.0.0.1", realm.auth.port, { timeoutMs: 2000 });
    const r = await a.login("alice", "nope");
    expect(r).toEqual({ ok: false, stage: "proof", result: LoginResult.FAIL_UNKNOWN_ACCOUNT });
    a.close();
  });

  test("unknown account is a 3-byte challenge failure", async () => {
    const a = await AuthClient.connect("127.0.0.1", realm.auth.port, { timeoutMs: 2000 });
    expect(await a.login("nobody", "x")).toEqual({ ok: false, stage: "challenge", result: LoginResult.FAIL_UNKNOWN_ACCOUNT });
    a.close();
  });

  test("login, realm list, reconnect with K", async () => {
    const a = await AuthClient.connect("127.0.0.1", realm.auth.port, { timeoutMs: 2000 });
    const r = await a.login("alice", "pw1");
    if (!r.ok) throw new Error("login failed");
    expect(r.K.length).toBe(40);
    const list = await a.realmList();
    expect(list.realms[0]?.address).toBe(`127.0.0.1:${realm.world.port}`);
    a.close();
    const b = await AuthClient.connect("127.0.0.1", realm.auth.port, { timeoutMs: 2000 });
    expect(await b.reconnect("alice", r.K)).toEqual({ ok: true });
    expect((await b.realmList()).realms.length).toBe(1);
    b.close();
    const bad = await AuthClient.connect("127.0.0.1", realm.auth.port, { timeoutMs: 2000 });
    expect(await bad.reconnect("alice", new Uint8Array(40))).toEqual({ ok: false, stage: "proof", result: 0x0e });
    bad.close();
  });

  test("raw bytes and a timeout naming what was awaited", async () => {
    const a = await AuthClient.connect("127.0.0.1", realm.auth.port, { timeoutMs: 2000 });
    a.sendRaw(hexToBytes("00"));
    await expect(a.readReply("CMD_AUTH_LOGON_CHALLENGE reply", 100)).rejects.toThrow(/timed out after 100 ms waiting for CMD_AUTH_LOGON_CHALLENGE reply/);
    a.close();
  });

  test("facade throws LoginRefusedError with the result code", async () => {
    const c = new HeadlessClient({ timeoutMs: 2000 });
    const err = await c.login({ host: "127.0.0.1", port: realm.auth.port, user: "bob", password: "bad" }).catch((e) => e);
    expect(err).toBeInstanceOf(LoginRefusedError);
    expect(err.result).toBe(LoginResult.FAIL_UNKNOWN_ACCOUNT);
  });
});

describe("world client", () => {
  test("a bad session key gets the plain AUTH_FAILED reply", async () => {
    const w = await WorldClient.connect("127.0.0.1", realm.world.port, { timeoutMs: 2000 });
    const r = await w.authenticate("alice", new Uint8Array(40).fill(1));
    expect(r.result).toBe(ResponseCode.AUTH_FAILED);
    await w.closed;
  });

  test("two players: see each other, movement relays, chat, whisper, name query, ping", async () => {
    const a = await loggedIn("alice", "pw1", "Alice");
    const b = await loggedIn("bob", "pw2", "Bob");
    const aGuid = a.guid;
    const bGuid = b.guid;
    expect(a.state.selfGuid).toBe(aGuid);
    expect(a.world!.log.some((p) => p.opcode === Opcode.SMSG_COMPRESSED_UPDATE_OBJECT)).toBe(true);
    // time sync answered automatically
    await until(() => realm.received.some((p) => p.opcode === Opcode.CMSG_TIME_SYNC_RESP));
    await until(() => realm.received.some((p) => p.opcode === Opcode.CMSG_SET_ACTIVE_MOVER));
    // b entered after a: each sees the other
    await a.world!.waitFor(Opcode.SMSG_UPDATE_OBJECT, undefined, 2000, 0);
    expect(a.state.sees(bGuid)).toBe(true);
    expect(b.state.sees(aGuid)).toBe(true);

    // movement: b walks 3.5 yards; a sees the stop position
    const stop = a.world!.waitFor(Opcode.MSG_MOVE_STOP);
    const p0 = b.state.position;
    expect(await b.moveTo(p0.x + 3.5, p0.y, p0.z, { heartbeatMs: 100 })).toBe(true);
    await stop;
    expect(a.state.seesAt(bGuid, p0.x + 3.5, p0.y, p0.z, 0.01)).toBe(true);
    expect(a.world!.log.some((p) => p.opcode === Opcode.MSG_MOVE_HEARTBEAT)).toBe(true);

    // chat
    const said = b.world!.waitFor(Opcode.SMSG_MESSAGECHAT, (p) => readServerMessageChat(new ByteReader(p.payload)).message === "hello");
    a.say("hello");
    const m = readServerMessageChat(new ByteReader((await said).payload));
    expect([m.type, m.senderGuid]).toEqual([ChatType.SAY, aGuid]);
    const whisper = b.world!.waitFor(Opcode.SMSG_MESSAGECHAT, (p) => readServerMessageChat(new ByteReader(p.payload)).type === ChatType.WHISPER);
    a.whisper("Bob", "psst");
    expect(readServerMessageChat(new ByteReader((await whisper).payload)).message).toBe("psst");
    const nf = a.world!.waitFor(Opcode.SMSG_CHAT_PLAYER_NOT_FOUND);
    a.whisper("Nobody", "x");
    expect(new ByteReader((await nf).payload).cstring()).toBe("Nobody");

    expect((await a.nameQuery(bGuid)).name).toBe("Bob");
    // an answer for another guid arrives first, in the same read: nameQuery skips it
    let named: Promise<{ guid: bigint; name?: string }> | undefined;
    a.inOneWrite(() => {
      a.world!.packet(Opcode.CMSG_NAME_QUERY, (w) => w.guid(aGuid));
      named = a.nameQuery(bGuid);
    });
    expect(await named).toMatchObject({ guid: bGuid, name: "Bob" });
    expect(await a.ping()).toBeGreaterThanOrEqual(0);

    // b logs out: a gets the destroy and forgets b
    const destroyed = a.world!.waitFor(Opcode.SMSG_DESTROY_OBJECT);
    expect(await b.logout()).toEqual({ reason: 0, instant: true, completed: true });
    await destroyed;
    expect(a.state.sees(bGuid)).toBe(false);
  });

  test("automatic teleport ack, worldport ack, 5-byte header over the wire", async () => {
    const c = await loggedIn("alice", "pw1", "Alice");
    const before = realm.received.length;
    const tp = c.world!.waitFor(Opcode.MSG_MOVE_TELEPORT_ACK);
    c.say(".tele");
    await tp;
    await until(() => realm.received.slice(before).some((p) => p.opcode === Opcode.MSG_MOVE_TELEPORT_ACK));
    const ack = realm.received.slice(before).find((p) => p.opcode === Opcode.MSG_MOVE_TELEPORT_ACK);
    expect(ack).toBeDefined();
    expect(readTeleportAck(new ByteReader(ack!.body)).counter).toBe(1);
    expect(c.state.position).toEqual({ x: 100, y: 200, z: 30, o: 1 });
    expect(c.movement.x).toBe(100);

    const nw = c.world!.waitFor(Opcode.SMSG_NEW_WORLD);
    c.say(".port");
    await nw;
    await until(() => realm.received.slice(before).some((p) => p.opcode === Opcode.MSG_MOVE_WORLDPORT_ACK));
    expect(realm.received.slice(before).some((p) => p.opcode === Opcode.MSG_MOVE_WORLDPORT_ACK)).toBe(true);
    expect(c.state.map).toBe(1);

    const big = c.world!.waitFor(Opcode.SMSG_WARDEN_DATA);
    c.say(".big");
    expect((await big).payload.length).toBe(40000);
  });

  test("waitFor times out with the opcode name", async () => {
    const c = clients[clients.length - 1]!;
    const err = await c.world!.waitFor(Opcode.SMSG_MOTD, undefined, 50).catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toBe("timed out after 50 ms waiting for SMSG_MOTD");
  });
});

describe("connections", () => {
  test("a refused connection rejects quickly", async () => {
    const t0 = Date.now();
    const err = await WorldClient.connect("127.0.0.1", 1, { timeoutMs: 3000 }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  test("30 clients log in and enter the world concurrently", async () => {
    const n = 30;
    for (let i = 0; i < n; i++) realm.addAccount(`load${i}`, "pw");
    const cs = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const c = new HeadlessClient({ timeoutMs: 5000, logLimit: 0 });
        const { realms } = await c.login({ host: "127.0.0.1", port: realm.auth.port, user: `load${i}`, password: "pw" });
        await c.connectWorld(realms[0]!);
        await c.createCharacter({ name: `Load${i}`, race: 1, class: 1, gender: 0 });
        await c.enterWorld((await c.enumCharacters())[0]!.guid);
        return c;
      }),
    );
    expect(cs.every((c) => c.state.selfGuid !== undefined)).toBe(true);
    await Promise.all(cs.map((c) => c.ping()));
    for (const c of cs) c.close();
  });
});
