// SMSG_MONSTER_MOVE (protocol.md §2.12.3): creature paths. Every move type (normal, stop,
// facing spot / target / angle), linear paths with packed intermediate points, smooth
// (Catmull-Rom / flying) paths, and the animation and parabolic branches.
import { defineMessage, type MessageDef } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";
import { Limits, readVec3, writeVec3, type Vec3 } from "./common.ts";

/** Spline flags (u32), §2.11.1 (cmangos / AzerothCore names). */
export const SplineFlags = {
  NONE: 0,
  ANIMATION_ID_MASK: 0x000000ff,
  DONE: 0x00000100,
  FALLING: 0x00000200,
  NO_SPLINE: 0x00000400,
  PARABOLIC: 0x00000800,
  WALKMODE: 0x00001000,
  FLYING: 0x00002000,
  ORIENTATION_FIXED: 0x00004000,
  FINAL_POINT: 0x00008000,
  FINAL_TARGET: 0x00010000,
  FINAL_ANGLE: 0x00020000,
  CATMULLROM: 0x00040000,
  CYCLIC: 0x00080000,
  ENTER_CYCLE: 0x00100000,
  ANIMATION: 0x00200000,
  FROZEN: 0x00400000,
  TRANSPORT_ENTER: 0x00800000,
  TRANSPORT_EXIT: 0x01000000,
  ORIENTATION_INVERSED: 0x08000000,
} as const;

export const MonsterMoveType = {
  NORMAL: 0,
  /** the packet ends after the move type byte */
  STOP: 1,
  FACING_SPOT: 2,
  FACING_TARGET: 3,
  FACING_ANGLE: 4,
} as const;

export function isSmoothPath(flags: number): boolean {
  return (flags & (SplineFlags.FLYING | SplineFlags.CATMULLROM)) !== 0;
}

/**
 * Packs a point offset the way the client expects (cmangos `appendPackXYZ`): 11 bits x,
 * 11 bits y, 10 bits z, each in quarter yards, truncated toward zero.
 */
export function packXYZ(x: number, y: number, z: number): number {
  return ((Math.trunc(x / 0.25) & 0x7ff) | ((Math.trunc(y / 0.25) & 0x7ff) << 11) | ((Math.trunc(z / 0.25) & 0x3ff) << 22)) >>> 0;
}

/** The signed offsets (yards) packed in a u32 by packXYZ. */
export function unpackXYZ(packed: number): Vec3 {
  const v = packed | 0;
  return { x: ((v << 21) >> 21) * 0.25, y: ((v << 10) >> 21) * 0.25, z: (v >> 22) * 0.25 };
}

export interface MonsterMove {
  guid: bigint;
  /** u8, 0 */
  unknown: number;
  /** the unit's current position, the first path point */
  start: Vec3;
  splineId: number;
  moveType: number;
  /** move type FACING_SPOT */
  facingSpot: Vec3 | null;
  /** move type FACING_TARGET (8 bytes, not packed) */
  facingTarget: bigint;
  /** move type FACING_ANGLE */
  facingAngle: number;
  /** 2.11.1 flags minus DONE, the FINAL_* bits and the animation byte */
  flags: number;
  /** flags & ANIMATION */
  animationId: number;
  animationStartTime: number;
  /** ms */
  duration: number;
  /** flags & PARABOLIC */
  verticalAcceleration: number;
  effectStartTime: number;
  /** smooth paths (FLYING or CATMULLROM): every point after the start */
  points: Vec3[];
  /** linear paths: the destination (null = no points) ... */
  destination: Vec3 | null;
  /** ... then one packed offset (packXYZ of middle - point) per intermediate point */
  packed: number[];
}

