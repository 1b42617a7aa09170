// The bus: request/reply round trips through the in-process bus (the baseline: the
// same code path with no network) and through NATS (a private nats-server on core 1),
// one at a time and 100 in flight; and our binary envelopes against a JSON-with-hex
// envelope (what Splintertree puts on its bus) for a 40-byte client packet and for an
// outbound batch of 100 such packets.
import { join } from "node:path";
import { MemoryBus, MemoryHub } from "../../server/bus/memory.ts";
import { connectNatsBus } from "../../server/bus/nats.ts";
import type { Bus } from "../../server/bus/port.ts";
import { decodeClientPacket, encodeClientPacket, forEachOutbound, OutboundBatchWriter } from "../../server/bus/packet-envelope.ts";
import { startPrivateNats } from "../../server/testing/services.ts";
import { figure, fmt, hasTaskset, latencies, median, percentile, rateSync, spawnPinned, type Figure, type Scenario } from "../harness.ts";

const PACKET = new Uint8Array(40).map((_, i) => (i * 37 + 11) & 0xff);

interface RoundTrips {
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
}

/** p50/p99/max (µs) and rate of `count` requests, `inFlight` at a time. */
async function roundTrips(client: Bus, count: number, inFlight: number): Promise<RoundTrips> {
  const { samples, perSecond } = await latencies(count, () => client.request("bench.echo", PACKET, { timeoutMs: 5000 }), inFlight);
  return { p50: percentile(samples, 50) * 1000, p99: percentile(samples, 99) * 1000, max: percentile(samples, 100) * 1000, perSecond };
}

function medians(runs: RoundTrips[]): RoundTrips {
  return {
    p50: median(runs.map((x) => x.p50)),
    p99: median(runs.map((x) => x.p99)),
    max: median(runs.map((x) => x.max)),
    perSecond: median(runs.map((x) => x.perSecond)),
  };
}

/**
 * Three rounds; in each, every client does its 1-in-flight run then its 100-in-flight
 * run, so the in-process baseline and NATS see the same background load.
 */
async function measureAll(clients: Bus[], short: boolean): Promise<{ seq: RoundTrips; par: RoundTrips }[]> {
  const seqN = short ? 2000 : 20_000;
  const parN = short ? 20_000 : 200_000;
  for (const c of clients) {
    await roundTrips(c, short ? 500 : 2000, 1); // warm-up
    await roundTrips(c, short ? 2000 : 10_000, 100);
  }
  const seq: RoundTrips[][] = clients.map(() => []);
  const par: RoundTrips[][] = clients.map(() => []);
  for (let r = 0; r < 3; r++) {
    for (let i = 0; i < clients.length; i++) {
      seq[i]!.push(await roundTrips(clients[i]!, seqN, 1));
      par[i]!.push(await roundTrips(clients[i]!, parN, 100));
    }
  }
  return clients.map((_, i) => ({ seq: medians(seq[i]!), par: medians(par[i]!) }));
}

/** Waits until the responder process answers (it connects and subscribes after we start it). */
async function waitForResponder(client: Bus): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await client.request("bench.echo", PACKET, { timeoutMs: 1000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`the bus-echo responder did not answer: ${(e as Error).message}`);
      await Bun.sleep(50);
    }
  }
}

// ------------------------------------------------------------------ envelopes

let sink = 0;
const hexEncoder = new TextEncoder();
const hexDecoder = new TextDecoder();

/** The baseline envelope: JSON with the payload as hex. */
function jsonHexEncode(session: number, opcode: number, gm: number, payload: Uint8Array): Uint8Array {
  return hexEncoder.encode(JSON.stringify({ g: 7, s: session, a: 42, m: gm, c: 1001, o: opcode, p: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("hex") }));
}
function jsonHexDecode(b: Uint8Array): { g: number; s: number; a: number; m: number; c: number; o: number; p: Uint8Array } {
  const j = JSON.parse(hexDecoder.decode(b)) as { g: number; s: number; a: number; m: number; c: number; o: number; p: string };
  return { ...j, p: Buffer.from(j.p, "hex") };
}

