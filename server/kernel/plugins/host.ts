// The plugin host: discovers plugin folders, loads them in dependency order, and
// reloads one without disturbing the others or the players:
//
//   load the new generation (fresh module copies) -> run its setup in a new scope ->
//   health check -> swap the dispatch tables in one assignment -> start its deferred
//   timers/subscriptions -> dispose the old generation's scope.
//
// A failure before the swap disposes the new generation and leaves the old one serving.
// The host is generic: what a registration means (an opcode handler, a hook, a command)
// is decided by whoever builds the plugin context (server/services). The host only keeps
// named tables of (plugin, key, value) entries and rebuilds the merged view on changes.
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { join, resolve, sep } from "node:path";
import type { Clock } from "../clock.ts";
import { describeError, RealmError, type ErrorCode } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Issue, Node } from "../schema.ts";
import { Scope } from "../scope.ts";
import { satisfies } from "./semver.ts";

/** What a plugin module must export (server/api's definePlugin produces it). */
export interface PluginModule {
  name: string;
  version: string;
  requires?: Record<string, string>;
  description?: string;
  config?: Node<unknown>;
  setup(ctx: never): unknown;
}

export interface PluginInstanceLike {
  health?(): boolean | Promise<boolean>;
  snapshot?(): unknown;
}

export interface TableEntry<V = unknown> {
  plugin: string;
  key: string;
  value: V;
}

export type Tables = ReadonlyMap<string, ReadonlyMap<string, readonly TableEntry[]>>;

export interface TableOptions {
  /** Only one plugin may hold a key (opcode handlers, command names). */
  unique?: boolean;
}

/** What the context factory gets for one generation of one plugin. */
export interface GenerationHandle {
  readonly plugin: string;
  readonly version: string;
  readonly generation: number;
  readonly config: unknown;
  readonly restored: unknown;
  readonly scope: Scope;
  /** Adds a table entry (live at once if this generation is active, else at the swap). */
  register(table: string, key: string, value: unknown): () => void;
  /** Runs `start` when the generation becomes active (timers, subscriptions); its disposer runs on unload. */
  defer(start: () => (() => void) | void): () => void;
}

export type PluginState = "active" | "disabled" | "failed" | "faulted";

export interface PluginRecord {
  name: string;
  dir: string;
  entry: string;
  state: PluginState;
  version: string;
  description: string;
  requires: Record<string, string>;
  generation: number;
  loadedAt: number;
  reloads: number;
  lastError: { code: ErrorCode | "PLUGIN_FAULT"; message: string; at: number } | undefined;
  errors: { at: number; where: string; message: string }[];
}

interface Generation {
  id: number;
  def: PluginModule;
  scope: Scope;
  regs: Set<{ table: string; key: string; value: unknown }>;
  starters: Set<{ start: () => (() => void) | void; stop?: (() => void) | void; done: boolean }>;
  instance: PluginInstanceLike | undefined;
  active: boolean;
}

interface Slot {
  record: PluginRecord;
  gen: Generation | undefined;
  faults: number[];
  order: number;
}

export interface PluginHostOptions {
  dirs: string[];
  log: Logger;
  clock: Clock;
  disabled?: string[];
  faultThreshold?: number;
  faultWindowMs?: number;
  /** Settings per plugin name (checked against each plugin's schema). */
  settings?: Record<string, unknown>;
  /** Builds the plugin-facing context for one generation. */
  makeContext(h: GenerationHandle): unknown;
  /** Told when a plugin is disabled for faults, or fails to load. */
  notifyAdmins?(text: string): void;
  /** Called after every table swap. */
  onSwap?(tables: Tables): void;
  /** Time allowed for setup + health. */
  setupTimeoutMs?: number;
}

export interface ReloadResult {
  ok: boolean;
  plugin: string;
  ms: number;
  generation: number;
  error?: { code: string; message: string };
}

const ENTRY_FILES = ["index.ts", "index.tsx", "index.js", "plugin.ts"];

