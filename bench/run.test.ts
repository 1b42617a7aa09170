// The runner's RESULTS.md handling: one scenario's rows are replaced, every other row stays.
import { expect, test } from "bun:test";
import { figure, requirePrograms, ScenarioSkipped } from "./harness.ts";
import { planRun, rewriteResults, type ResultFile } from "./run.ts";

function result(scenario: string, values: number[]): ResultFile {
  return {
    scenario,
    description: "d",
    goal: "g",
    date: "2026-11-27T10:00:00.000Z",
    commit: "abc123",
    machine: { cores: 2, cpu: "Test CPU", pinned: true, loadAverage: [0.5, 0.4, 0.3] },
    bun: "1.4.5",
    short: false,
    durationMs: 1,
    figures: values.map((v, i) =>
      figure({ name: `f${i}`, label: `figure ${i}`, value: v, unit: "ops/s", baseline: { label: "base", value: 10 }, goal: "≥ 2×", met: (_v, r) => r >= 2 }),
    ),
    notes: [],
  };
}

test("figure computes the ratio and applies the goal", () => {
  const f = figure({ name: "x", label: "x", value: 30, unit: "u", baseline: { label: "b", value: 10 }, goal: "≥ 2×", met: (_v, r) => r >= 2 });
  expect(f.ratio).toBe(3);
  expect(f.met).toBe(true);
});

test("a new file gets the table; re-running a scenario replaces only its rows", () => {
  let md = rewriteResults("# Benchmark results\n\nIntro text.\n", result("store", [25, 5]));
  expect(md).toContain("Intro text.");
  expect(md.match(/^\| store \|/gm)?.length).toBe(2);
  md = rewriteResults(md, result("bus", [40]));
  md = rewriteResults(md, result("store", [99]));
  const rows = md.split("\n").filter((l) => /^\| (store|bus) \|/.test(l));
  expect(rows.length).toBe(2);
  expect(rows[0]).toStartWith("| bus |");
  expect(rows[1]).toContain("| 99.0 ops/s |");
  expect(rows[1]).toContain("| 9.90× |");
  expect(rows[1]).toContain("| yes |");
  md = rewriteResults(md, result("bus", [1]));
  expect(md).toContain("| **no** |");
  expect(md.split("\n").filter((l) => l.startsWith("| store |")).length).toBe(1);
  expect(md.trimEnd().endsWith("<!-- results:end -->")).toBe(true);
});

test("the command line: all is short unless --full, one scenario is full unless --short", () => {
  const known = ["store", "bus"];
  expect(planRun(["all"], known)).toEqual({ names: ["store", "bus"], short: true, long: false });
  expect(planRun(["all", "--full"], known)).toEqual({ names: ["store", "bus"], short: false, long: false });
  expect(planRun(["store"], known)).toEqual({ names: ["store"], short: false, long: false });
  expect(planRun(["store", "--short"], known)).toEqual({ names: ["store"], short: true, long: false });
  expect(planRun(["bus", "--long"], known)).toEqual({ names: ["bus"], short: false, long: true });
  expect(planRun([], known)).toBe("list");
  expect(planRun(["list"], known)).toBe("list");
  expect(planRun(["nope"], known)).toEqual({ error: "unknown scenario nope; known: store, bus" });
  expect(planRun(["all", "--short", "--full"], known)).toEqual({ error: "--short, --full and --long exclude each other" });
  expect("error" in (planRun(["all", "--fast"], known) as object)).toBe(true);
});

test("requirePrograms names what is missing and the package to install", () => {
  expect(() => requirePrograms([{ bin: "sh", package: "dash" }])).not.toThrow();
  let err: unknown;
  try {
    requirePrograms([
      { bin: "sh", package: "dash" },
      { bin: "no-such-server-xyz", package: "xyz-server" },
      { bin: "initdb", package: "postgresql", found: () => false },
    ]);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ScenarioSkipped);
  expect((err as Error).message).toBe("no-such-server-xyz, initdb not installed (apt-get install xyz-server postgresql)");
});
