// The 3.3.5 MovementInfo (protocol.md §2.12) with every conditional branch, read and
// written without per-field allocation. It sits on the world tick's hot path: every
// MSG_MOVE_* packet is read with it and relayed with it; `readMovementInfoInto` reuses
// a target object (and its transport / jump parts) so a session can decode into one
// MovementInfo for its whole life.
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";

/** MovementInfo flags (u32). */
export const MovementFlags = {
  NONE: 0,
  FORWARD: 0x1,
  BACKWARD: 0x2,
  STRAFE_LEFT: 0x4,
  STRAFE_RIGHT: 0x8,
  TURN_LEFT: 0x10,
  TURN_RIGHT: 0x20,
  PITCH_UP: 0x40,
  PITCH_DOWN: 0x80,
  WALK_MODE: 0x100,
  ON_TRANSPORT: 0x200,
  DISABLE_GRAVITY: 0x400,
  ROOT: 0x800,
  FALLING: 0x1000,
  FALLING_FAR: 0x2000,
  PENDING_STOP: 0x4000,
  PENDING_STRAFE_STOP: 0x8000,
  PENDING_FORWARD: 0x10000,
  PENDING_BACKWARD: 0x20000,
  PENDING_STRAFE_LEFT: 0x40000,
  PENDING_STRAFE_RIGHT: 0x80000,
  PENDING_ROOT: 0x100000,
  SWIMMING: 0x200000,
  ASCENDING: 0x400000,
  DESCENDING: 0x800000,
  CAN_FLY: 0x1000000,
  FLYING: 0x2000000,
  SPLINE_ELEVATION: 0x4000000,
  SPLINE_ENABLED: 0x8000000,
  WATER_WALKING: 0x10000000,
  SAFE_FALL: 0x20000000,
  HOVER: 0x40000000,
} as const;

/** MovementInfo flags2 (u16). */
export const MovementFlags2 = {
  NONE: 0,
  NO_STRAFE: 0x1,
  NO_JUMPING: 0x2,
  FULL_SPEED_TURNING: 0x8,
  FULL_SPEED_PITCHING: 0x10,
  ALWAYS_ALLOW_PITCHING: 0x20,
  INTERPOLATED_MOVEMENT: 0x400,
  INTERPOLATED_TURNING: 0x800,
  INTERPOLATED_PITCHING: 0x1000,
} as const;

/** Flags that mean "the unit is moving" (for root / can't-move checks). */
export const MOVING_FLAGS =
  MovementFlags.FORWARD |
  MovementFlags.BACKWARD |
  MovementFlags.STRAFE_LEFT |
  MovementFlags.STRAFE_RIGHT |
  MovementFlags.TURN_LEFT |
  MovementFlags.TURN_RIGHT |
  MovementFlags.PITCH_UP |
  MovementFlags.PITCH_DOWN |
  MovementFlags.FALLING |
  MovementFlags.ASCENDING |
  MovementFlags.DESCENDING;

export interface TransportInfo {
  guid: bigint;
  /** offsets relative to the transport */
  x: number;
  y: number;
  z: number;
  o: number;
  time: number;
  /** i8, -1 = no seat */
  seat: number;
  /** only on the wire when flags2 has INTERPOLATED_MOVEMENT */
  time2: number;
}

/**
 * The four FALLING floats, kept verbatim: vertical speed, the two direction components
 * (cores disagree on their order, pitfall 8), horizontal speed. Echo them back as read.
 */
export type JumpInfo = [number, number, number, number];

export interface MovementInfo {
  flags: number;
  flags2: number;
  /** client ms timestamp (server: its own ms clock when sending) */
  time: number;
  x: number;
  y: number;
  z: number;
  o: number;
  /** present (non-null) when flags has ON_TRANSPORT */
  transport: TransportInfo | null;
  /** on the wire when swimming / flying / always-allow-pitching */
  pitch: number;
  fallTime: number;
  /** present (non-null) when flags has FALLING */
  jump: JumpInfo | null;
  /** on the wire when flags has SPLINE_ELEVATION */
  splineElevation: number;
}

export function newMovementInfo(x = 0, y = 0, z = 0, o = 0): MovementInfo {
  return { flags: 0, flags2: 0, time: 0, x, y, z, o, transport: null, pitch: 0, fallTime: 0, jump: null, splineElevation: 0 };
}

export function hasPitch(flags: number, flags2: number): boolean {
  return (flags & (MovementFlags.SWIMMING | MovementFlags.FLYING)) !== 0 || (flags2 & MovementFlags2.ALWAYS_ALLOW_PITCHING) !== 0;
}

