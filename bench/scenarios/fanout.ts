// Outbound fan-out (performance.md §4.5, goal G4): the gateway's batched outbound path -
// each packet framed into the session's OutboundBuffer with its header encrypted
// (server/net/outbound.ts, ServerHeaderCrypt), ONE socket write per session per flush -
// against one socket write per packet (the same framing, flushed after every packet).
// 500 sessions, 40-byte packets, K per session per 100 ms tick; the bytes are counted by
// a sink process on core 1 (bench/load/fanout-sink.ts) while this process pushes on core 0.
import { join } from "node:path";
import type { Socket, Subprocess } from "bun";
import { OutboundBuffer } from "../../server/net/outbound.ts";
import { ServerHeaderCrypt } from "../../server/protocol/header-crypt.ts";
import { figure, fmt, hasTaskset, median, percentile, spawnPinned, type Scenario } from "../harness.ts";

const SINK = join(import.meta.dir, "..", "load", "fanout-sink.ts");
const SESSIONS = 500;
const PER_TICK = 250;
const TICK_MS = 100;
const OPCODE = 0x0dd; // SMSG_MONSTER_MOVE: a typical many-per-tick packet
const BODY = new Uint8Array(40).map((_, i) => (i * 29 + 3) & 0xff);
const FRAME = 4 + BODY.length;

interface Session {
  socket: Socket<{ s?: Session }>;
  ob: OutboundBuffer;
  crypt: ServerHeaderCrypt;
  blocked: boolean;
}

/** The sink process: counts bytes; answers each stdin line with the running total. */
class Sink {
  private lines: string[] = [];
  private waiting: ((l: string) => void)[] = [];
  constructor(readonly p: Subprocess<"pipe", "pipe", "inherit">) {
    void (async () => {
      let buf = "";
      const reader = p.stdout.getReader();
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) return;
        buf += new TextDecoder().decode(chunk);
        for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const w = this.waiting.shift();
          if (w) w(line);
          else this.lines.push(line);
        }
      }
    })();
  }
  next(): Promise<string> {
    const l = this.lines.shift();
    return l !== undefined ? Promise.resolve(l) : new Promise((r) => this.waiting.push(r));
  }
  async bytes(): Promise<number> {
    this.p.stdin.write("?\n");
    this.p.stdin.flush();
    return Number(await this.next());
  }
}

/** One tick: K packets into every session, then a write per session (batched) or per packet. */
function tick(sessions: Session[], k: number, perPacket: boolean): { ms: number; writes: number } {
  const t = performance.now();
  let writes = 0;
  for (const s of sessions) {
    for (let i = 0; i < k; i++) {
      s.ob.push(OPCODE, BODY, s.crypt);
      if (perPacket && !s.blocked) {
        writes++;
        if (!s.ob.flush(s.socket)) s.blocked = true;
      }
    }
    if (!perPacket && !s.blocked) {
      writes++;
      if (!s.ob.flush(s.socket)) s.blocked = true;
    }
  }
  return { ms: performance.now() - t, writes };
}

interface Phase {
  /** delivered packets per second, counted by the sink */
  rate: number;
  tickP50: number;
  tickP99: number;
  writesPerSessionTick: number;
}

/**
 * Paced: a tick every 100 ms (back to back when one overruns). Flat out: ticks back to
 * back, each after the kernel took everything (no session waiting for drain), so the
 * rate is what the pusher, the kernel and the sink manage together. Either way the rate
 * counts packets until the sink has all of them.
 */
async function phase(sessions: Session[], sink: Sink, ms: number, perPacket: boolean, paced: boolean): Promise<Phase> {
  const start = await sink.bytes();
  const t0 = performance.now();
  const ticks: number[] = [];
  let writes = 0;
  let pushed = 0;
  for (let i = 0; ; i++) {
    const wait = paced ? t0 + i * TICK_MS - performance.now() : 0;
    if (wait > 0) await Bun.sleep(wait);
    else await new Promise((r) => setImmediate(r)); // drains run between ticks
    while (!paced && sessions.some((s) => s.blocked)) await new Promise((r) => setImmediate(r));
    if (performance.now() - t0 >= ms) break;
    const t = tick(sessions, PER_TICK, perPacket);
    ticks.push(t.ms);
    writes += t.writes;
    pushed += sessions.length * PER_TICK;
  }
  const want = start + pushed * FRAME;
  const deadline = performance.now() + 60_000;
  while ((await sink.bytes()) < want) {
    if (performance.now() > deadline) throw new Error("the sink did not receive everything within 60 s");
    await Bun.sleep(2);
  }
  const elapsed = performance.now() - t0;
  return { rate: (pushed * 1000) / elapsed, tickP50: percentile(ticks, 50), tickP99: percentile(ticks, 99), writesPerSessionTick: writes / (ticks.length * sessions.length) };
}