function readBody(r: Reader, out: MonsterMove): void {
  out.unknown = r.u8();
  out.start = readVec3(r, "start");
  out.splineId = r.u32();
  const type = r.u8();
  out.moveType = type;
  if (type === MonsterMoveType.STOP) return;
  if (type === MonsterMoveType.FACING_SPOT) out.facingSpot = readVec3(r, "facing spot");
  else if (type === MonsterMoveType.FACING_TARGET) out.facingTarget = r.u64();
  else if (type === MonsterMoveType.FACING_ANGLE) out.facingAngle = r.finiteF32("facing angle");
  const flags = r.u32();
  out.flags = flags;
  if (flags & SplineFlags.ANIMATION) {
    out.animationId = r.u8();
    out.animationStartTime = r.u32();
  }
  out.duration = r.u32();
  if (flags & SplineFlags.PARABOLIC) {
    out.verticalAcceleration = r.finiteF32("vertical acceleration");
    out.effectStartTime = r.u32();
  }
  const raw = r.u32();
  if (isSmoothPath(flags)) {
    const n = r.count(raw, Limits.PATH_POINTS, 12, "path point");
    for (let i = 0; i < n; i++) out.points.push(readVec3(r, "path point"));
  } else if (raw > 0) {
    const n = r.count(raw, Limits.PATH_POINTS, 4, "path point");
    out.destination = readVec3(r, "destination");
    for (let i = 1; i < n; i++) out.packed.push(r.u32());
  }
}

function writeBody(w: Writer, v: MonsterMove): void {
  w.u8(v.unknown);
  writeVec3(w, v.start);
  w.u32(v.splineId).u8(v.moveType);
  if (v.moveType === MonsterMoveType.STOP) return;
  if (v.moveType === MonsterMoveType.FACING_SPOT) writeVec3(w, v.facingSpot ?? v.start);
  else if (v.moveType === MonsterMoveType.FACING_TARGET) w.u64(v.facingTarget);
  else if (v.moveType === MonsterMoveType.FACING_ANGLE) w.f32(v.facingAngle);
  const flags = v.flags;
  w.u32(flags);
  if (flags & SplineFlags.ANIMATION) w.u8(v.animationId).u32(v.animationStartTime);
  w.u32(v.duration);
  if (flags & SplineFlags.PARABOLIC) w.f32(v.verticalAcceleration).u32(v.effectStartTime);
  if (isSmoothPath(flags)) {
    w.u32(v.points.length);
    for (const p of v.points) writeVec3(w, p);
  } else if (v.destination) {
    w.u32(v.packed.length + 1);
    writeVec3(w, v.destination);
    for (const p of v.packed) w.u32(p);
  } else {
    w.u32(0);
  }
}

function emptyMove(guid: bigint): MonsterMove {
  return {
    guid,
    unknown: 0,
    start: { x: 0, y: 0, z: 0 },
    splineId: 0,
    moveType: MonsterMoveType.NORMAL,
    facingSpot: null,
    facingTarget: 0n,
    facingAngle: 0,
    flags: 0,
    animationId: 0,
    animationStartTime: 0,
    duration: 0,
    verticalAcceleration: 0,
    effectStartTime: 0,
    points: [],
    destination: null,
    packed: [],
  };
}

export const SMSG_MONSTER_MOVE = defineMessage<MonsterMove>({
  name: "SMSG_MONSTER_MOVE",
  opcode: Opcode.SMSG_MONSTER_MOVE,
  direction: "s2c",
  doc: "protocol.md §2.12.3",
  read(r) {
    const out = emptyMove(r.packedGuid());
    readBody(r, out);
    return out;
  },
  write(w, v) {
    w.packedGuid(v.guid);
    writeBody(w, v);
  },
});

export interface MonsterMoveTransport extends MonsterMove {
  transportGuid: bigint;
  seat: number;
}

