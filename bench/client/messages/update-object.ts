// SMSG_UPDATE_OBJECT / SMSG_COMPRESSED_UPDATE_OBJECT / SMSG_DESTROY_OBJECT (protocol.md §2.10-2.11).
import { inflateSync } from "node:zlib";
import { ByteReader } from "../bytes.ts";
import { MoveFlags, type MovementInfo, readMovementInfo } from "./movement.ts";
import { SplineFlags, type Vec3, readVec3 } from "./teleport.ts";

export const UpdateType = {
  VALUES: 0,
  MOVEMENT: 1,
  CREATE_OBJECT: 2,
  CREATE_OBJECT2: 3,
  OUT_OF_RANGE_OBJECTS: 4,
  NEAR_OBJECTS: 5,
} as const;

export const ObjectTypeId = {
  OBJECT: 0,
  ITEM: 1,
  CONTAINER: 2,
  UNIT: 3,
  PLAYER: 4,
  GAMEOBJECT: 5,
  DYNAMICOBJECT: 6,
  CORPSE: 7,
} as const;

export const UpdateFlags = {
  SELF: 0x0001,
  TRANSPORT: 0x0002,
  HAS_ATTACKING_TARGET: 0x0004,
  LOWGUID: 0x0008,
  HIGHGUID: 0x0010,
  LIVING: 0x0020,
  HAS_POSITION: 0x0040,
  VEHICLE: 0x0080,
  POSITION: 0x0100,
  ROTATION: 0x0200,
} as const;

/** A few field indices (§2.10) that tests and world-state use. */
export const Field = {
  OBJECT_FIELD_GUID: 0,
  OBJECT_FIELD_TYPE: 2,
  OBJECT_FIELD_ENTRY: 3,
  OBJECT_FIELD_SCALE_X: 4,
  UNIT_FIELD_TARGET: 18,
  UNIT_FIELD_BYTES_0: 23,
  UNIT_FIELD_HEALTH: 24,
  UNIT_FIELD_MAXHEALTH: 32,
  UNIT_FIELD_LEVEL: 54,
  UNIT_FIELD_FACTIONTEMPLATE: 55,
  UNIT_FIELD_FLAGS: 59,
  UNIT_FIELD_DISPLAYID: 67,
  UNIT_FIELD_NATIVEDISPLAYID: 68,
  UNIT_FIELD_MOUNTDISPLAYID: 69,
  PLAYER_FLAGS: 150,
  PLAYER_BYTES: 153,
  PLAYER_BYTES_2: 154,
  PLAYER_BYTES_3: 155,
  PLAYER_XP: 634,
  PLAYER_FIELD_COINAGE: 1170,
} as const;

export interface Speeds {
  walk: number;
  run: number;
  runBack: number;
  swim: number;
  swimBack: number;
  flight: number;
  flightBack: number;
  turn: number;
  pitch: number;
}

export interface SplineBlock {
  flags: number;
  facingAngle?: number;
  facingTarget?: bigint;
  facingPoint?: Vec3;
  timePassed: number;
  duration: number;
  splineId: number;
  durationMod: number;
  durationModNext: number;
  verticalAcceleration: number;
  effectStartTime: number;
  nodes: Vec3[];
  mode: number;
  finalDestination: Vec3;
}

export interface MovementBlock {
  updateFlags: number;
  living?: { info: MovementInfo; speeds: Speeds; spline?: SplineBlock };
  /** UPDATEFLAG_POSITION (0x100). */
  position?: { transportGuid: bigint; x: number; y: number; z: number; tx: number; ty: number; tz: number; o: number; to: number };
  /** UPDATEFLAG_HAS_POSITION (0x40) without LIVING/POSITION. */
  stationary?: { x: number; y: number; z: number; o: number };
  lowGuid?: number;
  highGuid?: number;
  attackingTarget?: bigint;
  transportTime?: number;
  vehicle?: { id: number; orientation: number };
  rotation?: bigint;
}

/** Sparse update-field map: index -> raw u32 value. */
export type FieldMap = Map<number, number>;

export type UpdateBlock =
  | { type: 0; guid: bigint; fields: FieldMap }
  | { type: 1; guid: bigint; movement: MovementBlock }
  | { type: 2 | 3; guid: bigint; objectType: number; movement: MovementBlock; fields: FieldMap }
  | { type: 4 | 5; guids: bigint[] };

export interface UpdateObject {
  blocks: UpdateBlock[];
}

function readSpline(r: ByteReader): SplineBlock {
  const flags = r.u32();
  const s: Partial<SplineBlock> & { flags: number } = { flags };
  if (flags & SplineFlags.FINAL_ANGLE) s.facingAngle = r.f32();
  else if (flags & SplineFlags.FINAL_TARGET) s.facingTarget = r.u64();
  else if (flags & SplineFlags.FINAL_POINT) s.facingPoint = readVec3(r);
  s.timePassed = r.u32();
  s.duration = r.u32();
  s.splineId = r.u32();
  s.durationMod = r.f32();
  s.durationModNext = r.f32();
  s.verticalAcceleration = r.f32();
  s.effectStartTime = r.u32();
  const n = r.u32();
  if (n > r.remaining / 12) throw new RangeError(`spline node count ${n} exceeds packet`);
  const nodes: Vec3[] = [];
  for (let i = 0; i < n; i++) nodes.push(readVec3(r));
  s.nodes = nodes;
  s.mode = r.u8();
  s.finalDestination = readVec3(r);
  return s as SplineBlock;
}

