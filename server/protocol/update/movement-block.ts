// The movement block of CREATE_OBJECT / CREATE_OBJECT2 / MOVEMENT update blocks
// (protocol.md §2.11, §2.11.1): `u16 update_flags`, then LIVING (MovementInfo, nine
// speeds, optional spline) or else POSITION or else STATIONARY_POSITION, then the 0x08,
// 0x10, 0x04, 0x02, 0x80 and 0x200 parts in that order (pitfall 7: 0x08 before 0x10).
import { Limits, readVec3, writeVec3, type Vec3 } from "../world/common.ts";
import { SplineFlags } from "../world/monster-move.ts";
import {
  DEFAULT_SPEEDS,
  MovementFlags,
  newMovementInfo,
  readMovementInfo,
  writeMovementInfo,
  type MovementInfo,
  type Speeds,
} from "../world/movement-info.ts";
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";

export const UpdateFlags = {
  NONE: 0x0000,
  /** set only in the block describing the receiving player; no data */
  SELF: 0x0001,
  /** u32 path timer */
  TRANSPORT: 0x0002,
  /** PackedGuid victim */
  HAS_TARGET: 0x0004,
  /** u32 (cmangos: guid low / 0xB / 0x2F / 0x8; TC: 0) */
  LOWGUID: 0x0008,
  /** u32 */
  HIGHGUID: 0x0010,
  /** MovementInfo + 9 speeds + spline */
  LIVING: 0x0020,
  /** f32 x, y, z, o */
  STATIONARY_POSITION: 0x0040,
  /** u32 vehicle id, f32 orientation */
  VEHICLE: 0x0080,
  /** PackedGuid transport, 8 floats */
  POSITION: 0x0100,
  /** i64 packed rotation */
  ROTATION: 0x0200,
} as const;

/** The spline of a unit on a server-driven path (§2.11.1). */
export interface CreateSpline {
  /** SplineFlags (monster-move.ts) */
  flags: number;
  /** flags & FINAL_ANGLE */
  facingAngle: number;
  /** else flags & FINAL_TARGET (8 bytes) */
  facingTarget: bigint;
  /** else flags & FINAL_POINT */
  facingPoint: Vec3 | null;
  timePassed: number;
  duration: number;
  id: number;
  durationMod: number;
  durationModNext: number;
  verticalAcceleration: number;
  effectStartTime: number;
  /** the core's whole control-point array (k+3 points for a k-segment path) */
  nodes: Vec3[];
  /** 0 linear, 1 Catmull-Rom */
  mode: number;
  finalDestination: Vec3;
}

export interface LivingData {
  movement: MovementInfo;
  speeds: Speeds;
  /** on the wire when movement.flags has SPLINE_ENABLED */
  spline: CreateSpline | null;
}

/** UpdateFlags.POSITION (0x100) data. */
export interface PositionData {
  transportGuid: bigint;
  x: number;
  y: number;
  z: number;
  /** transport offset, or the position again */
  offsetX: number;
  offsetY: number;
  offsetZ: number;
  o: number;
  /** transport orientation, or o again */
  offsetO: number;
}

export interface StationaryPosition {
  x: number;
  y: number;
  z: number;
  o: number;
}

export interface MovementBlock {
  updateFlags: number;
  living: LivingData | null;
  position: PositionData | null;
  stationary: StationaryPosition | null;
  lowGuid: number;
  highGuid: number;
  target: bigint;
  transportTime: number;
  vehicle: { id: number; orientation: number } | null;
  rotation: bigint;
}

export function emptyMovementBlock(updateFlags = 0): MovementBlock {
  return {
    updateFlags,
    living: null,
    position: null,
    stationary: null,
    lowGuid: 0,
    highGuid: 0,
    target: 0n,
    transportTime: 0,
    vehicle: null,
    rotation: 0n,
  };
}

/** A LIVING block (units and players); add UpdateFlags.SELF for the receiving player. */
export function livingMovementBlock(movement: MovementInfo, speeds: Readonly<Speeds> = DEFAULT_SPEEDS, extraFlags = 0): MovementBlock {
  const b = emptyMovementBlock(UpdateFlags.LIVING | extraFlags);
  b.living = { movement, speeds: speeds as Speeds, spline: null };
  return b;
}

/** A STATIONARY_POSITION block (gameobjects, dynamic objects, corpses). */
export function stationaryMovementBlock(x: number, y: number, z: number, o: number, extraFlags = 0): MovementBlock {
  const b = emptyMovementBlock(UpdateFlags.STATIONARY_POSITION | extraFlags);
  b.stationary = { x, y, z, o };
  return b;
}

function readSpline(r: Reader): CreateSpline {
  const flags = r.u32();
  let facingAngle = 0;
  let facingTarget = 0n;
  let facingPoint: Vec3 | null = null;
  if (flags & SplineFlags.FINAL_ANGLE) facingAngle = r.finiteF32("facing angle");
  else if (flags & SplineFlags.FINAL_TARGET) facingTarget = r.u64();
  else if (flags & SplineFlags.FINAL_POINT) facingPoint = readVec3(r, "facing point");
  const timePassed = r.u32();
  const duration = r.u32();
  const id = r.u32();
  const durationMod = r.finiteF32("duration multiplier");
  const durationModNext = r.finiteF32("duration multiplier");
  const verticalAcceleration = r.finiteF32("vertical acceleration");
  const effectStartTime = r.u32();
  const n = r.count(r.u32(), Limits.PATH_POINTS, 12, "spline node");
  const nodes: Vec3[] = [];
  for (let i = 0; i < n; i++) nodes.push(readVec3(r, "spline node"));
  const mode = r.u8();
  const finalDestination = readVec3(r, "final destination");
  return {
    flags, facingAngle, facingTarget, facingPoint, timePassed, duration, id, durationMod, durationModNext,
    verticalAcceleration, effectStartTime, nodes, mode, finalDestination,
  };
}

