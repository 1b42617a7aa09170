// A uniform grid over one map instance. Cell size = the visibility radius, so an
// object's neighbours within the radius are in its own cell and the 8 around it.
// Keys pack (cx, cy) into one number; a cell holds a Set of entities.

export interface Positioned {
  x: number;
  y: number;
  /** the cell key the grid last filed it under (-1 = not in the grid) */
  cell: number;
}

const OFFSET = 1 << 15;

export class Grid<T extends Positioned> {
  private cells = new Map<number, Set<T>>();
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
    if (!c) this.cells.set(k, (c = new Set()));
    c.add(e);
  }

  remove(e: T): void {
    if (e.cell < 0) return;
    const c = this.cells.get(e.cell);
    if (c) {
      c.delete(e);
      if (c.size === 0) this.cells.delete(e.cell);
    }
    e.cell = -1;
  }

  /** Re-files an entity after its position changed (cheap when the cell is the same). */
  moved(e: T): void {
    const k = this.key(e.x, e.y);
    if (k === e.cell) return;
    this.remove(e);
    this.insert(e);
  }

  /** Calls fn for every entity within `radius` of (x, y) (radius <= cellSize * span). */
  near(x: number, y: number, radius: number, fn: (e: T, d2: number) => void): void {
    const span = Math.max(1, Math.ceil(radius / this.cellSize));
    const cx = Math.floor(x / this.cellSize) + OFFSET;
    const cy = Math.floor(y / this.cellSize) + OFFSET;
    const r2 = radius * radius;
    for (let dx = -span; dx <= span; dx++) {
      for (let dy = -span; dy <= span; dy++) {
        const c = this.cells.get((cx + dx) * 65536 + (cy + dy));
        if (!c) continue;
        for (const e of c) {
          const ex = e.x - x;
          const ey = e.y - y;
          const d2 = ex * ex + ey * ey;
          if (d2 <= r2) fn(e, d2);
        }
      }
    }
  }

  get cellCount(): number {
    return this.cells.size;
  }
}
