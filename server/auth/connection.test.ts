// The connection rules: one command per state, one password attempt per connection, the
// size cap before allocation, the per-IP cap on unauthenticated sockets, the idle timeout.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { silentLogger } from "../kernel/logger.ts";
import { Metrics } from "../kernel/metrics.ts";
import { AuditLog } from "../ops/audit.ts";
import { LOGIN_MESSAGE_CAP } from "../protocol/login/framing.ts";
import type { AuthLogonChallengeSuccess } from "../protocol/login/index.ts";
import { computeClientProof } from "../protocol/srp6.ts";
import {
  bootAuth,
  challengeBytes,
  CTL,
  eventually,
  hex,
  loginOk,
  proofBytes,
  RawClient,
  readChallenge,
  TEST_SECRET,
  testConfig,
  type AuthHarness,
} from "./auth.fixture.ts";
import { createAuthContext } from "./context.ts";
import type { CloseReason } from "./metrics.ts";
import { AuthSession, type SessionIO } from "./session.ts";

let h: AuthHarness;

beforeAll(async () => {
  h = await bootAuth();
  await h.accounts.create("alice", "pw", CTL);
});
afterAll(() => h.stop());

describe("one attempt per connection", () => {
  test("after a success, a second LOGON_PROOF closes the socket", async () => {
    const c = await RawClient.connect(h.port);
    c.send(challengeBytes("ALICE"));
    const ch = (await readChallenge(c)) as AuthLogonChallengeSuccess;
    const p = computeClientProof("ALICE", "pw", ch.salt, ch.B)!;
    c.send(proofBytes(p.A, p.M1));
    expect((await c.read(32))[1]).toBe(0);
    c.send(proofBytes(p.A, p.M1));
    expect(await c.waitClosed()).toBe(true);
    expect(c.pending.length).toBe(0);
  });

  test("two proofs sent back to back: the first is answered, the second never checked", async () => {
    const c = await RawClient.connect(h.port);
    c.send(challengeBytes("ALICE"));
    const ch = (await readChallenge(c)) as AuthLogonChallengeSuccess;
    const bad = computeClientProof("ALICE", "guess1", ch.salt, ch.B)!;
    const good = computeClientProof("ALICE", "pw", ch.salt, ch.B)!;
    const failedBefore = (await h.store.audit.list({ target: "ALICE", action: "login.failed" })).length;
    c.send(Uint8Array.of(...proofBytes(bad.A, bad.M1), ...proofBytes(good.A, good.M1)));
    expect(hex(await c.read(4))).toBe("01040000");
    expect(await c.waitClosed()).toBe(true);
    expect(c.pending.length).toBe(0);
    expect((await h.store.audit.list({ target: "ALICE", action: "login.failed" })).length).toBe(failedBefore + 1);
  });

  test("a second challenge on the same connection closes it", async () => {
    const c = await RawClient.connect(h.port);
    c.send(challengeBytes("ALICE"));
    await readChallenge(c);
    c.send(challengeBytes("ALICE"));
    expect(await c.waitClosed()).toBe(true);
  });
});