/** Same as SMSG_MONSTER_MOVE with `PackedGuid transport, i8 seat` after the unit guid. */
export const SMSG_MONSTER_MOVE_TRANSPORT: MessageDef<MonsterMoveTransport> = defineMessage<MonsterMoveTransport>({
  name: "SMSG_MONSTER_MOVE_TRANSPORT",
  opcode: Opcode.SMSG_MONSTER_MOVE_TRANSPORT,
  direction: "s2c",
  doc: "protocol.md §2.12.3",
  read(r) {
    const guid = r.packedGuid();
    const transportGuid = r.packedGuid();
    const seat = r.i8();
    const out: MonsterMoveTransport = { ...emptyMove(guid), transportGuid, seat };
    readBody(r, out);
    return out;
  },
  write(w, v) {
    w.packedGuid(v.guid).packedGuid(v.transportGuid).i8(v.seat);
    writeBody(w, v);
  },
});

export interface MoveOptions {
  guid: bigint;
  start: Vec3;
  splineId: number;
  /** ms for the whole path */
  duration: number;
  flags?: number;
  /** facing at the end: a spot, a target guid or an angle */
  facing?: { spot: Vec3 } | { target: bigint } | { angle: number };
}

function withFacing(m: MonsterMove, facing: MoveOptions["facing"]): void {
  if (!facing) return;
  if ("spot" in facing) {
    m.moveType = MonsterMoveType.FACING_SPOT;
    m.facingSpot = facing.spot;
  } else if ("target" in facing) {
    m.moveType = MonsterMoveType.FACING_TARGET;
    m.facingTarget = facing.target;
  } else {
    m.moveType = MonsterMoveType.FACING_ANGLE;
    m.facingAngle = facing.angle;
  }
}

/** A linear path through `path` (the points after the start; the last is the destination). */
export function linearMonsterMove(o: MoveOptions & { path: readonly Vec3[] }): MonsterMove {
  const m = emptyMove(o.guid);
  m.start = o.start;
  m.splineId = o.splineId;
  m.duration = o.duration;
  m.flags = (o.flags ?? 0) & ~(SplineFlags.FLYING | SplineFlags.CATMULLROM);
  withFacing(m, o.facing);
  const last = o.path[o.path.length - 1];
  if (last) {
    m.destination = last;
    const mx = (o.start.x + last.x) / 2;
    const my = (o.start.y + last.y) / 2;
    const mz = (o.start.z + last.z) / 2;
    for (let i = 0; i < o.path.length - 1; i++) {
      const p = o.path[i]!;
      m.packed.push(packXYZ(mx - p.x, my - p.y, mz - p.z));
    }
  }
  return m;
}

/** A smooth path (flags get CATMULLROM unless FLYING is set) through every point after the start. */
export function smoothMonsterMove(o: MoveOptions & { path: readonly Vec3[] }): MonsterMove {
  const m = emptyMove(o.guid);
  m.start = o.start;
  m.splineId = o.splineId;
  m.duration = o.duration;
  const flags = o.flags ?? 0;
  m.flags = isSmoothPath(flags) ? flags : flags | SplineFlags.CATMULLROM;
  withFacing(m, o.facing);
  m.points = [...o.path];
  return m;
}

/** Stop at `position` (move type STOP). */
export function stopMonsterMove(guid: bigint, position: Vec3, splineId: number): MonsterMove {
  const m = emptyMove(guid);
  m.start = position;
  m.splineId = splineId;
  m.moveType = MonsterMoveType.STOP;
  return m;
}

/** The path points a client reconstructs (linear intermediates are quarter-yard approximations). */
export function monsterMovePath(m: MonsterMove): Vec3[] {
  if (m.moveType === MonsterMoveType.STOP) return [];
  if (isSmoothPath(m.flags)) return m.points.slice();
  const d = m.destination;
  if (!d) return [];
  const mx = (m.start.x + d.x) / 2;
  const my = (m.start.y + d.y) / 2;
  const mz = (m.start.z + d.z) / 2;
  const out: Vec3[] = m.packed.map((p) => {
    const o = unpackXYZ(p);
    return { x: mx - o.x, y: my - o.y, z: mz - o.z };
  });
  out.push(d);
  return out;
}
