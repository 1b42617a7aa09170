// World packet framing (protocol.md §2.1), client side.
// Server -> client: u16 BE size (payload + 2) + u16 LE opcode, or a 3-byte BE size with 0x80 in
// the first byte (5-byte header) for big packets. Client -> server: u16 BE size (payload + 4) +
// u32 LE opcode. Only headers are encrypted once the crypt is on (§2.4).
import type { ClientHeaderCrypt } from "./header-crypt.ts";
import { Opcode } from "./messages/opcodes.ts";

export const CLIENT_HEADER_SIZE = 6;
/** cmangos rejects client packets above this size field (pitfall 10). */
export const MAX_CLIENT_SIZE_FIELD = 0x2800;
/** Upper bound we accept for a server packet (3-byte size field max is 0x7FFFFF). */
export const MAX_SERVER_PAYLOAD = 0x7fffff;

export interface PacketSink {
  /** `payload` is a view into the framer's buffer, valid only during the call. */
  onPacket(opcode: number, payload: Uint8Array, headerSize: number): void;
}

export class FramingError extends Error {
  override name = "FramingError";
}

/** Reassembles server packets from arbitrary TCP chunks, decrypting headers exactly once. */
export class ServerPacketFramer {
  private buf: Uint8Array;
  private start = 0;
  private end = 0;
  private crypt: ClientHeaderCrypt | null = null;
  /** How many header bytes at `start` are already decrypted. */
  private decrypted = 0;
  /** After CMSG_AUTH_SESSION: the next packet may be a plain AUTH_RESPONSE failure (§2.3, pitfall 11). */
  private probePlainAuthFailure = false;

  constructor(
    private readonly sink: PacketSink,
    initialCapacity = 16 * 1024,
  ) {
    this.buf = new Uint8Array(initialCapacity);
  }

  /**
   * Turn on header decryption for everything after the bytes already consumed. With
   * `probePlainAuthFailure`, a first header that reads as a plain SMSG_AUTH_RESPONSE with a
   * single result byte (`00 03 EE 01`) is taken unencrypted, as servers send failures.
   */
  enableCrypt(crypt: ClientHeaderCrypt, probePlainAuthFailure = true): void {
    this.crypt = crypt;
    this.decrypted = 0;
    this.probePlainAuthFailure = probePlainAuthFailure;
  }

  get encrypted(): boolean {
    return this.crypt !== null;
  }

  /** Bytes received but not yet delivered as packets. */
  get buffered(): number {
    return this.end - this.start;
  }

  private draining = false;

  feed(chunk: Uint8Array): void {
    this.append(chunk);
    if (this.draining) return; // re-entrant feed from a handler: the outer loop picks it up
    this.draining = true;
    try {
      this.drain();
    } finally {
      this.draining = false;
    }
  }

  private append(chunk: Uint8Array): void {
    const n = chunk.length;
    if (this.end + n > this.buf.length) {
      const live = this.end - this.start;
      if (live + n <= this.buf.length) {
        this.buf.copyWithin(0, this.start, this.end);
        this.start = 0;
        this.end = live;
      } else {
        this.reserve(live + n);
      }
    }
    this.buf.set(chunk, this.end);
    this.end += n;
  }