export function readMovementBlock(r: ByteReader): MovementBlock {
  const updateFlags = r.u16();
  const m: MovementBlock = { updateFlags };
  if (updateFlags & UpdateFlags.LIVING) {
    const info = readMovementInfo(r);
    const speeds: Speeds = {
      walk: r.f32(),
      run: r.f32(),
      runBack: r.f32(),
      swim: r.f32(),
      swimBack: r.f32(),
      flight: r.f32(),
      flightBack: r.f32(),
      turn: r.f32(),
      pitch: r.f32(),
    };
    m.living = { info, speeds };
    if (info.flags & MoveFlags.SPLINE_ENABLED) m.living.spline = readSpline(r);
  } else if (updateFlags & UpdateFlags.POSITION) {
    m.position = {
      transportGuid: r.packedGuid(),
      x: r.f32(),
      y: r.f32(),
      z: r.f32(),
      tx: r.f32(),
      ty: r.f32(),
      tz: r.f32(),
      o: r.f32(),
      to: r.f32(),
    };
  } else if (updateFlags & UpdateFlags.HAS_POSITION) {
    m.stationary = { x: r.f32(), y: r.f32(), z: r.f32(), o: r.f32() };
  }
  if (updateFlags & UpdateFlags.LOWGUID) m.lowGuid = r.u32();
  if (updateFlags & UpdateFlags.HIGHGUID) m.highGuid = r.u32();
  if (updateFlags & UpdateFlags.HAS_ATTACKING_TARGET) m.attackingTarget = r.packedGuid();
  if (updateFlags & UpdateFlags.TRANSPORT) m.transportTime = r.u32();
  if (updateFlags & UpdateFlags.VEHICLE) m.vehicle = { id: r.u32(), orientation: r.f32() };
  if (updateFlags & UpdateFlags.ROTATION) m.rotation = r.i64();
  return m;
}

const maskScratch = new Uint32Array(256);

/** Update mask + values into a sparse map (§2.11). */
export function readUpdateFields(r: ByteReader, into: FieldMap = new Map()): FieldMap {
  const blocks = r.u8();
  if (blocks * 4 > r.remaining) throw new RangeError(`update mask of ${blocks} blocks exceeds packet`);
  for (let b = 0; b < blocks; b++) maskScratch[b] = r.u32();
  for (let b = 0; b < blocks; b++) {
    let m = maskScratch[b] as number;
    while (m !== 0) {
      const low = m & -m;
      into.set(b * 32 + (31 - Math.clz32(low)), r.u32());
      m = (m ^ low) >>> 0;
    }
  }
  return into;
}

export function readUpdateObjectBody(r: ByteReader): UpdateObject {
  const count = r.u32();
  const blocks: UpdateBlock[] = [];
  for (let i = 0; i < count; i++) {
    const type = r.u8();
    switch (type) {
      case UpdateType.VALUES:
        blocks.push({ type, guid: r.packedGuid(), fields: readUpdateFields(r) });
        break;
      case UpdateType.MOVEMENT:
        blocks.push({ type, guid: r.packedGuid(), movement: readMovementBlock(r) });
        break;
      case UpdateType.CREATE_OBJECT:
      case UpdateType.CREATE_OBJECT2: {
        const guid = r.packedGuid();
        const objectType = r.u8();
        const movement = readMovementBlock(r);
        blocks.push({ type, guid, objectType, movement, fields: readUpdateFields(r) });
        break;
      }
      case UpdateType.OUT_OF_RANGE_OBJECTS:
      case UpdateType.NEAR_OBJECTS: {
        const n = r.u32();
        if (n > r.remaining) throw new RangeError(`guid count ${n} exceeds packet`);
        const guids: bigint[] = [];
        for (let k = 0; k < n; k++) guids.push(r.packedGuid());
        blocks.push({ type, guids });
        break;
      }
      default:
        throw new RangeError(`unknown update block type ${type} in block ${i}`);
    }
  }
  return { blocks };
}

/** SMSG_COMPRESSED_UPDATE_OBJECT: u32 uncompressed size + zlib stream of the update body. */
export function inflateCompressedUpdate(r: ByteReader): Uint8Array {
  const size = r.u32();
  const out = new Uint8Array(inflateSync(r.rest()));
  if (out.length !== size) throw new RangeError(`compressed update: header says ${size} bytes, inflated ${out.length}`);
  return out;
}

export function readCompressedUpdateObject(r: ByteReader): UpdateObject {
  return readUpdateObjectBody(new ByteReader(inflateCompressedUpdate(r)));
}

/** SMSG_DESTROY_OBJECT: u64 guid, u8 is_death_animation. */
export function readDestroyObject(r: ByteReader): { guid: bigint; death: boolean } {
  return { guid: r.u64(), death: r.u8() !== 0 };
}

// --- field map helpers -----------------------------------------------------------------------

export function fieldU64(f: FieldMap, index: number): bigint | undefined {
  const lo = f.get(index);
  const hi = f.get(index + 1);
  if (lo === undefined && hi === undefined) return undefined;
  return (BigInt(hi ?? 0) << 32n) | BigInt(lo ?? 0);
}

const f32Scratch = new DataView(new ArrayBuffer(4));

export function fieldF32(f: FieldMap, index: number): number | undefined {
  const v = f.get(index);
  if (v === undefined) return undefined;
  f32Scratch.setUint32(0, v, true);
  return f32Scratch.getFloat32(0, true);
}

/** The position a movement block carries, whichever branch it used. */
export function movementBlockPosition(m: MovementBlock): { x: number; y: number; z: number; o: number } | undefined {
  if (m.living) return m.living.info;
  if (m.position) return m.position;
  return m.stationary;
}
