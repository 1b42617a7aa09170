// Hook dispatch by declared kind, over the plugin host's "hook" table. Synchronous:
// hooks run on the world tick. A throwing handler is reported to the host (which
// disables a plugin that keeps faulting) and the dispatch goes on without it.
import type { HookDef, HookResult, HookRunner } from "../api/hooks.ts";
import type { PluginHost, TableEntry, Tables } from "../kernel/plugins/host.ts";

export const HOOK_TABLE = "hook";

type AnyHandler = (...a: unknown[]) => unknown;

type Entries = readonly TableEntry<AnyHandler>[];

export class HookDispatcher implements HookRunner {
  /** The host's merged tables last seen, and their hook table (the host replaces, never mutates, them). */
  private seen: Tables | undefined;
  private hooks: ReadonlyMap<string, Entries> | undefined;

  constructor(private host: PluginHost | undefined) {}

  has(hook: HookDef<any, any, any>): boolean {
    return (this.lookup(hook.name)?.length ?? 0) > 0;
  }

  private lookup(name: string): Entries | undefined {
    const t = this.host?.tables;
    if (t !== this.seen) {
      this.seen = t;
      this.hooks = t?.get(HOOK_TABLE) as ReadonlyMap<string, Entries> | undefined;
    }
    return this.hooks?.get(name);
  }

  run<H extends HookDef<any, any, any>>(hook: H, ...args: H extends HookDef<infer A, any, any> ? A : never): HookResult<H> {
    const entries = this.lookup(hook.name);
    if (!entries || entries.length === 0) return (hook.kind === "veto" ? true : hook.kind === "transform" ? args[0] : undefined) as HookResult<H>;
    switch (hook.kind) {
      case "notify":
        for (const e of entries) this.call(e.plugin, hook.name, e.value, args);
        return undefined as HookResult<H>;
      case "veto":
        for (const e of entries) if (this.call(e.plugin, hook.name, e.value, args) === false) return false as HookResult<H>;
        return true as HookResult<H>;
      case "transform": {
        let value: unknown = args[0];
        const rest = args.slice(1);
        for (const e of entries) {
          const next = this.call(e.plugin, hook.name, e.value, [value, ...rest]);
          if (next !== undefined) value = next;
        }
        return value as HookResult<H>;
      }
      case "first":
        for (const e of entries) {
          const r = this.call(e.plugin, hook.name, e.value, args);
          if (r !== undefined) return r as HookResult<H>;
        }
        return undefined as HookResult<H>;
    }
    return undefined as HookResult<H>;
  }

  private call(plugin: string, hook: string, fn: AnyHandler, args: unknown[]): unknown {
    try {
      const r = args.length === 1 ? fn(args[0]) : fn(...args);
      if (r instanceof Promise) {
        r.catch((e) => this.host?.fault(plugin, `hook ${hook}`, describeEntity(args[0]), e));
        this.host?.fault(plugin, `hook ${hook}`, describeEntity(args[0]), new Error("hook handlers must be synchronous; the returned Promise was ignored"));
        return undefined;
      }
      return r;
    } catch (e) {
      this.host?.fault(plugin, `hook ${hook}`, describeEntity(args[0]), e);
      return undefined;
    }
  }
}

function describeEntity(v: unknown): string | undefined {
  if (v && typeof v === "object") {
    const o = v as { name?: unknown; guid?: unknown; sender?: { name?: unknown } };
    if (typeof o.name === "string") return o.name;
    if (o.sender && typeof o.sender.name === "string") return o.sender.name;
    if (typeof o.guid === "number") return `guid ${o.guid}`;
  }
  return undefined;
}
