// Small shared pieces for the world message definitions: 3-float points, bounds used by
// every decoder, and factories for the many messages whose body is empty, one guid or
// one integer. Everything here is allocation-free on the write side.
import { defineMessage, type Direction, type MessageDef } from "../message.ts";
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";

/** Any definition, for registries (a MessageDef<T> is invariant in T). */
export type AnyMessageDef = MessageDef<any>;

/** Upper bounds for decoded strings and lists (bytes / items). */
export const Limits = {
  /** character, guild, channel and account names (the client allows 12-48 UTF-8 bytes) */
  NAME: 64,
  /** chat text; the client sends at most 255 characters, UTF-8 can make that ~1 KiB */
  CHAT: 4096,
  /** free text a server sends (MOTD lines, notifications, item descriptions) */
  TEXT: 8192,
  /** addon names in the auth session addon block */
  ADDON_NAME: 256,
  /** inflated addon block of CMSG_AUTH_SESSION */
  ADDON_BLOCK: 64 * 1024,
  /** decompressed size of one account data slot (TC/cmangos cap at 0xFFFF) */
  ACCOUNT_DATA: 0xffff,
  /** spline / path points in movement messages */
  PATH_POINTS: 1024,
} as const;

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** Three finite f32 (positions are never NaN or infinite on a valid packet). */
export function readVec3(r: Reader, what = "position"): Vec3 {
  const x = r.finiteF32(what);
  const y = r.finiteF32(what);
  const z = r.finiteF32(what);
  return { x, y, z };
}

export function writeVec3(w: Writer, v: Vec3): void {
  w.f32(v.x).f32(v.y).f32(v.z);
}

/** A body with no fields. */
export type Empty = Record<string, never>;

export function emptyMessage(name: string, opcode: number, direction: Direction, doc: string): MessageDef<Empty> {
  return defineMessage<Empty>({
    name,
    opcode,
    direction,
    doc,
    read: () => ({}),
    write: () => {},
  });
}

export interface GuidBody {
  guid: bigint;
}

/** A body that is exactly one full u64 guid. */
export function guidMessage(name: string, opcode: number, direction: Direction, doc: string): MessageDef<GuidBody> {
  return defineMessage<GuidBody>({
    name,
    opcode,
    direction,
    doc,
    read: (r) => ({ guid: r.u64() }),
    write: (w, v) => void w.u64(v.guid),
  });
}

/** A body that is exactly one u32, stored under `field`. */
export function u32Message<K extends string>(
  name: string,
  opcode: number,
  direction: Direction,
  doc: string,
  field: K,
): MessageDef<Record<K, number>> {
  return defineMessage<Record<K, number>>({
    name,
    opcode,
    direction,
    doc,
    read: (r) => ({ [field]: r.u32() }) as Record<K, number>,
    write: (w, v) => void w.u32(v[field]),
  });
}

/** A body that is exactly one u8, stored under `field`. */
export function u8Message<K extends string>(
  name: string,
  opcode: number,
  direction: Direction,
  doc: string,
  field: K,
): MessageDef<Record<K, number>> {
  return defineMessage<Record<K, number>>({
    name,
    opcode,
    direction,
    doc,
    read: (r) => ({ [field]: r.u8() }) as Record<K, number>,
    write: (w, v) => void w.u8(v[field]),
  });
}

/** Reads `n` u32 into a new array (n is a fixed layout count, never a wire field). */
export function readU32s(r: Reader, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = r.u32();
  return out;
}

/** Writes exactly `n` u32 from `values`, padding with `fill` when it is shorter. */
export function writeU32s(w: Writer, values: readonly number[], n: number, fill = 0): void {
  for (let i = 0; i < n; i++) w.u32(values[i] ?? fill);
}
