// SMSG_UPDATE_OBJECT / SMSG_COMPRESSED_UPDATE_OBJECT bodies as data (protocol.md §2.11):
// a full decoder and encoder for every block type, used by tests, fuzzers and headless
// clients. The server's hot path builds bodies with UpdateObjectBuilder (update-object.ts)
// straight from UpdateValues instead.
import { deflateSync, inflateSync } from "node:zlib";
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { DecodeError, Reader } from "../reader.ts";
import { Writer } from "../writer.ts";
import { readMovementBlock, writeMovementBlock, type MovementBlock } from "./movement-block.ts";

export const UpdateType = {
  VALUES: 0,
  MOVEMENT: 1,
  CREATE_OBJECT: 2,
  /** same layout as CREATE_OBJECT; for objects just created / spawned and the player itself at login */
  CREATE_OBJECT2: 3,
  OUT_OF_RANGE_OBJECTS: 4,
  NEAR_OBJECTS: 5,
} as const;

/** A decoded update mask + values section. */
export interface FieldValues {
  /** the `u8 n` mask block count as sent (kept so re-encoding is byte-exact) */
  blockCount: number;
  /** field index -> u32 value, for every set mask bit */
  fields: Map<number, number>;
}

export interface ValuesBlock {
  type: typeof UpdateType.VALUES;
  guid: bigint;
  values: FieldValues;
}

export interface MovementUpdateBlock {
  type: typeof UpdateType.MOVEMENT;
  guid: bigint;
  movement: MovementBlock;
}

export interface CreateBlock {
  type: typeof UpdateType.CREATE_OBJECT | typeof UpdateType.CREATE_OBJECT2;
  guid: bigint;
  /** ObjectTypeId */
  objectType: number;
  movement: MovementBlock;
  values: FieldValues;
}

export interface GuidListBlock {
  type: typeof UpdateType.OUT_OF_RANGE_OBJECTS | typeof UpdateType.NEAR_OBJECTS;
  guids: bigint[];
}

export type UpdateBlock = ValuesBlock | MovementUpdateBlock | CreateBlock | GuidListBlock;

export interface UpdateObjectBody {
  blocks: UpdateBlock[];
}

/** Bounds for the decoder. */
export const UPDATE_LIMITS = {
  /** blocks per body */
  BLOCKS: 0x10000,
  /** guids in an OUT_OF_RANGE / NEAR_OBJECTS block */
  GUIDS: 0x10000,
  /** inflated size of a compressed body */
  INFLATED: 4 * 1024 * 1024,
} as const;

