// Accumulates TCP chunks for one connection until whole frames are available. The
// buffer only grows to what one frame may need (the framing code bounds that), and
// consumed bytes are compacted away so a long-lived connection does not creep.

export class InboundBuffer {
  buf: Uint8Array;
  start = 0;
  end = 0;

  constructor(
    initial = 2048,
    private readonly cap = 65_536,
  ) {
    this.buf = new Uint8Array(initial);
  }

  get available(): number {
    return this.end - this.start;
  }

  /** Appends a chunk; false when keeping it would exceed the cap (close the connection). */
  append(chunk: Uint8Array): boolean {
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
    }
    const need = this.end - this.start + chunk.length;
    if (need > this.cap) return false;
    if (this.end + chunk.length > this.buf.length) {
      if (need <= this.buf.length) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let size = this.buf.length * 2;
        while (size < need) size *= 2;
        const next = new Uint8Array(Math.min(size, this.cap));
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.end -= this.start;
      this.start = 0;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
    return true;
  }

  consume(n: number): void {
    this.start += n;
    if (this.start >= this.end) {
      this.start = 0;
      this.end = 0;
    }
  }

  /** A view of the next n bytes. */
  view(n: number): Uint8Array {
    return this.buf.subarray(this.start, this.start + n);
  }
}
