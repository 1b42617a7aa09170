// The plugin runtime of one process: the plugin host, hook dispatch, the command
// registry, and the bus side of `.plugin reload` (in cluster mode every process that
// hosts plugins swaps and answers).
import type { PluginRecord, ReloadResult } from "../kernel/plugins/host.ts";
import { PluginHost } from "../kernel/plugins/host.ts";
import type { Bus, Subscription } from "../bus/port.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import { CommandRegistry, COMMAND_TABLE } from "../commands/registry.ts";
import type { RealmConfig } from "../kernel/config.ts";
import type { Clock } from "../kernel/clock.ts";
import type { Logger } from "../kernel/logger.ts";
import type { AuditLog } from "../ops/audit.ts";
import { makePluginContext, OPCODE_TABLE, WEB_API_TABLE, WEB_PAGE_TABLE, type PluginEnv } from "./context.ts";
import { HOOK_TABLE, HookDispatcher } from "./hooks.ts";

type PluginCommand = { op: "reload" | "enable" | "disable"; name: string; replyTo: string };
import type { PluginAnswer } from "../commands/core/deps.ts";
export type { PluginAnswer };

export interface RuntimeOptions {
  config: RealmConfig;
  nodeId: string;
  clock: Clock;
  log: Logger;
  bus: Bus;
  audit: AuditLog;
  /** everything plugins receive besides hooks (filled in by the composition root) */
  env: Omit<PluginEnv, "hooks">;
  /** plugin folders (default: config.plugins.dirs) */
  dirs?: string[];
}

export class PluginRuntime {
  readonly host: PluginHost;
  readonly hooks: HookDispatcher;
  readonly commands: CommandRegistry;
  private sub: Subscription | undefined;
  private stopWatch: (() => void) | undefined;
  private swapListeners = new Set<() => void>();

  constructor(private o: RuntimeOptions) {
    const cfg = o.config.plugins;
    this.host = new PluginHost({
      dirs: o.dirs ?? cfg.dirs,
      log: o.log.child({ module: "plugins" }),
      clock: o.clock,
      disabled: cfg.disabled,
      faultThreshold: cfg.faultThreshold,
      faultWindowMs: cfg.faultWindowMs,
      settings: cfg.settings,
      makeContext: (h) => makePluginContext(h, { ...o.env, hooks: this.hooks }, () => this.host),
      notifyAdmins: (t) => o.env.notifyAdmins(t),
      onSwap: () => {
        for (const l of this.swapListeners) l();
      },
    });
    this.host.defineTable(OPCODE_TABLE, { unique: true });
    this.host.defineTable(COMMAND_TABLE, { unique: true, reserved: (k) => (this.commands.isCore(k) ? "core" : undefined) });
    this.host.defineTable(HOOK_TABLE);
    this.host.defineTable(WEB_PAGE_TABLE, { unique: true });
    this.host.defineTable(WEB_API_TABLE, { unique: true });
    this.hooks = new HookDispatcher(this.host);
    this.commands = new CommandRegistry({ audit: o.audit, log: o.log.child({ module: "commands" }), plugins: this.host });
  }

  /** Called after every dispatch-table swap (routes re-announce, web routes refresh). */
  onSwap(fn: () => void): () => void {
    this.swapListeners.add(fn);
    return () => this.swapListeners.delete(fn);
  }

  async start(): Promise<PluginRecord[]> {
    const records = await this.host.startAll();
    this.sub = this.o.bus.subscribe(Subjects.plugins(this.o.config.realm.id), (m) => void this.onCommand(m.data));
    if (this.o.config.plugins.watch) this.stopWatch = this.host.watch();
    return records;
  }

  async stop(): Promise<void> {
    this.stopWatch?.();
    this.sub?.unsubscribe();
    await this.host.stopAll();
  }

  private async onCommand(data: Uint8Array): Promise<void> {
    let c: PluginCommand;
    try {
      c = parseJson<PluginCommand>(data);
    } catch {
      return;
    }
    let ans: PluginAnswer;
    if (c.op === "reload" || c.op === "enable") {
      const r: ReloadResult = c.op === "reload" ? await this.host.reload(c.name) : await this.host.enable(c.name);
      ans = { node: this.o.nodeId, op: c.op, name: c.name, ok: r.ok, ms: r.ms, message: r.error?.message };
    } else {
      const r = await this.host.disable(c.name);
      ans = { node: this.o.nodeId, op: c.op, name: c.name, ok: r.ok, message: r.message };
    }
    this.o.bus.publish(c.replyTo, jsonBytes(ans));
  }

  /**
   * Runs reload/enable/disable on every process that hosts plugins and collects their
   * answers (waits `settleMs` after the first answer for the others).
   */
  everywhere(op: PluginCommand["op"], name: string, timeoutMs = 15_000, settleMs = 300): Promise<PluginAnswer[]> {
    return pluginsEverywhere(this.o.bus, this.o.config.realm.id, this.o.nodeId, op, name, timeoutMs, settleMs);
  }
}

/**
 * Broadcasts reload/enable/disable to every process of the realm that hosts plugins and
 * collects their answers (waits `settleMs` after the latest answer for the others). Any
 * process can call it, one without a plugin host too (a web-only process).
 */
export function pluginsEverywhere(bus: Bus, realmId: number, nodeId: string, op: PluginCommand["op"], name: string, timeoutMs = 15_000, settleMs = 300): Promise<PluginAnswer[]> {
  const replyTo = `r${realmId}.plugins.reply.${nodeId}.${Math.random().toString(36).slice(2)}`;
  const answers: PluginAnswer[] = [];
  return new Promise((resolve) => {
    let settle: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(timer);
      clearTimeout(settle);
      sub.unsubscribe();
      resolve(answers);
    };
    const sub = bus.subscribe(replyTo, (m) => {
      answers.push(parseJson<PluginAnswer>(m.data));
      clearTimeout(settle);
      settle = setTimeout(done, settleMs);
    });
    const timer = setTimeout(done, timeoutMs);
    bus.publish(Subjects.plugins(realmId), jsonBytes({ op, name, replyTo } satisfies PluginCommand));
  });
}
