// A reusable store for one object's update fields (protocol.md §2.10, §2.11 "update mask +
// values"). Values live in one Uint32Array (with Float32/Int32 views on the same memory),
// plus two bitsets: fields that are non-zero (what a create block sends) and fields changed
// since the last clearChanges() (what a VALUES block sends). Writing a section for a viewer
// class masks both with the fields that viewer may see (self = all, others = public +
// dynamic) and allocates nothing.
import type { Writer } from "../writer.ts";
import { fieldCount, fieldFlags, Visibility, type ObjectTypeIdValue } from "./update-fields.ts";

/** Per-viewer value of a DYNAMIC field (e.g. lootable / tapped flags, npc flags). */
export type DynamicFieldFn = (index: number, value: number) => number;

const visibleCache = new Map<number, Uint32Array>();

/** Bitset of the fields of `typeId` that a viewer with visibility bits `viewer` sees. */
export function visibleMask(typeId: ObjectTypeIdValue, viewer: number): Uint32Array {
  const key = typeId * 0x10000 + viewer;
  let m = visibleCache.get(key);
  if (m) return m;
  const flags = fieldFlags(typeId);
  m = new Uint32Array(Math.ceil(flags.length / 32));
  for (let i = 0; i < flags.length; i++) if (flags[i]! & viewer) m[i >>> 5]! |= 1 << (i & 31);
  visibleCache.set(key, m);
  return m;
}

/** Scratch bitset shared by every store (single-threaded; used only inside one write call). */
const scratch = new Uint32Array(64);

export class UpdateValues {
  readonly typeId: ObjectTypeIdValue;
  /** number of fields (the type's *_END) */
  readonly end: number;
  /** number of u32 mask blocks that cover every field */
  readonly maskBlocks: number;
  private readonly u32: Uint32Array;
  private readonly i32: Int32Array;
  private readonly f32: Float32Array;
  private readonly nonZero: Uint32Array;
  private readonly dirty: Uint32Array;
  private readonly flags: Uint16Array;
  private changed = false;

  constructor(typeId: ObjectTypeIdValue) {
    this.typeId = typeId;
    this.end = fieldCount(typeId);
    this.maskBlocks = Math.ceil(this.end / 32);
    const buf = new ArrayBuffer(this.end * 4);
    this.u32 = new Uint32Array(buf);
    this.i32 = new Int32Array(buf);
    this.f32 = new Float32Array(buf);
    this.nonZero = new Uint32Array(this.maskBlocks);
    this.dirty = new Uint32Array(this.maskBlocks);
    this.flags = fieldFlags(typeId);
  }

  private check(i: number): void {
    if (!(i >= 0 && i < this.end)) throw new RangeError(`update field ${i} outside 0..${this.end - 1}`);
  }

  /** Records the new bit pattern at i (already stored) against the old one. */
  private after(i: number, old: number): this {
    const now = this.u32[i]!;
    if (now === old) return this;
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    if (now !== 0) this.nonZero[w]! |= bit;
    else this.nonZero[w]! &= ~bit;
    this.dirty[w]! |= bit;
    this.changed = true;
    return this;
  }

  getU32(i: number): number {
    this.check(i);
    return this.u32[i]!;
  }
  getI32(i: number): number {
    this.check(i);
    return this.i32[i]!;
  }
  getF32(i: number): number {
    this.check(i);
    return this.f32[i]!;
  }
  getU64(i: number): bigint {
    this.check(i + 1);
    return (BigInt(this.u32[i + 1]!) << 32n) | BigInt(this.u32[i]!);
  }
  /** Byte `b` (0 = lowest) of field i. */
  getByte(i: number, b: number): number {
    return (this.getU32(i) >>> (b * 8)) & 0xff;
  }
  /** Half `h` (0 = low) of field i. */
  getU16(i: number, h: number): number {
    return (this.getU32(i) >>> (h * 16)) & 0xffff;
  }

