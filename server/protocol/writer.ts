// A growable little-endian writer meant to be reused: `reset()` keeps the buffer, so a
// hot path that encodes into one Writer allocates nothing once the buffer is big enough.
// `finish()` returns a view that stays valid until the next reset/write.

const textEncoder = new TextEncoder();

export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  get length(): number {
    return this.pos;
  }

  reset(): this {
    this.pos = 0;
    return this;
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }
  i8(v: number): this {
    this.ensure(1);
    this.view.setInt8(this.pos++, v);
    return this;
  }
  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }
  u16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
    return this;
  }
  u16be(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.pos, v, false);
    this.pos += 2;
    return this;
  }
  i16(v: number): this {
    this.ensure(2);
    this.view.setInt16(this.pos, v, true);
    this.pos += 2;
    return this;
  }
  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
    return this;
  }
  u32be(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, false);
    this.pos += 4;
    return this;
  }
  i32(v: number): this {
    this.ensure(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
    return this;
  }
  u64(v: bigint | number): this {
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, BigInt(v)), true);
    this.pos += 8;
    return this;
  }
  i64(v: bigint | number): this {
    this.ensure(8);
    this.view.setBigInt64(this.pos, BigInt.asIntN(64, BigInt(v)), true);
    this.pos += 8;
    return this;
  }
  f32(v: number): this {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
    return this;
  }
  f64(v: number): this {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }
  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
    return this;
  }

  /** UTF-8 bytes then NUL. */
  cstring(s: string): this {
    this.utf8(s);
    return this.u8(0);
  }
  /** u32 length including NUL, bytes, NUL. */
  sizedCString(s: string): this {
    const at = this.pos;
    this.u32(0);
    const n = this.utf8(s);
    this.u8(0);
    this.view.setUint32(at, n + 1, true);
    return this;
  }
  /** u8 length then bytes (login protocol strings). */
  string8(s: string): this {
    const b = textEncoder.encode(s);
    this.u8(b.length);
    return this.bytes(b);
  }
  /** Writes UTF-8 bytes without terminator; returns their count. */
  utf8(s: string): number {
    // ASCII fast path avoids a TextEncoder allocation for the common case
    let ascii = true;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      this.ensure(s.length);
      for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
      return s.length;
    }
    const b = textEncoder.encode(s);
    this.bytes(b);
    return b.length;
  }

  packedGuid(guid: bigint | number): this {
    const g = BigInt.asUintN(64, BigInt(guid));
    this.ensure(9);
    const maskAt = this.pos++;
    let mask = 0;
    let lo = Number(g & 0xffffffffn);
    let hi = Number(g >> 32n);
    for (let i = 0; i < 8; i++) {
      const b = i < 4 ? lo & 0xff : hi & 0xff;
      if (i < 4) lo = lo >>> 8;
      else hi = hi >>> 8;
      if (b !== 0) {
        mask |= 1 << i;
        this.buf[this.pos++] = b;
      }
    }
    this.buf[maskAt] = mask;
    return this;
  }

  /** Reserve n bytes to patch later (size fields); returns their offset. */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.pos;
    this.buf.fill(0, at, at + n);
    this.pos += n;
    return at;
  }
  patchU8(at: number, v: number): void {
    this.buf[at] = v & 0xff;
  }
  patchU16(at: number, v: number): void {
    this.view.setUint16(at, v, true);
  }
  patchU16be(at: number, v: number): void {
    this.view.setUint16(at, v, false);
  }
  patchU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }

  /** A view of what was written (valid until the next write or reset). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
  /** A copy of what was written. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
