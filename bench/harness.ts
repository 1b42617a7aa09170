// What a benchmark scenario is and the small tools scenarios share: timing loops,
// percentiles, medians of repeated runs, CPU pinning (system under test on core 0,
// load generators and backing servers on core 1, when taskset exists).
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import type { SpawnOptions, Subprocess } from "bun";

export interface BenchLog {
  (line: string): void;
}

export interface ScenarioOptions {
  /** A quick run (CI smoke, development): fewer and shorter repetitions. */
  short: boolean;
  /** A long run (`--long`, e.g. the crowd scenario's 10-minute heap-growth check); scenarios without one ignore it. */
  long?: boolean;
  log: BenchLog;
}

/** One measured number, always beside a baseline measured in the same run. */
export interface Figure {
  /** Stable id, e.g. "sqlite.batch100". */
  name: string;
  /** What was measured, for people. */
  label: string;
  value: number;
  unit: string;
  /** The reference measured in the same run, in the same unit. */
  baseline: { label: string; value: number };
  /** value / baseline.value. */
  ratio: number;
  /** The goal, in words (and the rule `met` applies). */
  goal: string;
  met: boolean;
}

export interface ScenarioResult {
  figures: Figure[];
  /** Things a reader must know (a skipped part and why, the backing server's version). */
  notes?: string[];
}

export interface Scenario {
  name: string;
  description: string;
  /** The goals this scenario checks, in words (README and output). */
  goal: string;
  /** What `--long` runs, when the scenario has a long run (others run their normal run). */
  longRun?: string;
  run(opts: ScenarioOptions): Promise<ScenarioResult>;
}

/** Builds a figure; the ratio is computed here so every scenario does it the same way. */
export function figure(f: Omit<Figure, "ratio" | "met"> & { met: (value: number, ratio: number) => boolean }): Figure {
  const ratio = f.baseline.value === 0 ? Number.POSITIVE_INFINITY : f.value / f.baseline.value;
  return { name: f.name, label: f.label, value: f.value, unit: f.unit, baseline: f.baseline, ratio, goal: f.goal, met: f.met(f.value, ratio) };
}

// ------------------------------------------------------------------ statistics

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(xs: number[] | Float64Array, p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = Float64Array.from(xs).sort();
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank]!;
}

/** Runs `measure` `times` times (after the caller's warm-up) and keeps the median. */
export async function medianOf(times: number, measure: () => Promise<number> | number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < times; i++) xs.push(await measure());
  return median(xs);
}

/**
 * Runs each measurement once per round, `rounds` times, and keeps each one's median: a
 * figure and its baseline then see the same background load (shared boxes drift).
 */
export async function interleaved<T extends (() => Promise<number> | number)[]>(rounds: number, measures: [...T]): Promise<{ [K in keyof T]: number }> {
  const xs: number[][] = measures.map(() => []);
  for (let r = 0; r < rounds; r++) for (let i = 0; i < measures.length; i++) xs[i]!.push(await measures[i]!());
  return xs.map(median) as { [K in keyof T]: number };
}

/**
 * Calls `op` in a loop for about `ms` milliseconds (checking the clock every `batch`
 * calls) and returns calls per second.
 */
export function rateSync(ms: number, op: () => void, batch = 1000): number {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < batch; i++) op();
    n += batch;
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

/** Like rateSync for async operations, `inFlight` at a time. Returns completed ops per second. */
export async function rateAsync(ms: number, op: () => Promise<unknown>, inFlight = 1): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  const worker = async () => {
    while (performance.now() < end) {
      await op();
      n++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (n * 1000) / (performance.now() - t0);
}

/** Latency samples (ms) of `count` calls of `op`, `inFlight` at a time. */
export async function latencies(count: number, op: () => Promise<unknown>, inFlight = 1): Promise<{ samples: Float64Array; perSecond: number }> {
  const samples = new Float64Array(count);
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const s = performance.now();
      await op();
      samples[i] = performance.now() - s;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { samples, perSecond: (count * 1000) / (performance.now() - t0) };
}

// ------------------------------------------------------------------ machine and pinning

/**
 * Thrown by a scenario that cannot run on this machine (a server binary it starts is not
 * installed). The runner reports it as skipped, writes no results and does not fail.
 */
export class ScenarioSkipped extends Error {
  override name = "ScenarioSkipped";
}

/** Throws ScenarioSkipped naming every missing program and the Debian package that has it. */
export function requirePrograms(programs: { bin: string; package: string; found?: () => boolean }[]): void {
  const missing = programs.filter((p) => !(p.found ? p.found() : Bun.which(p.bin)));
  if (missing.length) {
    throw new ScenarioSkipped(`${missing.map((m) => m.bin).join(", ")} not installed (apt-get install ${[...new Set(missing.map((m) => m.package))].join(" ")})`);
  }
}

export function hasTaskset(): boolean {
  return Bun.which("taskset") !== null && cpus().length >= 2;
}

/** Pins this process (every thread) to `core`. Returns false when it cannot. */
export function pinSelf(core = 0): boolean {
  if (!hasTaskset()) return false;
  try {
    execFileSync("taskset", ["-a", "-cp", String(core), String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Spawns a load process pinned to `core` (default 1) when taskset exists; stdio is ignored unless asked for. */
export function spawnPinned<const In extends SpawnOptions.Writable = "ignore", const Out extends SpawnOptions.Readable = "ignore", const Err extends SpawnOptions.Readable = "ignore">(
  cmd: string[],
  core = 1,
  opts: { stdin?: In; stdout?: Out; stderr?: Err; env?: Record<string, string | undefined>; cwd?: string } = {},
): Subprocess<In, Out, Err> {
  const argv = hasTaskset() ? ["taskset", "-c", String(core), ...cmd] : cmd;
  return Bun.spawn(argv, { stdin: opts.stdin ?? "ignore", stdout: opts.stdout ?? "ignore", stderr: opts.stderr ?? "ignore", env: { ...process.env, ...opts.env }, cwd: opts.cwd }) as Subprocess<In, Out, Err>;
}

export interface Machine {
  cores: number;
  cpu: string;
  /** Was the runner pinned to core 0 (and loads to core 1)? */
  pinned: boolean;
  /** 1/5/15-minute load averages when the scenario started (other work on a shared box shows here). */
  loadAverage: number[];
}

export async function machine(pinned: boolean): Promise<Machine> {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    const info = await Bun.file("/proc/cpuinfo").text();
    const m = /^model name\s*:\s*(.+)$/m.exec(info);
    if (m) cpu = m[1]!.trim();
  } catch {
    // not Linux: keep what os.cpus() said
  }
  return { cores: cpus().length, cpu, pinned, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) };
}

/** A short, human-readable number: 12345 -> "12.3k". */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 1 : 2)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(a >= 1 ? 2 : 3);
}
