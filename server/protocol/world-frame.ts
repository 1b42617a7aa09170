// World packet framing (protocol.md §2.1; design.md §3 principle 4).
//
// Server -> client header: u16 BE size (= payload + 2) then u16 LE opcode (4 bytes); when
// payload + 2 > 0x7FFF the size is 3 bytes BE with 0x80 set in the first byte (5 bytes).
// Client -> server header: u16 BE size (= payload + 4) then u32 LE opcode (6 bytes).
// Only headers are encrypted (header-crypt.ts). Nothing here allocates: encoders write
// into the caller's buffer, decoders keep their state in numbers and decrypt in place.
import { RealmError } from "../kernel/errors.ts";
import { NUM_MSG_TYPES } from "./opcodes.ts";
import type { ClientHeaderDecryptor, ServerHeaderDecryptor } from "./header-crypt.ts";

export const SERVER_HEADER_LENGTH = 4;
export const SERVER_LARGE_HEADER_LENGTH = 5;
export const CLIENT_HEADER_LENGTH = 6;

/** Client size field bounds (size counts the 4-byte opcode): outside [4, 10239] closes the connection. */
export const CLIENT_SIZE_MIN = 4;
export const CLIENT_SIZE_MAX = 10239;
/** Largest client payload a well-formed header can announce. */
export const CLIENT_PAYLOAD_MAX = CLIENT_SIZE_MAX - 4;
/** Largest size field a server header can carry (23 bits). */
export const SERVER_SIZE_MAX = 0x7fffff;
/** Above this size field the server header takes 5 bytes. */
export const SERVER_SMALL_SIZE_MAX = 0x7fff;

/** `next()` results: > 0 is a complete frame's total length, 0 needs more bytes, < 0 is fatal. */
export const NEED_MORE = 0;
export const FrameError = {
  /** Size field outside the allowed range. */
  BAD_SIZE: -1,
  /** Opcode >= NUM_MSG_TYPES (0x51F). */
  BAD_OPCODE: -2,
} as const;
export type FrameErrorCode = (typeof FrameError)[keyof typeof FrameError];

/** The catalogue error for a fatal frame result (for logs; the connection must be closed). */
export function frameError(code: FrameErrorCode, size: number, opcode: number): RealmError {
  const what = code === FrameError.BAD_SIZE ? `size field ${size} out of range` : `opcode 0x${opcode.toString(16)} >= 0x${NUM_MSG_TYPES.toString(16)}`;
  return new RealmError("PROTO_BAD_HEADER", `world header: ${what}`, { size, opcode });
}

interface ServerHeaderEncryptor {
  encryptServerHeader(buf: Uint8Array, offset: number, length: number): void;
}
interface ClientHeaderEncryptor {
  encryptClientHeader(buf: Uint8Array, offset: number, length: number): void;
}

/** 4, or 5 when payload + 2 > 0x7FFF. */
export function serverHeaderLength(payloadLength: number): 4 | 5 {
  return payloadLength + 2 > SERVER_SMALL_SIZE_MAX ? SERVER_LARGE_HEADER_LENGTH : SERVER_HEADER_LENGTH;
}

/**
 * Writes a server header for `payloadLength` bytes of `opcode` at buf[offset] and, when a
 * crypt is given, encrypts it in place. Returns the header length (4 or 5).
 */
export function writeServerHeader(buf: Uint8Array, offset: number, payloadLength: number, opcode: number, crypt?: ServerHeaderEncryptor | null): number {
  const size = payloadLength + 2;
  if (!Number.isInteger(payloadLength) || payloadLength < 0 || size > SERVER_SIZE_MAX) {
    throw new RealmError("PROTO_BAD_VALUE", `server payload of ${payloadLength} bytes cannot be framed`);
  }
  if (opcode < 0 || opcode > 0xffff) throw new RealmError("PROTO_BAD_VALUE", `server opcode ${opcode} does not fit in u16`);
  let n: number;
  if (size > SERVER_SMALL_SIZE_MAX) {
    if (offset + 5 > buf.length) throw new RealmError("PROTO_BAD_VALUE", "header buffer too small");
    buf[offset] = 0x80 | (size >>> 16);
    buf[offset + 1] = (size >>> 8) & 0xff;
    buf[offset + 2] = size & 0xff;
    buf[offset + 3] = opcode & 0xff;
    buf[offset + 4] = opcode >>> 8;
    n = 5;
  } else {
    if (offset + 4 > buf.length) throw new RealmError("PROTO_BAD_VALUE", "header buffer too small");
    buf[offset] = size >>> 8;
    buf[offset + 1] = size & 0xff;
    buf[offset + 2] = opcode & 0xff;
    buf[offset + 3] = opcode >>> 8;
    n = 4;
  }
  if (crypt) crypt.encryptServerHeader(buf, offset, n);
  return n;
}

