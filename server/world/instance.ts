// One map instance: players and creatures in two grids (cell = the configured radius),
// visibility diffs (create / out-of-range blocks) and relays to observers. Outbound
// traffic is queued in the host's GatewayLink and leaves once per tick.
//
// Visibility per tick: a player that moved VISIBILITY_STEP yards since its last pass gets
// a pass (players and creatures within the radius enter, those beyond radius × 1.1
// leave; players see each other symmetrically); every player also gets a pass every
// IDLE_TICKS ticks, staggered by guid so the passes spread over the ticks instead of
// landing on one. Moving creatures refresh their own observers (creatures.ts).
import type { GatewayLink } from "../bus/gateway-link.ts";
import type { Content } from "../content/content.ts";
import type { MapInfo } from "../content/types.ts";
import { encodeBody, type MessageDef } from "../protocol/message.ts";
import { Opcode } from "../protocol/opcodes.ts";
import { UpdateObjectBuilder, Viewer } from "../protocol/update/index.ts";
import { SMSG_DESTROY_OBJECT } from "../protocol/world/objects.ts";
import { Writer } from "../protocol/writer.ts";
import { Creatures } from "./creatures.ts";
import { type Creature, type Player, type WorldObject } from "./entities.ts";
import { Grid } from "./grid.ts";

export interface InstanceOptions {
  visibilityRadius: number;
  visibilityFloor: number;
  respawnMs: number;
  random?: () => number;
}

/** Hysteresis: an object leaves a player's view a little beyond the radius. */
const LEAVE_FACTOR = 1.1;
/** Every player's view is re-checked at least every this many ticks. */
export const IDLE_TICKS = 10;
/** A moving player's view is re-checked once it is this far from its last check (yd). */
export const VISIBILITY_STEP = 4;
/**
 * Update bodies above this many bytes are compressed. A single create block is ~150-250
 * bytes and deflating it costs ~20-30 µs for ~100 bytes saved, so per-tick creates go
 * uncompressed and only bigger bodies (several creates at once) are compressed.
 */
export const COMPRESS_ABOVE = 1024;

export class MapInstance {
  readonly key: string;
  /** the players' grid (creatures have their own: `creatures.grid`) */
  readonly grid: Grid<Player>;
  readonly players = new Map<number, Player>();
  readonly creatureSet: Creatures;
  readonly leaveFactor = LEAVE_FACTOR;
  radius: number;
  ticks = 0;
  emptySince = 0;
  private builder = new UpdateObjectBuilder({ compressThreshold: COMPRESS_ABOVE, level: 1 });
  private w = new Writer(1024);
  private stamp = 0;
  /** relay scratch: session ids per gateway */
  private scratch = new Map<number, number[]>();
  private sids: number[] = [];
  /** packets relayed this tick (metrics) */
  relayed = 0;

  constructor(
    readonly map: number,
    readonly instanceId: number,
    readonly info: MapInfo,
    readonly link: GatewayLink,
    content: Content,
    private o: InstanceOptions,
    now: number,
  ) {
    this.key = `${map}:${instanceId}`;
    this.radius = info.visibility ?? o.visibilityRadius;
    const cell = Math.max(this.radius, o.visibilityRadius);
    this.grid = new Grid<Player>(cell);
    this.creatureSet = new Creatures(this, content, cell, o.respawnMs, o.random ?? Math.random, now);
    this.emptySince = now;
  }

  get creatures(): readonly Creature[] {
    return this.creatureSet.list;
  }

  /** A fresh stamp for one visibility query (objects found by it carry it in `seen`). */
  nextStamp(): number {
    return ++this.stamp;
  }

  // ------------------------------------------------------------------ players

  addPlayer(p: Player): void {
    this.players.set(p.guidLow, p);
    this.grid.insert(p);
    p.moved = true;
    p.visX = Number.NaN;
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
    p.visX = Number.NaN;
  }

  // ------------------------------------------------------------------ relays

  /** Encodes into the instance's writer: the view is valid until the next encode (the link copies). */
  encode<T>(def: MessageDef<T>, v: T): Uint8Array {
    return encodeBody(def, v, this.w);
  }

  /** Sends one body to every player that sees `from` (and `from` itself when asked). */
  relay(from: WorldObject, opcode: number, body: Uint8Array, includeSelf = false): void {
    // the usual case: every observer on one gateway, no map needed
    const sids = this.sids;
    sids.length = 0;
    let gw = -1;
    let mixed = false;
    for (const obs of from.observers) {
      const g = obs.session.gatewayId;
      if (gw < 0) gw = g;
      else if (g !== gw) {
        mixed = true;
        break;
      }
      sids.push(obs.session.sessionId);
    }
    const self = includeSelf && from.isPlayer ? (from as Player) : undefined;
    if (!mixed && (!self || gw < 0 || self.session.gatewayId === gw)) {
      if (self) {
        sids.push(self.session.sessionId);
        gw = self.session.gatewayId;
      }
      if (sids.length === 0) return;
      this.link.fanout(gw, sids, opcode, body);
      this.relayed += sids.length;
      return;
    }
    const byGw = this.scratch;
    for (const l of byGw.values()) l.length = 0;
    for (const obs of from.observers) push(byGw, obs);
    if (self) push(byGw, self);
    for (const [g, list] of byGw) {
      if (list.length === 0) continue;
      this.link.fanout(g, list, opcode, body);
      this.relayed += list.length;
    }
  }

