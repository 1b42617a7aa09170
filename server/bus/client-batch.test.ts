import { expect, test } from "bun:test";
import { ClientPacketBatcher, ENVELOPE_CLIENT_BATCH, forEachClientPacket } from "./client-batch.ts";
import { decodeClientPacket, encodeClientPacket, ENVELOPE_CLIENT_PACKET, type ClientPacket } from "./packet-envelope.ts";

const ref = { gatewayId: 3, accountId: 9, gmLevel: 1, characterGuid: 77 };

function manual() {
  const sent: { subject: string; data: Uint8Array }[] = [];
  let run: (() => void) | undefined;
  const b = new ClientPacketBatcher(
    (subject, data) => sent.push({ subject, data }),
    (fn) => (run = fn),
  );
  return { b, sent, turn: () => run?.() };
}

function all(data: Uint8Array): ClientPacket[] {
  const out: ClientPacket[] = [];
  expect(forEachClientPacket(data, (p) => out.push(p))).toBe(true);
  return out;
}

test("packets for one subject in one turn leave as one CLIENT_BATCH, in order", () => {
  const { b, sent, turn } = manual();
  const payload = new Uint8Array([1, 2, 3]);
  for (let i = 0; i < 5; i++) {
    payload[0] = i; // the caller's buffer is reused: the batcher must have copied it
    b.add("w.in", { ...ref, sessionId: 100 + i, opcode: 0xb5 }, payload);
  }
  expect(sent.length).toBe(0);
  expect(b.size).toBe(5);
  turn();
  expect(sent.length).toBe(1);
  expect(sent[0]!.data[0]).toBe(ENVELOPE_CLIENT_BATCH);
  const got = all(sent[0]!.data);
  expect(got.map((p) => p.sessionId)).toEqual([100, 101, 102, 103, 104]);
  expect(got.map((p) => p.payload[0])).toEqual([0, 1, 2, 3, 4]);
  expect(got[2]).toMatchObject({ ...ref, opcode: 0xb5 });
  expect(b.size).toBe(0);
});

test("a single packet leaves as a plain CLIENT_PACKET; subjects are batched apart", () => {
  const { b, sent, turn } = manual();
  b.add("a", { ...ref, sessionId: 1, opcode: 1 }, new Uint8Array([9]));
  b.add("b", { ...ref, sessionId: 2, opcode: 2 }, new Uint8Array(0));
  b.add("b", { ...ref, sessionId: 3, opcode: 3 }, new Uint8Array([7, 7]));
  turn();
  expect(sent.map((s) => s.subject)).toEqual(["a", "b"]);
  expect(sent[0]!.data[0]).toBe(ENVELOPE_CLIENT_PACKET);
  expect(decodeClientPacket(sent[0]!.data)).toMatchObject({ sessionId: 1, opcode: 1, payload: new Uint8Array([9]) });
  expect(all(sent[1]!.data).map((p) => [p.sessionId, p.payload.length])).toEqual([
    [2, 0],
    [3, 2],
  ]);
});

test("turn after turn, a subject's writer is reused and every batch holds only its own turn's packets", () => {
  const { b, sent, turn } = manual();
  for (let t = 0; t < 3; t++) {
    for (let i = 0; i <= t; i++) b.add("a", { ...ref, sessionId: t * 10 + i, opcode: 1 }, new Uint8Array([t, i]));
    turn();
  }
  expect(sent.map((x) => x.data[0])).toEqual([ENVELOPE_CLIENT_PACKET, ENVELOPE_CLIENT_BATCH, ENVELOPE_CLIENT_BATCH]);
  expect(sent.map((x) => all(x.data).map((p) => p.sessionId))).toEqual([[0], [10, 11], [20, 21, 22]]);
  expect(all(sent[2]!.data).map((p) => [...p.payload])).toEqual([
    [2, 0],
    [2, 1],
    [2, 2],
  ]);
});

test("flush() publishes at once (before a message that must not overtake the packets)", () => {
  const { b, sent, turn } = manual();
  b.add("a", { ...ref, sessionId: 1, opcode: 1 }, new Uint8Array(1));
  b.flush();
  expect(sent.length).toBe(1);
  turn(); // the scheduled flush finds nothing
  expect(sent.length).toBe(1);
});

test("forEachClientPacket reads a plain envelope and refuses damaged or foreign ones", () => {
  const env = encodeClientPacket({ ...ref, sessionId: 5, opcode: 6 }, new Uint8Array([1]));
  expect(all(env)[0]).toMatchObject({ sessionId: 5, opcode: 6 });
  const { b, sent, turn } = manual();
  b.add("a", { ...ref, sessionId: 1, opcode: 1 }, new Uint8Array(4));
  b.add("a", { ...ref, sessionId: 2, opcode: 1 }, new Uint8Array(4));
  turn();
  const batch = sent[0]!.data;
  let n = 0;
  expect(forEachClientPacket(batch.subarray(0, batch.length - 1), () => n++)).toBe(false);
  expect(forEachClientPacket(new Uint8Array([...batch, 0]), () => n++)).toBe(false);
  const lying = batch.slice();
  lying[1] = 200; // count larger than what follows
  expect(forEachClientPacket(lying, () => n++)).toBe(false);
  expect(forEachClientPacket(new Uint8Array([2, 0, 0, 0, 0]), () => n++)).toBe(false);
  expect(forEachClientPacket(new Uint8Array(0), () => n++)).toBe(false);
  expect(n).toBe(0);
});

test("the default schedule flushes after the current turn", async () => {
  const sent: Uint8Array[] = [];
  const b = new ClientPacketBatcher((_s, d) => sent.push(d));
  b.add("a", { ...ref, sessionId: 1, opcode: 1 }, new Uint8Array(1));
  b.add("a", { ...ref, sessionId: 2, opcode: 1 }, new Uint8Array(1));
  await Promise.resolve();
  expect(sent.length).toBe(0);
  await new Promise((r) => setImmediate(r));
  expect(sent.length).toBe(1);
  expect(all(sent[0]!).length).toBe(2);
});

test("forBus: the in-process bus gets every packet at once, NATS gets one batch per turn", async () => {
  const { MemoryBus } = await import("./memory.ts");
  const bus = new MemoryBus("t");
  const got: Uint8Array[] = [];
  bus.subscribe("x", (m) => void got.push(m.data));
  const b = ClientPacketBatcher.forBus(bus);
  b.add("x", { ...ref, sessionId: 1, opcode: 1 }, new Uint8Array(1));
  b.add("x", { ...ref, sessionId: 2, opcode: 1 }, new Uint8Array(1));
  expect(b.size).toBe(0); // nothing held back
  await Bun.sleep(5);
  expect(got.map((d) => d[0])).toEqual([ENVELOPE_CLIENT_PACKET, ENVELOPE_CLIENT_PACKET]);
  await bus.close();
});
