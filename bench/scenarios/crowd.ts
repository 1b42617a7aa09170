// crowd: bots speaking the real protocol (SRP6 login, header crypt, enter world) moving on
// one map through the gateway, from a separate load process pinned to core 1, against
// one embedded realm in this process (core 0). Per configuration it reports the world
// tick p50 / p99 and tick-start lateness (beside the same realm's idle tick), packets
// out/s (beside the movement packets in), memory per player, the smallest visibility
// radius (beside the configured one) and the grid visibility pass beside a naive
// all-pairs pass over the same snapshot in the same run.
//
//   npm run bench -- crowd           500 bots in 300 × 300 yd; 2,000 bots + 20,000 creatures on 4 × 4 km
//   npm run bench -- crowd --short   500 in 300 × 300; 500 + 5,000 on 2 × 2 km (same densities), short windows
//   npm run bench -- crowd --long    2,000 + 20,000 for 10 minutes with heap samples (heap growth)
import { figure, type Figure, type Scenario } from "../harness.ts";
import type { CrowdConfig, CrowdMeasurement } from "../crowd/run-config.ts";

const square = (half: number) => ({ map: 0, minX: -half, minY: -half, maxX: half, maxY: half, z: 0 });

function configs(short: boolean, long: boolean): CrowdConfig[] {
  const crowd: CrowdConfig = { key: "crowd500", label: "500 bots in 300 × 300 yd", bots: 500, creatures: 0, area: square(150), warmupMs: 8000, measureMs: 60_000, visibilityReps: 10, heapSampleMs: 0, seed: 11 };
  const spread: CrowdConfig = { key: "spread2000", label: "2,000 bots + 20,000 creatures on 4 × 4 km", bots: 2000, creatures: 20_000, area: square(2000), warmupMs: 10_000, measureMs: 60_000, visibilityReps: 6, heapSampleMs: 0, seed: 12 };
  if (long) return [{ ...spread, key: "spread2000long", label: "2,000 bots + 20,000 creatures, 10 minutes", warmupMs: 60_000, measureMs: 600_000, heapSampleMs: 30_000 }];
  if (short) {
    return [
      { ...crowd, warmupMs: 5000, measureMs: 15_000, visibilityReps: 5 },
      { ...spread, key: "spread500", label: "500 bots + 5,000 creatures on 2 × 2 km (short run; same densities as 2,000 + 20,000 on 4 × 4 km)", bots: 500, creatures: 5000, area: square(1000), warmupMs: 5000, measureMs: 15_000, visibilityReps: 5 },
    ];
  }
  return [crowd, spread];
}

/** Least-squares slope (MB per minute) of heap samples. */
function slope(s: { minute: number; mb: number }[]): number {
  if (s.length < 2) return Number.NaN;
  const n = s.length;
  const mx = s.reduce((a, p) => a + p.minute, 0) / n;
  const my = s.reduce((a, p) => a + p.mb, 0) / n;
  const num = s.reduce((a, p) => a + (p.minute - mx) * (p.mb - my), 0);
  const den = s.reduce((a, p) => a + (p.minute - mx) ** 2, 0);
  return den === 0 ? Number.NaN : num / den;
}