  /** Sends a body to every player within `range` of (x, y). */
  sendInRange(x: number, y: number, range: number, opcode: number, body: Uint8Array, except?: Player, exclude?: readonly number[]): void {
    const byGw = this.scratch;
    for (const l of byGw.values()) l.length = 0;
    this.grid.near(x, y, range, (e) => {
      if (e !== except && e.phase === "world" && !(exclude && exclude.includes(e.guidLow))) push(byGw, e);
    });
    for (const [gw, sids] of byGw) if (sids.length) this.link.fanout(gw, sids, opcode, body);
  }

  // ------------------------------------------------------------------ tick

  /** One tick; `recheckAll` gives every player a visibility pass (tests). */
  tick(now: number, recheckAll = false): void {
    const t = ++this.ticks;
    this.relayed = 0;
    this.creatureSet.update(now, t);
    const slot = t % IDLE_TICKS;
    const step2 = VISIBILITY_STEP * VISIBILITY_STEP;
    for (const p of this.players.values()) {
      if (p.phase !== "world") continue;
      let due = recheckAll || p.guidLow % IDLE_TICKS === slot;
      if (!due && p.moved) {
        const dx = p.x - p.visX;
        const dy = p.y - p.visY;
        due = !(dx * dx + dy * dy < step2); // NaN (never checked) counts as due
      }
      if (due) this.updateVisibility(p);
    }
    this.flushViews(now);
    this.flushValues();
  }

  /** Recomputes what `p` sees; symmetric for players (they see each other). */
  updateVisibility(p: Player): void {
    p.moved = false;
    p.visX = p.x;
    p.visY = p.y;
    const r = this.radius;
    const stamp = this.nextStamp();
    this.grid.near(p.x, p.y, r, (e) => {
      if (e === p || e.phase !== "world") return;
      e.seen = stamp;
      if (!p.visible.has(e)) this.show(p, e);
      if (!e.visible.has(p)) this.show(e, p);
    });
    this.creatureSet.grid.near(p.x, p.y, r, (c) => {
      c.seen = stamp;
      if (!p.visible.has(c)) this.show(p, c);
    });
    const rl = r * LEAVE_FACTOR;
    const leave2 = rl * rl;
    for (const e of p.visible) {
      if (e.seen === stamp) continue;
      const dx = e.x - p.x;
      const dy = e.y - p.y;
      if (e.isPlayer) {
        const q = e as Player;
        if (q.phase === "world" && dx * dx + dy * dy <= leave2) continue;
        this.hide(p, q);
        if (q.visible.has(p)) this.hide(q, p);
      } else if (!(e as Creature).alive || dx * dx + dy * dy > leave2) {
        this.hide(p, e);
      }
    }
  }

  show(viewer: Player, e: WorldObject): void {
    viewer.visible.add(e);
    e.observers.add(viewer);
    viewer.pendingCreates.push(e);
  }

  hide(viewer: Player, e: WorldObject): void {
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
      let moving: Creature[] | undefined;
      for (const e of p.pendingCreates) {
        if (!p.visible.has(e)) continue;
        b.addCreate(e.guid, e.typeId, e.movementBlock(now), e.values, Viewer.OTHER, { create2: false });
        if (!e.isPlayer && (e as Creature).path) (moving ??= []).push(e as Creature);
      }
      p.pendingCreates.length = 0;
      p.pendingOutOfRange.length = 0;
      for (const pkt of b.build()) this.link.send(p.session.gatewayId, p.session.sessionId, pkt.opcode, pkt.body);
      if (moving) for (const c of moving) this.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_MONSTER_MOVE, this.creatureSet.monsterMove(c, now));
    }
  }

  /** VALUES blocks for players whose visible fields changed (self sees private fields too). */
  private flushValues(): void {
    for (const p of this.players.values()) if (p.values.hasChanges) this.flushValuesOf(p);
  }

  private flushValuesOf(o: WorldObject): void {
    if (o.observers.size > 0 && o.values.hasChangesFor(Viewer.OTHER)) {
      const b = this.builder.reset();
      b.addValues(o.guid, o.values, Viewer.OTHER);
      for (const pkt of b.build()) this.relay(o, pkt.opcode, pkt.body);
    }
    if (o.isPlayer) {
      const p = o as Player;
      if (p.phase === "world" && p.values.hasChangesFor(Viewer.SELF)) {
        const b = this.builder.reset();
        b.addValues(p.guid, p.values, Viewer.SELF);
        for (const pkt of b.build()) this.link.send(p.session.gatewayId, p.session.sessionId, pkt.opcode, pkt.body);
      }
    }
    o.values.clearChanges();
  }

  // ------------------------------------------------------------------ creatures

  /** Kills a creature (GM command); it respawns after its respawn time. */
  despawn(c: Creature, now: number): void {
    this.creatureSet.despawn(c, now);
  }

  creatureByGuid(guid: bigint): Creature | undefined {
    return this.creatureSet.get(guid);
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