const scenario: Scenario = {
  name: "fanout",
  description: `${SESSIONS} sessions × ${PER_TICK} packets of ${BODY.length} bytes per ${TICK_MS} ms tick, headers encrypted: one write per session per flush vs one write per packet (sink on core 1)`,
  goal: "batched ≥ 1,000,000 packets/s from one core, ≥ 10× one write per packet, tick (push + flush) p99 < 50 ms, ≤ 1 socket write per session per flush (G4)",
  async run({ short, log }) {
    const ms = short ? 1500 : 4000;
    const reps = short ? 1 : 3;
    const sessions: Session[] = [];
    const listener = Bun.listen<{ s?: Session }>({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open(socket) {
          socket.setNoDelay(true); // as the gateway does
          const s: Session = { socket, ob: new OutboundBuffer(16 * 1024), crypt: new ServerHeaderCrypt(crypto.getRandomValues(new Uint8Array(40))), blocked: false };
          socket.data = { s };
          sessions.push(s);
        },
        drain(socket) {
          const s = socket.data.s!;
          s.blocked = !s.ob.flush(socket);
        },
        data() {},
      },
    });
    const cmd = [process.execPath, SINK, "127.0.0.1", String(listener.port), String(SESSIONS)];
    const p = spawnPinned(cmd, 1, { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
    const sink = new Sink(p);
    try {
      if ((await sink.next()) !== "ready") throw new Error("the sink did not start");
      while (sessions.length < SESSIONS) await Bun.sleep(5);
      await phase(sessions, sink, 500, false, true); // warm-up
      await phase(sessions, sink, 300, true, false);
      const paced: Phase[] = [];
      const flat: Phase[] = [];
      const single: Phase[] = [];
      for (let r = 0; r < reps; r++) {
        const b = await phase(sessions, sink, ms, false, true);
        paced.push(b);
        log(`batched, 100 ms ticks: ${fmt(b.rate)} packets/s delivered, tick p50 ${fmt(b.tickP50)} ms p99 ${fmt(b.tickP99)} ms, ${b.writesPerSessionTick.toFixed(2)} writes per session per tick`);
        const f = await phase(sessions, sink, ms, false, false);
        flat.push(f);
        log(`batched, flat out:     ${fmt(f.rate)} packets/s delivered, tick p50 ${fmt(f.tickP50)} ms`);
        const o = await phase(sessions, sink, ms, true, false);
        single.push(o);
        log(`per packet, flat out:  ${fmt(o.rate)} packets/s delivered, tick p50 ${fmt(o.tickP50)} ms, ${o.writesPerSessionTick.toFixed(1)} writes per session per tick`);
      }
      const m = (xs: Phase[], f: (x: Phase) => number) => median(xs.map(f));
      const bRate = m(paced, (x) => x.rate);
      const fRate = m(flat, (x) => x.rate);
      const sRate = m(single, (x) => x.rate);
      const bP50 = m(paced, (x) => x.tickP50);
      return {
        figures: [
          figure({
            name: "fanout.batched",
            label: `batched outbound (OutboundBuffer + ARC4 headers, 1 write per session per flush), ${SESSIONS} sessions, 100 ms ticks`,
            value: bRate,
            unit: "packets/s",
            baseline: { label: "one socket write per packet, flat out", value: sRate },
            goal: "≥ 1,000,000 packets/s from one core (G4)",
            met: (v) => v >= 1_000_000,
          }),
          figure({
            name: "fanout.tick.p99",
            label: `push + flush of one tick (${SESSIONS} × ${PER_TICK} packets), p99`,
            value: m(paced, (x) => x.tickP99),
            unit: "ms",
            baseline: { label: "the same tick written per packet, p99", value: m(single, (x) => x.tickP99) },
            goal: "< 50 ms (G4)",
            met: (v) => v < 50,
          }),
          figure({
            name: "fanout.writes",
            label: "socket writes per session per flush",
            value: m(paced, (x) => x.writesPerSessionTick),
            unit: "writes",
            baseline: { label: "one write per packet", value: m(single, (x) => x.writesPerSessionTick) },
            goal: "≤ 1 (G4)",
            met: (v) => v <= 1,
          }),
          figure({
            name: "fanout.ratio",
            label: "batched vs one write per packet, both flat out (ticks back to back)",
            value: fRate,
            unit: "packets/s",
            baseline: { label: "one socket write per packet", value: sRate },
            goal: "≥ 10× the per-packet baseline (G4)",
            met: (_v, ratio) => ratio >= 10,
          }),
        ],
        notes: [
          `sink process ${hasTaskset() ? "pinned to core 1" : "not pinned (no taskset)"}; ${reps} interleaved repetition(s) of ${ms} ms; rates are packets the sink received divided by the time until it had them all; medians`,
          `100 ms ticks offer ${fmt((SESSIONS * PER_TICK * 1000) / TICK_MS)} packets/s, which caps that figure; a tick took ${fmt(bP50)} ms (p50), ${((bP50 / TICK_MS) * 100).toFixed(0)}% of the period`,
          `flat out (each tick as soon as the kernel took the previous one): batched ${fmt(fRate)} packets/s, per packet ${fmt(sRate)}; the sink (one JS process) may be what limits the batched figure`,
        ],
      };
    } finally {
      p.stdin.end();
      p.kill();
      await p.exited;
      for (const s of sessions) s.socket.end();
      listener.stop(true);
    }
  },
};

export default scenario;
