// Binary envelopes for the packet hot path (no JSON, no hex):
//
// CLIENT_PACKET (gateway -> world host or plugin service), one client packet:
//   u8 1 | u32 gatewayId | u32 sessionId | u32 accountId | u8 gmLevel | u32 characterGuid
//   | u16 opcode | payload...
// OUTBOUND_BATCH (world host or service -> one gateway), many packets for many sessions:
//   u8 2 | u32 entryCount | entries
//   entry: u8 0 (one session) | u32 sessionId | u16 opcode | u32 length | bytes
//          u8 1 (fan-out)     | u16 n | u32 sessionId * n | u16 opcode | u32 length | bytes
// A world host sends at most one OUTBOUND_BATCH per gateway per tick.
import { Reader } from "../protocol/reader.ts";
import { Writer } from "../protocol/writer.ts";

export const ENVELOPE_CLIENT_PACKET = 1;
export const ENVELOPE_OUTBOUND_BATCH = 2;
export const CLIENT_PACKET_HEADER = 20;

/** Who sent a client packet, as the gateway vouches for it. */
export interface SessionRef {
  gatewayId: number;
  sessionId: number;
}

export interface ClientPacket extends SessionRef {
  accountId: number;
  gmLevel: number;
  /** 0 at the character screen. Player guids fit in 32 bits (high type 0). */
  characterGuid: number;
  opcode: number;
  /** A view into the envelope (valid while the envelope is). */
  payload: Uint8Array;
}

export function encodeClientPacket(p: Omit<ClientPacket, "payload">, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(CLIENT_PACKET_HEADER + payload.length);
  const v = new DataView(out.buffer);
  out[0] = ENVELOPE_CLIENT_PACKET;
  v.setUint32(1, p.gatewayId, true);
  v.setUint32(5, p.sessionId, true);
  v.setUint32(9, p.accountId, true);
  out[13] = p.gmLevel;
  v.setUint32(14, p.characterGuid, true);
  v.setUint16(18, p.opcode, true);
  out.set(payload, CLIENT_PACKET_HEADER);
  return out;
}

/** Decodes a CLIENT_PACKET envelope; undefined when it is not one. */
export function decodeClientPacket(b: Uint8Array): ClientPacket | undefined {
  if (b.length < CLIENT_PACKET_HEADER || b[0] !== ENVELOPE_CLIENT_PACKET) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    gatewayId: v.getUint32(1, true),
    sessionId: v.getUint32(5, true),
    accountId: v.getUint32(9, true),
    gmLevel: b[13]!,
    characterGuid: v.getUint32(14, true),
    opcode: v.getUint16(18, true),
    payload: b.subarray(CLIENT_PACKET_HEADER),
  };
}

/** Collects packets for one gateway; `take()` returns the envelope and starts over. */
export class OutboundBatchWriter {
  private w = new Writer(4096);
  private n = 0;
  constructor() {
    this.clear();
  }
  get count(): number {
    return this.n;
  }
  get bytes(): number {
    return this.w.length;
  }
  clear(): void {
    this.w.reset();
    this.w.u8(ENVELOPE_OUTBOUND_BATCH).u32(0);
    this.n = 0;
  }
  add(sessionId: number, opcode: number, body: Uint8Array): void {
    this.w.u8(0).u32(sessionId).u16(opcode).u32(body.length).bytes(body);
    this.n++;
  }
  /** One packet for many sessions (movement relays, broadcasts). */
  addFanout(sessionIds: ArrayLike<number>, opcode: number, body: Uint8Array): void {
    const n = sessionIds.length;
    if (n === 0) return;
    if (n === 1) return this.add(sessionIds[0]!, opcode, body);
    for (let start = 0; start < n; start += 0xffff) {
      const end = Math.min(n, start + 0xffff);
      this.w.u8(1).u16(end - start);
      for (let i = start; i < end; i++) this.w.u32(sessionIds[i]!);
      this.w.u16(opcode).u32(body.length).bytes(body);
      this.n++;
    }
  }
  /** The finished envelope (a copy: the bus takes ownership) and a reset writer. */
  take(): Uint8Array {
    this.w.patchU32(1, this.n);
    const out = this.w.toBytes();
    this.clear();
    return out;
  }
}

