// Session lifecycle over real sockets: the login queue at the player limit, one session
// per account (protocol.md §2.13.2), and the idle timeouts of design.md §6, which read
// the injected clock (a ManualClock moved by the test; no test sleeps for minutes).
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import { ByteReader } from "../../bench/client/bytes.ts";
import { readAuthResponse, ResponseCode } from "../../bench/client/messages/session.ts";
import { Subjects } from "../bus/subjects.ts";
import { ManualClock } from "../kernel/clock.ts";
import { boot, type Booted } from "../testing/boot.ts";
import { accountSessionKey, LOADING_STALE_MS } from "./gateway-auth.ts";
import { authedSocket, closesWithin, failWhile, player, sessionOf, TIMEOUT, u32le, until, worldSocket } from "./gateway.fixture.ts";

const closers: { close(): void }[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});
function keep<T extends { close(): void }>(c: T): T {
  closers.push(c);
  return c;
}

describe("login queue (realm.playerLimit 1)", () => {
  let b: Booted;
  beforeAll(async () => {
    b = await boot({ realm: { playerLimit: 1 }, gateway: { loginQueueUpdateMs: 100 } });
    for (const n of ["first", "second", "third", "gm"]) await b.createAccount(n, "pw", { gmLevel: n === "gm" ? 3 : 0 });
  });
  afterAll(() => b.stop());

  test("later accounts wait with their position, move up, and get AUTH_OK when a player leaves", async () => {
    const one = await authedSocket(b, "first", "pw");
    keep(one.w);
    expect(one.result).toBe(ResponseCode.AUTH_OK);

    const two = await authedSocket(b, "second", "pw");
    keep(two.w);
    expect(two.result).toBe(ResponseCode.AUTH_WAIT_QUEUE);
    expect(two.queuePosition).toBe(1);
    const three = await authedSocket(b, "third", "pw");
    keep(three.w);
    expect(three.result).toBe(ResponseCode.AUTH_WAIT_QUEUE);
    expect(three.queuePosition).toBe(2);

    // a GM is not queued (but counts while online: nobody moves up when it leaves)
    const gm = await authedSocket(b, "gm", "pw");
    keep(gm.w);
    expect(gm.result).toBe(ResponseCode.AUTH_OK);
    const update = two.w.nextSeq;
    gm.w.close();
    await until(() => sessionOf(b, "gm") === undefined, "the GM session is gone");
    await two.w.waitFor(Opcode.SMSG_AUTH_RESPONSE, (p) => p.payload[0] === ResponseCode.AUTH_WAIT_QUEUE, TIMEOUT, update);
    expect(sessionOf(b, "second")!.state).toBe("queued");

    // queued sessions get nothing but queue updates: a character-screen request is dropped
    two.w.send(Opcode.CMSG_CHAR_ENUM);

    const admitted = two.w.waitFor(Opcode.SMSG_AUTH_RESPONSE, (p) => p.payload[0] === ResponseCode.AUTH_OK, TIMEOUT);
    const moved = three.w.waitFor(Opcode.SMSG_AUTH_RESPONSE, (p) => readAuthResponse(new ByteReader(p.payload)).queuePosition === 1, TIMEOUT);
    one.w.close();
    await admitted;
    await moved;
    expect(two.w.log.some((p) => p.opcode === Opcode.SMSG_CHAR_ENUM)).toBe(false);
    // the admitted session is at the character screen now
    await two.w.waitFor(Opcode.SMSG_TUTORIAL_FLAGS, undefined, TIMEOUT, 0);
    const since = two.w.nextSeq;
    two.w.send(Opcode.CMSG_CHAR_ENUM);
    await two.w.waitFor(Opcode.SMSG_CHAR_ENUM, undefined, TIMEOUT, since);
    expect(sessionOf(b, "third")!.state).toBe("queued");
  });
});

