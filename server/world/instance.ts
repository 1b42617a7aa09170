// One map instance: a fixed tick, a cell grid, players and creatures, visibility diffs
// (create / out-of-range blocks) and relays to observers. Outbound traffic is queued in
// the host's GatewayLink and leaves once per tick.
import type { GatewayLink } from "../bus/gateway-link.ts";
import type { Content } from "../content/content.ts";
import type { MapInfo } from "../content/types.ts";
import { encodeBody, type MessageDef } from "../protocol/message.ts";
import { Opcode } from "../protocol/opcodes.ts";
import { UpdateObjectBuilder, Viewer } from "../protocol/update/index.ts";
import { MonsterMoveType, SMSG_MONSTER_MOVE, SplineFlags, type MonsterMove } from "../protocol/world/monster-move.ts";
import { SMSG_DESTROY_OBJECT } from "../protocol/world/objects.ts";
import { Writer } from "../protocol/writer.ts";
import { Creature, Player, type WorldObject } from "./entities.ts";
import { Grid } from "./grid.ts";

export interface InstanceOptions {
  visibilityRadius: number;
  visibilityFloor: number;
  respawnMs: number;
  /** re-check what a player that did not move sees every this many ticks */
  idleVisibilityTicks?: number;
  random?: () => number;
}

/** Hysteresis: an object leaves a player's view a little beyond the radius. */
const LEAVE_FACTOR = 1.1;

export class MapInstance {
  readonly key: string;
  readonly grid: Grid<WorldObject>;
  readonly players = new Map<number, Player>();
  readonly creatures: Creature[] = [];
  radius: number;
  ticks = 0;
  emptySince = 0;
  private builder = new UpdateObjectBuilder();
  private w = new Writer(1024);
  private scratch = new Map<number, number[]>();
  private random: () => number;
  /** packets relayed this tick (metrics) */
  relayed = 0;

  constructor(
    readonly map: number,
    readonly instanceId: number,
    readonly info: MapInfo,
    private link: GatewayLink,
    private content: Content,
    private o: InstanceOptions,
    now: number,
  ) {
    this.key = `${map}:${instanceId}`;
    this.radius = info.visibility ?? o.visibilityRadius;
    this.grid = new Grid<WorldObject>(Math.max(this.radius, o.visibilityRadius));
    this.random = o.random ?? Math.random;
    let counter = instanceId * 100_000;
    for (const spawn of content.spawns(map)) {
      const t = content.creatures.get(spawn.entry);
      if (!t) continue;
      const c = new Creature(t, spawn, ++counter);
      c.nextWanderAt = now + 2000 + this.random() * 8000;
      this.creatures.push(c);
      this.grid.insert(c);
    }
    this.emptySince = now;
  }

  // ------------------------------------------------------------------ players

  addPlayer(p: Player): void {
    this.players.set(p.guidLow, p);
    this.grid.insert(p);
    p.moved = true;
  }

  /** Takes a player out; observers get SMSG_DESTROY_OBJECT (logout) or out-of-range (transfer). */
  removePlayer(p: Player, destroy: boolean, now: number): void {
    if (!this.players.delete(p.guidLow)) return;
    this.grid.remove(p);
    const body = destroy ? this.encode(SMSG_DESTROY_OBJECT, { guid: p.guid, isDeath: 0 }) : undefined;
    for (const obs of p.observers) {
      obs.visible.delete(p);
      if (body) this.link.send(obs.session.gatewayId, obs.session.sessionId, Opcode.SMSG_DESTROY_OBJECT, body);
      else obs.pendingOutOfRange.push(p.guid);
    }
    p.observers.clear();
    for (const o of p.visible) o.observers.delete(p);
    p.visible.clear();
    if (this.players.size === 0) this.emptySince = now;
  }

  /** Forgets what a player sees (a new client took the character over): everything is sent again. */
  resetView(p: Player): void {
    for (const o of p.visible) o.observers.delete(p);
    p.visible.clear();
    p.pendingCreates = [];
    p.pendingOutOfRange = [];
    p.moved = true;
  }

  // ------------------------------------------------------------------ relays

  encode<T>(def: MessageDef<T>, v: T): Uint8Array {
    return encodeBody(def, v, this.w).slice();
  }

  /** Sends one body to every player that sees `from` (and `from` itself when asked). */
  relay(from: WorldObject, opcode: number, body: Uint8Array, includeSelf = false): void {
    const byGw = this.scratch;
    for (const l of byGw.values()) l.length = 0;
    for (const obs of from.observers) push(byGw, obs);
    if (includeSelf && from instanceof Player) push(byGw, from);
    for (const [gw, sids] of byGw) {
      if (sids.length === 0) continue;
      this.link.fanout(gw, sids, opcode, body);
      this.relayed += sids.length;
    }
  }

