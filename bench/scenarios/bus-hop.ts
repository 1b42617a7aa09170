// bus-hop: the gateway → world → gateway hop at a sustained packet rate, over NATS beside
// the in-process bus, in the same run. The "gateway" (this process, core 0) hands client
// packets to the gateway's ClientPacketBatcher at a fixed rate (open loop, paced every
// millisecond, so about 100 packets per event-loop turn at 100k/s: over NATS they leave as
// one CLIENT_BATCH per turn, on the in-process bus one by one, as the gateway does); the "world" answers each one through its GatewayLink (one
// OUTBOUND_BATCH per gateway per microtask); the gateway times each packet from its
// publish to its return. Over NATS the world is a separate process on core 1 beside a
// private nats-server; the baseline runs the same relay code in this process over the
// in-process bus. Rounds alternate between the two so both see the same background load.
// The envelope figure reuses the bus scenario's measurement (binary vs JSON+hex).
import { join } from "node:path";
import { MemoryBus, MemoryHub } from "../../server/bus/memory.ts";
import { connectNatsBus } from "../../server/bus/nats.ts";
import { ClientPacketBatcher } from "../../server/bus/client-batch.ts";
import { encodeClientPacket, forEachOutbound } from "../../server/bus/packet-envelope.ts";
import type { Bus } from "../../server/bus/port.ts";
import { Subjects } from "../../server/bus/subjects.ts";
import { startPrivateNats } from "../../server/testing/services.ts";
import { RELAY_SUBJECT, startRelay } from "../load/bus-relay.ts";
import { figure, fmt, hasTaskset, median, percentile, requirePrograms, spawnPinned, type Figure, type Scenario } from "../harness.ts";
import { envelopeRates } from "./bus.ts";

const GATEWAY = 7;
const SESSIONS = 500;
const OPCODE = 0x00b5; // MSG_MOVE_HEARTBEAT-sized traffic
const PAYLOAD = 40;

interface HopRun {
  rate: number;
  sent: number;
  received: number;
  p50: number;
  p99: number;
  max: number;
  /** received packets per second over the window */
  delivered: number;
}

/** Sends at `rate` packets/s for `ms` (after `warmupMs`) and times every packet's round trip. */
async function hop(bus: Bus, rate: number, ms: number, warmupMs: number): Promise<HopRun> {
  const total = Math.ceil(((ms + warmupMs) * rate) / 1000);
  const sentAt = new Float64Array(total);
  const lat = new Float64Array(total);
  let received = 0;
  let measured = 0;
  const firstMeasured = Math.floor((warmupMs * rate) / 1000);
  const sub = bus.subscribe(Subjects.gatewayOut(GATEWAY), (m) => {
    const now = performance.now();
    forEachOutbound(m.data, (_sid, _op, body) => {
      const seq = body[0]! | (body[1]! << 8) | (body[2]! << 16) | (body[3]! << 24);
      received++;
      if (seq >= firstMeasured && seq < total) {
        lat[measured++] = now - sentAt[seq]!;
      }
    });
  });
  const payload = new Uint8Array(PAYLOAD);
  // the gateway's own batcher, as the gateway builds it for this bus
  const inbound = ClientPacketBatcher.forBus(bus);
  let sent = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const step = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000));
      while (sent < due) {
        payload[0] = sent & 0xff;
        payload[1] = (sent >>> 8) & 0xff;
        payload[2] = (sent >>> 16) & 0xff;
        payload[3] = (sent >>> 24) & 0xff;
        sentAt[sent] = performance.now();
        inbound.add(RELAY_SUBJECT, { gatewayId: GATEWAY, sessionId: 1 + (sent % SESSIONS), accountId: 1, gmLevel: 0, characterGuid: 1, opcode: OPCODE }, payload);
        sent++;
      }
      if (sent >= total) return resolve();
      setTimeout(step, 1);
    };
    step();
  });
  // let the last packets come back
  const end = performance.now() + 2000;
  while (received < sent && performance.now() < end) await Bun.sleep(5);
  sub.unsubscribe();
  const window = lat.subarray(0, measured);
  return { rate, sent, received, p50: percentile(window, 50), p99: percentile(window, 99), max: percentile(window, 100), delivered: (measured * 1000) / ms };
}

function med(runs: HopRun[]): HopRun {
  const m = (f: (r: HopRun) => number) => median(runs.map(f));
  return { rate: runs[0]!.rate, sent: m((r) => r.sent), received: m((r) => r.received), p50: m((r) => r.p50), p99: m((r) => r.p99), max: m((r) => r.max), delivered: m((r) => r.delivered) };
}

async function waitForRelay(bus: Bus): Promise<void> {
  const end = Date.now() + 15_000;
  let got = false;
  const sub = bus.subscribe(Subjects.gatewayOut(GATEWAY), () => void (got = true));
  while (!got) {
    if (Date.now() > end) throw new Error("the bus-relay process did not answer");
    bus.publish(RELAY_SUBJECT, encodeClientPacket({ gatewayId: GATEWAY, sessionId: 1, accountId: 1, gmLevel: 0, characterGuid: 1, opcode: OPCODE }, new Uint8Array(PAYLOAD)));
    await Bun.sleep(50);
  }
  sub.unsubscribe();
}

