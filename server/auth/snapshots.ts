// Short-lived snapshots of two small, slowly changing tables, so that a storm of
// connections does not turn into a storm of queries:
//
// * the IP ban list (checked at every accept): a connection flood from one address would
//   otherwise cost one store query per TCP connect;
// * the realm rows (read for every realm list; TrinityCore refreshes its list on a 20 s
//   timer, we use 2 s).
//
// A snapshot is refreshed on first use after it is `maxAgeMs` old by the injected clock;
// concurrent users share one refresh. A ban or realm change made anywhere (ctl, web,
// another process) is therefore seen within maxAgeMs. Ban expiry is checked against the
// clock at every lookup, not at refresh.
import type { Clock } from "../kernel/clock.ts";
import type { IpBanRow, RealmRow, Store } from "../storage/ports.ts";
import { normalizeIp } from "./lockout.ts";

export const SNAPSHOT_MAX_AGE_MS = 2000;

class Snapshot<T> {
  private value: T | undefined;
  private at = Number.NEGATIVE_INFINITY;
  private loading: Promise<T> | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
  ) {}

  get(): Promise<T> | T {
    const now = this.clock.now();
    if (this.value !== undefined && now - this.at < this.maxAgeMs && now >= this.at) return this.value;
    if (!this.loading) {
      this.loading = this.load().then(
        (v) => {
          this.value = v;
          this.at = now;
          this.loading = undefined;
          return v;
        },
        (e: unknown) => {
          this.loading = undefined;
          throw e;
        },
      );
    }
    return this.loading;
  }

  /** Forces the next get() to reload. */
  invalidate(): void {
    this.at = Number.NEGATIVE_INFINITY;
  }
}

export class IpBanSnapshot {
  private readonly snap: Snapshot<Map<string, IpBanRow>>;
  constructor(
    store: Pick<Store, "bans">,
    private readonly clock: Clock,
    maxAgeMs = SNAPSHOT_MAX_AGE_MS,
  ) {
    this.snap = new Snapshot(async () => new Map((await store.bans.ipBans()).map((r) => [normalizeIp(r.ip), r])), clock, maxAgeMs);
  }

  /** The ban in force for `ip` now, if any. */
  async active(ip: string): Promise<IpBanRow | undefined> {
    const bans = await this.snap.get();
    const row = bans.get(normalizeIp(ip));
    if (!row) return undefined;
    return row.expiresAt === 0 || row.expiresAt > this.clock.now() ? row : undefined;
  }

  invalidate(): void {
    this.snap.invalidate();
  }
}

export class RealmRowsSnapshot {
  private readonly snap: Snapshot<RealmRow[]>;
  constructor(store: Pick<Store, "realms">, clock: Clock, maxAgeMs = SNAPSHOT_MAX_AGE_MS) {
    this.snap = new Snapshot(() => store.realms.list(), clock, maxAgeMs);
  }

  rows(): Promise<RealmRow[]> | RealmRow[] {
    return this.snap.get();
  }

  invalidate(): void {
    this.snap.invalidate();
  }
}
