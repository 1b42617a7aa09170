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
import { describeError, RealmError, type ErrorCode } from "../errors.ts";
import { Scope } from "../scope.ts";
import { asRealm, blankRecord, checkConfig, checkDependents, checkRequires, discoverFolders, entryOf, importFresh, loadOrder, withTimeout } from "./loader.ts";
import { Generation, type GenerationHost } from "./generation.ts";
import { DispatchTables } from "./tables.ts";
import type { PluginHostOptions, PluginInstanceLike, PluginModule, PluginRecord, PluginState, ReloadResult, TableEntry, TableOptions, Tables } from "./types.ts";
import { watchPluginDirs } from "./watcher.ts";

export type * from "./types.ts";

interface Slot {
  record: PluginRecord;
  gen: Generation | undefined;
  faults: number[];
  order: number;
}

export class PluginHost {
  private slots = new Map<string, Slot>();
  /** Folders refused before they could have a slot (a second folder with a taken name). */
  private rejected: PluginRecord[] = [];
  private tbl: DispatchTables;
  private genCounter = 0;
  private orderCounter = 0;
  private stopWatch: (() => void) | undefined;
  private busy: Promise<unknown> = Promise.resolve();
  readonly root = new Scope("plugins");
  /**
   * Made once, here: a closure made inside the async loadGeneration would capture its
   * whole environment (locals live across awaits there), `old` included, and chain every
   * generation to the next one (found by the 100-reload heap test).
   */
  private readonly genHost: GenerationHost = {
    rebuild: () => this.rebuild(),
    conflict: (t, k, p) => this.tbl.conflict(t, k, p),
    fault: (p, w, e, err) => this.fault(p, w, e, err),
  };

  constructor(private o: PluginHostOptions) {
    this.root.onError = (e, where) => o.log.error({ err: e, where }, "plugin disposer failed");
    this.tbl = new DispatchTables(o.onSwap);
  }

  /** The merged dispatch view; replaced (never mutated) on every change. */
  get tables(): Tables {
    return this.tbl.current;
  }

  defineTable(name: string, opts: TableOptions = {}): void {
    this.tbl.define(name, opts);
  }

  /** Entries of one table key, in plugin load order. */
  entries<V>(table: string, key: string): readonly TableEntry<V>[] {
    return this.tbl.entries<V>(table, key);
  }

  list(): PluginRecord[] {
    const copy = (r: PluginRecord) => ({ ...r, errors: r.errors.slice(-20) });
    return [...[...this.slots.values()].sort((a, b) => a.order - b.order).map((s) => copy(s.record)), ...this.rejected.map(copy)];
  }

  get(name: string): PluginRecord | undefined {
    return this.slots.get(name)?.record;
  }

  /** Scans the plugin folders; returns what it found (does not load). */
  discover(): PluginRecord[] {
    return discoverFolders(this.o.dirs);
  }

  /** Loads every discovered plugin in dependency order. Failures are recorded, not thrown. */
  async startAll(): Promise<PluginRecord[]> {
    return this.serial(async () => {
      const byName = new Map<string, { rec: PluginRecord; def: PluginModule }>();
      for (const rec of this.discover()) {
        let def: PluginModule;
        try {
          def = await importFresh(rec);
        } catch (e) {
          this.fail(this.slotFor(rec), asRealm(e, "PLUGIN_BAD_MODULE"));
          continue;
        }
        // identity is the plugin's declared name; a second folder with a taken name is refused
        const first = byName.get(def.name)?.rec ?? this.slots.get(def.name)?.record;
        if (first) {
          rec.name = def.name;
          this.describe(rec, def);
          this.reject(rec, new RealmError("PLUGIN_DUPLICATE", `two plugins are named ${def.name}: ${first.dir} and ${rec.dir}; ${rec.dir} is not loaded`));
          continue;
        }
        rec.name = def.name;
        byName.set(def.name, { rec, def });
      }
      const { order, cycles } = loadOrder(new Map([...byName].map(([n, v]) => [n, Object.keys(v.def.requires ?? {})])));
      for (const [name, path] of cycles) {
        const { rec, def } = byName.get(name)!;
        this.describe(rec, def);
        this.fail(this.slotFor(rec), new RealmError("PLUGIN_CYCLE", `plugins require each other in a cycle: ${path}`));
      }
      for (const name of order) {
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
        def = await importFresh(slot.record);
      } catch (e) {
        return this.failResult(name, t0, this.fail(slot, asRealm(e, "PLUGIN_BAD_MODULE")));
      }
      if (def.name !== name) {
        return this.failResult(name, t0, this.fail(slot, new RealmError("PLUGIN_BAD_MODULE", `folder ${slot.record.dir} now declares plugin ${def.name}, not ${name}`)));
      }
      const err = await this.loadGeneration(slot, def);
      if (err) return this.failResult(name, t0, err);
      slot.record.reloads++;
      return { ok: true, plugin: name, ms: performance.now() - t0, generation: slot.record.generation };
    });
  }

