// Binary envelopes for the packet hot path on the bus (gateway <-> world). Fixed-width
// little-endian headers, payloads copied once on encode and never on decode (decoded
// payloads are views into the received message). Control traffic uses jsonBytes().
//
// Client packet (gateway -> world, one per client packet):
//   u32 session id | u16 opcode | u8 flags | payload (the rest)
//
// Outbound batch (world -> gateway, one per gateway per tick):
//   u32 count | count x ( u32 session id | u16 opcode | u32 length | length bytes )
//
// Decoders check every length against the buffer before reading and throw RealmError
// PROTO_TRUNCATED, so a damaged message is one error, never a read past the end.
import { RealmError } from "../kernel/errors.ts";

export const CLIENT_PACKET_HEADER = 7;
export const OUTBOUND_BATCH_HEADER = 4;
export const OUTBOUND_ENTRY_HEADER = 10;

export interface ClientPacket {
  session: number;
  opcode: number;
  flags: number;
  /** A view into the envelope (no copy). */
  payload: Uint8Array;
}

export interface OutboundEntry {
  session: number;
  opcode: number;
  /** A view into the batch (no copy). */
  payload: Uint8Array;
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function checkU32(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RealmError("PROTO_BAD_VALUE", `${name} ${v} is not a u32`);
}
function checkU16(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RealmError("PROTO_BAD_VALUE", `${name} ${v} is not a u16`);
}

// ------------------------------------------------------------------ client packet

/** Bytes a client packet envelope with this payload takes. */
export function clientPacketSize(payloadLength: number): number {
  return CLIENT_PACKET_HEADER + payloadLength;
}

/**
 * Writes a client packet envelope into `out` at `offset`; returns the bytes written.
 * For callers that reuse one buffer (the envelope must then be copied or sent before
 * the buffer is reused: the bus takes ownership of what it is given).
 */
export function writeClientPacket(out: Uint8Array, offset: number, session: number, opcode: number, flags: number, payload: Uint8Array): number {
  checkU32("session", session);
  checkU16("opcode", opcode);
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xff) throw new RealmError("PROTO_BAD_VALUE", `flags ${flags} is not a u8`);
  const size = CLIENT_PACKET_HEADER + payload.length;
  if (offset < 0 || offset + size > out.length) throw new RealmError("PROTO_BAD_VALUE", `client packet of ${size} bytes does not fit at ${offset} in ${out.length}`);
  const dv = view(out);
  dv.setUint32(offset, session, true);
  dv.setUint16(offset + 4, opcode, true);
  out[offset + 6] = flags;
  out.set(payload, offset + CLIENT_PACKET_HEADER);
  return size;
}

/** Encodes a client packet envelope into a new buffer of exactly its size. */
export function encodeClientPacket(session: number, opcode: number, flags: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(CLIENT_PACKET_HEADER + payload.length);
  writeClientPacket(out, 0, session, opcode, flags, payload);
  return out;
}

/** Decodes a client packet envelope; the payload is a view into `buf`. */
export function decodeClientPacket(buf: Uint8Array): ClientPacket {
  if (buf.length < CLIENT_PACKET_HEADER) throw new RealmError("PROTO_TRUNCATED", `client packet envelope of ${buf.length} bytes is shorter than its ${CLIENT_PACKET_HEADER}-byte header`);
  const dv = view(buf);
  return {
    session: dv.getUint32(0, true),
    opcode: dv.getUint16(4, true),
    flags: buf[6]!,
    payload: buf.subarray(CLIENT_PACKET_HEADER),
  };
}

// ------------------------------------------------------------------ outbound batch

/**
 * Builds one outbound batch per tick in a growing buffer it reuses across ticks.
 * `finish()` returns a copy that is safe to publish; `reset()` starts the next batch.
 */
export class OutboundBatchWriter {
  private buf: Uint8Array;
  private dv: DataView;
  private pos = OUTBOUND_BATCH_HEADER;
  private n = 0;

  constructor(initialCapacity = 16 * 1024) {
    this.buf = new Uint8Array(Math.max(initialCapacity, 64));
    this.dv = view(this.buf);
  }

  /** Entries added since the last reset. */
  get count(): number {
    return this.n;
  }
  /** Size of the batch so far, header included. */
  get byteLength(): number {
    return this.pos;
  }

