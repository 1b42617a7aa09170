// Liveness of peers that announce themselves on the bus (world hosts to the orchestrator,
// gateways to world hosts and to each other), measured on a monotonic clock: a peer is
// lost when it has been silent for `timeoutMs`. Silence the watcher caused itself does
// not count: while its own bus is disconnected, right after a reconnect, and after its
// own event loop stalled (a check came much later than planned), every peer gets a fresh
// start instead of being declared dead.
import type { Bus } from "./port.ts";

export interface LivenessOptions {
  timeoutMs: number;
  /** the watcher's bus: its health and reconnect count */
  bus?: Pick<Bus, "healthy" | "stats">;
  /** monotonic milliseconds (default performance.now) */
  now?: () => number;
  /** checks spaced further apart than this mean the watcher stalled (default timeoutMs / 2) */
  stallMs?: number;
}

/** How many lost peers are remembered (wasLost) before the oldest is forgotten. */
const LOST_MEMORY = 1024;

export class Liveness<K> {
  private seen = new Map<K, number>();
  private lost = new Set<K>();
  private lastCheck: number;
  private reconnects: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;

  constructor(private o: LivenessOptions) {
    this.now = o.now ?? (() => performance.now());
    this.lastCheck = this.now();
    this.reconnects = o.bus?.stats().reconnects ?? 0;
  }

  get timeoutMs(): number {
    return this.o.timeoutMs;
  }

  /** A heartbeat from `k`. */
  beat(k: K): void {
    this.seen.set(k, this.now());
    this.lost.delete(k);
  }

  /** A peer we have not heard yet gets `timeoutMs` from now to show up. */
  expect(k: K): void {
    if (!this.seen.has(k)) this.seen.set(k, this.now());
  }

  /** The peer said goodbye (or is known to be gone): not live, not watched. */
  drop(k: K): void {
    this.seen.delete(k);
    this.remember(k);
  }

  isLive(k: K): boolean {
    const at = this.seen.get(k);
    return at !== undefined && this.now() - at < this.o.timeoutMs;
  }

  /** Was `k` declared lost (and not heard since)? Unknown peers are not lost. */
  wasLost(k: K): boolean {
    return this.lost.has(k);
  }

  /** Milliseconds since `k` was last heard (undefined when not watched). */
  silentFor(k: K): number | undefined {
    const at = this.seen.get(k);
    return at === undefined ? undefined : this.now() - at;
  }

  watched(): K[] {
    return [...this.seen.keys()];
  }

  /** Every watched peer starts afresh (its silence so far is forgiven). */
  touchAll(): void {
    const now = this.now();
    for (const k of this.seen.keys()) this.seen.set(k, now);
  }

  /** The peers that went silent since the last check (they stop being watched). */
  check(): K[] {
    const now = this.now();
    const gap = now - this.lastCheck;
    this.lastCheck = now;
    const bus = this.o.bus;
    if (bus) {
      const r = bus.stats().reconnects;
      if (!bus.healthy || r !== this.reconnects) {
        this.reconnects = r;
        this.touchAll();
        return [];
      }
    }
    if (gap > (this.o.stallMs ?? this.o.timeoutMs / 2)) {
      this.touchAll();
      return [];
    }
    const out: K[] = [];
    for (const [k, at] of this.seen) {
      if (now - at >= this.o.timeoutMs) {
        this.seen.delete(k);
        this.remember(k);
        out.push(k);
      }
    }
    return out;
  }

  /** Checks every timeoutMs / 5 and calls `onLost` for each peer that went silent. */
  start(onLost: (k: K, silentMs: number) => void): void {
    this.stop();
    const every = Math.max(20, Math.floor(this.o.timeoutMs / 5));
    this.lastCheck = this.now();
    this.timer = setInterval(() => {
      for (const k of this.check()) onLost(k, this.o.timeoutMs);
    }, every);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private remember(k: K): void {
    this.lost.add(k);
    if (this.lost.size > LOST_MEMORY) this.lost.delete(this.lost.values().next().value as K);
  }
}
