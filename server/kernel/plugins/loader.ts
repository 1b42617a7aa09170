// Finding plugin folders, importing fresh copies of their modules, and the checks made
// before a generation is set up (dependencies, versions, settings, load order).
//
// Fresh copies: every module file under the plugin's folder is dropped from
// require.cache before the entry is imported again (stack-notes §10: a query-string
// re-import keeps every old copy alive; deleting only the entry keeps stale helpers).
// Keys are real paths, so a folder reached through a symlink is refreshed too.
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { describeError, RealmError, type ErrorCode } from "../errors.ts";
import type { Issue } from "../schema.ts";
import { satisfies } from "./semver.ts";
import type { PluginModule, PluginRecord } from "./types.ts";

export const ENTRY_FILES = ["index.ts", "index.tsx", "index.js", "plugin.ts"];

export function blankRecord(name: string, dir: string, entry: string): PluginRecord {
  return { name, dir, entry, state: "disabled", version: "", description: "", requires: {}, generation: 0, loadedAt: 0, reloads: 0, lastError: undefined, errors: [] };
}

/** The entry file of a plugin folder, if it has one. */
export function entryOf(dir: string): string | undefined {
  return ENTRY_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

/** Every folder with an entry file under the plugin directories (sorted, dot-folders skipped). */
export function discoverFolders(dirs: string[]): PluginRecord[] {
  const found: PluginRecord[] = [];
  for (const d of dirs) {
    const dir = resolve(d);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const pdir = join(dir, name);
      if (name.startsWith(".") || !isDir(pdir)) continue;
      const entry = entryOf(pdir);
      if (entry) found.push(blankRecord(name, pdir, entry));
    }
  }
  return found;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false; // a dangling symlink, or removed while scanning
  }
}

/** Drops every cached module under `dir` (by real path). Returns how many. */
export function forgetModules(dir: string): number {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    real = resolve(dir);
  }
  const prefixes = [...new Set([resolve(dir) + sep, real + sep])];
  let n = 0;
  for (const key of Object.keys(require.cache)) {
    if (prefixes.some((p) => key.startsWith(p))) {
      delete require.cache[key];
      n++;
    }
  }
  return n;
}

/** Imports a plugin's entry with every module file under its folder freshly loaded. */
export async function importFresh(rec: Pick<PluginRecord, "dir" | "entry">): Promise<PluginModule> {
  forgetModules(rec.dir);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(rec.entry)) as Record<string, unknown>;
  } catch (e) {
    throw new RealmError("PLUGIN_BAD_MODULE", `${rec.entry} does not load: ${describeError(e)}`);
  }
  const def = (mod.default ?? mod.plugin) as PluginModule | undefined;
  if (!def || typeof def !== "object" || typeof def.setup !== "function" || typeof def.name !== "string" || typeof def.version !== "string") {
    throw new RealmError("PLUGIN_BAD_MODULE", `${rec.entry} does not export a definePlugin() result as default`);
  }
  return def;
}

/** What the dependency check needs to know about the other plugins. */
export interface ActivePlugin {
  state: string;
  version: string | undefined;
}

/** Is every plugin `def` requires active, at a version in its range? */
export function checkRequires(def: PluginModule, lookup: (name: string) => ActivePlugin | undefined): RealmError | undefined {
  for (const [dep, range] of Object.entries(def.requires ?? {})) {
    const s = lookup(dep);
    if (!s || s.state !== "active" || s.version === undefined) {
      return new RealmError("PLUGIN_MISSING_DEPENDENCY", `plugin ${def.name} requires ${dep} ${range}, which is ${s ? s.state : "not installed"}`, { dependency: dep });
    }
    if (!satisfies(s.version, range)) {
      return new RealmError("PLUGIN_BAD_VERSION", `plugin ${def.name} requires ${dep} ${range}, but ${dep} is ${s.version}`, { dependency: dep, range, found: s.version });
    }
  }
  return undefined;
}

/** Do the active plugins that require `def.name` accept its (new) version? */
export function checkDependents(def: PluginModule, dependents: { name: string; requires: Record<string, string> }[]): RealmError | undefined {
  for (const d of dependents) {
    const range = d.requires[def.name];
    if (range !== undefined && !satisfies(def.version, range)) {
      return new RealmError("PLUGIN_BAD_VERSION", `plugin ${d.name} requires ${def.name} ${range}; the new version ${def.version} is outside it`, { dependent: d.name, range, found: def.version });
    }
  }
  return undefined;
}

/** The plugin's settings checked against its schema (defaults filled in). */
export function checkConfig(def: PluginModule, raw: unknown): { value: unknown } | RealmError {
  if (!def.config) return { value: raw ?? {} };
  const issues: Issue[] = [];
  const value = def.config.check(raw ?? {}, `plugins.settings.${def.name}`, issues);
  if (issues.length) return new RealmError("PLUGIN_BAD_CONFIG", `plugin ${def.name} settings: ${issues.map((i) => i.message).join("; ")}`, { issues });
  return { value };
}

/**
 * Load order: every plugin after the plugins it requires (those present). Members of a
 * cycle are left out of the order and returned with the cycle's path.
 */
export function loadOrder(requires: Map<string, string[]>): { order: string[]; cycles: Map<string, string> } {
  const order: string[] = [];
  const cycles = new Map<string, string>();
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (n: string): void => {
    const st = state.get(n);
    if (st === "done") return;
    if (st === "visiting") {
      const path = [...stack.slice(stack.indexOf(n)), n];
      for (const m of path) if (!cycles.has(m)) cycles.set(m, path.join(" -> "));
      return;
    }
    state.set(n, "visiting");
    stack.push(n);
    for (const dep of requires.get(n) ?? []) if (requires.has(dep)) visit(dep);
    stack.pop();
    state.set(n, "done");
    order.push(n);
  };
  for (const n of requires.keys()) visit(n);
  return { order: order.filter((n) => !cycles.has(n)), cycles };
}

export function asRealm(e: unknown, code: ErrorCode): RealmError {
  return e instanceof RealmError ? e : new RealmError(code, describeError(e));
}

/** Resolves `p` or rejects with PLUGIN_SETUP_FAILED after `ms`. */
export async function withTimeout<T>(p: T | Promise<T>, ms: number, what: string, code: ErrorCode = "PLUGIN_SETUP_FAILED"): Promise<T> {
  if (!(p instanceof Promise)) return p;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new RealmError(code, `${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
