// The creatures of one map instance: wandering one linear segment at a time
// (SMSG_MONSTER_MOVE, protocol.md §2.12.3), death by GM command and respawn, and the
// creature side of visibility. Creatures live in their own grid, so a moving creature
// asks only the players' grid who is around (a few players, not every creature too).
//
// Per tick: creatures on a path are advanced (interpolated, re-filed in the grid; a cell
// change or the end of the path refreshes who sees them); creatures standing still or
// dead are looked at in slices (a fifth of them per tick, so a wander or respawn starts
// within 500 ms of its time without touching every creature every tick).
import type { Content } from "../content/content.ts";
import { Opcode } from "../protocol/opcodes.ts";
import { MonsterMoveType, SMSG_MONSTER_MOVE, SplineFlags, type MonsterMove } from "../protocol/world/monster-move.ts";
import { SMSG_DESTROY_OBJECT } from "../protocol/world/objects.ts";
import { Creature } from "./entities.ts";
import { Grid } from "./grid.ts";
import type { MapInstance } from "./instance.ts";

/** Idle and dead creatures are checked every this many ticks (in slices). */
export const IDLE_SLICES = 5;

export class Creatures {
  readonly list: Creature[] = [];
  readonly grid: Grid<Creature>;
  private byGuid = new Map<bigint, Creature>();
  /** creatures on a path */
  private moving = new Set<Creature>();

  constructor(
    private inst: MapInstance,
    content: Content,
    cellSize: number,
    private respawnMs: number,
    private random: () => number,
    now: number,
  ) {
    this.grid = new Grid<Creature>(cellSize);
    let counter = inst.instanceId * 100_000;
    for (const spawn of content.spawns(inst.map)) {
      const t = content.creatures.get(spawn.entry);
      if (!t) continue;
      const c = new Creature(t, spawn, ++counter);
      c.values.clearChanges(); // a create block carries every field
      c.nextWanderAt = now + 2000 + this.random() * 8000;
      this.list.push(c);
      this.byGuid.set(c.guid, c);
      this.grid.insert(c);
    }
  }

  get(guid: bigint): Creature | undefined {
    return this.byGuid.get(guid);
  }

  update(now: number, tick: number): void {
    for (const c of this.moving) {
      const before = c.cell;
      c.positionAt(now);
      this.grid.moved(c);
      if (!c.path) {
        this.moving.delete(c);
        c.nextWanderAt = now + 3000 + this.random() * 9000;
        this.refreshView(c);
      } else if (c.cell !== before) {
        this.refreshView(c);
      }
    }
    const list = this.list;
    for (let i = tick % IDLE_SLICES; i < list.length; i += IDLE_SLICES) {
      const c = list[i]!;
      if (!c.alive) {
        if (now >= c.respawnAt) this.respawn(c, now);
      } else if (!c.path && c.spawn.wanderRadius > 0 && now >= c.nextWanderAt && c.observers.size > 0) {
        this.wander(c, now);
      }
    }
  }

  /** The creature side of visibility: shown to players within the radius, hidden past × 1.1. */
  refreshView(c: Creature): void {
    const inst = this.inst;
    const r = inst.radius;
    const stamp = inst.nextStamp();
    inst.grid.near(c.x, c.y, r, (p) => {
      if (p.phase !== "world") return;
      p.seen = stamp;
      if (!p.visible.has(c)) inst.show(p, c);
    });
    if (c.observers.size === 0) return;
    const leave2 = r * r * inst.leaveFactor * inst.leaveFactor;
    for (const p of c.observers) {
      if (p.seen === stamp) continue;
      const dx = p.x - c.x;
      const dy = p.y - c.y;
      if (dx * dx + dy * dy > leave2) inst.hide(p, c);
    }
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
    this.moving.add(c);
    if (c.observers.size) this.inst.relay(c, Opcode.SMSG_MONSTER_MOVE, this.monsterMove(c, now));
  }

  /** SMSG_MONSTER_MOVE for the rest of the creature's path (one linear segment), or a stop. */
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
    return this.inst.encode(SMSG_MONSTER_MOVE, mm);
  }

  /** Kills a creature (GM command): observers get a destroy with the death flag. */
  despawn(c: Creature, now: number): void {
    if (!c.alive) return;
    c.alive = false;
    c.path = undefined;
    this.moving.delete(c);
    c.respawnAt = now + (c.spawn.respawnMs ?? this.respawnMs);
    const body = this.inst.encode(SMSG_DESTROY_OBJECT, { guid: c.guid, isDeath: 1 });
    const link = this.inst.link;
    for (const obs of c.observers) {
      obs.visible.delete(c);
      link.send(obs.session.gatewayId, obs.session.sessionId, Opcode.SMSG_DESTROY_OBJECT, body);
    }
    c.observers.clear();
    this.grid.remove(c);
  }

  private respawn(c: Creature, now: number): void {
    c.alive = true;
    c.x = c.spawn.x;
    c.y = c.spawn.y;
    c.z = c.spawn.z;
    c.o = c.spawn.orientation;
    c.nextWanderAt = now + 2000 + this.random() * 8000;
    this.grid.insert(c);
    this.refreshView(c);
  }
}