/** Reads a MovementInfo into `out` (reusing its transport and jump objects); every float must be finite. */
export function readMovementInfoInto(r: Reader, out: MovementInfo): MovementInfo {
  const flags = r.u32();
  const flags2 = r.u16();
  out.flags = flags;
  out.flags2 = flags2;
  out.time = r.u32();
  out.x = r.finiteF32("x");
  out.y = r.finiteF32("y");
  out.z = r.finiteF32("z");
  out.o = r.finiteF32("orientation");
  if (flags & MovementFlags.ON_TRANSPORT) {
    const t = out.transport ?? { guid: 0n, x: 0, y: 0, z: 0, o: 0, time: 0, seat: -1, time2: 0 };
    t.guid = r.packedGuid();
    t.x = r.finiteF32("transport x");
    t.y = r.finiteF32("transport y");
    t.z = r.finiteF32("transport z");
    t.o = r.finiteF32("transport orientation");
    t.time = r.u32();
    t.seat = r.i8();
    t.time2 = flags2 & MovementFlags2.INTERPOLATED_MOVEMENT ? r.u32() : 0;
    out.transport = t;
  } else {
    out.transport = null;
  }
  out.pitch = hasPitch(flags, flags2) ? r.finiteF32("pitch") : 0;
  out.fallTime = r.u32();
  if (flags & MovementFlags.FALLING) {
    const j = out.jump ?? [0, 0, 0, 0];
    j[0] = r.finiteF32("jump");
    j[1] = r.finiteF32("jump");
    j[2] = r.finiteF32("jump");
    j[3] = r.finiteF32("jump");
    out.jump = j;
  } else {
    out.jump = null;
  }
  out.splineElevation = flags & MovementFlags.SPLINE_ELEVATION ? r.finiteF32("spline elevation") : 0;
  return out;
}

export function readMovementInfo(r: Reader): MovementInfo {
  return readMovementInfoInto(r, newMovementInfo());
}

/** Writes the wire form; the flags decide which optional parts appear (missing parts are zeros). */
export function writeMovementInfo(w: Writer, m: MovementInfo): void {
  const flags = m.flags;
  const flags2 = m.flags2;
  w.u32(flags).u16(flags2).u32(m.time).f32(m.x).f32(m.y).f32(m.z).f32(m.o);
  if (flags & MovementFlags.ON_TRANSPORT) {
    const t = m.transport;
    if (t) {
      w.packedGuid(t.guid).f32(t.x).f32(t.y).f32(t.z).f32(t.o).u32(t.time).i8(t.seat);
      if (flags2 & MovementFlags2.INTERPOLATED_MOVEMENT) w.u32(t.time2);
    } else {
      w.u8(0).zeros(20).i8(-1);
      if (flags2 & MovementFlags2.INTERPOLATED_MOVEMENT) w.u32(0);
    }
  }
  if (hasPitch(flags, flags2)) w.f32(m.pitch);
  w.u32(m.fallTime);
  if (flags & MovementFlags.FALLING) {
    const j = m.jump;
    if (j) w.f32(j[0]).f32(j[1]).f32(j[2]).f32(j[3]);
    else w.zeros(16);
  }
  if (flags & MovementFlags.SPLINE_ELEVATION) w.f32(m.splineElevation);
}

/** Copies `src` into `dst` (reusing dst's transport / jump objects). */
export function copyMovementInfo(src: MovementInfo, dst: MovementInfo): MovementInfo {
  dst.flags = src.flags;
  dst.flags2 = src.flags2;
  dst.time = src.time;
  dst.x = src.x;
  dst.y = src.y;
  dst.z = src.z;
  dst.o = src.o;
  if (src.transport) {
    const t = dst.transport ?? { guid: 0n, x: 0, y: 0, z: 0, o: 0, time: 0, seat: -1, time2: 0 };
    Object.assign(t, src.transport);
    dst.transport = t;
  } else dst.transport = null;
  dst.pitch = src.pitch;
  dst.fallTime = src.fallTime;
  if (src.jump) {
    const j = dst.jump ?? [0, 0, 0, 0];
    j[0] = src.jump[0];
    j[1] = src.jump[1];
    j[2] = src.jump[2];
    j[3] = src.jump[3];
    dst.jump = j;
  } else dst.jump = null;
  dst.splineElevation = src.splineElevation;
  return dst;
}

/** Speed slots in the order of the LIVING movement block (§2.11). */
export const SpeedType = {
  WALK: 0,
  RUN: 1,
  RUN_BACK: 2,
  SWIM: 3,
  SWIM_BACK: 4,
  FLIGHT: 5,
  FLIGHT_BACK: 6,
  TURN_RATE: 7,
  PITCH_RATE: 8,
} as const;
export type SpeedTypeId = (typeof SpeedType)[keyof typeof SpeedType];

/** Nine speeds: walk, run, run back, swim, swim back, flight, flight back, turn rate, pitch rate. */
export type Speeds = [number, number, number, number, number, number, number, number, number];

/** Default speeds (§2.11): 2.5, 7.0, 4.5, 4.722222, 2.5, 7.0, 4.5, 3.14159, 3.14159. */
export const DEFAULT_SPEEDS: Readonly<Speeds> = Object.freeze([2.5, 7.0, 4.5, 4.722222, 2.5, 7.0, 4.5, 3.14159, 3.14159]) as Readonly<Speeds>;

export function defaultSpeeds(): Speeds {
  return [...DEFAULT_SPEEDS] as Speeds;
}