function figuresOf(m: CrowdMeasurement): Figure[] {
  const k = m.cfg.key;
  const spread = k.startsWith("spread");
  const full2000 = m.cfg.bots >= 2000;
  const vis = m.visibility;
  const gridMs = [...vis.gridMs].sort((a, b) => a - b)[vis.gridMs.length >> 1]!;
  const naiveMs = [...vis.naiveMs].sort((a, b) => a - b)[vis.naiveMs.length >> 1]!;
  const sessionsOk = m.load.disconnects === 0 && m.load.loginFailed === 0;
  const out: Figure[] = [
    figure({
      name: `${k}.tick_p99`,
      label: `${m.cfg.label}: world tick p99`,
      value: m.ticks.p99,
      unit: "ms",
      baseline: { label: "idle tick p99, same realm before the bots", value: m.idle.p99 },
      goal: spread ? (full2000 ? "< 50 ms (G6)" : "report (G6 is < 50 ms at 2,000 bots)") : "< 100 ms (G7)",
      met: (v) => (spread ? !full2000 || v < 50 : v < 100),
    }),
    figure({
      name: `${k}.tick_p50`,
      label: `${m.cfg.label}: world tick p50`,
      value: m.ticks.p50,
      unit: "ms",
      baseline: { label: "idle tick p50", value: m.idle.p50 },
      goal: spread && full2000 ? "< 20 ms (G6)" : "report",
      met: (v) => !(spread && full2000) || v < 20,
    }),
    figure({
      name: `${k}.lateness_p99`,
      label: `${m.cfg.label}: tick-start lateness p99`,
      value: m.ticks.latenessP99,
      unit: "ms",
      baseline: { label: "idle lateness p99", value: m.idle.latenessP99 },
      goal: spread && full2000 ? "< 5 ms (G9)" : "report",
      met: (v) => !(spread && full2000) || v < 5,
    }),
    figure({
      name: `${k}.packets_out`,
      label: `${m.cfg.label}: packets out/s (gateway, to all clients)`,
      value: m.gatewayOutPerSecond,
      unit: "pkts/s",
      baseline: { label: "client packets in/s (movement)", value: m.gatewayInPerSecond },
      goal: "report",
      met: () => true,
    }),
    figure({
      name: `${k}.memory_per_player`,
      label: `${m.cfg.label}: heap per player in the world (gateway session + world state)`,
      value: m.memoryPerPlayerKB,
      unit: "KB",
      baseline: { label: "realm heap before the bots, KB", value: m.heapBeforeKB },
      goal: "report",
      met: () => true,
    }),
    figure({
      name: `${k}.radius_min`,
      label: `${m.cfg.label}: smallest visibility radius during the window`,
      value: m.minRadius,
      unit: "yd",
      baseline: { label: "configured radius", value: m.baseRadius },
      goal: `≥ ${m.floor} yd floor (shrinks under overload instead of the tick collapsing)`,
      met: (v) => v >= m.floor - 1e-6,
    }),
    figure({
      name: `${k}.visibility`,
      label: `${m.cfg.label}: grid visibility pass (${m.snapshot.players} players, ${m.snapshot.creatures} creatures)`,
      value: gridMs,
      unit: "ms",
      baseline: { label: "naive all-pairs pass, same snapshot", value: naiveMs },
      goal: spread && full2000 ? "≤ 0.125× all-pairs (≥ 8× faster, G8)" : "report (G8 is set at 2,000 + 20,000)",
      met: (_v, r) => !(spread && full2000) || r <= 0.125,
    }),
    figure({
      name: `${k}.disconnects`,
      label: `${m.cfg.label}: sessions lost (disconnects + failed logins)`,
      value: m.load.disconnects + m.load.loginFailed,
      unit: "sessions",
      baseline: { label: "bots", value: m.cfg.bots },
      goal: "0",
      met: () => sessionsOk,
    }),
  ];
  if (m.heapSamples.length >= 4) {
    const after = m.heapSamples.filter((s) => s.minute >= 1);
    out.push(
      figure({
        name: `${k}.heap_growth`,
        label: `${m.cfg.label}: heap growth after warm-up (least squares over samples after a forced GC every 30 s)`,
        value: slope(after),
        unit: "MB/min",
        baseline: { label: "heap at the start of the window, MB", value: m.heapSamples[0]!.mb },
        goal: "< 1 MB/min (G9)",
        met: (v) => v < 1,
      }),
    );
  }
  return out;
}

function notesOf(m: CrowdMeasurement): string[] {
  const l = m.load;
  return [
    `${m.cfg.key}: ${l.inWorld}/${l.bots} bots in the world after ${(l.loginMs / 1000).toFixed(1)} s (SRP6 + realm list + world handshake + char enum + player login, 32 in flight); window ${(l.windowMs / 1000).toFixed(0)} s, ${m.ticks.count} ticks, max ${m.ticks.max.toFixed(1)} ms, ${m.overruns} over 2× budget; radius at the end ${m.endRadius.toFixed(1)} yd`,
    `${m.cfg.key}: bots sent ${l.movesOutPerSecond.toFixed(0)} movement packets/s and received ${l.packetsInPerSecond.toFixed(0)} packets/s; ${l.corrections} position corrections; load process CPU ${(l.cpuShare * 100).toFixed(0)} % of core 1, its movement timer late by ${l.stepLatenessP99.toFixed(1)} ms at p99`,
    `${m.cfg.key}: visibility ${m.visibility.visiblePerPlayer.toFixed(1)} objects per player, ${m.visibility.changesPerPass.toFixed(0)} enters+leaves per pass (grid and all-pairs agree); RSS per player ${m.rssPerPlayerKB.toFixed(1)} KB`,
  ];
}

const scenario: Scenario = {
  name: "crowd",
  description: "bots on one map over the real protocol (SRP6, header crypt) through the gateway, load process on core 1, embedded realm on core 0: world tick, lateness, packets out, memory per player, grid vs all-pairs visibility",
  longRun: "2,000 bots + 20,000 creatures for 10 minutes with heap samples (heap growth, G9)",
  goal: "2,000 bots + 20,000 creatures: tick p99 < 50 ms (G6), grid ≥ 8× all-pairs (G8); 500 in 300 × 300 yd: p99 < 100 ms (G7); radius never below the 60 yd floor; --long: heap growth < 1 MB/min (G9)",
  async run({ short, long, log }) {
    const { runCrowdConfig } = await import("../crowd/run-config.ts");
    const figures: Figure[] = [];
    const notes: string[] = [];
    for (const cfg of configs(short, long ?? false)) {
      log(`${cfg.label}: warm-up ${cfg.warmupMs / 1000} s, window ${cfg.measureMs / 1000} s`);
      const m = await runCrowdConfig(cfg, log);
      figures.push(...figuresOf(m));
      notes.push(...notesOf(m));
    }
    notes.push("one embedded realm process (auth, gateway, world, orchestrator, services on core 0, in-process bus, file SQLite); the world tick shares core 0 with the gateway's header crypt and socket writes");
    notes.push("tick figures: the median over three equal parts of the window of each part's percentile; baseline: the same realm's tick for 3 s before any bot logged in");
    return { figures, notes };
  },
};

export default scenario;
