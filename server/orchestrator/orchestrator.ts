// The orchestrator leader's work: decides where a (map, instance) runs and sends
// characters there (entering the world, map changes), asks every host to save, drains
// hosts, and moves the players of a lost host to live ones. Continents have one shared
// instance (id 0); dungeons, raids, battlegrounds and arenas get one instance per group
// (or per player without a group). World hosts are known from their heartbeats; a new
// instance goes to its pinned host (`orchestrator.pinMaps`) or the least-loaded live one.
// Only the leader runs this (role.ts); placements live in the store's registry, so a
// replica that takes over continues where the leader stopped.
import { jsonBytes, parseJson } from "../bus/port.ts";
import type { Bus, BusMessage, Subscription } from "../bus/port.ts";
import { Liveness } from "../bus/liveness.ts";
import type { EnterReply, EnterRequest } from "../bus/session-control.ts";
import { Subjects } from "../bus/subjects.ts";
import type { Content } from "../content/content.ts";
import type { Clock } from "../kernel/clock.ts";
import type { RealmConfig } from "../kernel/config.ts";
import { describeError } from "../kernel/errors.ts";
import type { Logger } from "../kernel/logger.ts";
import type { Metrics } from "../kernel/metrics.ts";
import { CharLoginFailed } from "../protocol/world/char-constants.ts";
import type { Presence } from "../ops/presence.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { Store } from "../storage/ports.ts";
import type { DrainRequest, TransferRequest, WorldHeartbeat, WorldHostReply, WorldHostRequest } from "../bus/world-requests.ts";
import { drainHost } from "./drain.ts";
import { Placements, type InstancePlacement } from "./placement.ts";
import { recoverHost } from "./recovery.ts";

/** Where the social plugin records a character's group (the instance key of dungeons). */
import { groupOfKey } from "../ops/group-of.ts";
export { groupOfKey, type InstancePlacement };

export interface OrchestratorDeps {
  realmId: number;
  bus: Bus;
  store: Store;
  cache: Cache;
  presence: Presence;
  content: Content;
  clock: Clock;
  log: Logger;
  config: Pick<RealmConfig["orchestrator"], "hostTimeoutMs" | "drainTimeoutMs" | "pinMaps">;
  /** the world hosts' heartbeat period (a new leader listens this long before placing) */
  heartbeatMs: number;
  metrics?: Metrics;
  /** told when a host is declared lost (the role keeps the number of world processes) */
  onHostLost?: (host: string) => void;
  /**
   * Milliseconds of a monotonic clock for host liveness (default performance.now). Hosts
   * send heartbeats on real timers, so their silence is measured in real time too: a test
   * moving a ManualClock forward must not make every host look dead.
   */
  monotonic?: () => number;
}

export class Orchestrator {
  /** live hosts' last heartbeats */
  readonly hosts = new Map<string, WorldHeartbeat>();
  readonly placements: Placements;
  readonly live: Liveness<string>;
  /** hosts an operator is draining (also reported by the hosts' heartbeats) */
  readonly draining = new Set<string>();
  private subs: Subscription[] = [];
  private recovering = new Map<string, Promise<unknown>>();
  private ready: Promise<void> = Promise.resolve();
  private firstHeartbeat: (() => void) | undefined;
  private stopped = false;

  constructor(readonly d: OrchestratorDeps) {
    this.live = new Liveness({ timeoutMs: d.config.hostTimeoutMs, bus: d.bus, now: d.monotonic });
    this.placements = new Placements(d.realmId, d.store.registry, () => d.clock.now(), d.log);
  }

  /** Loads the registry, listens to heartbeats and answers requests (after one heartbeat period). */
  async start(): Promise<void> {
    const b = this.d.bus;
    const r = this.d.realmId;
    this.subs.push(b.subscribe(Subjects.worldHeartbeat(r), (m) => this.onHeartbeat(m)));
    const n = await this.placements.load().catch((e) => {
      this.d.log.error({ err: e }, "registry: placements could not be read; starting empty");
      return 0;
    });
    // hosts the registry names are expected to speak up; silent ones are lost after the timeout
    for (const row of await this.d.store.registry.players(r).catch(() => [])) this.live.expect(row.host);
    // requests wait for the first heartbeat (at most one period): a new leader knows no host yet
    this.ready = new Promise<void>((resolve) => {
      this.firstHeartbeat = resolve;
      setTimeout(resolve, this.d.heartbeatMs + 250);
    });
    const handle = (op: string, fn: (data: Uint8Array) => Promise<unknown>) =>
      this.subs.push(b.subscribe(Subjects.orchestrator(r, op), (m) => void this.answer(m, fn), { queue: "orchestrator" }));
    handle("enter", (d) => this.enter(parseJson<EnterRequest>(d)));
    handle("transfer", (d) => this.transfer(parseJson<TransferRequest>(d)));
    handle("saveall", () => this.saveAll());
    handle("drain", (d) => drainHost(this, parseJson<DrainRequest>(d)));
    handle("instances", async () => ({ hosts: [...this.hosts.values()], placements: this.placements.list(), draining: [...this.draining] }));
    this.live.start((host, silentMs) => void this.hostLost(host, `no heartbeat for ${silentMs} ms`));
    this.d.log.info({ placements: n, expected: this.live.watched().length }, "orchestrator serving");
  }

