// The benchmark runner.
//
//   npm run bench -- <scenario> [--short]     one scenario (full run unless --short)
//   npm run bench -- all [--full]             every scenario in bench/scenarios/, short
//                                             versions (under 10 minutes on two cores);
//                                             --full for the full runs RESULTS.md publishes
//   npm run bench -- <scenario> --long        a scenario's long run, if it has one (results
//                                             under <scenario>-long; 30-minute limit)
//   npm run bench -- list                     names and goals
//
// Each scenario reports figures, each beside a baseline measured in the same run. The
// runner writes bench/results/<scenario>.json and rewrites that scenario's rows of the
// table in bench/RESULTS.md (other scenarios' rows stay). A missed goal is reported,
// not fatal: the exit code is 0 unless a scenario crashed or ran out of time. A scenario
// that needs a server binary the machine lacks (nats-server, redis-server, PostgreSQL) is
// reported as skipped, with the package to install, and writes nothing.
// The runner pins itself to core 0 when taskset exists; scenarios start their load
// generators and backing servers on core 1 (harness.ts).
import { readdirSync, mkdirSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { fmt, machine, pinSelf, ScenarioSkipped, type Figure, type Machine, type Scenario, type ScenarioResult } from "./harness.ts";

const ROOT = join(import.meta.dir, "..");
const SCENARIOS = join(import.meta.dir, "scenarios");
const RESULTS_DIR = join(import.meta.dir, "results");
const RESULTS_MD = join(import.meta.dir, "RESULTS.md");
/** Hard limits per scenario: a benchmark always ends by itself. */
const LIMIT_MS = { full: 10 * 60_000, short: 3 * 60_000, long: 30 * 60_000 };

export interface ResultFile {
  scenario: string;
  description: string;
  goal: string;
  date: string;
  commit: string;
  machine: Machine;
  bun: string;
  short: boolean;
  durationMs: number;
  figures: Figure[];
  notes: string[];
}

async function discover(): Promise<Map<string, Scenario>> {
  const out = new Map<string, Scenario>();
  for (const f of readdirSync(SCENARIOS).sort()) {
    if (!f.endsWith(".ts") || f.endsWith(".test.ts")) continue;
    const mod = (await import(join(SCENARIOS, f))) as { default?: Scenario; scenario?: Scenario };
    const s = mod.default ?? mod.scenario;
    if (!s || typeof s.run !== "function") throw new Error(`bench/scenarios/${f} does not export a scenario (default export { name, description, goal, run })`);
    if (s.name !== basename(f, ".ts")) throw new Error(`bench/scenarios/${f} names itself "${s.name}"; the file name and the name must match`);
    out.set(s.name, s);
  }
  return out;
}

function gitCommit(): string {
  const r = Bun.spawnSync(["git", "rev-parse", "--short=12", "HEAD"], { cwd: ROOT });
  const sha = r.success ? r.stdout.toString().trim() : "unknown";
  const st = Bun.spawnSync(["git", "status", "--porcelain", "--untracked-files=no"], { cwd: ROOT });
  const dirty = st.success && st.stdout.toString().trim().length > 0;
  return dirty ? `${sha}+dirty` : sha;
}

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

const BEGIN = "<!-- results:begin (rows rewritten by bench/run.ts; one scenario's rows at a time) -->";
const END = "<!-- results:end -->";
const HEADER = ["| scenario | date | commit | machine | figure | value | baseline | ratio | goal | met |", "|---|---|---|---|---|---|---|---|---|---|"];

/** Replaces `r.scenario`'s rows in the RESULTS.md table, keeping every other row. */
export function rewriteResults(markdown: string, r: ResultFile): string {
  let text = markdown;
  if (!text.includes(BEGIN) || !text.includes(END)) {
    text = `${text.trimEnd()}\n\n${BEGIN}\n${HEADER.join("\n")}\n${END}\n`;
  }
  const start = text.indexOf(BEGIN) + BEGIN.length;
  const end = text.indexOf(END);
  const rows = text
    .slice(start, end)
    .split("\n")
    .filter((l) => l.startsWith("| ") && !HEADER.includes(l));
  const others = rows.filter((l) => l.split("|")[1]!.trim() !== r.scenario);
  const date = r.date.slice(0, 10);
  const m = `${r.machine.cores} × ${r.machine.cpu}${r.machine.pinned ? ", pinned" : ""}, load ${r.machine.loadAverage[0] ?? "?"}${r.short ? ", short run" : ""}`;
  const mine = r.figures.map(
    (f) =>
      `| ${cell(r.scenario)} | ${date} | ${cell(r.commit)} | ${cell(m)} | ${cell(f.label)} | ${fmt(f.value)} ${cell(f.unit)} | ${fmt(f.baseline.value)} (${cell(f.baseline.label)}) | ${f.ratio.toFixed(2)}× | ${cell(f.goal)} | ${f.met ? "yes" : "**no**"} |`,
  );
  // scenarios in name order, each with its figures in the order it reported them
  const grouped = new Map<string, string[]>();
  for (const row of [...others, ...mine]) {
    const k = row.split("|")[1]!.trim();
    const g = grouped.get(k);
    if (g) g.push(row);
    else grouped.set(k, [row]);
  }
  const ordered = [...grouped.keys()].sort().flatMap((k) => grouped.get(k)!);
  return `${text.slice(0, start)}\n${HEADER.join("\n")}\n${ordered.join("\n")}${ordered.length ? "\n" : ""}${text.slice(end)}`;
}

function printFigures(r: ResultFile, log: (s: string) => void): void {
  for (const f of r.figures) {
    log(
      `  ${f.met ? "met   " : "MISSED"} ${f.label}: ${fmt(f.value)} ${f.unit} vs ${fmt(f.baseline.value)} (${f.baseline.label}) = ${f.ratio.toFixed(2)}×  [goal: ${f.goal}]`,
    );
  }
  for (const n of r.notes) log(`  note: ${n}`);
}

async function runOne(s: Scenario, short: boolean, pinned: boolean, wantLong = false): Promise<ResultFile> {
  const long = wantLong && !!s.longRun;
  const key = long ? `${s.name}-long` : s.name;
  const log = (line: string) => console.log(`[${key}] ${line}`);
  const mach = await machine(pinned);
  log(`${s.description}${short ? " (short run)" : ""}`);
  const t0 = performance.now();
  const limit = long ? LIMIT_MS.long : short ? LIMIT_MS.short : LIMIT_MS.full;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const result = await Promise.race([
    s.run({ short, long, log }),
    new Promise<ScenarioResult>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`scenario ${s.name} ran longer than its ${limit / 1000} s limit`)), limit);
    }),
  ]).finally(() => clearTimeout(timer));
  const r: ResultFile = {
    scenario: key,
    description: s.description,
    goal: s.goal,
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: mach,
    bun: `${Bun.version} (${Bun.revision.slice(0, 9)})`,
    short,
    durationMs: Math.round(performance.now() - t0),
    figures: result.figures,
    notes: result.notes ?? [],
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${key}.json`), `${JSON.stringify(r, null, 2)}\n`);
  const md = existsSync(RESULTS_MD) ? readFileSync(RESULTS_MD, "utf8") : "# Benchmark results\n";
  writeFileSync(RESULTS_MD, rewriteResults(md, r));
  printFigures(r, log);
  const missed = r.figures.filter((f) => !f.met).length;
  log(missed ? `${missed} of ${r.figures.length} goals MISSED (results written anyway)` : `all ${r.figures.length} goals met`);
  log(`wrote bench/results/${key}.json and bench/RESULTS.md in ${(r.durationMs / 1000).toFixed(1)} s`);
  return r;
}

export interface RunPlan {
  /** scenario names in run order */
  names: string[];
  short: boolean;
  long: boolean;
}

/**
 * What a command line asks for: a plan, "list" (print the scenarios), or an error message.
 * `all` runs the short version of every scenario unless --full (or --long) is given; a named
 * scenario runs in full unless --short.
 */
export function planRun(argv: string[], known: string[]): RunPlan | "list" | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { short: { type: "boolean", default: false }, full: { type: "boolean", default: false }, long: { type: "boolean", default: false } }, allowPositionals: true });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const { values, positionals } = parsed;
  const what = positionals[0];
  if (!what || what === "list" || what === "help") return "list";
  const unknown = positionals.filter((n) => n !== "all" && !known.includes(n));
  if (unknown.length) return { error: `unknown scenario ${unknown.join(", ")}; known: ${known.join(", ")}` };
  if ([values.short, values.full, values.long].filter(Boolean).length > 1) return { error: "--short, --full and --long exclude each other" };
  const names = positionals.includes("all") ? [...known] : positionals;
  const short = values.short || (positionals.includes("all") && !values.full && !values.long);
  return { names, short: short ?? false, long: values.long ?? false };
}

async function main(): Promise<number> {
  const all = await discover();
  const argv = Bun.argv.slice(2);
  const plan = planRun(argv, [...all.keys()]);
  if (plan === "list") {
    console.log("usage: npm run bench -- <scenario> [--short | --long] | all [--full]\n");
    for (const s of all.values()) console.log(`  ${s.name.padEnd(10)} ${s.description}\n  ${"".padEnd(10)} goal: ${s.goal}`);
    return argv.length ? 0 : 1;
  }
  if ("error" in plan) {
    console.error(plan.error);
    return 1;
  }
  const chosen = plan.names.map((n) => all.get(n)!);
  const pinned = pinSelf(0);
  const mach = await machine(pinned);
  console.log(`bench: ${mach.cores} × ${mach.cpu}; Bun ${Bun.version}; ${pinned ? "runner pinned to core 0, loads on core 1" : "not pinned (no taskset or one core)"}`);
  let crashed = 0;
  const skipped: string[] = [];
  for (const s of chosen) {
    try {
      await runOne(s, plan.short, pinned, plan.long);
    } catch (e) {
      if (e instanceof ScenarioSkipped) {
        skipped.push(s.name);
        console.log(`[${s.name}] SKIPPED: ${e.message}; no results written`);
        continue;
      }
      crashed++;
      console.error(`[${s.name}] FAILED: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const ran = chosen.length - skipped.length - crashed;
  console.log(`bench: ${ran} scenario(s) ran${skipped.length ? `, ${skipped.length} skipped (${skipped.join(", ")})` : ""}${crashed ? `, ${crashed} FAILED` : ""}`);
  return crashed ? 1 : 0;
}

if (import.meta.main) {
  const code = await main();
  // scenarios close what they open; exit anyway so a stray handle cannot keep us alive
  process.exit(code);
}