export function envelopeRates(ms: number): { binary: number; json: number } {
  let session = 1;
  const bin = () => {
    // the envelope the gateway really sends (gateway, session, account, GM level, character, opcode)
    const d = decodeClientPacket(encodeClientPacket({ gatewayId: 7, sessionId: session++ >>> 0, accountId: 42, gmLevel: 0, characterGuid: 1001, opcode: 0x00b5 }, PACKET))!;
    sink += d.payload[3]! + d.opcode;
  };
  const json = () => {
    const d = jsonHexDecode(jsonHexEncode(session++ >>> 0, 0x00b5, 1, PACKET));
    sink += d.p[3]! + d.o + d.g + d.a + d.c;
  };
  rateSync(150, bin);
  rateSync(150, json);
  const b: number[] = [];
  const j: number[] = [];
  for (let r = 0; r < 3; r++) {
    b.push(rateSync(ms, bin));
    j.push(rateSync(ms, json));
  }
  return { binary: median(b), json: median(j) };
}

function batchRates(ms: number): { binary: number; json: number } {
  const writer = new OutboundBatchWriter();
  const bin = () => {
    for (let i = 0; i < 100; i++) writer.add(1000 + i, 0x00dd, PACKET);
    const wire = writer.take();
    forEachOutbound(wire, (s, _o, p) => void (sink += s + p[0]!));
  };
  const json = () => {
    const entries = new Array(100);
    for (let i = 0; i < 100; i++) entries[i] = { s: 1000 + i, o: 0x00dd, p: Buffer.from(PACKET.buffer, PACKET.byteOffset, PACKET.byteLength).toString("hex") };
    const wire = hexEncoder.encode(JSON.stringify(entries));
    const back = JSON.parse(hexDecoder.decode(wire)) as { s: number; o: number; p: string }[];
    for (const e of back) sink += e.s + Buffer.from(e.p, "hex")[0]!;
  };
  rateSync(150, bin, 10);
  rateSync(150, json, 10);
  const b: number[] = [];
  const j: number[] = [];
  for (let r = 0; r < 3; r++) {
    b.push(rateSync(ms, bin, 10));
    j.push(rateSync(ms, json, 10));
  }
  return { binary: median(b), json: median(j) };
}