  /** Sends a body to every player within `range` of (x, y). */
  sendInRange(x: number, y: number, range: number, opcode: number, body: Uint8Array, except?: Player, exclude?: readonly number[]): void {
    const byGw = this.scratch;
    for (const l of byGw.values()) l.length = 0;
    this.grid.near(x, y, range, (e) => {
      if (e instanceof Player && e !== except && e.phase === "world" && !(exclude && exclude.includes(e.guidLow))) push(byGw, e);
    });
    for (const [gw, sids] of byGw) if (sids.length) this.link.fanout(gw, sids, opcode, body);
  }

  // ------------------------------------------------------------------ tick

  tick(now: number, idleVisibility: boolean): void {
    this.ticks++;
    this.relayed = 0;
    this.updateCreatures(now);
    for (const p of this.players.values()) {
      if (p.phase !== "world") continue;
      if (p.moved || idleVisibility) this.updateVisibility(p, now);
    }
    for (const c of this.creatures) c.moved = false;
    this.flushViews(now);
    this.flushValues();
  }

  /** Recomputes what `p` sees; symmetric for players (they see each other). */
  updateVisibility(p: Player, now: number): void {
    p.moved = false;
    const r = this.radius;
    const stamp = this.ticks;
    this.grid.near(p.x, p.y, r, (e) => {
      if (e === p) return;
      if (e instanceof Creature && !e.alive) return;
      if (e instanceof Player && e.phase !== "world") return;
      (e as WorldObject & { seen?: number }).seen = stamp;
      if (!p.visible.has(e)) this.show(p, e);
      if (e instanceof Player && !e.visible.has(p)) this.show(e, p);
    });
    const leave2 = r * LEAVE_FACTOR * (r * LEAVE_FACTOR);
    for (const e of p.visible) {
      if ((e as WorldObject & { seen?: number }).seen === stamp) continue;
      const dx = e.x - p.x;
      const dy = e.y - p.y;
      const gone = (e instanceof Creature && !e.alive) || dx * dx + dy * dy > leave2 || (e instanceof Player && e.phase !== "world");
      if (!gone) continue;
      this.hide(p, e);
      if (e instanceof Player && e.visible.has(p)) this.hide(e, p);
    }
    void now;
  }

  private show(viewer: Player, e: WorldObject): void {
    viewer.visible.add(e);
    e.observers.add(viewer);
    viewer.pendingCreates.push(e);
  }

  private hide(viewer: Player, e: WorldObject): void {
    viewer.visible.delete(e);
    e.observers.delete(viewer);
    viewer.pendingOutOfRange.push(e.guid);
  }