function writeSpline(w: Writer, s: CreateSpline | null, at: MovementInfo): void {
  if (!s) {
    // SPLINE_ENABLED without data: an empty, finished spline at the current position
    w.u32(0).u32(0).u32(0).u32(0).f32(1).f32(1).f32(0).u32(0).u32(0).u8(0).f32(at.x).f32(at.y).f32(at.z);
    return;
  }
  const flags = s.flags;
  w.u32(flags);
  if (flags & SplineFlags.FINAL_ANGLE) w.f32(s.facingAngle);
  else if (flags & SplineFlags.FINAL_TARGET) w.u64(s.facingTarget);
  else if (flags & SplineFlags.FINAL_POINT) writeVec3(w, s.facingPoint ?? s.finalDestination);
  w.u32(s.timePassed).u32(s.duration).u32(s.id).f32(s.durationMod).f32(s.durationModNext).f32(s.verticalAcceleration);
  w.u32(s.effectStartTime).u32(s.nodes.length);
  for (const p of s.nodes) writeVec3(w, p);
  w.u8(s.mode);
  writeVec3(w, s.finalDestination);
}

export function readMovementBlock(r: Reader): MovementBlock {
  const flags = r.u16();
  const b = emptyMovementBlock(flags);
  if (flags & UpdateFlags.LIVING) {
    const movement = readMovementInfo(r);
    const speeds = new Array<number>(9) as Speeds;
    for (let i = 0; i < 9; i++) speeds[i] = r.finiteF32("speed");
    const spline = movement.flags & MovementFlags.SPLINE_ENABLED ? readSpline(r) : null;
    b.living = { movement, speeds, spline };
  } else if (flags & UpdateFlags.POSITION) {
    b.position = {
      transportGuid: r.packedGuid(),
      x: r.finiteF32("x"),
      y: r.finiteF32("y"),
      z: r.finiteF32("z"),
      offsetX: r.finiteF32("x"),
      offsetY: r.finiteF32("y"),
      offsetZ: r.finiteF32("z"),
      o: r.finiteF32("orientation"),
      offsetO: r.finiteF32("orientation"),
    };
  } else if (flags & UpdateFlags.STATIONARY_POSITION) {
    b.stationary = { x: r.finiteF32("x"), y: r.finiteF32("y"), z: r.finiteF32("z"), o: r.finiteF32("orientation") };
  }
  if (flags & UpdateFlags.LOWGUID) b.lowGuid = r.u32();
  if (flags & UpdateFlags.HIGHGUID) b.highGuid = r.u32();
  if (flags & UpdateFlags.HAS_TARGET) b.target = r.packedGuid();
  if (flags & UpdateFlags.TRANSPORT) b.transportTime = r.u32();
  if (flags & UpdateFlags.VEHICLE) b.vehicle = { id: r.u32(), orientation: r.finiteF32("vehicle orientation") };
  if (flags & UpdateFlags.ROTATION) b.rotation = r.i64();
  return b;
}

let fallbackMovement: MovementInfo | undefined;

/**
 * Writes the block; the flags decide the parts (a missing part is written as zeros /
 * defaults). `flags` overrides b.updateFlags (e.g. to add or drop SELF per receiver).
 */
export function writeMovementBlock(w: Writer, b: MovementBlock, flags: number = b.updateFlags): void {
  w.u16(flags);
  if (flags & UpdateFlags.LIVING) {
    const l = b.living;
    const movement = l ? l.movement : (fallbackMovement ??= newMovementInfo());
    writeMovementInfo(w, movement);
    const speeds = l ? l.speeds : DEFAULT_SPEEDS;
    for (let i = 0; i < 9; i++) w.f32(speeds[i] ?? 0);
    if (movement.flags & MovementFlags.SPLINE_ENABLED) writeSpline(w, l ? l.spline : null, movement);
  } else if (flags & UpdateFlags.POSITION) {
    const p = b.position;
    if (p) {
      w.packedGuid(p.transportGuid).f32(p.x).f32(p.y).f32(p.z).f32(p.offsetX).f32(p.offsetY).f32(p.offsetZ).f32(p.o).f32(p.offsetO);
    } else {
      w.u8(0).zeros(32);
    }
  } else if (flags & UpdateFlags.STATIONARY_POSITION) {
    const s = b.stationary;
    if (s) w.f32(s.x).f32(s.y).f32(s.z).f32(s.o);
    else w.zeros(16);
  }
  if (flags & UpdateFlags.LOWGUID) w.u32(b.lowGuid);
  if (flags & UpdateFlags.HIGHGUID) w.u32(b.highGuid);
  if (flags & UpdateFlags.HAS_TARGET) w.packedGuid(b.target);
  if (flags & UpdateFlags.TRANSPORT) w.u32(b.transportTime);
  if (flags & UpdateFlags.VEHICLE) {
    const v = b.vehicle;
    w.u32(v ? v.id : 0).f32(v ? v.orientation : 0);
  }
  if (flags & UpdateFlags.ROTATION) w.i64(b.rotation);
}