const scenario: Scenario = {
  name: "bus",
  description: "request/reply round trips in-process vs NATS (private nats-server and responder process on core 1); binary vs JSON+hex envelopes",
  goal: "NATS round trip p99 ≤ 2 ms one at a time and 100 in flight (G5); binary envelopes ≥ 2× JSON+hex encode+decode (G5)",
  async run({ short, log }) {
    const figures: Figure[] = [];
    const notes: string[] = [];

    // ---------------------------------------------------------- envelopes (pure CPU)
    const ems = short ? 200 : 1000;
    const env = envelopeRates(ems);
    log(`client packet envelope, encode+decode: binary ${fmt(env.binary)}/s, JSON+hex ${fmt(env.json)}/s`);
    const bat = batchRates(ems);
    log(`outbound batch of 100, encode+decode: binary ${fmt(bat.binary)}/s, JSON+hex ${fmt(bat.json)}/s`);

    // ---------------------------------------------------------- round trips
    const hub = new MemoryHub();
    const mServer = new MemoryBus("bench", hub);
    const mClient = new MemoryBus("bench", hub);
    mServer.subscribe("bench.echo", (m) => mServer.respond(m, m.data));
    let mem: { seq: RoundTrips; par: RoundTrips };
    let nats: { seq: RoundTrips; par: RoundTrips } | undefined;
    if (!Bun.which("nats-server")) {
      notes.push("NATS figures skipped: nats-server is not installed");
      log(notes[notes.length - 1]!);
      [mem] = (await measureAll([mClient], short)) as [{ seq: RoundTrips; par: RoundTrips }];
    } else {
      const server = await startPrivateNats(undefined, { cpu: 1 });
      // the responder is a separate process on core 1, like a world answering a gateway
      const responder = spawnPinned([process.execPath, join(import.meta.dir, "..", "load", "bus-echo.ts"), server.url, "bench"], 1);
      try {
        const nClient = await connectNatsBus({ url: server.url, prefix: "bench", retryForMs: 5000 });
        const version = nClient.nc.info?.version ?? "?";
        await waitForResponder(nClient);
        [mem, nats] = (await measureAll([mClient, nClient], short)) as [{ seq: RoundTrips; par: RoundTrips }, { seq: RoundTrips; par: RoundTrips }];
        await nClient.close();
        notes.push(
          `nats-server ${version}, private; it and the responder process ${hasTaskset() ? "pinned to core 1" : "not pinned (no taskset)"}, the requester on core 0`,
        );
        log(`NATS: 1 in flight p50 ${fmt(nats.seq.p50)} µs p99 ${fmt(nats.seq.p99)} µs max ${fmt(nats.seq.max)} µs; 100 in flight ${fmt(nats.par.perSecond)}/s p99 ${fmt(nats.par.p99)} µs`);
      } finally {
        responder.kill();
        await responder.exited;
        await server.stop();
      }
    }
    await mServer.close();
    await mClient.close();
    log(`in-process: 1 in flight p50 ${fmt(mem.seq.p50)} µs p99 ${fmt(mem.seq.p99)} µs; 100 in flight ${fmt(mem.par.perSecond)}/s p99 ${fmt(mem.par.p99)} µs`);

    if (nats) {
      figures.push(
        figure({
          name: "rr.seq.p50",
          label: "NATS request/reply, 1 in flight, p50",
          value: nats.seq.p50,
          unit: "µs",
          baseline: { label: "in-process bus p50", value: mem.seq.p50 },
          goal: "≤ 500 µs (performance.md §4.8: 190 µs)",
          met: (v) => v <= 500,
        }),
        figure({
          name: "rr.seq.p99",
          label: "NATS request/reply, 1 in flight, p99",
          value: nats.seq.p99,
          unit: "µs",
          baseline: { label: "in-process bus p99", value: mem.seq.p99 },
          goal: "≤ 2,000 µs (G5)",
          met: (v) => v <= 2000,
        }),
        figure({
          name: "rr.par100.p99",
          label: "NATS request/reply, 100 in flight, p99",
          value: nats.par.p99,
          unit: "µs",
          baseline: { label: "in-process bus p99, 100 in flight", value: mem.par.p99 },
          goal: "≤ 2,000 µs (G5)",
          met: (v) => v <= 2000,
        }),
        figure({
          name: "rr.par100.rate",
          label: "NATS request/reply, 100 in flight, rate",
          value: nats.par.perSecond,
          unit: "req/s",
          baseline: { label: "in-process bus, 100 in flight", value: mem.par.perSecond },
          goal: "≥ 20,000 req/s (one hop per inbound client packet)",
          met: (v) => v >= 20_000,
        }),
      );
    }
    figures.push(
      figure({
        name: "envelope.packet",
        label: "binary client-packet envelope, 40-byte packet, encode+decode",
        value: env.binary,
        unit: "ops/s",
        baseline: { label: "JSON+hex envelope", value: env.json },
        goal: "≥ 2× JSON+hex (G5)",
        met: (_v, r) => r >= 2,
      }),
      figure({
        name: "envelope.batch100",
        label: "binary outbound batch, 100 × 40-byte packets, encode+decode",
        value: bat.binary,
        unit: "batches/s",
        baseline: { label: "JSON array with hex payloads", value: bat.json },
        goal: "≥ 2× JSON+hex (G5)",
        met: (_v, r) => r >= 2,
      }),
    );
    if (sink === 0.5) log("unreachable"); // keeps the envelope work observable
    return { figures, notes };
  },
};

export default scenario;
