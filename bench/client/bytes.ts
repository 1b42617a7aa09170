// Little-endian byte reader/writer for the 3.3.5a protocols (protocol.md §0.1).
// Both classes are reusable (reset()) so hot paths (load bots) do not allocate per packet.
// GUIDs are bigint; packed GUIDs are a mask byte followed by the non-zero bytes, low first.

const utf8Decoder = new TextDecoder("utf-8");
const utf8Encoder = new TextEncoder();

export class ByteReaderError extends RangeError {
  override name = "ByteReaderError";
}

export class ByteReader {
  private buf: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(this.buf.buffer);
  private base = 0;
  /** Read position, relative to the start of the current slice. */
  pos = 0;
  /** End of the readable slice, relative to its start. */
  end = 0;

  constructor(buf?: Uint8Array) {
    if (buf) this.reset(buf);
  }

  /** Point the reader at a new slice without allocating when the ArrayBuffer is unchanged. */
  reset(buf: Uint8Array, offset = 0, length = buf.length - offset): this {
    if (offset < 0 || length < 0 || offset + length > buf.length) {
      throw new ByteReaderError(`reset out of range: offset ${offset} length ${length} of ${buf.length}`);
    }
    if (this.view.buffer !== buf.buffer) this.view = new DataView(buf.buffer);
    this.buf = buf;
    this.base = buf.byteOffset + offset;
    this.pos = 0;
    this.end = length;
    return this;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number, what: string): number {
    if (this.pos + n > this.end) {
      throw new ByteReaderError(`read past end: ${what} needs ${n} byte(s) at ${this.pos}, ${this.end - this.pos} left`);
    }
    const at = this.base + this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    return this.view.getUint8(this.need(1, "u8"));
  }
  i8(): number {
    return this.view.getInt8(this.need(1, "i8"));
  }
  u16(): number {
    return this.view.getUint16(this.need(2, "u16"), true);
  }
  u16be(): number {
    return this.view.getUint16(this.need(2, "u16be"), false);
  }
  u32(): number {
    return this.view.getUint32(this.need(4, "u32"), true);
  }
  i32(): number {
    return this.view.getInt32(this.need(4, "i32"), true);
  }
  f32(): number {
    return this.view.getFloat32(this.need(4, "f32"), true);
  }
  u64(): bigint {
    return this.view.getBigUint64(this.need(8, "u64"), true);
  }
  i64(): bigint {
    return this.view.getBigInt64(this.need(8, "i64"), true);
  }
  /** A full 8-byte GUID. */
  guid(): bigint {
    return this.u64();
  }

  /** Packed GUID: mask byte, then one byte for every set mask bit (low byte first). */
  packedGuid(): bigint {
    const mask = this.u8();
    if (mask === 0) return 0n;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 8; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const b = this.u8();
      if (i < 4) lo += b * 2 ** (8 * i);
      else hi += b * 2 ** (8 * (i - 4));
    }
    return hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A view (no copy) of the next n bytes; valid as long as the underlying buffer is. */
  bytes(n: number): Uint8Array {
    const at = this.need(n, `bytes(${n})`) - this.buf.byteOffset;
    return this.buf.subarray(at, at + n);
  }

  /** A copy of the next n bytes. */
  bytesCopy(n: number): Uint8Array {
    return this.bytes(n).slice();
  }

  /** Everything left, as a view. */
  rest(): Uint8Array {
    return this.bytes(this.end - this.pos);
  }

  skip(n: number): void {
    this.need(n, `skip(${n})`);
  }

  /** Bytes up to (not including) a 0 terminator, which is consumed. */
  cstring(): string {
    const start = this.base + this.pos - this.buf.byteOffset;
    const stop = this.base + this.end - this.buf.byteOffset;
    let i = start;
    while (i < stop && this.buf[i] !== 0) i++;
    if (i >= stop) throw new ByteReaderError(`unterminated CString at ${this.pos}`);
    const s = utf8Decoder.decode(this.buf.subarray(start, i));
    this.pos += i - start + 1;
    return s;
  }

  /** u32 length including the terminating 0, then the bytes and the 0 (protocol.md §0.1). */
  sizedCString(): string {
    const len = this.u32();
    if (len === 0) return "";
    const body = this.bytes(len);
    const n = body[len - 1] === 0 ? len - 1 : len;
    return utf8Decoder.decode(body.subarray(0, n));
  }

  /** Login-protocol String: u8 length, bytes, no terminator. */
  lenString(): string {
    const len = this.u8();
    return utf8Decoder.decode(this.bytes(len));
  }
}

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  reset(): this {
    this.pos = 0;
    return this;
  }

  get length(): number {
    return this.pos;
  }

  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
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
    return this.u8(v < 0 ? v + 256 : v);
  }
  u16(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.pos, v & 0xffff, true);
    this.pos += 2;
    return this;
  }
  u16be(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.pos, v & 0xffff, false);
    this.pos += 2;
    return this;
  }
  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
    return this;
  }
  i32(v: number): this {
    this.ensure(4);
    this.view.setInt32(this.pos, v | 0, true);
    this.pos += 4;
    return this;
  }
  f32(v: number): this {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
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
  guid(v: bigint | number): this {
    return this.u64(v);
  }

  packedGuid(v: bigint | number): this {
    let g = BigInt.asUintN(64, BigInt(v));
    this.ensure(9);
    const maskAt = this.pos++;
    let mask = 0;
    for (let i = 0; i < 8 && g !== 0n; i++) {
      const b = Number(g & 0xffn);
      if (b !== 0) {
        mask |= 1 << i;
        this.buf[this.pos++] = b;
      }
      g >>= 8n;
    }
    this.buf[maskAt] = mask;
    return this;
  }

  bytes(src: Uint8Array | ArrayLike<number>): this {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
    return this;
  }

  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
    return this;
  }

  /** UTF-8 bytes without terminator. */
  rawString(s: string): this {
    this.ensure(s.length * 3);
    const r = utf8Encoder.encodeInto(s, this.buf.subarray(this.pos));
    this.pos += r.written;
    return this;
  }

  cstring(s: string): this {
    this.rawString(s);
    return this.u8(0);
  }

  sizedCString(s: string): this {
    const at = this.pos;
    this.u32(0);
    this.rawString(s);
    this.u8(0);
    this.view.setUint32(at, this.pos - at - 4, true);
    return this;
  }

  patchU16BE(at: number, v: number): void {
    this.view.setUint16(at, v & 0xffff, false);
  }
  patchU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }

  /** The written bytes as a view (no copy); invalid after the next write or reset. */
  view0(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of the written bytes. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers shared by the library and its tests.

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, "");
  if (clean.length % 2 !== 0) throw new Error(`odd hex length ${clean.length}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) {
    const v = Number.parseInt(clean.substr(i * 2, 2), 16);
    if (Number.isNaN(v)) throw new Error(`bad hex at ${i * 2}`);
    out[i] = v;
  }
  return out;
}

export function bytesToHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i] as number).toString(16).padStart(2, "0");
  return s;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Encode a packed GUID into a fresh array (tests, one-off use). */
export function packGuid(guid: bigint | number): Uint8Array {
  return new ByteWriter(9).packedGuid(guid).toBytes();
}
