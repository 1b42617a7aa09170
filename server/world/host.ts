// A world host: runs map instances on one fixed tick, receives client packets for its
// players from the gateways (worldIn subject), answers control requests (worldCtl), and
// sends everything out through one GatewayLink flushed at the end of each tick.
import type { OnlinePlayer } from "../api/plugin.ts";
import { CoreHooks, type HookRunner, type PlayerInfo } from "../api/hooks.ts";
import { GatewayLink } from "../bus/gateway-link.ts";
import { decodeNearBroadcast, ENVELOPE_CLIENT_PACKET, ENVELOPE_NEAR_BROADCAST } from "../bus/packet-envelope.ts";
import { ENVELOPE_CLIENT_BATCH, forEachClientPacket } from "../bus/client-batch.ts";
import type { Bus, BusMessage, Subscription } from "../bus/port.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import type { SessionEvent } from "../bus/session-control.ts";
import { Subjects } from "../bus/subjects.ts";
import type { Content } from "../content/content.ts";
import type { Clock } from "../kernel/clock.ts";
import type { RealmConfig } from "../kernel/config.ts";
import { describeError } from "../kernel/errors.ts";
import type { Logger } from "../kernel/logger.ts";
import type { Metrics } from "../kernel/metrics.ts";
import type { Presence } from "../ops/presence.ts";
import type { Store } from "../storage/ports.ts";
import { Opcode } from "../protocol/opcodes.ts";
import type { Player, SessionAddress } from "./entities.ts";
import { handleClientPacket } from "./handlers.ts";
import { MapInstance } from "./instance.ts";
import { arriveAfterTransfer, enterWorld, takeoverCharacter } from "./enter.ts";
import { completeLogout, removeFromWorld } from "./logout.ts";
import { Saver } from "./saver.ts";
import { WorldStats } from "./stats.ts";
import { handleControl } from "./control.ts";
import { GatewayWatch } from "./gateways.ts";
import type { WorldHeartbeat, WorldHostReply, WorldHostRequest } from "../bus/world-requests.ts";

export interface WorldHostDeps {
  config: RealmConfig;
  nodeId: string;
  store: Store;
  bus: Bus;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  content: Content;
  hooks: HookRunner;
  presence: Presence;
  motd(): Promise<string>;
}