/** Writes a 6-byte client header (tests, bench client) and encrypts it when a crypt is given. */
export function writeClientHeader(buf: Uint8Array, offset: number, payloadLength: number, opcode: number, crypt?: ClientHeaderEncryptor | null): 6 {
  const size = payloadLength + 4;
  if (!Number.isInteger(payloadLength) || payloadLength < 0 || size > 0xffff) {
    throw new RealmError("PROTO_BAD_VALUE", `client payload of ${payloadLength} bytes cannot be framed`);
  }
  if (offset + 6 > buf.length) throw new RealmError("PROTO_BAD_VALUE", "header buffer too small");
  buf[offset] = size >>> 8;
  buf[offset + 1] = size & 0xff;
  buf[offset + 2] = opcode & 0xff;
  buf[offset + 3] = (opcode >>> 8) & 0xff;
  buf[offset + 4] = (opcode >>> 16) & 0xff;
  buf[offset + 5] = (opcode >>> 24) & 0xff;
  if (crypt) crypt.encryptClientHeader(buf, offset, 6);
  return 6;
}

/**
 * Frames the client -> server stream (used by the gateway). Call `next(buf, start, end)`
 * with the unconsumed bytes buf[start, end):
 *   > 0  a complete frame of that many bytes starts at `start`: header (6) + payload;
 *        `opcode` and `payloadLength` describe it. Consume it and call again.
 *   0    NEED_MORE: `needed` is the total byte count the frame needs from `start`. Once the
 *        6 header bytes were seen, `needed` is bounded by 6 + CLIENT_PAYLOAD_MAX, so the
 *        caller never grows a buffer beyond that for one frame.
 *   < 0  a FrameError: close the connection. Nothing was allocated; further calls return
 *        the same error.
 * The header is decrypted in place exactly once, the first time all 6 bytes are present;
 * the decoder remembers it, so a frame whose payload arrives later is not decrypted again
 * (the header bytes in the caller's buffer are plaintext from then on). Encryption can be
 * switched on between frames with `setCrypt`.
 */
export class ClientFrameDecoder {
  /** Opcode of the current frame (valid after a header was read). */
  opcode = 0;
  /** Size field of the current frame (payload + 4). */
  size = 0;
  payloadLength = 0;
  /** Bytes the current frame needs from its start (header included). */
  needed = CLIENT_HEADER_LENGTH;
  private crypt: ClientHeaderDecryptor | null;
  private headerRead = false;
  private failure = 0;

  constructor(crypt: ClientHeaderDecryptor | null = null) {
    this.crypt = crypt;
  }

  /** Turns header decryption on (or off) for the frames that follow. */
  setCrypt(crypt: ClientHeaderDecryptor | null): void {
    if (this.headerRead) throw new RealmError("PROTO_BAD_VALUE", "cannot switch header crypt in the middle of a frame");
    this.crypt = crypt;
  }

  get encrypted(): boolean {
    return this.crypt !== null;
  }
  /** The fatal error seen so far, or 0. */
  get error(): number {
    return this.failure;
  }

  next(buf: Uint8Array, start: number, end: number): number {
    if (this.failure !== 0) return this.failure;
    const avail = end - start;
    if (!this.headerRead) {
      if (avail < CLIENT_HEADER_LENGTH) {
        this.needed = CLIENT_HEADER_LENGTH;
        return NEED_MORE;
      }
      if (this.crypt !== null) this.crypt.decryptClientHeader(buf, start, CLIENT_HEADER_LENGTH);
      const size = (buf[start]! << 8) | buf[start + 1]!;
      const opcode = (buf[start + 2]! | (buf[start + 3]! << 8) | (buf[start + 4]! << 16)) + buf[start + 5]! * 0x1000000;
      this.size = size;
      this.opcode = opcode;
      if (size < CLIENT_SIZE_MIN || size > CLIENT_SIZE_MAX) return (this.failure = FrameError.BAD_SIZE);
      if (opcode >= NUM_MSG_TYPES) return (this.failure = FrameError.BAD_OPCODE);
      this.payloadLength = size - 4;
      this.needed = CLIENT_HEADER_LENGTH + this.payloadLength;
      this.headerRead = true;
    }
    if (avail < this.needed) return NEED_MORE;
    this.headerRead = false;
    return this.needed;
  }

