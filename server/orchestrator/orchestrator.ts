// The orchestrator decides where a (map, instance) runs and sends characters there:
// entering the world, map changes, and "save everyone". Continents have one shared
// instance (id 0); dungeons, raids, battlegrounds and arenas get one instance per group
// (or per player without a group). World hosts are known from their heartbeats; a new
// instance goes to the least-loaded host. In embedded mode the only host is the realm's
// own process.
import { jsonBytes, parseJson } from "../bus/port.ts";
import type { Bus, BusMessage, Subscription } from "../bus/port.ts";
import type { EnterReply, EnterRequest } from "../bus/session-control.ts";
import { Subjects } from "../bus/subjects.ts";
import type { Content } from "../content/content.ts";
import type { Clock } from "../kernel/clock.ts";
import { describeError } from "../kernel/errors.ts";
import type { Logger } from "../kernel/logger.ts";
import { CharLoginFailed } from "../protocol/world/char-constants.ts";
import type { Presence } from "../ops/presence.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { Store } from "../storage/ports.ts";
import type { TransferRequest, WorldHeartbeat, WorldHostReply, WorldHostRequest } from "../bus/world-requests.ts";

/** Where the social plugin records a character's group (the instance key of dungeons). */
import { groupOfKey } from "../ops/group-of.ts";
export { groupOfKey };

/** A host is gone when no heartbeat came for this long. */
export const HOST_TIMEOUT_MS = 10_000;

export interface OrchestratorDeps {
  realmId: number;
  bus: Bus;
  store: Store;
  cache: Cache;
  presence: Presence;
  content: Content;
  clock: Clock;
  log: Logger;
  /**
   * Milliseconds of a monotonic clock for host liveness (default performance.now). Hosts
   * send heartbeats on real timers, so their silence is measured in real time too: a test
   * moving a ManualClock forward must not make every host look dead.
   */
  monotonic?: () => number;
}

export interface InstancePlacement {
  map: number;
  instanceId: number;
  key: string;
  host: string;
}

export class Orchestrator {
  readonly hosts = new Map<string, WorldHeartbeat>();
  /** `${map}:${groupKey}` -> placement (per-group instances) */
  private placements = new Map<string, InstancePlacement>();
  /** `${map}:${instanceId}` -> host (every instance ever placed) */
  private instanceHost = new Map<string, string>();
  private nextInstanceId = 1;
  private subs: Subscription[] = [];
  /** host -> monotonic ms of its last heartbeat */
  private seen = new Map<string, number>();
  private mono: () => number;

  constructor(private d: OrchestratorDeps) {
    this.mono = d.monotonic ?? (() => performance.now());
  }

  start(): void {
    const b = this.d.bus;
    const r = this.d.realmId;
    const handle = (op: string, fn: (data: Uint8Array) => Promise<unknown>) =>
      this.subs.push(
        b.subscribe(
          Subjects.orchestrator(r, op),
          (m) => void this.answer(m, fn),
          { queue: "orchestrator" },
        ),
      );
    handle("enter", (d) => this.enter(parseJson<EnterRequest>(d)));
    handle("transfer", (d) => this.transfer(parseJson<TransferRequest>(d)));
    handle("saveall", () => this.saveAll());
    handle("instances", async () => ({ hosts: [...this.hosts.values()], placements: [...this.placements.values()] }));
    this.subs.push(b.subscribe(Subjects.worldHeartbeat(r), (m) => this.onHeartbeat(m)));
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }

  private async answer(m: BusMessage, fn: (data: Uint8Array) => Promise<unknown>): Promise<void> {
    let reply: unknown;
    try {
      reply = await fn(m.data);
    } catch (e) {
      this.d.log.error({ err: e }, "orchestrator request failed");
      reply = { ok: false, reason: CharLoginFailed.NO_WORLD, message: describeError(e) };
    }
    this.d.bus.respond(m, jsonBytes(reply));
  }

  private onHeartbeat(m: BusMessage): void {
    try {
      const hb = parseJson<WorldHeartbeat & { gone?: boolean }>(m.data);
      if (hb.gone) {
        this.hosts.delete(hb.host);
        this.seen.delete(hb.host);
      } else {
        this.hosts.set(hb.host, { ...hb, at: this.d.clock.now() });
        this.seen.set(hb.host, this.mono());
      }
    } catch {
      // ignore a bad heartbeat
    }
  }