  /** Create and out-of-range blocks per receiver, then creature paths in progress. */
  private flushViews(now: number): void {
    for (const p of this.players.values()) {
      if (p.pendingCreates.length === 0 && p.pendingOutOfRange.length === 0) continue;
      const b = this.builder.reset();
      if (p.pendingOutOfRange.length) b.addOutOfRange(p.pendingOutOfRange);
      const moving: Creature[] = [];
      for (const e of p.pendingCreates) {
        if (!p.visible.has(e)) continue;
        b.addCreate(e.guid, e.typeId, e.movementBlock(now), e.values, Viewer.OTHER, { create2: false });
        if (e instanceof Creature && e.path) moving.push(e);
      }
      p.pendingCreates = [];
      p.pendingOutOfRange = [];
      for (const pkt of b.build()) this.link.send(p.session.gatewayId, p.session.sessionId, pkt.opcode, pkt.body);
      for (const c of moving) this.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_MONSTER_MOVE, this.monsterMove(c, now));
    }
  }

  /** VALUES blocks for objects whose visible fields changed (self sees private fields too). */
  private flushValues(): void {
    const changed: WorldObject[] = [];
    for (const p of this.players.values()) if (p.values.hasChanges) changed.push(p);
    for (const c of this.creatures) if (c.values.hasChanges) changed.push(c);
    for (const o of changed) {
      if (o.observers.size > 0 && o.values.hasChangesFor(Viewer.OTHER)) {
        const b = this.builder.reset();
        b.addValues(o.guid, o.values, Viewer.OTHER);
        for (const pkt of b.build()) this.relay(o, pkt.opcode, pkt.body);
      }
      if (o instanceof Player && o.phase === "world" && o.values.hasChangesFor(Viewer.SELF)) {
        const b = this.builder.reset();
        b.addValues(o.guid, o.values, Viewer.SELF);
        for (const pkt of b.build()) this.link.send(o.session.gatewayId, o.session.sessionId, pkt.opcode, pkt.body);
      }
      o.values.clearChanges();
    }
  }

  // ------------------------------------------------------------------ creatures

  private updateCreatures(now: number): void {
    for (const c of this.creatures) {
      if (!c.alive) {
        if (now >= c.respawnAt) this.respawn(c, now);
        continue;
      }
      if (c.path) {
        const before = c.cell;
        c.positionAt(now);
        this.grid.moved(c);
        if (c.cell !== before) this.creatureCrossed(c);
        if (!c.path) c.nextWanderAt = now + 3000 + this.random() * 9000;
      } else if (c.spawn.wanderRadius > 0 && now >= c.nextWanderAt && c.observers.size > 0) {
        this.wander(c, now);
      }
    }
  }

  /** A creature changed cells: players around it re-check their view next tick. */
  private creatureCrossed(c: Creature): void {
    c.moved = true;
    this.grid.near(c.x, c.y, this.radius * LEAVE_FACTOR + this.grid.cellSize, (e) => {
      if (e instanceof Player) e.moved = true;
    });
  }

  private wander(c: Creature, now: number): void {
    const a = this.random() * Math.PI * 2;
    const d = this.random() * c.spawn.wanderRadius;
    const tx = c.spawn.x + Math.cos(a) * d;
    const ty = c.spawn.y + Math.sin(a) * d;
    const dist = Math.hypot(tx - c.x, ty - c.y);
    const speed = c.speeds[0] || 2.5;
    c.path = { fromX: c.x, fromY: c.y, fromZ: c.z, toX: tx, toY: ty, toZ: c.spawn.z, startAt: now, duration: Math.max(1, Math.round((dist / speed) * 1000)), splineId: ++c.splineCounter };
    c.o = Math.atan2(ty - c.y, tx - c.x);
    if (c.observers.size) this.relay(c, Opcode.SMSG_MONSTER_MOVE, this.monsterMove(c, now));
  }

  /** SMSG_MONSTER_MOVE for the rest of the creature's path (one linear segment). */
  monsterMove(c: Creature, now: number): Uint8Array {
    c.positionAt(now);
    const p = c.path;
    const mm: MonsterMove = {
      guid: c.guid,
      unknown: 0,
      start: { x: c.x, y: c.y, z: c.z },
      splineId: p?.splineId ?? ++c.splineCounter,
      moveType: p ? MonsterMoveType.NORMAL : MonsterMoveType.STOP,
      facingSpot: null,
      facingTarget: 0n,
      facingAngle: 0,
      flags: SplineFlags.WALKMODE,
      animationId: 0,
      animationStartTime: 0,
      duration: p ? Math.max(1, p.startAt + p.duration - now) : 0,
      verticalAcceleration: 0,
      effectStartTime: 0,
      points: [],
      destination: p ? { x: p.toX, y: p.toY, z: p.toZ } : null,
      packed: [],
    };
    return this.encode(SMSG_MONSTER_MOVE, mm);
  }

  /** Kills a creature (GM command); it respawns after its respawn time. */
  despawn(c: Creature, now: number): void {
    if (!c.alive) return;
    c.alive = false;
    c.path = undefined;
    c.respawnAt = now + (c.spawn.respawnMs ?? this.o.respawnMs);
    const body = this.encode(SMSG_DESTROY_OBJECT, { guid: c.guid, isDeath: 1 });
    for (const obs of c.observers) {
      obs.visible.delete(c);
      this.link.send(obs.session.gatewayId, obs.session.sessionId, Opcode.SMSG_DESTROY_OBJECT, body);
    }
    c.observers.clear();
  }

  private respawn(c: Creature, now: number): void {
    c.alive = true;
    c.x = c.spawn.x;
    c.y = c.spawn.y;
    c.z = c.spawn.z;
    c.o = c.spawn.orientation;
    c.nextWanderAt = now + 2000 + this.random() * 8000;
    this.grid.moved(c);
    this.creatureCrossed(c);
  }

  creatureByGuid(guid: bigint): Creature | undefined {
    return this.creatures.find((c) => c.guid === guid);
  }

  /** Adapts the visibility radius to tick time: shrink under overload, grow back after. */
  adapt(tickMs: number, budgetMs: number): void {
    const base = this.info.visibility ?? this.o.visibilityRadius;
    if (tickMs > budgetMs && this.radius > this.o.visibilityFloor) this.radius = Math.max(this.o.visibilityFloor, this.radius * 0.9);
    else if (tickMs < budgetMs / 2 && this.radius < base) this.radius = Math.min(base, this.radius * 1.05 + 1);
  }
}

function push(byGw: Map<number, number[]>, p: Player): void {
  let l = byGw.get(p.session.gatewayId);
  if (!l) byGw.set(p.session.gatewayId, (l = []));
  l.push(p.session.sessionId);
}
