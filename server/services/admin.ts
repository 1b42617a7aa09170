// GM commands, the command list and the plugin list for processes that host no plugins
// (a web-only process in cluster mode): every services host answers requests on
// `r<realm>.admin.req` in one queue group, so one of them runs each request with its
// command registry. The asking side (`RemoteAdmin`) keeps the two lists as snapshots,
// refreshed in the background, because the web plane reads them synchronously.
import type { CommandInvoker } from "../api/plugin.ts";
import type { Bus, Subscription } from "../bus/port.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import { describeError } from "../kernel/errors.ts";
import type { Logger } from "../kernel/logger.ts";
import type { PluginRuntime } from "./runtime.ts";

export type AdminBy = { level: number; actor: string; accountId: number; ip?: string };

export type AdminRequest = { op: "command"; line: string; by: AdminBy } | { op: "commands" } | { op: "plugins" };

export type CommandInfo = { name: string; level: number; usage?: string; help: string };
export type CommandResult = { ok: boolean; code?: string; lines: string[] };
export type PluginInfo = ReturnType<PluginRuntime["host"]["list"]>[number];

/** The services host's side: answers admin requests with its own registry and plugin host. */
export class AdminResponder {
  private sub: Subscription | undefined;

  constructor(private o: { realmId: number; bus: Bus; runtime: PluginRuntime; log: Logger }) {}

  start(): void {
    this.sub = this.o.bus.subscribe(Subjects.adminRequests(this.o.realmId), (m) => void this.answer(m.data).then((r) => this.o.bus.respond(m, jsonBytes(r))), { queue: "admin" });
  }

  stop(): void {
    this.sub?.unsubscribe();
  }

  private async answer(data: Uint8Array): Promise<unknown> {
    let req: AdminRequest;
    try {
      req = parseJson<AdminRequest>(data);
    } catch {
      return { ok: false, code: "CMD_FAILED", lines: ["malformed request"] };
    }
    const rt = this.o.runtime;
    if (req.op === "commands") return rt.commands.list(4).map((d): CommandInfo => ({ name: d.name, level: d.level, usage: d.usage, help: d.help }));
    if (req.op === "plugins") return rt.host.list();
    const lines: string[] = [];
    const by = req.by;
    const inv: CommandInvoker = { kind: "web", level: Number(by.level) || 0, actor: String(by.actor), accountId: Number(by.accountId) || 0, ip: by.ip, reply: (l) => void lines.push(l) };
    try {
      const out = await rt.commands.run(String(req.line), inv);
      return { ok: out.ok, code: out.code, lines } satisfies CommandResult;
    } catch (e) {
      this.o.log.warn({ err: e }, "remote command failed");
      return { ok: false, code: "CMD_FAILED", lines: [...lines, `command failed: ${describeError(e)}`] } satisfies CommandResult;
    }
  }
}

/** The asking side, for a process without a plugin host. */
export class RemoteAdmin {
  private commandList: CommandInfo[] = [];
  private pluginList: PluginInfo[] = [];
  private answeredAt = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private bus: Bus,
    private realmId: number,
    private refreshMs = 5000,
  ) {}

  start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** A services host answered within the last two refresh periods. */
  get reachable(): boolean {
    return this.answeredAt > 0 && Date.now() - this.answeredAt < 2 * this.refreshMs + 1000;
  }

  private async ask<T>(req: AdminRequest, timeoutMs = 5000): Promise<T> {
    const m = await this.bus.request(Subjects.adminRequests(this.realmId), jsonBytes(req), { timeoutMs });
    this.answeredAt = Date.now();
    return parseJson<T>(m.data);
  }

  async refresh(): Promise<void> {
    try {
      this.commandList = await this.ask<CommandInfo[]>({ op: "commands" });
      this.pluginList = await this.ask<PluginInfo[]>({ op: "plugins" });
    } catch {
      // no services host right now: keep the last snapshot
    }
  }

  commands(level: number): CommandInfo[] {
    return this.commandList.filter((c) => c.level <= level);
  }

  plugins(): PluginInfo[] {
    return this.pluginList;
  }

  async run(line: string, by: AdminBy): Promise<CommandResult> {
    try {
      return await this.ask<CommandResult>({ op: "command", line, by }, 30_000);
    } catch (e) {
      return { ok: false, code: "CMD_UNAVAILABLE", lines: [`No services host answered: ${describeError(e)}`] };
    }
  }
}