  /** Live hosts, least loaded first. */
  liveHosts(): WorldHeartbeat[] {
    return [...this.hosts.values()].filter((h) => this.isLive(h.host) && !h.draining).sort((a, b) => a.players - b.players || a.host.localeCompare(b.host));
  }

  /** The instance a character belongs in on `map`. */
  async instanceFor(map: number, guid: number): Promise<{ instanceId: number; host: string | undefined }> {
    if (!this.d.content.isInstanced(map)) {
      return { instanceId: 0, host: this.pickHost(`${map}:0`) };
    }
    const group = await this.d.cache.get(groupOfKey(guid));
    const key = group ? `g${group}` : `p${guid}`;
    const k = `${map}:${key}`;
    let pl = this.placements.get(k);
    if (!pl || !this.isLive(pl.host)) {
      const instanceId = pl?.instanceId ?? this.nextInstanceId++;
      const host = this.pickHost(`${map}:${instanceId}`);
      if (!host) return { instanceId, host: undefined };
      pl = { map, instanceId, key, host };
      this.placements.set(k, pl);
    }
    return { instanceId: pl.instanceId, host: pl.host };
  }

  private isLive(host: string): boolean {
    const at = this.seen.get(host);
    return at !== undefined && this.mono() - at < HOST_TIMEOUT_MS;
  }

  /** The host of an instance: where it already runs, else the least-loaded live host. */
  private pickHost(instanceKey: string): string | undefined {
    const cur = this.instanceHost.get(instanceKey);
    if (cur && this.isLive(cur) && !this.hosts.get(cur)?.draining) return cur;
    const best = this.liveHosts()[0]?.host;
    if (best) this.instanceHost.set(instanceKey, best);
    return best;
  }

  private async request(host: string, req: WorldHostRequest, timeoutMs = 10_000): Promise<WorldHostReply> {
    const m = await this.d.bus.request(Subjects.worldCtl(this.d.realmId, host), jsonBytes(req), { timeoutMs });
    return parseJson<WorldHostReply>(m.data);
  }

  async enter(req: EnterRequest): Promise<EnterReply> {
    const row = await this.d.store.characters.byGuid(req.guid);
    if (!row || row.accountId !== req.accountId || row.deletedAt !== 0 || row.realmId !== this.d.realmId) return { ok: false, reason: CharLoginFailed.NO_CHARACTER };
    const session = { gatewayId: req.gatewayId, sessionId: req.sessionId };
    // still in the world (grace period, or the old connection of a second login)?
    const online = await this.d.presence.byGuid(req.guid);
    if (online && this.isLive(online.worldHost)) {
      const r = await this.request(online.worldHost, { op: "takeover", guid: req.guid, session, gmLevel: req.gmLevel });
      if (r.ok) return { ok: true, host: online.worldHost };
    }
    const { instanceId, host } = await this.instanceFor(row.map, req.guid);
    if (!host) return { ok: false, reason: CharLoginFailed.NO_WORLD, message: "no world host is running" };
    const r = await this.request(host, { op: "enter", mode: "login", guid: req.guid, session, accountId: req.accountId, gmLevel: req.gmLevel, instanceId });
    return r.ok ? { ok: true, host } : { ok: false, reason: r.reason ?? CharLoginFailed.NO_WORLD, message: r.message };
  }

  async transfer(req: TransferRequest): Promise<{ ok: boolean; host?: string; reason?: number }> {
    const { instanceId, host } = await this.instanceFor(req.to.map, req.guid);
    if (!host) return { ok: false, reason: 3 };
    const r = await this.request(host, { op: "enter", mode: "transfer", guid: req.guid, session: req.session, accountId: req.accountId, gmLevel: req.gmLevel, instanceId });
    return r.ok ? { ok: true, host } : { ok: false, reason: r.reason ?? 3 };
  }

  async saveAll(): Promise<{ saved: number }> {
    let saved = 0;
    for (const h of this.liveHosts()) {
      try {
        const r = await this.request(h.host, { op: "save" }, 30_000);
        saved += Number(r.saved ?? 0);
      } catch (e) {
        this.d.log.warn({ err: describeError(e), host: h.host }, "save request to a world host failed");
      }
    }
    return { saved };
  }
}
