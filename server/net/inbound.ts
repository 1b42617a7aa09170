// Accumulates TCP chunks for one connection until whole frames are available. The
// buffer grows to at most `cap` (the owner sizes it: one socket read plus one frame),
// consumed bytes are compacted away, and a buffer that grew for a burst goes back to
// its initial size once it is empty, so a long-lived connection does not creep.

/** Above this a drained buffer is given back (replaced by one of the initial size). */
const SHRINK_ABOVE = 65_536;

export class InboundBuffer {
  buf: Uint8Array;
  start = 0;
  end = 0;

  constructor(
    private readonly initial = 2048,
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
      if (this.buf.length > SHRINK_ABOVE) this.buf = new Uint8Array(this.initial);
    }
  }

  /** A view of the next n bytes. */
  view(n: number): Uint8Array {
    return this.buf.subarray(this.start, this.start + n);
  }
}