  /** Forgets a partly read frame and any error (a new connection). */
  reset(): void {
    this.headerRead = false;
    this.failure = 0;
    this.needed = CLIENT_HEADER_LENGTH;
    this.opcode = 0;
    this.size = 0;
    this.payloadLength = 0;
  }
}

/**
 * Frames the server -> client stream (tests, bench client): same contract as
 * ClientFrameDecoder. Decrypts the first 4 header bytes; if the first decrypted byte has
 * 0x80 set, decrypts a 5th byte (once, even if it arrives later) and reads a 23-bit size.
 * `maxSize` caps the size field (default: the format's maximum).
 */
export class ServerFrameDecoder {
  opcode = 0;
  size = 0;
  payloadLength = 0;
  headerLength = SERVER_HEADER_LENGTH;
  needed = SERVER_HEADER_LENGTH;
  private crypt: ServerHeaderDecryptor | null;
  private decrypted = 0;
  private headerRead = false;
  private failure = 0;

  constructor(
    crypt: ServerHeaderDecryptor | null = null,
    private readonly maxSize: number = SERVER_SIZE_MAX,
  ) {
    this.crypt = crypt;
  }

  setCrypt(crypt: ServerHeaderDecryptor | null): void {
    if (this.headerRead || this.decrypted !== 0) throw new RealmError("PROTO_BAD_VALUE", "cannot switch header crypt in the middle of a frame");
    this.crypt = crypt;
  }

  get error(): number {
    return this.failure;
  }

  next(buf: Uint8Array, start: number, end: number): number {
    if (this.failure !== 0) return this.failure;
    const avail = end - start;
    if (!this.headerRead) {
      if (this.decrypted === 0) {
        if (avail < SERVER_HEADER_LENGTH) {
          this.needed = SERVER_HEADER_LENGTH;
          return NEED_MORE;
        }
        if (this.crypt !== null) this.crypt.decryptServerHeader(buf, start, SERVER_HEADER_LENGTH);
        this.decrypted = SERVER_HEADER_LENGTH;
      }
      let size: number;
      let opcode: number;
      if ((buf[start]! & 0x80) !== 0) {
        if (this.decrypted < SERVER_LARGE_HEADER_LENGTH) {
          if (avail < SERVER_LARGE_HEADER_LENGTH) {
            this.needed = SERVER_LARGE_HEADER_LENGTH;
            return NEED_MORE;
          }
          if (this.crypt !== null) this.crypt.decryptServerHeader(buf, start + 4, 1);
          this.decrypted = SERVER_LARGE_HEADER_LENGTH;
        }
        size = ((buf[start]! & 0x7f) << 16) | (buf[start + 1]! << 8) | buf[start + 2]!;
        opcode = buf[start + 3]! | (buf[start + 4]! << 8);
        this.headerLength = SERVER_LARGE_HEADER_LENGTH;
      } else {
        size = (buf[start]! << 8) | buf[start + 1]!;
        opcode = buf[start + 2]! | (buf[start + 3]! << 8);
        this.headerLength = SERVER_HEADER_LENGTH;
      }
      this.size = size;
      this.opcode = opcode;
      this.decrypted = 0;
      if (size < 2 || size > this.maxSize) return (this.failure = FrameError.BAD_SIZE);
      if (opcode >= NUM_MSG_TYPES) return (this.failure = FrameError.BAD_OPCODE);
      this.payloadLength = size - 2;
      this.needed = this.headerLength + this.payloadLength;
      this.headerRead = true;
    }
    if (avail < this.needed) return NEED_MORE;
    this.headerRead = false;
    return this.needed;
  }

  reset(): void {
    this.headerRead = false;
    this.decrypted = 0;
    this.failure = 0;
    this.needed = SERVER_HEADER_LENGTH;
    this.opcode = 0;
    this.size = 0;
    this.payloadLength = 0;
    this.headerLength = SERVER_HEADER_LENGTH;
  }
}
