// The host's named dispatch tables: (plugin, key, value) entries merged over every active
// generation. The merged view is rebuilt and replaced in one assignment, never mutated,
// so a dispatcher holding an entry list keeps a consistent view while a swap happens.
import { RealmError } from "../errors.ts";
import type { TableEntry, TableOptions, Tables } from "./types.ts";

export interface Registration {
  table: string;
  key: string;
  value: unknown;
}

export class DispatchTables {
  private opts = new Map<string, TableOptions>();
  private view: Tables = new Map();

  constructor(private onSwap?: (tables: Tables) => void) {}

  define(name: string, opts: TableOptions = {}): void {
    this.opts.set(name, opts);
  }

  get current(): Tables {
    return this.view;
  }

  entries<V>(table: string, key: string): readonly TableEntry<V>[] {
    return (this.view.get(table)?.get(key) ?? []) as readonly TableEntry<V>[];
  }

  /** A key of a unique table that the core or another active plugin already holds. */
  conflict(table: string, key: string, plugin: string): RealmError | undefined {
    const o = this.opts.get(table);
    if (!o?.unique) return undefined;
    const owner = o.reserved?.(key) ?? this.entries(table, key).find((e) => e.plugin !== plugin)?.plugin;
    return owner ? new RealmError("PLUGIN_CONFLICT", `${table} ${key} is already registered by ${owner === "core" ? "the core" : `plugin ${owner}`}`, { table, key, owner }) : undefined;
  }

  /** Rebuilds the merged view from the active generations, in plugin load order. */
  rebuild(active: Iterable<{ plugin: string; regs: Iterable<Registration> }>): void {
    const next = new Map<string, Map<string, TableEntry[]>>();
    for (const { plugin, regs } of active) {
      for (const r of regs) {
        let t = next.get(r.table);
        if (!t) next.set(r.table, (t = new Map()));
        const l = t.get(r.key);
        const e = { plugin, key: r.key, value: r.value };
        if (l) l.push(e);
        else t.set(r.key, [e]);
      }
    }
    this.view = next;
    this.onSwap?.(next);
  }
}
