// One crowd configuration end to end: start the realm (this process, core 0), measure the
// idle tick, spawn the bot process (core 1), follow its phases on stdout, record every
// world tick of the measured window, the gateway's packet counters, the visibility
// radius and the heap, then run the grid / all-pairs visibility comparison on a snapshot
// of the instance, and stop everything.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Area } from "../bots/crowd-bot.ts";
import { median, percentile, spawnPinned, type BenchLog } from "../harness.ts";
import type { CrowdLoadConfig, CrowdLoadResult } from "../load/crowd-bots.ts";
import { BOT_PASSWORD, startCrowdRealm } from "./realm.ts";
import { compareVisibility, type VisibilityResult } from "./visibility.ts";
import { linesOf } from "../../server/testing/lines.ts";

export interface CrowdConfig {
  key: string;
  label: string;
  bots: number;
  creatures: number;
  area: Area;
  warmupMs: number;
  measureMs: number;
  visibilityReps: number;
  /** sample the heap (after a forced GC) this often during the window; 0 = never */
  heapSampleMs: number;
  seed: number;
}

export interface TickStats {
  p50: number;
  p99: number;
  max: number;
  latenessP99: number;
  count: number;
}

export interface CrowdMeasurement {
  cfg: CrowdConfig;
  idle: TickStats;
  /** median of the window's three thirds */
  ticks: TickStats;
  /** ticks over twice the budget (100 ms tick → > 200 ms) */
  overruns: number;
  load: CrowdLoadResult;
  gatewayOutPerSecond: number;
  gatewayInPerSecond: number;
  heapBeforeKB: number;
  memoryPerPlayerKB: number;
  rssPerPlayerKB: number;
  minRadius: number;
  endRadius: number;
  baseRadius: number;
  floor: number;
  heapSamples: { minute: number; mb: number }[];
  visibility: VisibilityResult;
  snapshot: { players: number; creatures: number };
}

function tickStats(ms: number[], late: number[]): TickStats {
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.length ? Math.max(...ms) : 0, latenessP99: percentile(late, 99), count: ms.length };
}

/** The median over three equal parts of the window (performance.md §5: median of ≥ 3). */
export function thirds(ms: number[], late: number[]): TickStats {
  const n = Math.floor(ms.length / 3);
  if (n < 5) return tickStats(ms, late);
  const parts = [0, 1, 2].map((k) => tickStats(ms.slice(k * n, (k + 1) * n), late.slice(k * n, (k + 1) * n)));
  const med = (f: (t: TickStats) => number) => median(parts.map(f));
  return { p50: med((t) => t.p50), p99: med((t) => t.p99), max: Math.max(...parts.map((t) => t.max)), latenessP99: med((t) => t.latenessP99), count: ms.length };
}

function heapKB(gc: boolean): number {
  if (gc) Bun.gc(true);
  return process.memoryUsage().heapUsed / 1024;
}


async function counterValue(realm: { metrics: { counter(n: string, h: string): { get(): Promise<{ values: { value: number }[] }> } } }, name: string): Promise<number> {
  const c = realm.metrics.counter(name, name);
  return (await c.get()).values.reduce((a, v) => a + v.value, 0);
}