/** Calls `each` for every (session, opcode, body) in an OUTBOUND_BATCH; bodies are views. */
export function forEachOutbound(b: Uint8Array, each: (sessionId: number, opcode: number, body: Uint8Array) => void): boolean {
  if (b.length < 5 || b[0] !== ENVELOPE_OUTBOUND_BATCH) return false;
  const r = new Reader(b, 1);
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const kind = r.u8();
    if (kind === 0) {
      const sid = r.u32();
      const op = r.u16();
      const body = r.bytes(r.u32());
      each(sid, op, body);
    } else {
      const n = r.u16();
      const at = r.offset;
      r.skip(n * 4);
      const op = r.u16();
      const body = r.bytes(r.u32());
      const v = new DataView(b.buffer, b.byteOffset + at, n * 4);
      for (let k = 0; k < n; k++) each(v.getUint32(k * 4, true), op, body);
    }
  }
  return true;
}

// NEAR_BROADCAST (a service -> the world host of `guid`): send one packet to every
// player within `range` yards of the character, except the excluded characters:
//   u8 3 | u32 guid | f32 range | u8 flags (1 = include the character itself,
//   2 = an exclusion list follows) | u16 opcode | [u16 n | u32 guid × n] | body
export const ENVELOPE_NEAR_BROADCAST = 3;
const NEAR_INCLUDE_SELF = 1;
const NEAR_EXCLUDE = 2;
/** Characters one near broadcast may exclude (the rest are dropped from the list). */
export const NEAR_EXCLUDE_MAX = 0xffff;

export interface NearBroadcast {
  guid: number;
  range: number;
  includeSelf: boolean;
  opcode: number;
  body: Uint8Array;
  /** characters not to deliver to (listeners who ignore the speaker) */
  exclude?: readonly number[];
}

export function encodeNearBroadcast(n: NearBroadcast): Uint8Array {
  const ex = n.exclude && n.exclude.length ? n.exclude.slice(0, NEAR_EXCLUDE_MAX) : undefined;
  const exBytes = ex ? 2 + ex.length * 4 : 0;
  const out = new Uint8Array(12 + exBytes + n.body.length);
  const v = new DataView(out.buffer);
  out[0] = ENVELOPE_NEAR_BROADCAST;
  v.setUint32(1, n.guid, true);
  v.setFloat32(5, n.range, true);
  out[9] = (n.includeSelf ? NEAR_INCLUDE_SELF : 0) | (ex ? NEAR_EXCLUDE : 0);
  v.setUint16(10, n.opcode, true);
  if (ex) {
    v.setUint16(12, ex.length, true);
    for (let i = 0; i < ex.length; i++) v.setUint32(14 + i * 4, ex[i]!, true);
  }
  out.set(n.body, 12 + exBytes);
  return out;
}

export function decodeNearBroadcast(b: Uint8Array): NearBroadcast | undefined {
  if (b.length < 12 || b[0] !== ENVELOPE_NEAR_BROADCAST) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const flags = b[9]!;
  let at = 12;
  let exclude: number[] | undefined;
  if (flags & NEAR_EXCLUDE) {
    if (b.length < 14) return undefined;
    const n = v.getUint16(12, true);
    if (b.length < 14 + n * 4) return undefined;
    exclude = new Array<number>(n);
    for (let i = 0; i < n; i++) exclude[i] = v.getUint32(14 + i * 4, true);
    at = 14 + n * 4;
  }
  return { guid: v.getUint32(1, true), range: v.getFloat32(5, true), includeSelf: (flags & NEAR_INCLUDE_SELF) !== 0, opcode: v.getUint16(10, true), body: b.subarray(at), exclude };
}