  setU32(i: number, v: number): this {
    this.check(i);
    const old = this.u32[i]!;
    this.u32[i] = v;
    return this.after(i, old);
  }
  setI32(i: number, v: number): this {
    this.check(i);
    const old = this.u32[i]!;
    this.i32[i] = v;
    return this.after(i, old);
  }
  setF32(i: number, v: number): this {
    this.check(i);
    const old = this.u32[i]!;
    this.f32[i] = v;
    return this.after(i, old);
  }
  /** Two consecutive fields, low word first. */
  setU64(i: number, v: bigint): this {
    const u = BigInt.asUintN(64, v);
    this.setU32(i, Number(u & 0xffffffffn));
    return this.setU32(i + 1, Number(u >> 32n));
  }
  setByte(i: number, b: number, v: number): this {
    const shift = b * 8;
    return this.setU32(i, ((this.getU32(i) & ~(0xff << shift)) | ((v & 0xff) << shift)) >>> 0);
  }
  /** Four bytes, b0 lowest. */
  setBytes(i: number, b0: number, b1: number, b2: number, b3: number): this {
    return this.setU32(i, ((b0 & 0xff) | ((b1 & 0xff) << 8) | ((b2 & 0xff) << 16) | ((b3 & 0xff) << 24)) >>> 0);
  }
  setU16(i: number, h: number, v: number): this {
    const shift = h * 16;
    return this.setU32(i, ((this.getU32(i) & ~(0xffff << shift)) | ((v & 0xffff) << shift)) >>> 0);
  }
  /** Two u16 halves, low first. */
  setU16s(i: number, low: number, high: number): this {
    return this.setU32(i, ((low & 0xffff) | ((high & 0xffff) << 16)) >>> 0);
  }
  addFlags(i: number, mask: number): this {
    return this.setU32(i, (this.getU32(i) | mask) >>> 0);
  }
  removeFlags(i: number, mask: number): this {
    return this.setU32(i, (this.getU32(i) & ~mask) >>> 0);
  }
  hasFlags(i: number, mask: number): boolean {
    return (this.getU32(i) & mask) === mask;
  }

  /** Marks a field changed without changing it (e.g. to resend a dynamic field). */
  touch(i: number): this {
    this.check(i);
    this.dirty[i >>> 5]! |= 1 << (i & 31);
    this.changed = true;
    return this;
  }

  /** Any field changed since clearChanges()? */
  get hasChanges(): boolean {
    return this.changed;
  }

  /** Did a field that `viewer` sees change? */
  hasChangesFor(viewer: number): boolean {
    if (!this.changed) return false;
    const vis = visibleMask(this.typeId, viewer);
    for (let w = 0; w < this.maskBlocks; w++) if (this.dirty[w]! & vis[w]!) return true;
    return false;
  }

  clearChanges(): void {
    this.dirty.fill(0);
    this.changed = false;
  }

  /** All fields back to zero, nothing changed (for pooled objects). */
  reset(): void {
    this.u32.fill(0);
    this.nonZero.fill(0);
    this.clearChanges();
  }

  /** Is field i visible to `viewer`? */
  isVisible(i: number, viewer: number): boolean {
    return (this.flags[i]! & viewer) !== 0;
  }

  /** `u8 n, u32 mask[n], values` of every non-zero field `viewer` sees (create blocks). */
  writeCreate(w: Writer, viewer: number, dynamic?: DynamicFieldFn): void {
    this.writeSection(w, this.nonZero, viewer, dynamic);
  }

  /** `u8 n, u32 mask[n], values` of every changed field `viewer` sees (VALUES blocks). */
  writeChanges(w: Writer, viewer: number, dynamic?: DynamicFieldFn): void {
    this.writeSection(w, this.dirty, viewer, dynamic);
  }

  private writeSection(w: Writer, select: Uint32Array, viewer: number, dynamic: DynamicFieldFn | undefined): void {
    const vis = visibleMask(this.typeId, viewer);
    const blocks = this.maskBlocks;
    let n = 0;
    for (let i = 0; i < blocks; i++) {
      const b = select[i]! & vis[i]!;
      scratch[i] = b;
      if (b !== 0) n = i + 1;
    }
    w.u8(n);
    for (let i = 0; i < n; i++) w.u32(scratch[i]!);
    const values = this.u32;
    const flags = this.flags;
    for (let i = 0; i < n; i++) {
      let b = scratch[i]! | 0;
      const base = i << 5;
      while (b !== 0) {
        const index = base + (31 - Math.clz32(b & -b));
        b &= b - 1;
        const v = values[index]!;
        w.u32(dynamic !== undefined && flags[index]! & Visibility.DYNAMIC ? dynamic(index, v) : v);
      }
    }
  }
}
