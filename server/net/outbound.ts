// A per-connection outbound buffer: packets are framed (header encrypted in order) as
// they are queued, and the whole buffer goes out in ONE socket write per flush. Bun
// keeps no queue of its own beyond what the kernel accepts, so a partial write keeps
// the tail here until `drain`. The pending byte count is capped by the owner.
import { writeServerHeader } from "../protocol/world-frame.ts";

/** What encrypts the headers (the session's ServerHeaderCrypt once authenticated). */
type HeaderCrypt = Parameters<typeof writeServerHeader>[4];

export interface WritableSocket {
  /** Bun's Socket.write: a range of `data`, no view object per write. */
  write(data: Uint8Array, byteOffset?: number, byteLength?: number): number;
}

/** Bodies up to this size are copied byte by byte. */
const SMALL_BODY = 32;

export class OutboundBuffer {
  private buf: Uint8Array;
  private len = 0;

  constructor(initial = 4096) {
    this.buf = new Uint8Array(initial);
  }

  get pending(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Frames one packet (header encrypted with `crypt` when given) after what is queued. */
  push(opcode: number, body: Uint8Array, crypt: HeaderCrypt): void {
    const n = body.length;
    this.ensure(5 + n); // a server header is 4 or 5 bytes
    this.len += writeServerHeader(this.buf, this.len, n, opcode, crypt);
    if (n <= SMALL_BODY) {
      // typed-array set() costs more than a short loop for the many tiny packets
      const b = this.buf;
      const at = this.len;
      for (let i = 0; i < n; i++) b[at + i] = body[i]!;
    } else {
      this.buf.set(body, this.len);
    }
    this.len += n;
  }

  /**
   * Writes everything pending in one call. Returns true when the buffer is empty
   * afterwards; false when the kernel took only part (wait for drain) or the socket is
   * closed (write returned -1).
   */
  flush(socket: WritableSocket): boolean {
    if (this.len === 0) return true;
    const n = socket.write(this.buf, 0, this.len);
    if (n < 0) return false;
    if (n >= this.len) {
      this.len = 0;
      // give back memory after a burst
      if (this.buf.length > 262_144) this.buf = new Uint8Array(4096);
      return true;
    }
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    return false;
  }

  clear(): void {
    this.len = 0;
  }
}
