// A bounded little-endian reader. Every read checks the remaining length first and
// throws a DecodeError (never a RangeError, never an allocation sized by an unchecked
// field). Byte-array reads return views into the input, not copies.
import { RealmError } from "../kernel/errors.ts";

export class DecodeError extends RealmError {
  readonly offset: number;
  constructor(code: "PROTO_TRUNCATED" | "PROTO_BAD_VALUE", message: string, offset: number) {
    super(code, message, { offset });
    this.name = "DecodeError";
    this.offset = offset;
  }
}

const textDecoder = new TextDecoder("utf-8", { fatal: false });

export class Reader {
  private view: DataView;
  private buf: Uint8Array;
  private pos: number;
  private end: number;

  constructor(buf: Uint8Array, offset = 0, length = buf.length - offset) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = offset;
    this.end = offset + length;
  }

  /** Re-points this reader at another buffer (lets hot paths reuse one Reader). */
  reset(buf: Uint8Array, offset = 0, length = buf.length - offset): this {
    if (buf !== this.buf) {
      this.buf = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    this.pos = offset;
    this.end = offset + length;
    return this;
  }

  get offset(): number {
    return this.pos;
  }
  get remaining(): number {
    return this.end - this.pos;
  }
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new DecodeError("PROTO_TRUNCATED", `need ${n} byte(s) for ${what} at offset ${this.pos}, have ${this.end - this.pos}`, this.pos);
    }
  }

  u8(): number {
    this.need(1, "u8");
    return this.buf[this.pos++]!;
  }
  i8(): number {
    this.need(1, "i8");
    return this.view.getInt8(this.pos++);
  }
  u16(): number {
    this.need(2, "u16");
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u16be(): number {
    this.need(2, "u16be");
    const v = this.view.getUint16(this.pos, false);
    this.pos += 2;
    return v;
  }
  i16(): number {
    this.need(2, "i16");
    const v = this.view.getInt16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4, "u32");
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u32be(): number {
    this.need(4, "u32be");
    const v = this.view.getUint32(this.pos, false);
    this.pos += 4;
    return v;
  }
  i32(): number {
    this.need(4, "i32");
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(): bigint {
    this.need(8, "u64");
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  i64(): bigint {
    this.need(8, "i64");
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }
  f32(): number {
    this.need(4, "f32");
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8, "f64");
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  bool(): boolean {
    return this.u8() !== 0;
  }

  /** A view of the next n bytes (not a copy). */
  bytes(n: number): Uint8Array {
    this.need(n, `${n} bytes`);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** A copy of the next n bytes (for values that outlive the input buffer). */
  copy(n: number): Uint8Array {
    return this.bytes(n).slice();
  }
  /** The rest of the message as a view. */
  rest(): Uint8Array {
    return this.bytes(this.end - this.pos);
  }
  skip(n: number): void {
    this.need(n, `skip ${n}`);
    this.pos += n;
  }

  /** NUL-terminated string; `max` bounds its length in bytes (terminator excluded). */
  cstring(max = 0xffff): string {
    const start = this.pos;
    const limit = Math.min(this.end, start + max + 1);
    let i = start;
    while (i < limit && this.buf[i] !== 0) i++;
    if (i >= this.end) throw new DecodeError("PROTO_TRUNCATED", `unterminated string at offset ${start}`, start);
    if (i >= limit) throw new DecodeError("PROTO_BAD_VALUE", `string longer than ${max} bytes at offset ${start}`, start);
    const s = textDecoder.decode(this.buf.subarray(start, i));
    this.pos = i + 1;
    return s;
  }

  /** u32 length (terminator included), bytes, NUL. */
  sizedCString(max = 0xffff): string {
    const at = this.pos;
    const len = this.u32();
    if (len === 0) return "";
    if (len - 1 > max) throw new DecodeError("PROTO_BAD_VALUE", `sized string of ${len} bytes over ${max} at offset ${at}`, at);
    const b = this.bytes(len);
    const n = b[len - 1] === 0 ? len - 1 : len;
    return textDecoder.decode(b.subarray(0, n));
  }

  /** u8 length, bytes, no terminator (login protocol). */
  string8(): string {
    const n = this.u8();
    return textDecoder.decode(this.bytes(n));
  }

  /** Mask byte, then the non-zero bytes of a u64, low byte first. */
  packedGuid(): bigint {
    const mask = this.u8();
    if (mask === 0) return 0n;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 8; i++) {
      if (mask & (1 << i)) {
        const b = this.u8();
        if (i < 4) lo += b * 2 ** (8 * i);
        else hi += b * 2 ** (8 * (i - 4));
      }
    }
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A finite f32; NaN and infinities are a decode error. */
  finiteF32(what = "float"): number {
    const at = this.pos;
    const v = this.f32();
    if (!Number.isFinite(v)) throw new DecodeError("PROTO_BAD_VALUE", `${what} is not finite at offset ${at}`, at);
    return v;
  }

  /** A count that must not exceed `max` and whose items need at least `minItem` bytes each. */
  count(v: number, max: number, minItem: number, what: string): number {
    if (v > max) throw new DecodeError("PROTO_BAD_VALUE", `${what} count ${v} over ${max}`, this.pos);
    if (v * minItem > this.remaining) throw new DecodeError("PROTO_TRUNCATED", `${what} count ${v} needs ${v * minItem} bytes, have ${this.remaining}`, this.pos);
    return v;
  }
}
