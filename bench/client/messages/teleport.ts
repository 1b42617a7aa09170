// Teleports, map changes and creature movement (protocol.md §2.12, §2.12.1, §2.12.3).
import type { ByteReader, ByteWriter } from "../bytes.ts";
import { type MovementInfo, readMovementInfo } from "./movement.ts";

/** S->C MSG_MOVE_TELEPORT_ACK order: PackedGuid, u32 counter, MovementInfo (destination). */
export interface TeleportOrder {
  guid: bigint;
  counter: number;
  info: MovementInfo;
}

export function readTeleportOrder(r: ByteReader): TeleportOrder {
  return { guid: r.packedGuid(), counter: r.u32(), info: readMovementInfo(r) };
}

/** C->S MSG_MOVE_TELEPORT_ACK: PackedGuid, u32 counter, u32 client time (ms). */
export function writeTeleportAck(w: ByteWriter, guid: bigint, counter: number, time: number): void {
  w.packedGuid(guid).u32(counter).u32(time);
}

export interface TeleportAck {
  guid: bigint;
  counter: number;
  time: number;
}

export function readTeleportAck(r: ByteReader): TeleportAck {
  return { guid: r.packedGuid(), counter: r.u32(), time: r.u32() };
}

/** SMSG_TRANSFER_PENDING: u32 map [+ u32 transport entry, u32 transport map]. */
export interface TransferPending {
  map: number;
  transport?: { entry: number; map: number };
}

export function readTransferPending(r: ByteReader): TransferPending {
  const out: TransferPending = { map: r.u32() };
  if (r.remaining >= 8) out.transport = { entry: r.u32(), map: r.u32() };
  return out;
}

/** SMSG_NEW_WORLD: u32 map, f32 x, y, z, o. (Same layout as SMSG_LOGIN_VERIFY_WORLD.) */
export interface WorldPosition {
  map: number;
  x: number;
  y: number;
  z: number;
  o: number;
}

export function readWorldPosition(r: ByteReader): WorldPosition {
  return { map: r.u32(), x: r.f32(), y: r.f32(), z: r.f32(), o: r.f32() };
}

export function writeWorldPosition(w: ByteWriter, p: WorldPosition): void {
  w.u32(p.map).f32(p.x).f32(p.y).f32(p.z).f32(p.o);
}

/** CMSG_WORLD_TELEPORT as in the real 3.3.5 capture: u32 time, u32 map, u64 0, f32 x, y, z, o. */
export interface WorldTeleport {
  time: number;
  map: number;
  unknown?: bigint;
  x: number;
  y: number;
  z: number;
  o: number;
}

export function writeWorldTeleport(w: ByteWriter, t: WorldTeleport): void {
  w.u32(t.time).u32(t.map).u64(t.unknown ?? 0n).f32(t.x).f32(t.y).f32(t.z).f32(t.o);
}

// --- SMSG_MONSTER_MOVE (§2.12.3) ------------------------------------------------------------

export const SplineFlags = {
  DONE: 0x100,
  FALLING: 0x200,
  NO_SPLINE: 0x400,
  PARABOLIC: 0x800,
  WALKMODE: 0x1000,
  FLYING: 0x2000,
  ORIENTATION_FIXED: 0x4000,
  FINAL_POINT: 0x8000,
  FINAL_TARGET: 0x10000,
  FINAL_ANGLE: 0x20000,
  CATMULLROM: 0x40000,
  CYCLIC: 0x80000,
  ENTER_CYCLE: 0x100000,
  ANIMATION: 0x200000,
  FROZEN: 0x400000,
  TRANSPORT_ENTER: 0x800000,
  TRANSPORT_EXIT: 0x1000000,
  ORIENTATION_INVERSED: 0x8000000,
} as const;

export const MonsterMoveType = { NORMAL: 0, STOP: 1, FACING_SPOT: 2, FACING_TARGET: 3, FACING_ANGLE: 4 } as const;

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export interface MonsterMove {
  guid: bigint;
  /** Only for SMSG_MONSTER_MOVE_TRANSPORT. */
  transport?: { guid: bigint; seat: number };
  unknown: number;
  start: Vec3;
  splineId: number;
  moveType: number;
  facingSpot?: Vec3;
  facingTarget?: bigint;
  facingAngle?: number;
  /** Absent for move type STOP (the packet ends after the type byte). */
  splineFlags?: number;
  animation?: { id: number; startMs: number };
  duration?: number;
  parabolic?: { verticalAcceleration: number; startMs: number };
  /** Points after the start: the full path for smooth paths; for linear paths the destination
   * comes first in the packet and is returned last here, intermediates unpacked in between. */
  path: Vec3[];
  /** The last point of the path (destination), when there is one. */
  destination?: Vec3;
}

/** Three f32: x, y, z. */
export function readVec3(r: ByteReader): Vec3 {
  return { x: r.f32(), y: r.f32(), z: r.f32() };
}

export function readMonsterMove(r: ByteReader, withTransport = false): MonsterMove {
  const guid = r.packedGuid();
  const out: MonsterMove = { guid, unknown: 0, start: { x: 0, y: 0, z: 0 }, splineId: 0, moveType: 0, path: [] };
  if (withTransport) out.transport = { guid: r.packedGuid(), seat: r.i8() };
  out.unknown = r.u8();
  out.start = readVec3(r);
  out.splineId = r.u32();
  out.moveType = r.u8();
  if (out.moveType === MonsterMoveType.STOP) return out;
  if (out.moveType === MonsterMoveType.FACING_SPOT) out.facingSpot = readVec3(r);
  else if (out.moveType === MonsterMoveType.FACING_TARGET) out.facingTarget = r.u64();
  else if (out.moveType === MonsterMoveType.FACING_ANGLE) out.facingAngle = r.f32();
  const flags = r.u32();
  out.splineFlags = flags;
  if (flags & SplineFlags.ANIMATION) out.animation = { id: r.u8(), startMs: r.u32() };
  out.duration = r.u32();
  if (flags & SplineFlags.PARABOLIC) out.parabolic = { verticalAcceleration: r.f32(), startMs: r.u32() };
  const n = r.u32();
  if (n === 0) return out;
  if (flags & (SplineFlags.FLYING | SplineFlags.CATMULLROM)) {
    for (let i = 0; i < n; i++) out.path.push(readVec3(r));
  } else {
    const dest = readVec3(r);
    const mid = { x: (out.start.x + dest.x) / 2, y: (out.start.y + dest.y) / 2, z: (out.start.z + dest.z) / 2 };
    for (let i = 0; i < n - 1; i++) {
      const packed = r.u32();
      // d = mid - point, components are signed 11/11/10-bit multiples of 0.25.
      const dx = signExtend(packed & 0x7ff, 11) * 0.25;
      const dy = signExtend((packed >>> 11) & 0x7ff, 11) * 0.25;
      const dz = signExtend((packed >>> 22) & 0x3ff, 10) * 0.25;
      out.path.push({ x: mid.x - dx, y: mid.y - dy, z: mid.z - dz });
    }
    out.path.push(dest);
  }
  out.destination = out.path[out.path.length - 1];
  return out;
}

function signExtend(v: number, bits: number): number {
  const sign = 1 << (bits - 1);
  return (v & sign) !== 0 ? v - (1 << bits) : v;
}
