// MovementInfo and the player movement messages (protocol.md §2.12).
import type { ByteReader, ByteWriter } from "../bytes.ts";
import { Opcode } from "./opcodes.ts";

export const MoveFlags = {
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

export const MoveFlags2 = {
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

export interface TransportInfo {
  guid: bigint;
  x: number;
  y: number;
  z: number;
  o: number;
  time: number;
  seat: number;
  /** Only with flags2 INTERPOLATED_MOVEMENT. */
  time2?: number;
}

/** Jump data; the middle pair is opaque (cores disagree on sin/cos order - pitfall 8). */
export interface JumpInfo {
  verticalSpeed: number;
  dirA: number;
  dirB: number;
  horizontalSpeed: number;
}

export interface MovementInfo {
  flags: number;
  flags2: number;
  time: number;
  x: number;
  y: number;
  z: number;
  o: number;
  transport?: TransportInfo;
  pitch?: number;
  fallTime: number;
  jump?: JumpInfo;
  splineElevation?: number;
}

export function movementInfo(x: number, y: number, z: number, o = 0, time = 0, flags = 0): MovementInfo {
  return { flags, flags2: 0, time, x, y, z, o, fallTime: 0 };
}

function hasPitch(flags: number, flags2: number): boolean {
  return (flags & (MoveFlags.SWIMMING | MoveFlags.FLYING)) !== 0 || (flags2 & MoveFlags2.ALWAYS_ALLOW_PITCHING) !== 0;
}

export function readMovementInfo(r: ByteReader): MovementInfo {
  const flags = r.u32();
  const flags2 = r.u16();
  const mi: MovementInfo = { flags, flags2, time: r.u32(), x: r.f32(), y: r.f32(), z: r.f32(), o: r.f32(), fallTime: 0 };
  if (flags & MoveFlags.ON_TRANSPORT) {
    const t: TransportInfo = { guid: r.packedGuid(), x: r.f32(), y: r.f32(), z: r.f32(), o: r.f32(), time: r.u32(), seat: r.i8() };
    if (flags2 & MoveFlags2.INTERPOLATED_MOVEMENT) t.time2 = r.u32();
    mi.transport = t;
  }
  if (hasPitch(flags, flags2)) mi.pitch = r.f32();
  mi.fallTime = r.u32();
  if (flags & MoveFlags.FALLING) {
    mi.jump = { verticalSpeed: r.f32(), dirA: r.f32(), dirB: r.f32(), horizontalSpeed: r.f32() };
  }
  if (flags & MoveFlags.SPLINE_ELEVATION) mi.splineElevation = r.f32();
  return mi;
}

/** Writes every conditional part the flags call for (zeros where the object lacks data). */
export function writeMovementInfo(w: ByteWriter, mi: MovementInfo): void {
  const { flags, flags2 } = mi;
  w.u32(flags).u16(flags2).u32(mi.time).f32(mi.x).f32(mi.y).f32(mi.z).f32(mi.o);
  if (flags & MoveFlags.ON_TRANSPORT) {
    const t = mi.transport;
    w.packedGuid(t?.guid ?? 0n).f32(t?.x ?? 0).f32(t?.y ?? 0).f32(t?.z ?? 0).f32(t?.o ?? 0).u32(t?.time ?? 0).i8(t?.seat ?? 0);
    if (flags2 & MoveFlags2.INTERPOLATED_MOVEMENT) w.u32(t?.time2 ?? 0);
  }
  if (hasPitch(flags, flags2)) w.f32(mi.pitch ?? 0);
  w.u32(mi.fallTime);
  if (flags & MoveFlags.FALLING) {
    const j = mi.jump;
    w.f32(j?.verticalSpeed ?? 0).f32(j?.dirA ?? 0).f32(j?.dirB ?? 0).f32(j?.horizontalSpeed ?? 0);
  }
  if (flags & MoveFlags.SPLINE_ELEVATION) w.f32(mi.splineElevation ?? 0);
}

/** Opcodes whose body is `PackedGuid mover + MovementInfo` in both directions (§2.12). */
export const MOVEMENT_RELAY_OPCODES: ReadonlySet<number> = new Set([
  Opcode.MSG_MOVE_START_FORWARD,
  Opcode.MSG_MOVE_START_BACKWARD,
  Opcode.MSG_MOVE_STOP,
  Opcode.MSG_MOVE_START_STRAFE_LEFT,
  Opcode.MSG_MOVE_START_STRAFE_RIGHT,
  Opcode.MSG_MOVE_STOP_STRAFE,
  Opcode.MSG_MOVE_JUMP,
  Opcode.MSG_MOVE_START_TURN_LEFT,
  Opcode.MSG_MOVE_START_TURN_RIGHT,
  Opcode.MSG_MOVE_STOP_TURN,
  Opcode.MSG_MOVE_START_PITCH_UP,
  Opcode.MSG_MOVE_START_PITCH_DOWN,
  Opcode.MSG_MOVE_STOP_PITCH,
  Opcode.MSG_MOVE_SET_RUN_MODE,
  Opcode.MSG_MOVE_SET_WALK_MODE,
  Opcode.MSG_MOVE_FALL_LAND,
  Opcode.MSG_MOVE_START_SWIM,
  Opcode.MSG_MOVE_STOP_SWIM,
  Opcode.MSG_MOVE_SET_FACING,
  Opcode.MSG_MOVE_SET_PITCH,
  Opcode.MSG_MOVE_HEARTBEAT,
  Opcode.MSG_MOVE_START_ASCEND,
  Opcode.MSG_MOVE_STOP_ASCEND,
  Opcode.MSG_MOVE_START_DESCEND,
  Opcode.CMSG_MOVE_FALL_RESET,
  Opcode.CMSG_MOVE_SET_FLY,
  Opcode.CMSG_MOVE_CHNG_TRANSPORT,
  // Same body, sent to observers of a same-map teleport (§2.12.1 step 2).
  Opcode.MSG_MOVE_TELEPORT,
]);

export interface MovePacket {
  guid: bigint;
  info: MovementInfo;
}

export function readMovePacket(r: ByteReader): MovePacket {
  return { guid: r.packedGuid(), info: readMovementInfo(r) };
}

export function writeMovePacket(w: ByteWriter, guid: bigint, info: MovementInfo): void {
  w.packedGuid(guid);
  writeMovementInfo(w, info);
}

// --- Speed change orders (§2.12) ---------------------------------------------------------------

export type SpeedKind = "walk" | "run" | "runBack" | "swim" | "swimBack" | "turn" | "flight" | "flightBack" | "pitch";

/** SMSG_FORCE_*_CHANGE order opcode -> kind. The client's ack opcode is always order + 1. */
export const FORCE_SPEED_ORDERS: ReadonlyMap<number, SpeedKind> = new Map<number, SpeedKind>([
  [Opcode.SMSG_FORCE_WALK_SPEED_CHANGE, "walk"],
  [Opcode.SMSG_FORCE_RUN_SPEED_CHANGE, "run"],
  [Opcode.SMSG_FORCE_RUN_BACK_SPEED_CHANGE, "runBack"],
  [Opcode.SMSG_FORCE_SWIM_SPEED_CHANGE, "swim"],
  [Opcode.SMSG_FORCE_SWIM_BACK_SPEED_CHANGE, "swimBack"],
  [Opcode.SMSG_FORCE_TURN_RATE_CHANGE, "turn"],
  [Opcode.SMSG_FORCE_FLIGHT_SPEED_CHANGE, "flight"],
  [Opcode.SMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE, "flightBack"],
  [Opcode.SMSG_FORCE_PITCH_RATE_CHANGE, "pitch"],
]);

export function speedAckOpcode(orderOpcode: number): number {
  return orderOpcode + 1;
}

export interface ForceSpeedChange {
  guid: bigint;
  counter: number;
  /** Only in SMSG_FORCE_RUN_SPEED_CHANGE. */
  unknown?: number;
  speed: number;
}

export function readForceSpeedChange(r: ByteReader, opcode: number): ForceSpeedChange {
  const guid = r.packedGuid();
  const counter = r.u32();
  const out: ForceSpeedChange = { guid, counter, speed: 0 };
  if (opcode === Opcode.SMSG_FORCE_RUN_SPEED_CHANGE) out.unknown = r.u8();
  out.speed = r.f32();
  return out;
}

/** CMSG_FORCE_*_CHANGE_ACK: PackedGuid, u32 counter, MovementInfo, f32 speed. */
export function writeForceSpeedChangeAck(w: ByteWriter, guid: bigint, counter: number, info: MovementInfo, speed: number): void {
  w.packedGuid(guid).u32(counter);
  writeMovementInfo(w, info);
  w.f32(speed);
}

/** MSG_MOVE_SET_*_SPEED relay: PackedGuid, MovementInfo, f32 speed. */
export function readMoveSetSpeed(r: ByteReader): MovePacket & { speed: number } {
  const guid = r.packedGuid();
  const info = readMovementInfo(r);
  return { guid, info, speed: r.f32() };
}

/** SMSG_SPLINE_SET_*_SPEED: PackedGuid, f32. */
export function readSplineSetSpeed(r: ByteReader): { guid: bigint; speed: number } {
  return { guid: r.packedGuid(), speed: r.f32() };
}

/** SMSG_FORCE_MOVE_ROOT / UNROOT: PackedGuid, u32 counter. */
export function readForceRoot(r: ByteReader): { guid: bigint; counter: number } {
  return { guid: r.packedGuid(), counter: r.u32() };
}

/** CMSG_FORCE_MOVE_(UN)ROOT_ACK: PackedGuid, u32 counter, MovementInfo. */
export function writeForceRootAck(w: ByteWriter, guid: bigint, counter: number, info: MovementInfo): void {
  w.packedGuid(guid).u32(counter);
  writeMovementInfo(w, info);
}

/** CMSG_SET_ACTIVE_MOVER: u64 guid. */
export function writeSetActiveMover(w: ByteWriter, guid: bigint): void {
  w.guid(guid);
}

/** CMSG_MOVE_TIME_SKIPPED: PackedGuid, u32 ms. */
export function writeMoveTimeSkipped(w: ByteWriter, guid: bigint, ms: number): void {
  w.packedGuid(guid).u32(ms);
}