export class PluginHost {
  private slots = new Map<string, Slot>();
  private tableOpts = new Map<string, TableOptions>();
  private _tables: Tables = new Map();
  private genCounter = 0;
  private orderCounter = 0;
  private watchers: FSWatcher[] = [];
  private busy: Promise<unknown> = Promise.resolve();
  readonly root = new Scope("plugins");

  constructor(private o: PluginHostOptions) {
    this.root.onError = (e, where) => o.log.error({ err: e, where }, "plugin disposer failed");
  }

  /** The merged dispatch view; replaced (never mutated) on every change. */
  get tables(): Tables {
    return this._tables;
  }

  defineTable(name: string, opts: TableOptions = {}): void {
    this.tableOpts.set(name, opts);
  }

  /** Entries of one table key, in plugin load order. */
  entries<V>(table: string, key: string): readonly TableEntry<V>[] {
    return (this._tables.get(table)?.get(key) ?? []) as readonly TableEntry<V>[];
  }

  list(): PluginRecord[] {
    return [...this.slots.values()].sort((a, b) => a.order - b.order).map((s) => ({ ...s.record, errors: s.record.errors.slice(-20) }));
  }

  get(name: string): PluginRecord | undefined {
    return this.slots.get(name)?.record;
  }

  /** Scans the plugin folders; returns what it found (does not load). */
  discover(): PluginRecord[] {
    const found: PluginRecord[] = [];
    for (const d of this.o.dirs) {
      const dir = resolve(d);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        const pdir = join(dir, name);
        if (name.startsWith(".") || !statSync(pdir).isDirectory()) continue;
        const entry = ENTRY_FILES.map((f) => join(pdir, f)).find((f) => existsSync(f));
        if (!entry) continue;
        found.push(this.blankRecord(name, pdir, entry));
      }
    }
    return found;
  }

  private blankRecord(name: string, dir: string, entry: string): PluginRecord {
    return { name, dir, entry, state: "disabled", version: "", description: "", requires: {}, generation: 0, loadedAt: 0, reloads: 0, lastError: undefined, errors: [] };
  }

  /** Loads every discovered plugin in dependency order. Failures are recorded, not thrown. */
  async startAll(): Promise<PluginRecord[]> {
    return this.serial(async () => {
      const defs: { rec: PluginRecord; def?: PluginModule; error?: RealmError }[] = [];
      for (const rec of this.discover()) {
        try {
          defs.push({ rec, def: await this.importFresh(rec) });
        } catch (e) {
          defs.push({ rec, error: asRealm(e, "PLUGIN_BAD_MODULE") });
        }
      }
      // identity is the plugin's declared name; duplicates are refused
      const byName = new Map<string, { rec: PluginRecord; def: PluginModule }>();
      for (const d of defs) {
        if (!d.def) {
          this.recordFailure(d.rec, d.error!);
          continue;
        }
        d.rec.name = d.def.name;
        if (byName.has(d.def.name) || this.slots.has(d.def.name)) {
          this.recordFailure(d.rec, new RealmError("PLUGIN_DUPLICATE", `two plugins are named ${d.def.name}: ${byName.get(d.def.name)?.rec.dir ?? this.slots.get(d.def.name)?.record.dir} and ${d.rec.dir}`));
          continue;
        }
        byName.set(d.def.name, { rec: d.rec, def: d.def });
      }
      for (const name of this.topoOrder(byName)) {
        const { rec, def } = byName.get(name)!;
        const slot = this.slotFor(rec);
        if (this.o.disabled?.includes(name)) {
          this.describe(rec, def);
          rec.state = "disabled";
          continue;
        }
        await this.loadGeneration(slot, def);
      }
      return this.list();
    });
  }

  /** Dependency order; a cycle is reported on each member. */
  private topoOrder(byName: Map<string, { rec: PluginRecord; def: PluginModule }>): string[] {
    const out: string[] = [];
    const state = new Map<string, 1 | 2>();
    const visit = (n: string, path: string[]): boolean => {
      const st = state.get(n);
      if (st === 2) return true;
      if (st === 1) {
        const rec = byName.get(n)!.rec;
        this.recordFailure(rec, new RealmError("PLUGIN_CYCLE", `plugins require each other in a cycle: ${[...path, n].join(" -> ")}`));
        return false;
      }
      state.set(n, 1);
      for (const dep of Object.keys(byName.get(n)!.def.requires ?? {})) if (byName.has(dep)) visit(dep, [...path, n]);
      state.set(n, 2);
      out.push(n);
      return true;
    };
    for (const n of byName.keys()) visit(n, []);
    return out;
  }

  private slotFor(rec: PluginRecord): Slot {
    let s = this.slots.get(rec.name);
    if (!s) {
      s = { record: rec, gen: undefined, faults: [], order: this.orderCounter++ };
      this.slots.set(rec.name, s);
    }
    return s;
  }

  /** Reloads one plugin from disk (or loads a new folder with that name). */
  async reload(name: string): Promise<ReloadResult> {
    return this.serial(async () => {
      const t0 = performance.now();
      let slot = this.slots.get(name);
      if (!slot) {
        const rec = this.discover().find((r) => r.name === name);
        if (!rec) return this.failResult(name, t0, new RealmError("PLUGIN_NOT_FOUND", `no plugin named ${name}`));
        slot = this.slotFor(rec);
      }
      let def: PluginModule;
      try {
        def = await this.importFresh(slot.record);
      } catch (e) {
        const err = asRealm(e, "PLUGIN_BAD_MODULE");
        this.noteError(slot.record, err);
        return this.failResult(name, t0, err);
      }
      if (def.name !== name) {
        const err = new RealmError("PLUGIN_BAD_MODULE", `folder ${slot.record.dir} now declares plugin ${def.name}, not ${name}`);
        this.noteError(slot.record, err);
        return this.failResult(name, t0, err);
      }
      const err = await this.loadGeneration(slot, def);
      if (!err) slot.record.reloads++;
      return err ? this.failResult(name, t0, err) : { ok: true, plugin: name, ms: performance.now() - t0, generation: slot.record.generation };
    });
  }

  async enable(name: string): Promise<ReloadResult> {
    const slot = this.slots.get(name);
    if (slot?.record.state === "active") return { ok: true, plugin: name, ms: 0, generation: slot.record.generation };
    if (slot) slot.faults = [];
    return this.reload(name);
  }

  /** Unloads a plugin; refused while an active plugin requires it. */
  async disable(name: string, reason = "disabled by operator"): Promise<{ ok: boolean; message: string }> {
    return this.serial(async () => {
      const slot = this.slots.get(name);
      if (!slot) return { ok: false, message: `no plugin named ${name}` };
      const users = [...this.slots.values()].filter((s) => s.record.state === "active" && s.gen && Object.keys(s.gen.def.requires ?? {}).includes(name)).map((s) => s.record.name);
      if (users.length) return { ok: false, message: `${users.join(", ")} require${users.length === 1 ? "s" : ""} ${name}; disable ${users.length === 1 ? "it" : "them"} first` };
      await this.unload(slot, "disabled");
      this.o.log.info({ plugin: name, reason }, "plugin disabled");
      return { ok: true, message: `${name} disabled` };
    });
  }

  /** Reports a fault from a handler, hook or timer; disables the plugin past the threshold. */
  fault(plugin: string, where: string, entity: string | undefined, err: unknown): void {
    const slot = this.slots.get(plugin);
    this.o.log.error({ plugin, hook: where, entity, err }, "plugin fault");
    if (!slot) return;
    const now = this.o.clock.now();
    slot.record.errors.push({ at: now, where, message: describeError(err) });
    if (slot.record.errors.length > 100) slot.record.errors.splice(0, slot.record.errors.length - 100);
    slot.record.lastError = { code: "PLUGIN_FAULT", message: `${where}: ${describeError(err)}`, at: now };
    const win = this.o.faultWindowMs ?? 60_000;
    slot.faults = slot.faults.filter((t) => now - t < win);
    slot.faults.push(now);
    if (slot.faults.length >= (this.o.faultThreshold ?? 5) && slot.record.state === "active") {
      const text = `plugin ${plugin} faulted ${slot.faults.length} times within ${Math.round(win / 1000)} s and was disabled (last: ${where}: ${describeError(err)})`;
      void this.serial(() => this.unload(slot, "faulted")).then(() => {
        slot.record.lastError = { code: "PLUGIN_DISABLED_FAULTS", message: text, at: this.o.clock.now() };
        this.o.notifyAdmins?.(text);
      });
    }
  }

  /** Watches the plugin folders and reloads what changes (debounced). */
  watch(debounceMs = 250): () => void {
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    for (const d of this.o.dirs) {
      const dir = resolve(d);
      if (!existsSync(dir)) continue;
      try {
        const w = watch(dir, { recursive: true }, (_ev, file) => {
          if (!file) return;
          const folder = String(file).split(/[\\/]/)[0]!;
          if (!folder || folder.startsWith(".")) return;
          const pdir = join(dir, folder);
          clearTimeout(timers.get(pdir));
          timers.set(
            pdir,
            setTimeout(() => {
              timers.delete(pdir);
              void this.onFolderChanged(pdir);
            }, debounceMs),
          );
        });
        this.watchers.push(w);
      } catch (e) {
        this.o.log.warn({ err: e, dir }, "cannot watch plugin folder");
      }
    }
    return () => {
      for (const w of this.watchers) w.close();
      this.watchers = [];
      for (const t of timers.values()) clearTimeout(t);
    };
  }

  private async onFolderChanged(pdir: string): Promise<void> {
    const slot = [...this.slots.values()].find((s) => s.record.dir === pdir);
    const entry = ENTRY_FILES.map((f) => join(pdir, f)).find((f) => existsSync(f));
    if (!entry) {
      if (slot && slot.record.state === "active") {
        await this.serial(() => this.unload(slot, "disabled"));
        this.o.log.info({ plugin: slot.record.name }, "plugin folder removed; unloaded");
      }
      return;
    }
    if (slot) {
      if (slot.record.state === "disabled" && this.o.disabled?.includes(slot.record.name)) return;
      const r = await this.reload(slot.record.name);
      this.o.log.info({ plugin: r.plugin, ok: r.ok, ms: Math.round(r.ms), error: r.error }, "plugin reloaded (file change)");
      return;
    }
    // a new folder: load it under its declared name
    await this.serial(async () => {
      const rec = this.blankRecord(pdir.split(sep).pop()!, pdir, entry);
      let def: PluginModule;
      try {
        def = await this.importFresh(rec);
      } catch (e) {
        this.o.log.error({ err: e, dir: pdir }, "new plugin folder does not load");
        return;
      }
      rec.name = def.name;
      if (this.slots.has(def.name)) {
        this.o.log.error({ dir: pdir, plugin: def.name }, "new plugin folder duplicates an existing plugin name");
        return;
      }
      const err = await this.loadGeneration(this.slotFor(rec), def);
      this.o.log.info({ plugin: def.name, ok: !err, error: err?.message }, "new plugin loaded (folder added)");
    });
  }

  async stopAll(): Promise<void> {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    await this.serial(async () => {
      for (const slot of [...this.slots.values()].sort((a, b) => b.order - a.order)) await this.unload(slot, "disabled");
    });
    await this.root.dispose();
  }

  // ------------------------------------------------------------------ internals

  /** One load/reload/unload at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.busy.then(fn, fn);
    this.busy = next.catch(() => {});
    return next;
  }

  /** Imports a plugin's entry with every module file under its folder freshly loaded. */
  private async importFresh(rec: PluginRecord): Promise<PluginModule> {
    const prefix = resolve(rec.dir) + sep;
    for (const key of Object.keys(require.cache)) if (key.startsWith(prefix)) delete require.cache[key];
    const mod = (await import(rec.entry)) as Record<string, unknown>;
    const def = (mod.default ?? mod.plugin) as PluginModule | undefined;
    if (!def || typeof def !== "object" || typeof def.setup !== "function" || typeof def.name !== "string" || typeof def.version !== "string") {
      throw new RealmError("PLUGIN_BAD_MODULE", `${rec.entry} does not export a definePlugin() result as default`);
    }
    return def;
  }

  private describe(rec: PluginRecord, def: PluginModule): void {
    rec.version = def.version;
    rec.description = def.description ?? "";
    rec.requires = { ...(def.requires ?? {}) };
  }

  private checkRequires(def: PluginModule): RealmError | undefined {
    for (const [dep, range] of Object.entries(def.requires ?? {})) {
      const s = this.slots.get(dep);
      if (!s || s.record.state !== "active" || !s.gen) {
        return new RealmError("PLUGIN_MISSING_DEPENDENCY", `plugin ${def.name} requires ${dep} ${range}, which is ${s ? s.record.state : "not installed"}`, { dependency: dep });
      }
      if (!satisfies(s.gen.def.version, range)) {
        return new RealmError("PLUGIN_BAD_VERSION", `plugin ${def.name} requires ${dep} ${range}, but ${dep} is ${s.gen.def.version}`, { dependency: dep });
      }
    }
    return undefined;
  }

  private checkConfig(def: PluginModule): { value: unknown } | RealmError {
    const raw = this.o.settings?.[def.name];
    if (!def.config) return { value: raw ?? {} };
    const issues: Issue[] = [];
    const value = def.config.check(raw ?? {}, `plugins.settings.${def.name}`, issues);
    if (issues.length) return new RealmError("PLUGIN_BAD_CONFIG", `plugin ${def.name} settings: ${issues.map((i) => i.message).join("; ")}`, { issues });
    return { value };
  }

  /** Sets up a new generation and swaps it in; returns the error that kept the old one. */
  private async loadGeneration(slot: Slot, def: PluginModule): Promise<RealmError | undefined> {
    const rec = slot.record;
    this.describe(rec, def);
    const depErr = this.checkRequires(def);
    if (depErr) return this.recordFailure(rec, depErr, slot.gen !== undefined);
    const cfg = this.checkConfig(def);
    if (cfg instanceof RealmError) return this.recordFailure(rec, cfg, slot.gen !== undefined);

    const old = slot.gen;
    let restored: unknown;
    try {
      restored = old?.instance?.snapshot?.();
    } catch (e) {
      this.o.log.warn({ err: e, plugin: def.name }, "snapshot of the old generation failed; starting fresh");
    }
    const gen: Generation = {
      id: ++this.genCounter,
      def,
      scope: this.root.child(`${def.name}#${this.genCounter}`),
      regs: new Set(),
      starters: new Set(),
      instance: undefined,
      active: false,
    };
    const handle = this.handleFor(slot, gen, cfg.value, restored);
    try {
      const ctx = this.o.makeContext(handle);
      const inst = await withTimeout((def.setup as (c: unknown) => unknown)(ctx), this.o.setupTimeoutMs ?? 10_000, `${def.name} setup`);
      gen.instance = inst && typeof inst === "object" ? (inst as PluginInstanceLike) : undefined;
      const conflict = this.findConflict(gen, def.name);
      if (conflict) throw conflict;
      if (gen.instance?.health) {
        const ok = await withTimeout(Promise.resolve(gen.instance.health()), this.o.setupTimeoutMs ?? 10_000, `${def.name} health`);
        if (ok === false) throw new RealmError("PLUGIN_HEALTH_FAILED", `plugin ${def.name} reported unhealthy after setup`);
      }
    } catch (e) {
      await gen.scope.dispose();
      const code: ErrorCode = e instanceof RealmError && e.code.startsWith("PLUGIN_") ? e.code : "PLUGIN_SETUP_FAILED";
      const err = new RealmError(code, `plugin ${def.name} ${code === "PLUGIN_SETUP_FAILED" ? "setup threw" : "failed"}: ${describeError(e)}${old ? "; the previous generation keeps serving" : ""}`);
      return this.recordFailure(rec, err, old !== undefined);
    }

    // swap: one assignment of the merged tables, then start the new, then stop the old
    if (old) old.active = false;
    gen.active = true;
    slot.gen = gen;
    rec.state = "active";
    rec.generation = gen.id;
    rec.loadedAt = this.o.clock.now();
    rec.lastError = undefined;
    this.rebuild();
    for (const st of gen.starters) this.startOne(gen, st);
    if (old) await old.scope.dispose();
    return undefined;
  }

  private startOne(gen: Generation, st: { start: () => (() => void) | void; stop?: (() => void) | void; done: boolean }): void {
    if (st.done) return;
    try {
      st.stop = st.start();
    } catch (e) {
      this.fault(gen.def.name, "start", undefined, e);
    }
  }

  private handleFor(slot: Slot, gen: Generation, config: unknown, restored: unknown): GenerationHandle {
    return {
      plugin: gen.def.name,
      version: gen.def.version,
      generation: gen.id,
      config,
      restored,
      scope: gen.scope,
      register: (table, key, value) => {
        const reg = { table, key, value };
        if (gen.active) {
          const opts = this.tableOpts.get(table);
          if (opts?.unique) {
            const holder = this.entries(table, key).find((e) => e.plugin !== gen.def.name);
            if (holder) throw new RealmError("PLUGIN_SETUP_FAILED", `${table} ${key} is already registered by plugin ${holder.plugin}`);
          }
        }
        gen.regs.add(reg);
        if (gen.active) this.rebuild();
        return gen.scope.add(() => {
          if (gen.regs.delete(reg) && gen.active) this.rebuild();
        });
      },
      defer: (start) => {
        const st: { start: () => (() => void) | void; stop?: (() => void) | void; done: boolean } = { start, done: false };
        gen.starters.add(st);
        if (gen.active) this.startOne(gen, st);
        return gen.scope.add(() => {
          st.done = true;
          gen.starters.delete(st);
          const stop = st.stop;
          st.stop = undefined;
          if (typeof stop === "function") stop();
        });
      },
    };
  }

  /** A unique-table key the new generation takes from another active plugin. */
  private findConflict(gen: Generation, name: string): RealmError | undefined {
    for (const r of gen.regs) {
      if (!this.tableOpts.get(r.table)?.unique) continue;
      const holder = this.entries(r.table, r.key).find((e) => e.plugin !== name);
      if (holder) return new RealmError("PLUGIN_SETUP_FAILED", `${r.table} ${r.key} is already registered by plugin ${holder.plugin}`);
    }
    return undefined;
  }

  private rebuild(): void {
    const next = new Map<string, Map<string, TableEntry[]>>();
    for (const slot of [...this.slots.values()].sort((a, b) => a.order - b.order)) {
      const g = slot.gen;
      if (!g || !g.active) continue;
      for (const r of g.regs) {
        let t = next.get(r.table);
        if (!t) next.set(r.table, (t = new Map()));
        const l = t.get(r.key);
        const e = { plugin: slot.record.name, key: r.key, value: r.value };
        if (l) l.push(e);
        else t.set(r.key, [e]);
      }
    }
    this._tables = next;
    this.o.onSwap?.(next);
  }

  private async unload(slot: Slot, state: PluginState): Promise<void> {
    const g = slot.gen;
    slot.gen = undefined;
    slot.record.state = state;
    if (g) {
      g.active = false;
      this.rebuild();
      await g.scope.dispose();
    }
  }

  private noteError(rec: PluginRecord, err: RealmError): void {
    rec.lastError = { code: err.code, message: err.message, at: this.o.clock.now() };
    rec.errors.push({ at: this.o.clock.now(), where: "load", message: err.message });
  }

  private recordFailure(rec: PluginRecord, err: RealmError, keepState = false): RealmError {
    this.noteError(rec, err);
    if (!keepState) {
      rec.state = "failed";
      this.slotFor(rec);
    }
    this.o.log.error({ plugin: rec.name, code: err.code }, err.message);
    this.o.notifyAdmins?.(err.message);
    return err;
  }

  private failResult(name: string, t0: number, err: RealmError): ReloadResult {
    return { ok: false, plugin: name, ms: performance.now() - t0, generation: this.slots.get(name)?.record.generation ?? 0, error: { code: err.code, message: err.message } };
  }
}

function asRealm(e: unknown, code: ErrorCode): RealmError {
  return e instanceof RealmError ? e : new RealmError(code, describeError(e));
}

async function withTimeout<T>(p: T | Promise<T>, ms: number, what: string): Promise<T> {
  if (!(p instanceof Promise)) return p;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new RealmError("PLUGIN_SETUP_FAILED", `${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
