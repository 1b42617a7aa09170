// RC4 ("ARC4") in TypeScript. Node's OpenSSL 3 refuses rc4, and for 4-6 byte headers a
// JS loop beats a native call anyway (reference/performance.md §4.3). The state is one
// 256-byte Uint8Array and two numbers; `process` works in place and allocates nothing.

export class Arc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  /** Key schedule for `key` (1..256 bytes), then `drop` keystream bytes discarded. */
  constructor(key: Uint8Array, drop = 0) {
    if (key.length === 0 || key.length > 256) throw new RangeError(`RC4 key must be 1..256 bytes, got ${key.length}`);
    const s = this.s;
    for (let i = 0; i < 256; i++) s[i] = i;
    let j = 0;
    const n = key.length;
    for (let i = 0; i < 256; i++) {
      const si = s[i]!;
      j = (j + si + key[i % n]!) & 255;
      s[i] = s[j]!;
      s[j] = si;
    }
    if (drop > 0) this.skip(drop);
  }

  /** Advances the keystream by n bytes without touching any data. */
  skip(n: number): void {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    for (let k = 0; k < n; k++) {
      i = (i + 1) & 255;
      const si = s[i]!;
      j = (j + si) & 255;
      s[i] = s[j]!;
      s[j] = si;
    }
    this.i = i;
    this.j = j;
  }

  /** XORs buf[start, end) with the next keystream bytes, in place (encrypt = decrypt). */
  process(buf: Uint8Array, start: number, end: number): void {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    for (let p = start; p < end; p++) {
      i = (i + 1) & 255;
      const si = s[i]!;
      j = (j + si) & 255;
      const sj = s[j]!;
      s[i] = sj;
      s[j] = si;
      buf[p] = buf[p]! ^ s[(si + sj) & 255]!;
    }
    this.i = i;
    this.j = j;
  }
}