describe("login queue while the cache fails", () => {
  let b: Booted;
  beforeAll(async () => {
    b = await boot({ realm: { playerLimit: 1 }, gateway: { loginQueueUpdateMs: 100 } });
    for (const n of ["qfirst", "qsecond"]) await b.createAccount(n, "pw");
  });
  afterAll(() => b.stop());

  test("queue updates that fail are logged and retried; the queued session is admitted once the cache answers", async () => {
    const one = await authedSocket(b, "qfirst", "pw");
    keep(one.w);
    expect(one.result).toBe(ResponseCode.AUTH_OK);
    const two = await authedSocket(b, "qsecond", "pw");
    keep(two.w);
    expect(two.result).toBe(ResponseCode.AUTH_WAIT_QUEUE);
    const restore = failWhile(b.realm.cache, "hlen", () => true);
    try {
      one.w.close();
      await until(() => sessionOf(b, "qfirst") === undefined, "the first session is gone");
      await Bun.sleep(350); // a few periodic updates fail meanwhile
      expect(sessionOf(b, "qsecond")!.state).toBe("queued");
    } finally {
      restore();
    }
    await two.w.waitFor(Opcode.SMSG_AUTH_RESPONSE, (p) => p.payload[0] === ResponseCode.AUTH_OK, TIMEOUT);
    expect(sessionOf(b, "qsecond")!.state).toBe("charscreen");
  });
});

describe("one session per account", () => {
  let b: Booted;
  beforeAll(async () => {
    // no orchestrator: CMSG_PLAYER_LOGIN stays "loading" while the test holds the request
    b = await boot({ roles: ["auth", "gateway", "world", "services"] });
    await b.createAccount("alice", "pw");
    await b.createAccount("bob", "pw");
  });
  afterAll(() => b.stop());

  test("a second login closes the first connection with nothing sent first; the new one gets AUTH_OK", async () => {
    const first = keep(await player(b, "alice", "pw"));
    await first.enumCharacters();
    const seen = first.world!.log.length;
    const second = keep(await player(b, "alice", "pw"));
    expect(await closesWithin(first.world!, TIMEOUT)).toBe(true);
    expect(first.world!.log.length).toBe(seen); // no SMSG_KICK_REASON, no LOGOUT_COMPLETE
    expect(await second.enumCharacters()).toEqual([]);
    expect([...b.realm.gateway!.sessions.values()].filter((s) => s.accountName === "ALICE").length).toBe(1);
  });

  test("a login while the first session is still entering the world is refused (0x19); the first stays", async () => {
    const held: Uint8Array[] = [];
    const sub = b.realm.bus.subscribe(Subjects.orchestrator(b.config.realm.id, "enter"), (m) => void held.push(m.data));
    try {
      const row = await b.createCharacter("bob", "Bobby");
      const first = await authedSocket(b, "bob", "pw");
      keep(first.w);
      first.w.packet(Opcode.CMSG_PLAYER_LOGIN, (w) => w.u64(BigInt(row.guid)));
      await until(() => held.length === 1 && sessionOf(b, "bob")?.state === "loading", "the first session is loading");

      const again = await authedSocket(b, "bob", "pw", { K: first.K });
      keep(again.w);
      expect(again.result).toBe(ResponseCode.AUTH_ALREADY_LOGGING_IN);
      expect(await closesWithin(again.w, TIMEOUT)).toBe(true);
      expect(first.w.isClosed).toBe(false);
      expect(sessionOf(b, "bob")!.state).toBe("loading");
    } finally {
      sub.unsubscribe();
    }
  });

  test("a failed write of the account's session record leaves CMSG_PLAYER_LOGIN loading; the gateway goes on", async () => {
    const held: Uint8Array[] = [];
    const sub = b.realm.bus.subscribe(Subjects.orchestrator(b.config.realm.id, "enter"), (m) => void held.push(m.data));
    try {
      const row = await b.createCharacter("alice", "Alicia");
      const first = await authedSocket(b, "alice", "pw");
      keep(first.w);
      const restore = failWhile(b.realm.cache, "set", (k) => k.startsWith("acct:"));
      try {
        first.w.packet(Opcode.CMSG_PLAYER_LOGIN, (w) => w.u64(BigInt(row.guid)));
        await until(() => held.length === 1 && sessionOf(b, "alice")?.state === "loading", "the session is loading");
      } finally {
        restore();
      }
      const since = first.w.nextSeq;
      first.w.send(Opcode.CMSG_QUERY_TIME);
      await first.w.waitFor(Opcode.SMSG_QUERY_TIME_RESPONSE, undefined, TIMEOUT, since);
    } finally {
      sub.unsubscribe();
    }
  });
});

