// The orchestrator role of a process: every replica competes for the realm's leadership
// lease (`orchestrator:r<realm>`: a PostgreSQL advisory lock in cluster mode, always held
// in embedded mode). Only the leader serves `r<realm>.orch.*`, watches world hosts and
// runs the world driver; a replica that loses the lease stops serving at once, and the
// one that takes it loads the placements from the store's registry.
//
// World processes outlive a change of leader: the process driver's children keep running
// when their orchestrator loses the lease (or dies), and a new leader counts the live
// hosts it hears before starting any of its own, so it keeps `orchestrator.worldProcesses`
// hosts in total rather than adding its own set.
import type { RealmConfig } from "../kernel/config.ts";
import type { Metrics } from "../kernel/metrics.ts";
import type { WorldHeartbeat } from "../bus/world-requests.ts";
import type { DriverEvents, DriverHost, WorldDriver } from "./drivers/index.ts";
import { LeaderElector } from "./leader.ts";
import { Orchestrator, type OrchestratorDeps } from "./orchestrator.ts";

export interface OrchestratorRoleDeps extends Omit<OrchestratorDeps, "config" | "heartbeatMs"> {
  config: RealmConfig;
  metrics: Metrics;
  /** how world processes are obtained; created with the events `driverEvents()` returns */
  driver?: (events: DriverEvents) => WorldDriver;
}

export class OrchestratorRole {
  /** the leader's orchestrator (undefined while this replica follows) */
  current: Orchestrator | undefined;
  private elector: LeaderElector | undefined;
  private driver: WorldDriver | undefined;
  private leaderGauge;
  private changes: Promise<void> = Promise.resolve();
  private settle: ReturnType<typeof setTimeout> | undefined;

  constructor(private d: OrchestratorRoleDeps) {
    this.leaderGauge = d.metrics.gauge("realm_orchestrator_leader", "1 while this process is the realm's orchestrator leader");
    this.driver = d.driver?.({
      onCrash: (h, code) => this.onCrash(h, code),
      onRestart: (h) => d.log.info({ host: h.id, restarts: h.restarts }, "world process restarted"),
    });
  }

  get isLeader(): boolean {
    return this.current !== undefined;
  }

  /** Live hosts taking players, least loaded first (empty on a follower). */
  liveHosts(): WorldHeartbeat[] {
    return this.current?.liveHosts() ?? [];
  }

  async start(): Promise<void> {
    const c = this.d.config;
    const lease = this.d.store.leadership(`orchestrator:r${c.realm.id}`);
    this.elector = new LeaderElector(lease, {
      intervalMs: c.orchestrator.leaseIntervalMs,
      log: this.d.log,
      // changes run one after the other: a quick lose/win cannot interleave two orchestrators
      onChange: (leading) => (this.changes = this.changes.then(() => (leading ? this.lead() : this.follow()))),
    });
    await this.elector.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.settle);
    await this.elector?.stop();
    await this.changes;
    await this.driver?.close();
  }

  private async lead(): Promise<void> {
    const c = this.d.config;
    const o = new Orchestrator({ ...this.d, config: c.orchestrator, heartbeatMs: c.world.heartbeatMs, onHostLost: () => void this.scale() });
    this.current = o;
    this.leaderGauge.set(1);
    await o.start();
    // after one heartbeat period the leader knows the hosts that are already running
    clearTimeout(this.settle);
    this.settle = setTimeout(() => void this.scale(), c.world.heartbeatMs + 500);
  }

  private async follow(): Promise<void> {
    clearTimeout(this.settle);
    this.current?.stop();
    this.current = undefined;
    this.leaderGauge.set(0);
  }

  /** Keeps `orchestrator.worldProcesses` hosts: the ones other processes run count. */
  private async scale(): Promise<void> {
    const want = this.d.config.orchestrator.worldProcesses;
    const o = this.current;
    if (!this.driver || !o || want <= 0 || this.driver.kind === "in-process") return;
    try {
      if (this.driver.kind === "kubernetes") return await this.driver.scale(want);
      const own = new Set((await this.driver.list()).map((h) => h.id));
      const others = [...o.hosts.keys()].filter((h) => !own.has(h) && o.isLive(h)).length;
      const n = Math.max(own.size, want - others);
      if (n !== own.size) this.d.log.info({ own: own.size, others, want, start: n - own.size }, "starting world processes");
      await this.driver.scale(n);
    } catch (e) {
      this.d.log.error({ err: e }, "world driver failed to scale");
    }
  }

  private onCrash(h: DriverHost, code: number | null): void {
    this.d.log.warn({ host: h.id, code }, "world process exited; the driver restarts it");
    void this.current?.hostLost(h.id, `process exited with code ${code}`);
  }
}