  private drain(): void {
    for (;;) {
      const buf = this.buf;
      const avail = this.end - this.start;
      if (avail < 1) break;
      const s = this.start;
      if (this.crypt && this.probePlainAuthFailure) {
        if (avail < 4) break;
        this.probePlainAuthFailure = false;
        if (buf[s] === 0 && buf[s + 1] === 3 && buf[s + 2] === (Opcode.SMSG_AUTH_RESPONSE & 0xff) && buf[s + 3] === Opcode.SMSG_AUTH_RESPONSE >> 8) {
          this.decrypted = 4; // plain failure: treat as already clear text
        }
      }
      if (this.crypt && this.decrypted === 0) {
        this.crypt.decrypt(buf, s, 1);
        this.decrypted = 1;
      }
      const large = ((buf[s] as number) & 0x80) !== 0;
      const headerSize = large ? 5 : 4;
      if (avail < headerSize) {
        if (this.crypt && this.decrypted < avail) {
          this.crypt.decrypt(buf, s + this.decrypted, avail - this.decrypted);
          this.decrypted = avail;
        }
        break;
      }
      if (this.crypt && this.decrypted < headerSize) {
        this.crypt.decrypt(buf, s + this.decrypted, headerSize - this.decrypted);
        this.decrypted = headerSize;
      }
      let size: number;
      let opcode: number;
      if (large) {
        size = (((buf[s] as number) & 0x7f) << 16) | ((buf[s + 1] as number) << 8) | (buf[s + 2] as number);
        opcode = (buf[s + 3] as number) | ((buf[s + 4] as number) << 8);
      } else {
        size = ((buf[s] as number) << 8) | (buf[s + 1] as number);
        opcode = (buf[s + 2] as number) | ((buf[s + 3] as number) << 8);
      }
      if (size < 2) throw new FramingError(`server header size field ${size} < 2 (opcode 0x${opcode.toString(16)})`);
      const payloadLen = size - 2;
      if (payloadLen > MAX_SERVER_PAYLOAD) throw new FramingError(`server packet too large: ${payloadLen}`);
      if (avail < headerSize + payloadLen) {
        // Make sure the whole packet will fit without further growth surprises.
        if (headerSize + payloadLen > buf.length) this.reserve(headerSize + payloadLen);
        break;
      }
      const p0 = s + headerSize;
      this.start = p0 + payloadLen;
      this.decrypted = 0;
      this.sink.onPacket(opcode, buf.subarray(p0, p0 + payloadLen), headerSize);
    }
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
    }
  }

  /** Grow to at least `total` bytes, moving the live bytes to the start. */
  private reserve(total: number): void {
    let cap = this.buf.length * 2;
    while (cap < total) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(this.start, this.end));
    this.end -= this.start;
    this.start = 0;
    this.buf = next;
  }
}

/** Write a 6-byte client header at `off` (plain; encrypt afterwards if needed). */
export function writeClientHeader(buf: Uint8Array, off: number, opcode: number, payloadLen: number): void {
  const size = payloadLen + 4;
  if (size > 0xffff) throw new FramingError(`client packet too large: ${payloadLen}`);
  buf[off] = size >> 8;
  buf[off + 1] = size & 0xff;
  buf[off + 2] = opcode & 0xff;
  buf[off + 3] = (opcode >> 8) & 0xff;
  buf[off + 4] = (opcode >>> 16) & 0xff;
  buf[off + 5] = (opcode >>> 24) & 0xff;
}

/** Build a server header (for fakes and tests): 4 bytes, or 5 when payload + 2 > 0x7FFF. */
export function buildServerHeader(opcode: number, payloadLen: number): Uint8Array {
  const size = payloadLen + 2;
  if (size > 0x7fff) {
    return Uint8Array.from([0x80 | (size >> 16), (size >> 8) & 0xff, size & 0xff, opcode & 0xff, opcode >> 8]);
  }
  return Uint8Array.from([size >> 8, size & 0xff, opcode & 0xff, opcode >> 8]);
}

/** Whole client packet (plain header + payload) - tests and vectors. */
export function frameClientPacket(opcode: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(CLIENT_HEADER_SIZE + payload.length);
  writeClientHeader(out, 0, opcode, payload.length);
  out.set(payload, CLIENT_HEADER_SIZE);
  return out;
}

/** Whole server packet (plain header + payload) - tests and fakes. */
export function frameServerPacket(opcode: number, payload: Uint8Array): Uint8Array {
  const h = buildServerHeader(opcode, payload.length);
  const out = new Uint8Array(h.length + payload.length);
  out.set(h, 0);
  out.set(payload, h.length);
  return out;
}
