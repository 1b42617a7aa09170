// A uniform grid over one map instance. Cell size = the visibility radius, so an
// object's neighbours within the radius are in its own cell and the 8 around it.
// Keys pack (cx, cy) into one number; a cell is a plain array (iterating arrays is
// several times cheaper than iterating Sets, and the query loop is the hottest loop of
// the world), and each entity remembers its index in its cell so removal is a swap with
// the last element.

export interface Positioned {
  x: number;
  y: number;
  /** the cell key the grid last filed it under (-1 = not in the grid) */
  cell: number;
  /** its index in that cell's array (kept by the grid) */
  cellSlot?: number;
}

const OFFSET = 1 << 15;

export class Grid<T extends Positioned> {
  private cells = new Map<number, T[]>();
  constructor(readonly cellSize: number) {}

  key(x: number, y: number): number {
    const cx = Math.floor(x / this.cellSize) + OFFSET;
    const cy = Math.floor(y / this.cellSize) + OFFSET;
    return cx * 65536 + cy;
  }

  insert(e: T): void {
    const k = this.key(e.x, e.y);
    e.cell = k;
    let c = this.cells.get(k);
    if (!c) this.cells.set(k, (c = []));
    e.cellSlot = c.length;
    c.push(e);
  }

  remove(e: T): void {
    if (e.cell < 0) return;
    const c = this.cells.get(e.cell);
    if (c) {
      const i = e.cellSlot ?? c.indexOf(e);
      const last = c.pop()!;
      if (last !== e) {
        c[i] = last;
        last.cellSlot = i;
      }
      if (c.length === 0) this.cells.delete(e.cell);
    }
    e.cell = -1;
    e.cellSlot = -1;
  }

  /** Re-files an entity after its position changed (cheap when the cell is the same). */
  moved(e: T): void {
    const k = this.key(e.x, e.y);
    if (k === e.cell) return;
    this.remove(e);
    this.insert(e);
  }

  /** Calls fn for every entity within `radius` of (x, y); fn must not insert or remove. */
  near(x: number, y: number, radius: number, fn: (e: T, d2: number) => void): void {
    const size = this.cellSize;
    const span = Math.max(1, Math.ceil(radius / size));
    const cx = Math.floor(x / size) + OFFSET;
    const cy = Math.floor(y / size) + OFFSET;
    const r2 = radius * radius;
    // cells whose nearest point is farther than the radius are skipped
    const x0 = (cx - OFFSET) * size;
    const y0 = (cy - OFFSET) * size;
    for (let dx = -span; dx <= span; dx++) {
      const ex = dx < 0 ? x - (x0 + (dx + 1) * size) : dx > 0 ? x0 + dx * size - x : 0;
      if (ex * ex > r2) continue;
      for (let dy = -span; dy <= span; dy++) {
        const ey = dy < 0 ? y - (y0 + (dy + 1) * size) : dy > 0 ? y0 + dy * size - y : 0;
        if (ex * ex + ey * ey > r2) continue;
        const c = this.cells.get((cx + dx) * 65536 + (cy + dy));
        if (!c) continue;
        for (let i = 0; i < c.length; i++) {
          const e = c[i]!;
          const ox = e.x - x;
          const oy = e.y - y;
          const d2 = ox * ox + oy * oy;
          if (d2 <= r2) fn(e, d2);
        }
      }
    }
  }

  get cellCount(): number {
    return this.cells.size;
  }
}