describe("junk", () => {
  const cases: [string, Uint8Array][] = [
    ["unknown command 0x30 (XFER_INITIATE)", Uint8Array.of(0x30, 0, 0, 0)],
    ["a proof before any challenge", new Uint8Array(75).fill(1, 1).fill(0x01, 0, 1)],
    ["RECONNECT_PROOF before any challenge", Uint8Array.of(0x03, ...new Uint8Array(57))],
    ["challenge size below the minimum", Uint8Array.of(0x00, 0x08, 0x05, 0x00)],
    ["name length disagreeing with the size", (() => { const b = challengeBytes("ALICE"); b[33] = 9; return b; })()],
    ["HTTP", new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n")],
  ];
  for (const [what, bytes] of cases) {
    test(`${what}: closed without an answer`, async () => {
      const c = await RawClient.connect(h.port);
      c.send(bytes);
      expect(await c.waitClosed()).toBe(true);
      expect(c.pending.length).toBe(0);
    });
  }
});

/** An AuthSession with an in-memory IO (no socket). */
function memorySession() {
  const out: Uint8Array[] = [];
  let closed: CloseReason | undefined;
  const io: SessionIO = { send: (b) => void out.push(b.slice()), close: (r) => void (closed = r) };
  const config = testConfig();
  const ctx = createAuthContext({
    config,
    store: h.store,
    cache: h.cache,
    clock: h.clock,
    log: silentLogger,
    metrics: new Metrics({}, false),
    audit: new AuditLog(h.store.audit, h.clock, 1),
    secret: TEST_SECRET,
  });
  const s = new AuthSession(ctx, io, "10.9.9.9", Promise.resolve({ banned: false }));
  return { s, out, closed: () => closed };
}

describe("size cap before allocation", () => {
  test("a challenge declaring 65535 bytes closes at once over the socket", async () => {
    const c = await RawClient.connect(h.port);
    c.send(Uint8Array.of(0x00, 0x08, 0xff, 0xff));
    expect(await c.waitClosed()).toBe(true);
  });

  test("the session's buffer never grows past the cap: declared size rejected from 4 bytes", () => {
    const m = memorySession();
    m.s.receive(Uint8Array.of(0x00, 0x08, 0xff, 0xff));
    expect(m.closed()).toBe("junk");
    expect(m.s.buffered.capacity).toBeLessThanOrEqual(LOGIN_MESSAGE_CAP);
    expect(m.out.length).toBe(0);
  });

  test("a header split byte by byte is rejected as soon as the size is visible", () => {
    const m = memorySession();
    m.s.receive(Uint8Array.of(0x00));
    m.s.receive(Uint8Array.of(0x08));
    m.s.receive(Uint8Array.of(0x00));
    expect(m.closed()).toBeUndefined();
    m.s.receive(Uint8Array.of(0x40)); // size 0x4000
    expect(m.closed()).toBe("junk");
    expect(m.s.buffered.capacity).toBeLessThanOrEqual(256);
  });

  test("a 64 KiB burst closes the session without being buffered", () => {
    const m = memorySession();
    m.s.receive(new Uint8Array(65536));
    expect(m.closed()).toBe("overflow");
    expect(m.s.buffered.capacity).toBe(0);
  });
});

describe("per-IP cap on unauthenticated sockets", () => {
  test("the 33rd unauthenticated socket from one IP is closed at once; an authenticated one frees its slot", async () => {
    const s = await bootAuth({ store: h.store });
    const held: RawClient[] = [];
    try {
      for (let i = 0; i < 32; i++) held.push(await RawClient.connect(s.port));
      await eventually(() => s.server.stats().unauthenticated === 32, "32 sockets open");
      const extra = await RawClient.connect(s.port);
      expect(await extra.waitClosed(3000)).toBe(true);
      expect(s.server.stats().closed.per_ip_limit).toBe(1);
      // the 32 are still usable
      for (const c of held.slice(0, 3)) expect(c.isClosed).toBe(false);
      // one of them logs in: its slot is freed, so a new socket is accepted
      held[0]!.close();
      await eventually(() => s.server.stats().unauthenticated === 31, "one closed");
      const { client } = await loginOk(s.port, "ALICE", "pw");
      held.push(client);
      await eventually(() => s.server.stats().unauthenticated === 31, "authenticated socket frees its slot");
      const next = await RawClient.connect(s.port);
      await Bun.sleep(50);
      expect(next.isClosed).toBe(false);
      held.push(next);
    } finally {
      for (const c of held) c.close();
      await s.stop();
    }
  });
});

describe("idle timeout", () => {
  test("a socket that sends nothing is closed once the injected clock passes idleTimeoutMs", async () => {
    const c = await RawClient.connect(h.port);
    await eventually(() => h.server.stats().connections >= 1, "accepted");
    await Bun.sleep(60);
    expect(c.isClosed).toBe(false);
    h.clock.advance(h.config.auth.idleTimeoutMs);
    expect(await c.waitClosed(2000)).toBe(true);
    expect(h.server.stats().closed.idle).toBeGreaterThanOrEqual(1);
  });

  test("a socket stuck half-way through a challenge is closed too", async () => {
    const c = await RawClient.connect(h.port);
    c.send(challengeBytes("ALICE").subarray(0, 10));
    await Bun.sleep(60);
    expect(c.isClosed).toBe(false);
    h.clock.advance(h.config.auth.idleTimeoutMs + 1);
    expect(await c.waitClosed(2000)).toBe(true);
  });

  test("an authenticated socket stays open past idleTimeoutMs", async () => {
    const { client } = await loginOk(h.port, "ALICE", "pw");
    h.clock.advance(h.config.auth.idleTimeoutMs + 1);
    await Bun.sleep(80);
    expect(client.isClosed).toBe(false);
    client.close();
  });
});

describe("store failures", () => {
  test("a store that fails answers FAIL_DB_BUSY (00 00 08) in the challenge's failure form and closes; nothing throws", async () => {
    const broken = new Proxy(h.store, {
      get(target, prop, receiver) {
        if (prop === "bans") return { ...target.bans, ipBans: async () => Promise.reject(new Error("database is locked")) };
        return Reflect.get(target, prop, receiver);
      },
    });
    const s = await bootAuth({ store: broken });
    try {
      const c = await RawClient.connect(s.port);
      c.send(challengeBytes("ALICE"));
      expect(hex(await c.read(3))).toBe("000008");
      expect(await c.waitClosed()).toBe(true);
      expect(s.server.stats().closed.error).toBe(1);
      expect(s.server.stats().logins.FAIL_DB_BUSY).toBe(1);
    } finally {
      await s.stop();
    }
  });

  test("a failing ban lookup at the proof answers 01 08 00 00", async () => {
    let failProof = false;
    const broken = new Proxy(h.store, {
      get(target, prop, receiver) {
        if (prop === "bans") return { ...target.bans, ipBans: () => target.bans.ipBans(), activeAccountBan: async (...a: [number, number]) => (failProof ? Promise.reject(new Error("disk I/O error")) : target.bans.activeAccountBan(...a)) };
        return Reflect.get(target, prop, receiver);
      },
    });
    const s = await bootAuth({ store: broken });
    try {
      const c = await RawClient.connect(s.port);
      c.send(challengeBytes("ALICE"));
      const ch = (await readChallenge(c)) as AuthLogonChallengeSuccess;
      failProof = true;
      const p = computeClientProof("ALICE", "pw", ch.salt, ch.B)!;
      c.send(proofBytes(p.A, p.M1));
      expect(hex(await c.read(4))).toBe("01080000");
      expect(await c.waitClosed()).toBe(true);
    } finally {
      await s.stop();
    }
  });
});

describe("stats", () => {
  test("stats count sockets and closes", () => {
    const st = h.server.stats();
    expect(st.accepted).toBeGreaterThan(0);
    expect(st.closed.junk).toBeGreaterThan(0);
    expect(st.inFlight).toBe(0);
  });
});
