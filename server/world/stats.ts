// Tick statistics for metrics, `.server info`, the admin dashboard and the crowd bench.
import type { Histogram } from "prom-client";
import { MS_BUCKETS, type Metrics } from "../kernel/metrics.ts";
import type { WorldHost } from "./host.ts";
import type { MapInstance } from "./instance.ts";

const WINDOW = 600;

class Ring {
  private v = new Float64Array(WINDOW);
  private n = 0;
  push(x: number): void {
    this.v[this.n % WINDOW] = x;
    this.n++;
  }
  get count(): number {
    return this.n;
  }
  /** Samples with index >= k that are still in the window, and the next index. */
  since(k: number): { next: number; values: number[] } {
    const from = Math.max(k, this.n - WINDOW, 0);
    const values: number[] = [];
    for (let i = from; i < this.n; i++) values.push(this.v[i % WINDOW]!);
    return { next: this.n, values };
  }
  quantile(q: number): number {
    const len = Math.min(this.n, WINDOW);
    if (len === 0) return 0;
    const s = Array.from(this.v.subarray(0, len)).sort((a, b) => a - b);
    return s[Math.min(len - 1, Math.floor(q * len))]!;
  }
}

export class WorldStats {
  private tickH: Histogram<string>;
  private lateH: Histogram<string>;
  private ticks = new Ring();
  private late = new Ring();
  private perInstance = new Map<string, Ring>();
  private rejects;
  private resumeH: Histogram<string>;
  private tickListeners = new Set<(ms: number, lateness: number) => void>();

  constructor(
    m: Metrics,
    private host: WorldHost,
  ) {
    this.tickH = m.histogram("realm_world_tick_ms", "world tick duration", MS_BUCKETS);
    this.lateH = m.histogram("realm_world_tick_lateness_ms", "how late a tick started", MS_BUCKETS);
    this.resumeH = m.histogram("realm_world_resume_ms", "a resumed character: from this host's resume to the client's MSG_MOVE_WORLDPORT_ACK", MS_BUCKETS);
    this.rejects = m.counter("realm_world_rejected_packets_total", "client packets the world refused or corrected", ["reason"]);
    m.gauge("realm_world_players", "players in the world on this host", [], (g) => g.set(host.byGuid.size));
    m.gauge("realm_world_instances", "map instances on this host", [], (g) => g.set(host.instances.size));
  }

  recordTick(ms: number, lateness: number): void {
    this.tickH.observe(ms);
    this.lateH.observe(Math.max(0, lateness));
    this.ticks.push(ms);
    this.late.push(Math.max(0, lateness));
    for (const fn of this.tickListeners) fn(ms, Math.max(0, lateness));
  }

  /** Calls `fn` with every tick's duration and start lateness (benchmarks); returns the unsubscribe. */
  onTick(fn: (ms: number, lateness: number) => void): () => void {
    this.tickListeners.add(fn);
    return () => this.tickListeners.delete(fn);
  }

  recordInstance(inst: MapInstance, ms: number): void {
    let r = this.perInstance.get(inst.key);
    if (!r) this.perInstance.set(inst.key, (r = new Ring()));
    r.push(ms);
  }

  /** A character moved here from a lost host is back in the world after `ms`. */
  resumed(ms: number): void {
    this.resumeH.observe(ms);
  }

  /** Counts a refused or corrected packet. */
  rejected(reason: string): void {
    this.rejects.inc({ reason });
  }

  /** Tick durations and start lateness recorded since tick number `since` (at most the last 600); `next` continues. */
  ticksSince(since: number): { next: number; ms: number[]; late: number[] } {
    const a = this.ticks.since(since);
    return { next: a.next, ms: a.values, late: this.late.since(since).values };
  }

  tickP99(): number {
    return this.ticks.quantile(0.99);
  }

  snapshot() {
    return {
      host: this.host.nodeId,
      players: this.host.byGuid.size,
      tick: { p50: this.ticks.quantile(0.5), p99: this.ticks.quantile(0.99), latenessP99: this.late.quantile(0.99) },
      instances: [...this.host.instances.values()].map((i) => {
        const r = this.perInstance.get(i.key);
        return { map: i.map, instanceId: i.instanceId, players: i.players.size, creatures: i.creatures.length, radius: Math.round(i.radius), tickP50: r?.quantile(0.5) ?? 0, tickP99: r?.quantile(0.99) ?? 0 };
      }),
    };
  }
}
