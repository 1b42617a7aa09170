// Client framing over real sockets (design.md §3 principle 4, protocol.md §2.1): a bad
// header closes only that connection, before any payload is read; an in-range opcode
// with no handler is skipped and counted; trailing bytes after a complete body are
// ignored; a client that stops reading is cut at the outbound cap, others carry on.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { ByteReader } from "../../bench/client/bytes.ts";
import { readRealmSplit } from "../../bench/client/messages/session.ts";
import { readCharEnum } from "../../bench/client/messages/character.ts";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import { ResponseCode } from "../../bench/client/messages/session.ts";
import type { WorldClient } from "../../bench/client/world-client.ts";
import { GatewayLink } from "../bus/gateway-link.ts";
import { opcodeName } from "../protocol/opcodes.ts";
import { boot, type Booted } from "../testing/boot.ts";
import { answers, authedSocket, closesWithin, metric, sessionOf, TIMEOUT, u32le, until, worldSocket } from "./gateway.fixture.ts";

let b: Booted;
let bystander: WorldClient;
const open: { close(): void }[] = [];
beforeAll(async () => {
  b = await boot();
  for (const n of ["bystander", "alice", "slow"]) await b.createAccount(n, "pw");
  bystander = (await authedSocket(b, "bystander", "pw")).w;
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
afterAll(async () => {
  bystander.close();
  await b.stop();
});

async function alice(): Promise<WorldClient> {
  const { w, result } = await authedSocket(b, "alice", "pw");
  expect(result).toBe(ResponseCode.AUTH_OK);
  open.push(w);
  return w;
}

/** The bystander's session still answers a ping. */
async function bystanderAlive(): Promise<void> {
  expect(bystander.isClosed).toBe(false);
  await answers(bystander);
}

const BAD_HEADERS: [string, number, number][] = [
  ["size 3 (below the 4-byte opcode)", 3, Opcode.CMSG_PING],
  ["size 10240 (above 10239)", 10240, Opcode.CMSG_CHAR_ENUM],
  ["size 0xFFFF", 0xffff, Opcode.CMSG_CHAR_ENUM],
  ["opcode 0x51F (first out of range)", 4 + 64, 0x51f],
  ["opcode 0xFFFFFFFF", 4 + 64, 0xffffffff],
];

describe("malformed client headers close only that connection, before any payload is read", () => {
  for (const [name, size, opcode] of BAD_HEADERS) {
    test(`${name}, before authentication (plain header)`, async () => {
      const before = await metric(b, "realm_gateway_bad_frames_total");
      const w = await worldSocket(b);
      open.push(w);
      // the header alone: no payload follows, so only the header can decide
      w.sendHeader(size, opcode);
      expect(await closesWithin(w, TIMEOUT)).toBe(true);
      expect(await metric(b, "realm_gateway_bad_frames_total")).toBe(before + 1);
      await bystanderAlive();
    });

    test(`${name}, after authentication (encrypted header)`, async () => {
      const w = await alice();
      await answers(w); // the crypt is in step
      const before = await metric(b, "realm_gateway_bad_frames_total");
      w.sendHeader(size, opcode);
      expect(await closesWithin(w, TIMEOUT)).toBe(true);
      expect(await metric(b, "realm_gateway_bad_frames_total")).toBe(before + 1);
      expect(sessionOf(b, "alice")).toBeUndefined();
      await bystanderAlive();
    });
  }
});

describe("a burst is spread over ticks, never fatal (reliability.md D6)", () => {
  test("3,000 packets sent at once: handled 100 per tick; the session stays and others are served meanwhile", async () => {
    const w = await alice();
    await answers(w);
    const before = await metric(b, "realm_gateway_packets_in_total");
    for (let i = 0; i < 3000; i++) w.send(Opcode.CMSG_KEEP_ALIVE);
    let finished = false;
    const done = answers(w).then(() => (finished = true));
    await answers(bystander);
    expect(finished).toBe(false); // the bystander did not wait for the burst
    await done;
    expect(w.isClosed).toBe(false);
    expect((await metric(b, "realm_gateway_packets_in_total")) - before).toBeGreaterThanOrEqual(3001);
  });
});

describe("opcodes without a handler are skipped and counted", () => {
  for (const opcode of [0x51e, 0x001, Opcode.CMSG_BUG]) {
    test(`${opcodeName(opcode)} (0x${opcode.toString(16)}) at the character screen`, async () => {
      expect(b.realm.gateway!.routes.route(opcode).kind).toBe("none");
      const w = await alice();
      const before = await metric(b, "realm_gateway_unhandled_opcodes_total", { opcode: opcodeName(opcode) });
      w.send(opcode, new Uint8Array(100).fill(0xab));
      await answers(w); // the connection survived and the stream is in step
      expect(await metric(b, "realm_gateway_unhandled_opcodes_total", { opcode: opcodeName(opcode) })).toBe(before + 1);
      expect(w.isClosed).toBe(false);
    });
  }
});

describe("trailing bytes after a complete body are ignored", () => {
  const junk = Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x01);

  test("CMSG_PING with extra bytes: SMSG_PONG with the sequence", async () => {
    const w = await alice();
    const since = w.nextSeq;
    w.send(Opcode.CMSG_PING, Uint8Array.of(...u32le(4242, 3), ...junk));
    const p = await w.waitFor(Opcode.SMSG_PONG, undefined, TIMEOUT, since);
    expect(new ByteReader(p.payload).u32()).toBe(4242);
  });

  test("CMSG_CHAR_ENUM and CMSG_REALM_SPLIT with extra bytes are answered (plugin opcodes)", async () => {
    const w = await alice();
    const since = w.nextSeq;
    w.send(Opcode.CMSG_CHAR_ENUM, junk);
    w.send(Opcode.CMSG_REALM_SPLIT, Uint8Array.of(...u32le(1), ...junk));
    const e = await w.waitFor(Opcode.SMSG_CHAR_ENUM, undefined, TIMEOUT, since);
    expect(readCharEnum(new ByteReader(e.payload))).toEqual([]);
    const r = await w.waitFor(Opcode.SMSG_REALM_SPLIT, undefined, TIMEOUT, since);
    expect(readRealmSplit(new ByteReader(r.payload))).toEqual({ realmId: 1, state: 0, date: "01/01/01" });
  });
});

describe("outbound cap", () => {
  test("a client that stops reading is disconnected once more than 2 MiB wait for it; others are unaffected", async () => {
    const { w } = await authedSocket(b, "slow", "pw", { logLimit: 0 });
    open.push(w);
    const s = sessionOf(b, "slow")!;
    const gw = b.realm.gateway!;
    const before = await metric(b, "realm_gateway_refused_total", { reason: "outbound_cap" });
    w.pauseReading();
    // what a world host does: batches of packets for the session over the bus
    const link = new GatewayLink(b.realm.bus, false);
    const body = new Uint8Array(8192).fill(7);
    let sent = 0;
    while (s.state !== "closed" && sent < 64 * 1024 * 1024) {
      for (let i = 0; i < 16; i++) link.send(gw.id, s.id, Opcode.SMSG_MOTD, body);
      link.flush();
      sent += 16 * body.length;
      await Bun.sleep(1);
    }
    expect(s.state).toBe("closed");
    expect(s.closeReason).toBe("slow reader: outbound cap");
    expect(await metric(b, "realm_gateway_refused_total", { reason: "outbound_cap" })).toBe(before + 1);
    // the kernel's buffers took some; the gateway never held much more than the cap
    expect(sent).toBeGreaterThan(2 * 1024 * 1024);
    await bystanderAlive();
    w.resumeReading();
    await until(() => w.isClosed, "the slow client sees the close");
  });
});
