// Enforces the dependency rules of design.md §2 (table in ARCHITECTURE.md) by scanning
// every import in the repository's source files.
import { expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const SCANNED = ["server", "plugins", "mods", "web", "bench", "launcher"];

function files(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    if (n === "node_modules" || n.startsWith(".")) continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(ts|tsx)$/.test(n)) out.push(p);
  }
  return out;
}

const isTest = (rel: string) => /\.(test|spec)\.tsx?$|\.fixture\.ts$|\.conformance\.ts$|(^|\/)testing\//.test(rel);

function importsOf(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out: string[] = [];
  const re = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of src.matchAll(re)) out.push((m[1] ?? m[2])!);
  return out.filter((s) => s.startsWith("."));
}

/** "server/world" for server/world/x.ts, "plugins" for plugins/a/b.ts, ... */
function moduleOf(rel: string): string {
  const parts = rel.split("/");
  if (parts[0] === "server") return parts.length > 2 ? `server/${parts[1]}` : "server/root";
  if (parts[0] === "bench" && parts[1] === "client") return "bench/client";
  return parts[0]!;
}

const LAYER: Record<string, number> = {
  "server/kernel": 0,
  "server/protocol": 0,
  "server/net": 1,
  "server/bus": 1,
  "server/storage": 1,
  "server/content": 1,
  "server/ops": 2,
  "server/api": 3,
  "server/commands": 3,
  "server/auth": 4,
  "server/gateway": 4,
  "server/world": 4,
  "server/orchestrator": 4,
  "server/services": 4,
  "server/root": 5,
  "server/ctl": 5,
};
const ROLES = new Set(["server/auth", "server/gateway", "server/world", "server/orchestrator", "server/services"]);

function violation(fromRel: string, toRel: string): string | undefined {
  const from = moduleOf(fromRel);
  const to = moduleOf(toRel);
  if (from === to) return undefined;
  const test = isTest(fromRel);
  const inBench = from === "bench" || from === "bench/client";
  if (!test && !(from === "bench") && (to === "bench" || (to === "bench/client" && !inBench) || toRel.startsWith("server/testing/"))) {
    return "only tests (and the bench harness) import bench/ and server/testing";
  }
  if (from === "bench/client" && to.startsWith("server")) return "bench/client must not import server code";
  if (["plugins", "mods", "web"].includes(from)) {
    // their tests may boot a realm (server/testing), like every other test
    if (test && toRel.startsWith("server/testing/")) return undefined;
    if (to.startsWith("server") && to !== "server/api") return `${from} may import only server/api`;
    return undefined;
  }
  if (from === "launcher" && to.startsWith("server")) return "launcher imports nothing from server/";
  if (from.startsWith("server") && !test) {
    if (to === "plugins" || to === "mods") return "server code does not import plugins (they are loaded by the host)";
    if (to === "web" && from !== "server/root") return "only the composition root mounts web/";
    const lf = LAYER[from];
    const lt = LAYER[to];
    if (lf === undefined || lt === undefined) return undefined;
    if (from === "server/kernel" && to === "server/protocol") return "kernel must not import protocol";
    if (ROLES.has(from) && ROLES.has(to)) return "roles must not import other roles (talk over the bus)";
    if (lt > lf) return `layer ${lf} (${from}) must not import layer ${lt} (${to})`;
  }
  return undefined;
}

test("every import follows the dependency rules", () => {
  const problems: string[] = [];
  for (const top of SCANNED) {
    for (const f of files(join(ROOT, top))) {
      const rel = relative(ROOT, f);
      for (const spec of importsOf(f)) {
        const target = relative(ROOT, resolve(dirname(f), spec));
        const why = violation(rel, target);
        if (why) problems.push(`${rel} -> ${target}: ${why}`);
      }
    }
  }
  expect(problems).toEqual([]);
});

test("the rule checker catches what it should", () => {
  expect(violation("server/kernel/x.ts", "server/world/y.ts")).toContain("must not import");
  expect(violation("server/gateway/x.ts", "server/world/y.ts")).toContain("roles must not import other roles");
  expect(violation("plugins/social/x.ts", "server/storage/y.ts")).toContain("only server/api");
  expect(violation("server/world/x.ts", "bench/client/y.ts")).toContain("only tests");
  expect(violation("server/world/x.test.ts", "bench/client/y.ts")).toBeUndefined();
  expect(violation("bench/client/x.ts", "server/protocol/y.ts")).toContain("must not import server");
  expect(violation("server/world/x.ts", "server/protocol/y.ts")).toBeUndefined();
  expect(violation("web/admin/x.test.ts", "server/testing/boot.ts")).toBeUndefined();
  expect(violation("web/testing/harness.ts", "server/testing/boot.ts")).toBeUndefined();
  expect(violation("web/admin/x.tsx", "server/testing/boot.ts")).toContain("only tests");
  expect(violation("web/admin/x.test.ts", "server/realm.ts")).toContain("only server/api");
});
