// The crowd benchmark's load process (run pinned to core 1 by bench/scenarios/crowd.ts):
// logs N bots in over the real protocol, then moves them all from one shared timer, and
// reports on stdout, one line each:
//   LOGGEDIN {"ok":n,"failed":n,"ms":n,"firstError":...}
//   MEASURE_START            (after the warm-up)
//   MEASURE_END              (after the measured window)
//   RESULT {...}             (counters over the measured window, then it exits)
// Every run is bounded: it exits by itself after login + warm-up + window + 30 s.
//   bun bench/load/crowd-bots.ts <config.json>
// Imports only bench/ (the independent client), never server code.
import { readFileSync } from "node:fs";
import { seededRandom } from "../client/bots/behaviours.ts";
import { type Area, CrowdBot, RUN_SPEED } from "../bots/crowd-bot.ts";

export interface CrowdLoadConfig {
  host: string;
  authPort: number;
  password: string;
  bots: { account: string; guid: string }[];
  area: Area;
  seed: number;
  loginConcurrency: number;
  warmupMs: number;
  measureMs: number;
  heartbeatMs: number;
  maxPauseMs: number;
}

export interface CrowdLoadResult {
  bots: number;
  inWorld: number;
  loginFailed: number;
  loginMs: number;
  /** over the measured window */
  windowMs: number;
  packetsInPerSecond: number;
  movesOutPerSecond: number;
  corrections: number;
  /** bots whose connection closed during warm-up or the window */
  disconnects: number;
  /** lateness of the shared movement timer (is the load process keeping up?) */
  stepLatenessP99: number;
  /** load process CPU time / wall time over the window */
  cpuShare: number;
  firstError?: string;
}

function p99(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.99 * s.length) - 1)]!;
}

const line = (s: string) => process.stdout.write(`${s}\n`);

async function main(path: string): Promise<void> {
  const cfg = JSON.parse(readFileSync(path, "utf8")) as CrowdLoadConfig;
  const hardStop = setTimeout(() => {
    line("RESULT {\"error\":\"load process ran past its bound\"}");
    process.exit(3);
  }, 180_000 + cfg.warmupMs + cfg.measureMs + cfg.bots.length * 50);
  const bots = cfg.bots.map(
    (b, i) =>
      new CrowdBot({
        host: cfg.host,
        authPort: cfg.authPort,
        account: b.account,
        password: cfg.password,
        guid: BigInt(b.guid),
        area: cfg.area,
        speed: RUN_SPEED,
        heartbeatMs: cfg.heartbeatMs,
        maxPauseMs: cfg.maxPauseMs,
        random: seededRandom(cfg.seed * 7919 + i),
        timeoutMs: 30_000,
      }),
  );

  // ---- login, a fixed number in flight
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: Math.min(cfg.loginConcurrency, bots.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= bots.length) return;
        try {
          await bots[i]!.login();
        } catch (e) {
          failed++;
          firstError ??= e instanceof Error ? e.message : String(e);
          bots[i]!.close();
        }
      }
    }),
  );
  const loginMs = performance.now() - t0;
  const live = bots.filter((b) => b.inWorld);
  line(`LOGGEDIN ${JSON.stringify({ ok: live.length, failed, ms: Math.round(loginMs), firstError })}`);

  // ---- movement from one timer
  const STEP_MS = 20;
  const lateness: number[] = [];
  let measuring = false;
  let expected = performance.now() + STEP_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    if (measuring) lateness.push(Math.max(0, now - expected));
    expected = now + STEP_MS;
    for (const b of live) b.step(now);
  }, STEP_MS);

  const counters = () => ({
    packetsIn: live.reduce((n, b) => n + b.packetsIn, 0),
    moves: live.reduce((n, b) => n + b.movesSent, 0),
    corrections: live.reduce((n, b) => n + b.corrections, 0),
  });
  await Bun.sleep(cfg.warmupMs);
  const closedBefore = live.filter((b) => b.closed).length;
  const a = counters();
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  measuring = true;
  line("MEASURE_START");
  await Bun.sleep(cfg.measureMs);
  measuring = false;
  const windowMs = performance.now() - w0;
  const cpu = process.cpuUsage(cpu0);
  const z = counters();
  line("MEASURE_END");
  clearInterval(timer);
  const disconnects = live.filter((b) => b.closed).length;
  const result: CrowdLoadResult = {
    bots: bots.length,
    inWorld: live.length,
    loginFailed: failed,
    loginMs: Math.round(loginMs),
    windowMs: Math.round(windowMs),
    packetsInPerSecond: ((z.packetsIn - a.packetsIn) * 1000) / windowMs,
    movesOutPerSecond: ((z.moves - a.moves) * 1000) / windowMs,
    corrections: z.corrections - a.corrections,
    disconnects: Math.max(disconnects, closedBefore),
    stepLatenessP99: p99(lateness),
    cpuShare: (cpu.user + cpu.system) / 1000 / windowMs,
    firstError,
  };
  for (const b of bots) b.close();
  line(`RESULT ${JSON.stringify(result)}`);
  clearTimeout(hardStop);
  await Bun.sleep(50);
  process.exit(0);
}

if (import.meta.main) {
  const path = Bun.argv[2];
  if (!path) {
    console.error("usage: bun bench/load/crowd-bots.ts <config.json>");
    process.exit(2);
  }
  await main(path);
}