export class WorldHost {
  readonly instances = new Map<string, MapInstance>();
  readonly bySession = new Map<string, Player>();
  readonly byGuid = new Map<number, Player>();
  /** guid -> the instance the player is in */
  readonly where = new Map<number, MapInstance>();
  readonly link: GatewayLink;
  readonly saver: Saver;
  readonly stats: WorldStats;
  /** liveness of the gateways this host's players are connected through */
  readonly gateways: GatewayWatch;
  private subs: Subscription[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private nextTickAt = 0;
  private running = false;
  draining = false;

  constructor(readonly d: WorldHostDeps) {
    this.link = new GatewayLink(d.bus, false);
    this.saver = new Saver(d.store, d.log);
    this.stats = new WorldStats(d.metrics, this);
    this.gateways = new GatewayWatch(this);
  }

  get realmId(): number {
    return this.d.config.realm.id;
  }
  get nodeId(): string {
    return this.d.nodeId;
  }
  get log(): Logger {
    return this.d.log;
  }
  now(): number {
    return this.d.clock.now();
  }

  start(): void {
    const { bus } = this.d;
    this.subs.push(bus.subscribe(Subjects.worldIn(this.realmId, this.nodeId), (m) => this.onIn(m)));
    this.subs.push(bus.subscribe(Subjects.worldCtl(this.realmId, this.nodeId), (m) => void this.onCtl(m)));
    this.subs.push(bus.subscribe(Subjects.sessionEvents(this.realmId), (m) => this.onSessionEvent(m)));
    this.running = true;
    this.nextTickAt = performance.now() + this.d.config.world.tickMs;
    this.schedule();
    this.gateways.start();
    this.heartbeatTimer = setInterval(() => this.heartbeat(), this.d.config.world.heartbeatMs);
    this.heartbeat();
  }

  /** Saves everyone and stops ticking. */
  async stop(): Promise<number> {
    this.running = false;
    clearTimeout(this.timer);
    clearInterval(this.heartbeatTimer);
    this.gateways.stop();
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
    const n = await this.saveAll(true);
    for (const p of [...this.byGuid.values()]) await this.d.presence.remove(p.guidLow, p.session).catch(() => {});
    this.link.flush();
    await this.saver.drain();
    this.d.bus.publish(Subjects.worldHeartbeat(this.realmId), jsonBytes({ host: this.nodeId, players: 0, instances: [], tickP99: 0, at: this.now(), gone: true }));
    return n;
  }

  // ------------------------------------------------------------------ tick

  private schedule(): void {
    if (!this.running) return;
    const delay = Math.max(0, this.nextTickAt - performance.now());
    this.timer = setTimeout(() => this.runTick(), delay);
  }

  private runTick(): void {
    const started = performance.now();
    const lateness = started - this.nextTickAt;
    const tickMs = this.d.config.world.tickMs;
    this.nextTickAt += tickMs;
    if (this.nextTickAt < started) this.nextTickAt = started + tickMs; // fell behind: do not burst
    try {
      this.tick();
    } catch (e) {
      this.log.error({ err: e }, "world tick failed");
    }
    const took = performance.now() - started;
    this.stats.recordTick(took, lateness);
    this.schedule();
  }

  /** One tick of every instance (tests may call this directly). */
  tick(): void {
    const now = this.now();
    const cfg = this.d.config.world;
    for (const inst of this.instances.values()) {
      const t0 = performance.now();
      inst.tick(now);
      this.timers(inst, now);
      const took = performance.now() - t0;
      inst.adapt(took, cfg.tickBudgetMs);
      this.stats.recordInstance(inst, took);
    }
    for (const p of this.byGuid.values()) {
      if (p.phase === "transfer" && p.disconnectedAt && now - p.disconnectedAt >= this.d.config.gateway.worldGraceMs) void removeFromWorld(this, p, "disconnected during a map change");
    }
    this.cleanupInstances(now);
    this.saver.flush();
    this.link.flush();
  }

  /** Per-player timers: logout, disconnect grace, periodic saves, time sync, stuck teleports. */
  private timers(inst: MapInstance, now: number): void {
    const cfg = this.d.config;
    for (const p of inst.players.values()) {
      if (p.logoutAt && now >= p.logoutAt) {
        void completeLogout(this, p);
        continue;
      }
      if (p.disconnectedAt && now - p.disconnectedAt >= cfg.gateway.worldGraceMs) {
        void removeFromWorld(this, p, "disconnected");
        continue;
      }
      if (now >= p.nextSaveAt) {
        p.nextSaveAt = now + cfg.world.saveIntervalMs;
        if (p.dirty) this.saver.queue(this.saveOf(p));
      }
      if (now >= p.nextTimeSyncAt && !p.disconnectedAt) {
        p.nextTimeSyncAt = now + 10_000;
        this.timeSync(p);
      }
      if (p.pendingTeleport && now - p.lastMoveAt > 10_000) {
        // the client never acked: commit so the player is not stuck
        const t = p.pendingTeleport;
        p.pendingTeleport = undefined;
        p.setPosition(t.x, t.y, t.z, t.o);
        inst.grid.moved(p);
        p.lastValid = { ...t };
      }
    }
  }

  private timeSync(p: Player): void {
    const body = new Uint8Array(4);
    new DataView(body.buffer).setUint32(0, p.timeSyncCounter++, true);
    this.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_TIME_SYNC_REQ, body);
  }

  private cleanupInstances(now: number): void {
    for (const [k, inst] of this.instances) {
      if (inst.instanceId !== 0 && inst.players.size === 0 && now - inst.emptySince > 300_000) this.instances.delete(k);
    }
  }

  // ------------------------------------------------------------------ players

  instance(map: number, instanceId: number): MapInstance | undefined {
    const key = `${map}:${instanceId}`;
    let inst = this.instances.get(key);
    if (inst) return inst;
    const info = this.d.content.map(map);
    if (!info) return undefined;
    const w = this.d.config.world;
    inst = new MapInstance(map, instanceId, info, this.link, this.d.content, { visibilityRadius: w.visibilityRadius, visibilityFloor: w.visibilityFloor, respawnMs: w.creatureRespawnMs }, this.now());
    this.instances.set(key, inst);
    return inst;
  }

  sessionKey(s: SessionAddress): string {
    return `${s.gatewayId}:${s.sessionId}`;
  }

  playerInfo(p: Player): PlayerInfo {
    return { guid: p.guidLow, name: p.name, accountId: p.accountId, race: p.row.race, class: p.row.class, gender: p.row.gender, level: p.level, map: p.map, zone: p.zone, gmLevel: p.gmLevel };
  }

  presenceOf(p: Player): OnlinePlayer {
    return {
      guid: p.guidLow,
      name: p.name,
      accountId: p.accountId,
      gatewayId: p.session.gatewayId,
      sessionId: p.session.sessionId,
      race: p.row.race,
      class: p.row.class,
      gender: p.row.gender,
      level: p.level,
      map: p.map,
      zone: p.zone,
      instanceId: p.instanceId,
      worldHost: this.nodeId,
      gmLevel: p.gmLevel,
      guildId: p.row.guildId,
      status: 0,
    };
  }