describe("a session recorded on another gateway", () => {
  let b: Booted;
  beforeAll(async () => {
    b = await boot();
    await b.createAccount("carla", "pw");
  });
  afterAll(() => b.stop());
  const record = (id: number, at: number) => b.realm.cache.set(accountSessionKey(id), JSON.stringify({ gatewayId: 424242, sessionId: 9, state: "loading", at }));

  test("still loading there refuses the login (0x19); a loading record past LOADING_STALE_MS (its gateway died mid-login) does not", async () => {
    const id = (await b.realm.accounts.get("carla"))!.id;
    await record(id, Date.now());
    const refused = await authedSocket(b, "carla", "pw");
    keep(refused.w);
    expect(refused.result).toBe(ResponseCode.AUTH_ALREADY_LOGGING_IN);
    await record(id, Date.now() - LOADING_STALE_MS - 1000);
    const ok = await authedSocket(b, "carla", "pw");
    keep(ok.w);
    expect(ok.result).toBe(ResponseCode.AUTH_OK);
  });
});

describe("idle timeouts (ManualClock)", () => {
  const clock = new ManualClock(Date.now());
  let b: Booted;
  beforeAll(async () => {
    b = await boot({}, { clock });
    await b.createAccount("idler", "pw");
    await b.createCharacter("idler", "Idler");
  });
  afterAll(() => b.stop());

  // the sweep runs every second and reads the clock; calling it right away saves the wait
  const sweep = () => b.realm.gateway!.sweep();

  test("30 s to send CMSG_AUTH_SESSION", async () => {
    const w = keep(await worldSocket(b));
    const gw = b.realm.gateway!;
    const id = Math.max(...gw.sessions.keys()); // the newest connection is this one
    expect(gw.sessions.get(id)!.state).toBe("authing");
    clock.advance(29_000);
    sweep();
    expect(gw.sessions.has(id)).toBe(true);
    clock.advance(1_500);
    sweep();
    expect(gw.sessions.has(id)).toBe(false);
    expect(await closesWithin(w, TIMEOUT)).toBe(true);
  });

  test("15 minutes idle at the character screen; any packet restarts the count", async () => {
    const { w } = await authedSocket(b, "idler", "pw");
    keep(w);
    clock.advance(600_000);
    w.send(Opcode.CMSG_KEEP_ALIVE);
    await until(() => sessionOf(b, "idler")?.lastPacketAt === clock.now(), "the keep-alive is seen");
    clock.advance(600_000); // 20 minutes connected, 10 idle
    sweep();
    expect(sessionOf(b, "idler")?.state).toBe("charscreen");
    clock.advance(300_500);
    sweep();
    expect(sessionOf(b, "idler")).toBeUndefined();
    expect(await closesWithin(w, TIMEOUT)).toBe(true);
  });

  test("60 s without a packet in the world", async () => {
    // a real client answers the world's time sync requests; this one stays silent
    const c = keep(await player(b, "idler", "pw", { autoTimeSync: false }));
    const [ch] = await c.enumCharacters();
    await c.enterWorld(ch!.guid);
    expect(sessionOf(b, "idler")!.state).toBe("world");
    clock.advance(50_000);
    c.world!.packet(Opcode.CMSG_PING, (w) => w.bytes(u32le(1, 0)));
    await until(() => sessionOf(b, "idler")?.lastPacketAt === clock.now(), "the ping is seen");
    clock.advance(50_000);
    sweep();
    expect(sessionOf(b, "idler")?.state).toBe("world");
    clock.advance(10_500);
    sweep();
    expect(sessionOf(b, "idler")).toBeUndefined();
    expect(await closesWithin(c.world!, TIMEOUT)).toBe(true);
  });
});