export async function runCrowdConfig(cfg: CrowdConfig, log: BenchLog): Promise<CrowdMeasurement> {
  const t0 = performance.now();
  const cr = await startCrowdRealm({ bots: cfg.bots, creatures: cfg.creatures, area: cfg.area, seed: cfg.seed, prefix: `C${cfg.key.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 6)}` });
  const { realm } = cr;
  const host = realm.worldHost!;
  const wc = realm.config.world;
  log(`  ${cfg.label}: realm up with ${cfg.creatures} extra creatures and ${cfg.bots} characters in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  let child: ReturnType<typeof Bun.spawn> | undefined;
  try {
    // the instance exists before anyone enters (creatures spawn with it)
    const inst = host.instance(cfg.area.map, 0)!;
    // let the ticks held up by the setup (account creation runs as one long chain of
    // microtasks) pass before the idle baseline starts
    await Bun.sleep(1000);
    // idle baseline: the same realm, creatures in place, nobody logged in
    const idleMs: number[] = [];
    const idleLate: number[] = [];
    let off = host.stats.onTick((ms, late) => (idleMs.push(ms), idleLate.push(late)));
    await Bun.sleep(3000);
    off();
    const idle = tickStats(idleMs, idleLate);
    const heapBefore = heapKB(true);
    const rssBefore = process.memoryUsage().rss / 1024;

    const loadCfg: CrowdLoadConfig = {
      host: "127.0.0.1",
      authPort: realm.ports.auth,
      password: BOT_PASSWORD,
      bots: cr.bots,
      area: cfg.area,
      seed: cfg.seed,
      loginConcurrency: 32,
      warmupMs: cfg.warmupMs,
      measureMs: cfg.measureMs,
      heartbeatMs: 500,
      maxPauseMs: 1000,
    };
    const file = join(realm.config.dataDir, "crowd-load.json");
    writeFileSync(file, JSON.stringify(loadCfg));
    const argv = [process.execPath, join(import.meta.dir, "..", "load", "crowd-bots.ts"), file];
    child = spawnPinned(argv, 1, { stdout: "pipe", stderr: "pipe" });
    const stderr = new Response(child.stderr as ReadableStream<Uint8Array>).text();

    const ms: number[] = [];
    const late: number[] = [];
    let minRadius = inst.radius;
    let memoryPerPlayerKB = Number.NaN;
    let rssPerPlayerKB = Number.NaN;
    let out0 = 0;
    let in0 = 0;
    let w0 = 0;
    let gatewayOutPerSecond = 0;
    let gatewayInPerSecond = 0;
    let snapshot = { players: [] as { x: number; y: number }[], creatures: [] as { x: number; y: number }[] };
    const heapSamples: { minute: number; mb: number }[] = [];
    let sampler: ReturnType<typeof setInterval> | undefined;
    let result: CrowdLoadResult | undefined;
    for await (const l of linesOf(child.stdout as ReadableStream<Uint8Array>)) {
      if (l.startsWith("LOGGEDIN ")) {
        const li = JSON.parse(l.slice(9)) as { ok: number; failed: number; ms: number; firstError?: string };
        log(`  ${cfg.label}: ${li.ok} bots in the world in ${(li.ms / 1000).toFixed(1)} s${li.failed ? `, ${li.failed} failed (${li.firstError})` : ""}`);
        // the live set once everyone is in (a forced GC during the warm-up, not the window)
        await Bun.sleep(Math.min(1500, cfg.warmupMs / 3));
        memoryPerPlayerKB = (heapKB(true) - heapBefore) / Math.max(1, li.ok);
        rssPerPlayerKB = (process.memoryUsage().rss / 1024 - rssBefore) / Math.max(1, li.ok);
      } else if (l === "MEASURE_START") {
        out0 = await counterValue(realm, "realm_gateway_packets_out_total");
        in0 = await counterValue(realm, "realm_gateway_packets_in_total");
        w0 = performance.now();
        off = host.stats.onTick((t, lt) => {
          ms.push(t);
          late.push(lt);
          if (inst.radius < minRadius) minRadius = inst.radius;
        });
        if (cfg.heapSampleMs > 0) {
          heapSamples.push({ minute: 0, mb: heapKB(true) / 1024 });
          sampler = setInterval(() => heapSamples.push({ minute: (performance.now() - w0) / 60_000, mb: heapKB(true) / 1024 }), cfg.heapSampleMs);
        }
        log(`  ${cfg.label}: measuring for ${cfg.measureMs / 1000} s`);
      } else if (l === "MEASURE_END") {
        off();
        clearInterval(sampler);
        const secs = (performance.now() - w0) / 1000;
        gatewayOutPerSecond = ((await counterValue(realm, "realm_gateway_packets_out_total")) - out0) / secs;
        gatewayInPerSecond = ((await counterValue(realm, "realm_gateway_packets_in_total")) - in0) / secs;
        snapshot = {
          players: [...inst.players.values()].map((p) => ({ x: p.x, y: p.y })),
          creatures: inst.creatures.map((c) => ({ x: c.x, y: c.y })),
        };
      } else if (l.startsWith("RESULT ")) {
        result = JSON.parse(l.slice(7)) as CrowdLoadResult;
      }
    }
    const code = await child.exited;
    if (!result || code !== 0) throw new Error(`crowd load process exited ${code}: ${(await stderr).slice(-1500)}`);
    log(`  ${cfg.label}: visibility, grid vs all-pairs over ${snapshot.players.length} players and ${snapshot.creatures.length} creatures (${cfg.visibilityReps} passes each)`);
    const visibility = compareVisibility(snapshot, wc.visibilityRadius, cfg.visibilityReps);
    return {
      cfg,
      idle,
      ticks: thirds(ms, late),
      overruns: ms.filter((t) => t > 2 * wc.tickMs).length,
      load: result,
      gatewayOutPerSecond,
      gatewayInPerSecond,
      heapBeforeKB: heapBefore,
      memoryPerPlayerKB,
      rssPerPlayerKB,
      minRadius,
      endRadius: inst.radius,
      baseRadius: wc.visibilityRadius,
      floor: wc.visibilityFloor,
      heapSamples,
      visibility,
      snapshot: { players: snapshot.players.length, creatures: snapshot.creatures.length },
    };
  } finally {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await cr.stop();
  }
}