  stop(): void {
    this.stopped = true;
    this.live.stop();
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }

  private async answer(m: BusMessage, fn: (data: Uint8Array) => Promise<unknown>): Promise<void> {
    let reply: unknown;
    try {
      await this.ready;
      reply = await fn(m.data);
    } catch (e) {
      this.d.log.error({ err: e }, "orchestrator request failed");
      reply = { ok: false, reason: CharLoginFailed.NO_WORLD, message: describeError(e) };
    }
    this.d.bus.respond(m, jsonBytes(reply));
  }

  private onHeartbeat(m: BusMessage): void {
    let hb: WorldHeartbeat & { gone?: boolean };
    try {
      hb = parseJson<WorldHeartbeat & { gone?: boolean }>(m.data);
    } catch {
      return; // a bad heartbeat is ignored
    }
    if (hb.gone) {
      // it stopped (saved everyone): no new placements there; if it does not come back,
      // the liveness check moves whatever players the registry still has on it
      this.hosts.delete(hb.host);
      return;
    }
    this.hosts.set(hb.host, { ...hb, at: this.d.clock.now() });
    this.live.beat(hb.host);
    this.firstHeartbeat?.();
  }

  isLive(host: string): boolean {
    return this.hosts.has(host) && this.live.isLive(host);
  }

  /** Live and taking new players. */
  placeable(host: string): boolean {
    return this.isLive(host) && !this.draining.has(host) && !this.hosts.get(host)?.draining;
  }

  /** Live hosts taking players, least loaded first. */
  liveHosts(): WorldHeartbeat[] {
    return [...this.hosts.values()].filter((h) => this.placeable(h.host)).sort((a, b) => a.players - b.players || a.host.localeCompare(b.host));
  }

  /** The instance a character belongs in on `map`, and the host it runs on (placing it if needed). */
  async instanceFor(map: number, guid: number): Promise<{ instanceId: number; host: string | undefined }> {
    if (!this.d.content.isInstanced(map)) return { instanceId: 0, host: this.pickHost(map, 0, "0") };
    const group = await this.d.cache.get(groupOfKey(guid));
    const key = group ? `g${group}` : `p${guid}`;
    const pl = this.placements.byGroupKey(map, key);
    const instanceId = pl?.instanceId ?? this.placements.allocateId();
    return { instanceId, host: this.pickHost(map, instanceId, key) };
  }

  /** Where an instance runs if that host still takes players, else its pinned or least-loaded host. */
  private pickHost(map: number, instanceId: number, key: string): string | undefined {
    const cur = this.placements.hostOf(map, instanceId);
    if (cur && this.placeable(cur)) return cur;
    const pinned = this.d.config.pinMaps[String(map)];
    const best = pinned && this.placeable(pinned) ? pinned : this.liveHosts()[0]?.host;
    if (best) this.placements.place(map, instanceId, key, best);
    return best;
  }

  async request(host: string, req: WorldHostRequest, timeoutMs = 10_000): Promise<WorldHostReply> {
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
    for (const h of [...this.hosts.values()].filter((x) => this.isLive(x.host))) {
      try {
        const r = await this.request(h.host, { op: "save" }, 30_000);
        saved += Number(r.saved ?? 0);
      } catch (e) {
        this.d.log.warn({ err: describeError(e), host: h.host }, "save request to a world host failed");
      }
    }
    return { saved };
  }

  /**
   * A host is gone (heartbeats stopped, or its driver saw it exit): its instances will be
   * placed again and its players are moved to live hosts at their last saved position.
   */
  hostLost(host: string, why: string): Promise<unknown> {
    const running = this.recovering.get(host);
    if (running || this.stopped) return running ?? Promise.resolve();
    this.hosts.delete(host);
    this.live.drop(host);
    this.draining.delete(host);
    this.placements.forgetHost(host);
    this.d.onHostLost?.(host);
    const p = recoverHost(this, host, why)
      .catch((e) => this.d.log.error({ err: e, host }, "moving the players of a lost world host failed"))
      .finally(() => this.recovering.delete(host));
    this.recovering.set(host, p);
    return p;
  }
}