  private grow(need: number): void {
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = view(next);
  }

  /** Appends one packet for one session (the payload is copied). */
  add(session: number, opcode: number, payload: Uint8Array): void {
    checkU32("session", session);
    checkU16("opcode", opcode);
    if (this.n === 0xffffffff) throw new RealmError("PROTO_BAD_VALUE", "outbound batch is full");
    const need = this.pos + OUTBOUND_ENTRY_HEADER + payload.length;
    if (need > this.buf.length) this.grow(need);
    const p = this.pos;
    this.dv.setUint32(p, session, true);
    this.dv.setUint16(p + 4, opcode, true);
    this.dv.setUint32(p + 6, payload.length, true);
    this.buf.set(payload, p + OUTBOUND_ENTRY_HEADER);
    this.pos = need;
    this.n++;
  }

  /** The batch as a view into the writer's buffer: valid only until the next add/reset. */
  view(): Uint8Array {
    this.dv.setUint32(0, this.n, true);
    return this.buf.subarray(0, this.pos);
  }

  /** The batch as a new buffer of exactly its size (safe to publish). */
  finish(): Uint8Array {
    return this.view().slice();
  }

  /** Empties the writer, keeping its buffer. */
  reset(): void {
    this.pos = OUTBOUND_BATCH_HEADER;
    this.n = 0;
  }
}

/** Encodes entries into a new outbound batch. */
export function encodeOutboundBatch(entries: Iterable<{ session: number; opcode: number; payload: Uint8Array }>): Uint8Array {
  const w = new OutboundBatchWriter();
  for (const e of entries) w.add(e.session, e.opcode, e.payload);
  return w.finish();
}

/**
 * Calls `fn` for each entry, in order, without allocating per entry beyond the payload
 * view. Returns the number of entries. Every length is checked first: a batch that
 * claims more than it holds throws PROTO_TRUNCATED before `fn` sees any entry.
 */
export function forEachOutbound(buf: Uint8Array, fn: (session: number, opcode: number, payload: Uint8Array) => void): number {
  const count = validateOutboundBatch(buf);
  const dv = view(buf);
  let p = OUTBOUND_BATCH_HEADER;
  for (let i = 0; i < count; i++) {
    const len = dv.getUint32(p + 6, true);
    fn(dv.getUint32(p, true), dv.getUint16(p + 4, true), buf.subarray(p + OUTBOUND_ENTRY_HEADER, p + OUTBOUND_ENTRY_HEADER + len));
    p += OUTBOUND_ENTRY_HEADER + len;
  }
  return count;
}

/** Decodes an outbound batch into entries (payloads are views into `buf`). */
export function decodeOutboundBatch(buf: Uint8Array): OutboundEntry[] {
  const out: OutboundEntry[] = [];
  forEachOutbound(buf, (session, opcode, payload) => void out.push({ session, opcode, payload }));
  return out;
}

/** Checks the whole batch's structure; returns its entry count. Trailing bytes after the last entry are ignored. */
export function validateOutboundBatch(buf: Uint8Array): number {
  if (buf.length < OUTBOUND_BATCH_HEADER) throw new RealmError("PROTO_TRUNCATED", `outbound batch of ${buf.length} bytes is shorter than its count`);
  const dv = view(buf);
  const count = dv.getUint32(0, true);
  // each entry takes at least its header: a huge count in a small buffer fails here
  if (count > (buf.length - OUTBOUND_BATCH_HEADER) / OUTBOUND_ENTRY_HEADER) {
    throw new RealmError("PROTO_TRUNCATED", `outbound batch claims ${count} entries but has ${buf.length} bytes`);
  }
  let p = OUTBOUND_BATCH_HEADER;
  for (let i = 0; i < count; i++) {
    if (p + OUTBOUND_ENTRY_HEADER > buf.length) throw new RealmError("PROTO_TRUNCATED", `outbound batch entry ${i} header ends past the batch`);
    const len = dv.getUint32(p + 6, true);
    if (p + OUTBOUND_ENTRY_HEADER + len > buf.length) throw new RealmError("PROTO_TRUNCATED", `outbound batch entry ${i} claims ${len} bytes past the batch end`);
    p += OUTBOUND_ENTRY_HEADER + len;
  }
  return count;
}
