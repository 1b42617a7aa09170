// World processes on this machine: `bun server/main.ts --roles world` per host, with the
// realm's configuration passed through the environment and a node id per host. A host
// that exits without being asked is started again (with a short backoff).
import type { Subprocess } from "bun";
import { join } from "node:path";
import type { DriverEvents, DriverHost, WorldDriver } from "./driver.ts";

export interface ProcessDriverOptions extends DriverEvents {
  /** environment for the children (config through REALMCORE_* variables) */
  env: Record<string, string | undefined>;
  /** node ids are `${prefix}-${n}` */
  prefix: string;
  /** the command (default: bun server/main.ts --roles world --no-console) */
  command?: string[];
  /** where child stdout/stderr go (default: inherit) */
  stdio?: "inherit" | "ignore";
  restartDelayMs?: number;
  /** CPU pinning (taskset -c <cpus>) when available */
  cpus?: string;
  /** extra environment per host (e.g. its own data dir, so its ctl socket is its own) */
  hostEnv?: (id: string) => Record<string, string>;
}

interface Child {
  host: DriverHost;
  proc: Subprocess | undefined;
  wanted: boolean;
}

const MAIN = join(import.meta.dir, "..", "..", "main.ts");

export class ProcessDriver implements WorldDriver {
  readonly kind = "process" as const;
  private children = new Map<string, Child>();
  private next = 1;
  private closed = false;

  constructor(private o: ProcessDriverOptions) {}

  private spawn(c: Child): void {
    const base = this.o.command ?? [process.execPath, MAIN, "--roles", "world", "--no-console"];
    const cmd = this.o.cpus && Bun.which("taskset") ? ["taskset", "-c", this.o.cpus, ...base] : base;
    const proc = Bun.spawn(cmd, {
      env: { ...this.o.env, ...this.o.hostEnv?.(c.host.id), REALMCORE_NODE_ID: c.host.id, REALMCORE_ROLES: "world" },
      stdout: this.o.stdio ?? "inherit",
      stderr: this.o.stdio ?? "inherit",
      stdin: "ignore",
    });
    c.proc = proc;
    c.host.state = "running";
    c.host.ref = String(proc.pid);
    void proc.exited.then((code) => {
      if (c.proc !== proc) return;
      c.proc = undefined;
      c.host.state = "exited";
      if (!c.wanted || this.closed) return;
      this.o.onCrash?.(c.host, code);
      setTimeout(() => {
        if (!c.wanted || this.closed) return;
        c.host.restarts++;
        c.host.state = "starting";
        this.spawn(c);
        this.o.onRestart?.(c.host);
      }, this.o.restartDelayMs ?? 500);
    });
  }

  async scale(n: number): Promise<void> {
    const running = [...this.children.values()].filter((c) => c.wanted);
    for (let i = running.length; i < n; i++) {
      const id = `${this.o.prefix}-${this.next++}`;
      const c: Child = { host: { id, state: "starting", restarts: 0, ref: "" }, proc: undefined, wanted: true };
      this.children.set(id, c);
      this.spawn(c);
    }
    for (const c of running.slice(n)) await this.stop(c.host.id);
  }

  async list(): Promise<DriverHost[]> {
    return [...this.children.values()].filter((c) => c.wanted).map((c) => ({ ...c.host }));
  }

  /** The child process of a host (tests kill it with SIGKILL). */
  process(id: string): Subprocess | undefined {
    return this.children.get(id)?.proc;
  }

  async stop(id: string): Promise<void> {
    const c = this.children.get(id);
    if (!c) return;
    c.wanted = false;
    c.host.state = "stopping";
    const p = c.proc;
    if (p) {
      p.kill("SIGTERM");
      const t = setTimeout(() => p.kill("SIGKILL"), 30_000);
      await p.exited;
      clearTimeout(t);
    }
    c.host.state = "exited";
    this.children.delete(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.children.keys()].map((id) => this.stop(id)));
  }
}