  /** Loads a disabled, failed or faulted plugin (fault count reset). */
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
      const users = this.dependentsOf(name).map((d) => d.name);
      if (users.length) return { ok: false, message: `${users.join(", ")} require${users.length === 1 ? "s" : ""} ${name}; disable ${users.length === 1 ? "it" : "them"} first` };
      await this.unload(slot, "disabled");
      this.o.log.info({ plugin: name, reason }, "plugin disabled");
      return { ok: true, message: `${name} disabled` };
    });
  }

  /**
   * Reports a fault from a handler, hook or timer. Past the threshold within the window
   * the plugin leaves the dispatch tables at once (the next event no longer reaches
   * it), its scope is disposed, and the admins are told once.
   */
  fault(plugin: string, where: string, entity: string | undefined, err: unknown): void {
    const slot = this.slots.get(plugin);
    this.o.log.error({ plugin, hook: where, entity, err }, "plugin fault");
    if (!slot) return;
    const now = this.o.clock.now();
    slot.record.errors.push({ at: now, where: entity ? `${where} (${entity})` : where, message: describeError(err) });
    if (slot.record.errors.length > 100) slot.record.errors.splice(0, slot.record.errors.length - 100);
    if (slot.record.state === "active") slot.record.lastError = { code: "PLUGIN_FAULT", message: `${where}: ${describeError(err)}`, at: now };
    const win = this.o.faultWindowMs ?? 60_000;
    slot.faults = slot.faults.filter((t) => now - t < win);
    slot.faults.push(now);
    const g = slot.gen;
    if (slot.faults.length < (this.o.faultThreshold ?? 5) || slot.record.state !== "active" || !g) return;
    const text = `plugin ${plugin} faulted ${slot.faults.length} times within ${Math.round(win / 1000)} s and was disabled (last: ${where}${entity ? ` (${entity})` : ""}: ${describeError(err)}); .plugin enable ${plugin} loads it again`;
    slot.gen = undefined;
    slot.record.state = "faulted";
    slot.record.lastError = { code: "PLUGIN_DISABLED_FAULTS", message: text, at: now };
    g.active = false;
    this.rebuild();
    void this.serial(() => g.scope.dispose());
    this.o.log.error({ plugin, code: "PLUGIN_DISABLED_FAULTS" }, text);
    this.o.notifyAdmins?.(text);
  }

  /** Watches the plugin folders: a changed plugin reloads, a new folder loads, a removed one unloads. */
  watch(debounceMs = 250): () => void {
    this.stopWatch?.();
    const stop = watchPluginDirs(this.o.dirs, (dir) => void this.onFolderChanged(dir), this.o.log, debounceMs);
    this.stopWatch = stop;
    return () => {
      stop();
      if (this.stopWatch === stop) this.stopWatch = undefined;
    };
  }

  /** What the watcher does with a changed folder (public for tests and tools). */
  async onFolderChanged(pdir: string): Promise<void> {
    const slot = [...this.slots.values()].find((s) => s.record.dir === pdir);
    const entry = entryOf(pdir);
    if (!entry) {
      if (slot?.gen) {
        await this.serial(() => this.unload(slot, "disabled"));
        this.o.log.info({ plugin: slot.record.name }, "plugin folder removed; unloaded");
      }
      return;
    }
    if (slot) {
      // a plugin the operator (or the config) disabled stays disabled until `.plugin enable`
      if (slot.record.state === "disabled") return;
      const r = await this.reload(slot.record.name);
      this.o.log.info({ plugin: r.plugin, ok: r.ok, ms: Math.round(r.ms), error: r.error }, "plugin reloaded (file change)");
      return;
    }
    if (this.rejected.some((r) => r.dir === pdir)) return;
    await this.serial(async () => {
      const rec = blankRecord(pdir.split(/[\\/]/).pop()!, pdir, entry);
      let def: PluginModule;
      try {
        def = await importFresh(rec);
      } catch (e) {
        // often a folder still being copied: the next change event tries again
        this.o.log.warn({ err: e, dir: pdir }, "new plugin folder does not load (yet)");
        return;
      }
      rec.name = def.name;
      if (this.slots.has(def.name)) {
        this.describe(rec, def);
        this.reject(rec, new RealmError("PLUGIN_DUPLICATE", `two plugins are named ${def.name}: ${this.slots.get(def.name)!.record.dir} and ${pdir}; ${pdir} is not loaded`));
        return;
      }
      const err = await this.loadGeneration(this.slotFor(rec), def);
      this.o.log.info({ plugin: def.name, ok: !err, error: err?.message }, "new plugin loaded (folder added)");
    });
  }

  async stopAll(): Promise<void> {
    this.stopWatch?.();
    this.stopWatch = undefined;
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

  private slotFor(rec: PluginRecord): Slot {
    let s = this.slots.get(rec.name);
    if (!s) {
      s = { record: rec, gen: undefined, faults: [], order: this.orderCounter++ };
      this.slots.set(rec.name, s);
    }
    return s;
  }

  private describe(rec: PluginRecord, def: PluginModule): void {
    rec.version = def.version;
    rec.description = def.description ?? "";
    rec.requires = { ...(def.requires ?? {}) };
  }

  /** Active plugins whose `requires` name `name`. */
  private dependentsOf(name: string): { name: string; requires: Record<string, string> }[] {
    return [...this.slots.values()].filter((s) => s.gen && name in (s.gen.def.requires ?? {})).map((s) => ({ name: s.record.name, requires: s.gen!.def.requires ?? {} }));
  }

  /** Sets up a new generation and swaps it in; returns the error that kept the old one. */
  private async loadGeneration(slot: Slot, def: PluginModule): Promise<RealmError | undefined> {
    const rec = slot.record;
    const old = slot.gen;
    if (!old) this.describe(rec, def);
    const depErr = checkRequires(def, (n) => {
      const s = this.slots.get(n);
      return s && { state: s.record.state, version: s.gen?.def.version };
    });
    if (depErr) return this.fail(slot, depErr);
    const revErr = checkDependents(def, this.dependentsOf(def.name));
    if (revErr) return this.fail(slot, revErr);
    const cfg = checkConfig(def, this.o.settings?.[def.name]);
    if (cfg instanceof RealmError) return this.fail(slot, cfg);

    let restored: unknown;
    try {
      restored = old?.instance?.snapshot?.();
    } catch (e) {
      this.o.log.warn({ err: e, plugin: def.name }, "snapshot of the old generation failed; starting fresh");
    }
    const id = ++this.genCounter;
    const gen = new Generation(id, def, this.root.child(`${def.name}#${id}`), this.genHost);
    const timeout = this.o.setupTimeoutMs ?? 10_000;
    try {
      const ctx = this.o.makeContext(gen.handle(cfg.value, restored));
      const inst = await withTimeout((def.setup as (c: unknown) => unknown)(ctx), timeout, `${def.name} setup`);
      gen.instance = inst && typeof inst === "object" ? (inst as PluginInstanceLike) : undefined;
      for (const r of gen.regs) {
        const c = this.tbl.conflict(r.table, r.key, def.name);
        if (c) throw c;
      }
      if (gen.instance?.health) {
        let ok: boolean;
        try {
          ok = await withTimeout(Promise.resolve(gen.instance.health()), timeout, `${def.name} health check`, "PLUGIN_HEALTH_FAILED");
        } catch (e) {
          throw new RealmError("PLUGIN_HEALTH_FAILED", `health check threw: ${describeError(e)}`);
        }
        if (ok === false) throw new RealmError("PLUGIN_HEALTH_FAILED", "health check reported unhealthy after setup");
      }
    } catch (e) {
      await gen.scope.dispose();
      const code: ErrorCode = e instanceof RealmError && e.code.startsWith("PLUGIN_") ? e.code : "PLUGIN_SETUP_FAILED";
      const what = code === "PLUGIN_SETUP_FAILED" && !(e instanceof RealmError) ? "setup threw: " : "";
      const detail = e instanceof RealmError && e.code === code ? e.message : describeError(e);
      return this.fail(slot, new RealmError(code, `plugin ${def.name} ${def.version}: ${what}${detail}${old ? "; the previous generation keeps serving" : ""}`));
    }

    // swap: one assignment of the merged tables, then start the new, then stop the old
    if (old) old.active = false;
    gen.active = true;
    slot.gen = gen;
    this.describe(rec, def);
    rec.state = "active";
    rec.generation = gen.id;
    rec.loadedAt = this.o.clock.now();
    rec.lastError = undefined;
    this.rebuild();
    gen.startDeferred();
    if (old) await old.scope.dispose();
    return undefined;
  }

  private rebuild(): void {
    const active = [...this.slots.values()].filter((sl) => sl.gen?.active).sort((a, b) => a.order - b.order);
    this.tbl.rebuild(active.map((sl) => ({ plugin: sl.record.name, regs: sl.gen!.regs })));
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

  private note(rec: PluginRecord, err: RealmError): void {
    const at = this.o.clock.now();
    rec.lastError = { code: err.code, message: err.message, at };
    rec.errors.push({ at, where: "load", message: err.message });
    if (rec.errors.length > 100) rec.errors.splice(0, rec.errors.length - 100);
    this.o.log.error({ plugin: rec.name, code: err.code }, err.message);
    this.o.notifyAdmins?.(err.message);
  }

  /** Records a load failure; a plugin with a serving generation stays active. */
  private fail(slot: Slot, err: RealmError): RealmError {
    this.note(slot.record, err);
    if (!slot.gen) slot.record.state = "failed";
    return err;
  }

  private reject(rec: PluginRecord, err: RealmError): void {
    rec.state = "failed";
    this.note(rec, err);
    this.rejected = [...this.rejected.filter((r) => r.dir !== rec.dir), rec];
  }

  private failResult(name: string, t0: number, err: RealmError): ReloadResult {
    return { ok: false, plugin: name, ms: performance.now() - t0, generation: this.slots.get(name)?.record.generation ?? 0, error: { code: err.code, message: err.message } };
  }
}