const scenario: Scenario = {
  name: "bus-hop",
  description: "gateway → world → gateway hop at 100,000 packets/s sustained: NATS (private nats-server + world relay process on core 1) beside the in-process bus, same run",
  goal: "the NATS hop adds ≤ 2 ms p99 over the in-process hop at 100,000 packets/s, no packet lost (G5); binary envelope ≥ 2× JSON+hex (G5, the bus scenario's measurement)",
  async run({ short, log }) {
    const figures: Figure[] = [];
    const notes: string[] = [];
    const ms = short ? 2000 : 5000;
    const warmupMs = short ? 500 : 1000;
    const rates = [100_000, 20_000];
    const rounds = 3;

    const hub = new MemoryHub();
    const memWorld = new MemoryBus("bench", hub);
    const memGateway = new MemoryBus("bench", hub);
    startRelay(memWorld);
    requirePrograms([{ bin: "nats-server", package: "nats-server" }]); // the NATS hop is the point of this scenario
    const server = await startPrivateNats(undefined, { cpu: 1 });
    const argv = [process.execPath, join(import.meta.dir, "..", "load", "bus-relay.ts"), server.url, "bench"];
    const relay = spawnPinned(argv, 1, { stderr: "inherit" });
    const results = new Map<string, HopRun[]>();
    try {
      const natsGateway = await connectNatsBus({ url: server.url, prefix: "bench", retryForMs: 5000 });
      await waitForRelay(natsGateway);
      for (const r of rates) {
        await hop(memGateway, r, 500, 200);
        await hop(natsGateway, r, 500, 200);
      }
      for (let round = 0; round < rounds; round++) {
        for (const r of rates) {
          for (const [kind, bus] of [["memory", memGateway], ["nats", natsGateway]] as const) {
            const run = await hop(bus, r, ms, warmupMs);
            const key = `${kind}@${r}`;
            results.set(key, [...(results.get(key) ?? []), run]);
            log(`round ${round + 1}: ${kind} at ${fmt(r)}/s: p50 ${run.p50.toFixed(3)} ms, p99 ${run.p99.toFixed(3)} ms, max ${run.max.toFixed(1)} ms, ${run.received}/${run.sent} back`);
          }
        }
      }
      notes.push(`nats-server ${natsGateway.nc.info?.version ?? "?"}, private; it and the world relay process ${hasTaskset() ? "pinned to core 1" : "not pinned (no taskset)"}; the gateway side (publisher and receiver) on core 0`);
      await natsGateway.close();
    } finally {
      relay.kill();
      await relay.exited;
      await server.stop();
      await memWorld.close();
      await memGateway.close();
    }
    const env = envelopeRates(short ? 200 : 1000);
    for (const r of rates) {
      const mem = med(results.get(`memory@${r}`)!);
      const nats = med(results.get(`nats@${r}`)!);
      const lost = Math.max(0, nats.sent - nats.received);
      const full = r === 100_000;
      figures.push(
        figure({
          name: `hop${r}.p99_added`,
          label: `NATS hop p99 minus in-process hop p99 at ${fmt(r)} packets/s (gateway → world → gateway)`,
          value: nats.p99 - mem.p99,
          unit: "ms",
          baseline: { label: "in-process hop p99, same rate, same run", value: mem.p99 },
          goal: full ? "≤ 2 ms added (G5)" : "report",
          met: (v) => !full || v <= 2,
        }),
        figure({
          name: `hop${r}.nats_p50`,
          label: `NATS hop p50 at ${fmt(r)} packets/s`,
          value: nats.p50,
          unit: "ms",
          baseline: { label: "in-process hop p50", value: mem.p50 },
          goal: "report",
          met: () => true,
        }),
        figure({
          name: `hop${r}.delivered`,
          label: `packets back per second over NATS at ${fmt(r)} packets/s offered`,
          value: nats.delivered,
          unit: "pkts/s",
          baseline: { label: "in-process, same offered rate", value: mem.delivered },
          goal: full ? "≥ 99% of the offered rate, none lost (G5)" : "report",
          met: (v) => !full || (v >= 0.99 * r && lost === 0),
        }),
      );
      notes.push(`${fmt(r)}/s: NATS p50 ${nats.p50.toFixed(3)} / p99 ${nats.p99.toFixed(3)} / max ${nats.max.toFixed(1)} ms, in-process p50 ${mem.p50.toFixed(3)} / p99 ${mem.p99.toFixed(3)} / max ${mem.max.toFixed(1)} ms; ${lost} lost over NATS (median of ${rounds} rounds of ${ms / 1000} s)`);
    }
    figures.push(
      figure({
        name: "envelope.packet",
        label: "binary client-packet envelope, 40-byte packet, encode+decode (the bus scenario's measurement)",
        value: env.binary,
        unit: "ops/s",
        baseline: { label: "JSON+hex envelope", value: env.json },
        goal: "≥ 2× JSON+hex (G5)",
        met: (_v, ratio) => ratio >= 2,
      }),
    );
    notes.push("towards the world, the gateway's ClientPacketBatcher: over NATS one CLIENT_BATCH per event-loop turn (about 100 packets at 100,000/s with 1 ms pacing), on the in-process bus one CLIENT_PACKET per packet; back, one OUTBOUND_BATCH per gateway per microtask (the GatewayLink services use; world hosts batch per tick instead, which this hop leaves out)");
    notes.push(`${SESSIONS} sessions, ${PAYLOAD}-byte payloads, open-loop pacing every millisecond; latency = hand-over to the batcher to the packet's return at the gateway, so it includes the batching wait and the gateway's own event loop`);
    return { figures, notes };
  },
};

export default scenario;