function popcount32(v: number): number {
  let x = v >>> 0;
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function readFieldValues(r: Reader): FieldValues {
  const blockCount = r.u8();
  r.count(blockCount, 255, 4, "update mask block");
  const masks = new Array<number>(blockCount);
  let total = 0;
  for (let i = 0; i < blockCount; i++) {
    masks[i] = r.u32();
    total += popcount32(masks[i]!);
  }
  r.count(total, blockCount * 32, 4, "update field value");
  const fields = new Map<number, number>();
  for (let i = 0; i < blockCount; i++) {
    let b = masks[i]! | 0;
    while (b !== 0) {
      const index = (i << 5) + (31 - Math.clz32(b & -b));
      b &= b - 1;
      fields.set(index, r.u32());
    }
  }
  return { blockCount, fields };
}

export function writeFieldValues(w: Writer, v: FieldValues): void {
  const indices = [...v.fields.keys()].sort((a, b) => a - b);
  const last = indices.length > 0 ? indices[indices.length - 1]! : -1;
  const n = Math.max(v.blockCount, (last >> 5) + 1);
  if (n > 255) throw new RangeError(`update field ${last} needs ${n} mask blocks (max 255)`);
  w.u8(n);
  const maskAt = w.reserve(n * 4);
  const masks = new Uint32Array(n);
  for (const i of indices) {
    if (i < 0) throw new RangeError(`negative update field index ${i}`);
    masks[i >>> 5]! |= 1 << (i & 31);
    w.u32(v.fields.get(i)!);
  }
  for (let i = 0; i < n; i++) w.patchU32(maskAt + i * 4, masks[i]!);
}

function readGuidList(r: Reader): bigint[] {
  const n = r.count(r.u32(), UPDATE_LIMITS.GUIDS, 1, "guid");
  const guids: bigint[] = [];
  for (let i = 0; i < n; i++) guids.push(r.packedGuid());
  return guids;
}

export function readUpdateBlock(r: Reader): UpdateBlock {
  const at = r.offset;
  const type = r.u8();
  switch (type) {
    case UpdateType.VALUES:
      return { type, guid: r.packedGuid(), values: readFieldValues(r) };
    case UpdateType.MOVEMENT:
      return { type, guid: r.packedGuid(), movement: readMovementBlock(r) };
    case UpdateType.CREATE_OBJECT:
    case UpdateType.CREATE_OBJECT2: {
      const guid = r.packedGuid();
      const objectType = r.u8();
      const movement = readMovementBlock(r);
      return { type, guid, objectType, movement, values: readFieldValues(r) };
    }
    case UpdateType.OUT_OF_RANGE_OBJECTS:
    case UpdateType.NEAR_OBJECTS:
      return { type, guids: readGuidList(r) };
    default:
      throw new DecodeError("PROTO_BAD_VALUE", `unknown update block type ${type}`, at);
  }
}

export function writeUpdateBlock(w: Writer, b: UpdateBlock): void {
  w.u8(b.type);
  switch (b.type) {
    case UpdateType.VALUES:
      w.packedGuid(b.guid);
      writeFieldValues(w, b.values);
      break;
    case UpdateType.MOVEMENT:
      w.packedGuid(b.guid);
      writeMovementBlock(w, b.movement);
      break;
    case UpdateType.CREATE_OBJECT:
    case UpdateType.CREATE_OBJECT2:
      w.packedGuid(b.guid).u8(b.objectType);
      writeMovementBlock(w, b.movement);
      writeFieldValues(w, b.values);
      break;
    case UpdateType.OUT_OF_RANGE_OBJECTS:
    case UpdateType.NEAR_OBJECTS:
      w.u32(b.guids.length);
      for (const g of b.guids) w.packedGuid(g);
      break;
  }
}

/** `u32 count` then the blocks (3.3.5 has no has_transport byte). */
export function readUpdateBody(r: Reader): UpdateObjectBody {
  const n = r.count(r.u32(), UPDATE_LIMITS.BLOCKS, 3, "update block");
  const blocks: UpdateBlock[] = [];
  for (let i = 0; i < n; i++) blocks.push(readUpdateBlock(r));
  return { blocks };
}

export function writeUpdateBody(w: Writer, body: UpdateObjectBody): void {
  w.u32(body.blocks.length);
  for (const b of body.blocks) writeUpdateBlock(w, b);
}

/** Inflates a compressed payload (`u32 size` + zlib) with the size as a hard cap. */
export function inflateUpdatePayload(payload: Uint8Array, cap: number = UPDATE_LIMITS.INFLATED): Uint8Array {
  const r = new Reader(payload);
  const size = r.u32();
  if (size > cap) throw new DecodeError("PROTO_BAD_VALUE", `compressed update of ${size} bytes over ${cap}`, 0);
  let out: Uint8Array;
  try {
    out = new Uint8Array(inflateSync(r.rest(), { maxOutputLength: Math.max(size, 1) }));
  } catch (e) {
    throw new DecodeError("PROTO_BAD_VALUE", `compressed update does not inflate: ${(e as Error).message}`, 4);
  }
  if (out.length !== size) throw new DecodeError("PROTO_BAD_VALUE", `compressed update inflates to ${out.length} bytes, header says ${size}`, 0);
  return out;
}

/** `u32 uncompressed size` + zlib stream of the body. */
export function compressUpdateBody(raw: Uint8Array, level = 6): Uint8Array {
  const z = deflateSync(raw, { level });
  const out = new Uint8Array(4 + z.length);
  new DataView(out.buffer).setUint32(0, raw.length, true);
  out.set(z, 4);
  return out;
}

export const SMSG_UPDATE_OBJECT = defineMessage<UpdateObjectBody>({
  name: "SMSG_UPDATE_OBJECT",
  opcode: Opcode.SMSG_UPDATE_OBJECT,
  direction: "s2c",
  doc: "protocol.md §2.11",
  read: readUpdateBody,
  write: writeUpdateBody,
});

export const SMSG_COMPRESSED_UPDATE_OBJECT = defineMessage<UpdateObjectBody>({
  name: "SMSG_COMPRESSED_UPDATE_OBJECT",
  opcode: Opcode.SMSG_COMPRESSED_UPDATE_OBJECT,
  direction: "s2c",
  doc: "protocol.md §2.11",
  read: (r) => readUpdateBody(new Reader(inflateUpdatePayload(r.rest()))),
  write(w, v) {
    const inner = new Writer(1024);
    writeUpdateBody(inner, v);
    w.bytes(compressUpdateBody(inner.finish()));
  },
});