  /** What a save writes for a player now. */
  saveOf(p: Player, online = true) {
    const now = this.now();
    p.dirty = false;
    return {
      guid: p.guidLow,
      map: p.map,
      zone: p.zone,
      x: p.x,
      y: p.y,
      z: p.z,
      orientation: p.o,
      instanceId: p.instanceId,
      level: p.level,
      money: p.money,
      playedTotal: p.row.playedTotal + Math.floor((now - p.enteredAt) / 1000),
      online,
      savedAt: now,
      firstLogin: false,
      actionButtons: p.row.actionButtons,
    };
  }

  /** A character enters the world here (login or arrival from another map): enter.ts. */
  enter(req: Extract<WorldHostRequest, { op: "enter" }>): Promise<WorldHostReply> {
    return enterWorld(this, req);
  }

  /** The client finished loading the new map (MSG_MOVE_WORLDPORT_ACK). */
  arrive(p: Player): Promise<void> {
    return arriveAfterTransfer(this, p);
  }

  /** A new connection takes over a character still in the world (grace period or duplicate login). */
  takeover(req: Extract<WorldHostRequest, { op: "takeover" }>): Promise<WorldHostReply> {
    return takeoverCharacter(this, req);
  }

  /** Drops a player from the host's maps (not from the instance). A newer Player object
   *  for the same character (a map change onto this host) keeps its entries. */
  forget(p: Player): void {
    const key = this.sessionKey(p.session);
    if (this.bySession.get(key) === p) this.bySession.delete(key);
    if (this.byGuid.get(p.guidLow) === p) {
      this.byGuid.delete(p.guidLow);
      this.where.delete(p.guidLow);
    }
  }

  /** Saves every player now (shutdown, `.saveall`). */
  async saveAll(offline = false): Promise<number> {
    const saves = [...this.byGuid.values()].filter((p) => p.phase === "world").map((p) => this.saveOf(p, !offline));
    await this.saver.saveNow(saves);
    return saves.length;
  }

  // ------------------------------------------------------------------ bus

  private onIn(m: BusMessage): void {
    const kind = m.data[0];
    if (kind === ENVELOPE_CLIENT_PACKET || kind === ENVELOPE_CLIENT_BATCH) {
      forEachClientPacket(m.data, (pkt) => {
        const p = this.bySession.get(`${pkt.gatewayId}:${pkt.sessionId}`);
        if (!p) return;
        try {
          handleClientPacket(this, p, pkt.opcode, pkt.payload);
        } catch (e) {
          this.log.error({ err: e, guid: p.guidLow, opcode: pkt.opcode }, "world packet handler failed");
        }
      });
    } else if (kind === ENVELOPE_NEAR_BROADCAST) {
      const n = decodeNearBroadcast(m.data);
      if (!n) return;
      const p = this.byGuid.get(n.guid);
      const inst = p ? this.where.get(p.guidLow) : undefined;
      if (!p || !inst) return;
      inst.sendInRange(p.x, p.y, n.range, n.opcode, n.body.slice(), n.includeSelf ? undefined : p, n.exclude);
      this.link.flush();
    }
  }

  private async onCtl(m: BusMessage): Promise<void> {
    let req: WorldHostRequest;
    try {
      req = parseJson<WorldHostRequest>(m.data);
    } catch {
      return;
    }
    let reply: WorldHostReply;
    try {
      reply = await this.handleRequest(req);
    } catch (e) {
      this.log.error({ err: e, op: req.op }, "world request failed");
      reply = { ok: false, message: describeError(e) };
    }
    this.d.bus.respond(m, jsonBytes(reply));
  }

  handleRequest(req: WorldHostRequest): Promise<WorldHostReply> {
    return handleControl(this, req);
  }

  private onSessionEvent(m: BusMessage): void {
    let ev: SessionEvent;
    try {
      ev = parseJson<SessionEvent>(m.data);
    } catch {
      return;
    }
    if (ev.op !== "closed") return;
    const p = this.bySession.get(`${ev.gatewayId}:${ev.sessionId}`);
    if (!p) return;
    p.disconnectedAt = this.now();
    this.log.info({ guid: p.guidLow, name: p.name, graceMs: this.d.config.gateway.worldGraceMs }, "connection lost; character stays in the world for the grace period");
  }

  private heartbeat(): void {
    const hb: WorldHeartbeat = {
      host: this.nodeId,
      players: this.byGuid.size,
      instances: [...this.instances.values()].map((i) => ({ map: i.map, instanceId: i.instanceId, players: i.players.size })),
      tickP99: this.stats.tickP99(),
      at: this.now(),
      draining: this.draining,
      pid: process.pid,
    };
    this.d.bus.publish(Subjects.worldHeartbeat(this.realmId), jsonBytes(hb));
  }

  /** Tells the gateway to end a session's world binding (logout complete). */
  unbind(p: Player): void {
    this.link.control(p.session.gatewayId, p.session.sessionId, { op: "unbind" });
  }

  hooksLogout(p: Player): void {
    this.d.hooks.run(CoreHooks.playerLogout, this.playerInfo(p));
  }
}
