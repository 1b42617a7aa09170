// The crowd benchmark's visibility baseline (performance.md §4.6, G8): the same
// visibility workload run twice over one snapshot of the live instance (its players'
// and creatures' positions): once with the world's uniform grid (server/world/grid.ts,
// cell = radius) and once as a naive all-pairs scan. A pass moves every player 0.7 yd
// and a tenth of the creatures, then recomputes every player's visible set with the
// instance's rule (enter within the radius, leave beyond radius × 1.1) and diffs it
// against the previous pass. Passes alternate grid / naive, and both must find the same
// enters and leaves (a cross-check that the grid loses nothing).
import { Grid } from "../../server/world/grid.ts";

interface Ent {
  x: number;
  y: number;
  cell: number;
  cellSlot: number;
  id: number;
  dx: number;
  dy: number;
  /** stamp of the last player query that found it (the instance's trick, no Set per query) */
  seen: number;
}

export interface VisibilitySnapshot {
  players: { x: number; y: number }[];
  creatures: { x: number; y: number }[];
}

export interface VisibilityResult {
  gridMs: number[];
  naiveMs: number[];
  /** visible objects per player after the last pass */
  visiblePerPlayer: number;
  /** enters + leaves per pass (same for both methods) */
  changesPerPass: number;
}

const LEAVE = 1.1;

class World {
  players: Ent[];
  all: Ent[];
  visible: Set<Ent>[];
  grid: Grid<Ent>;
  private stamp = 0;

  constructor(s: VisibilitySnapshot, readonly radius: number) {
    let id = 0;
    const mk = (p: { x: number; y: number }, k: number): Ent => {
      const a = (k * 2.399963) % (Math.PI * 2); // a fixed heading per object
      return { x: p.x, y: p.y, cell: -1, cellSlot: -1, id: id++, dx: Math.cos(a) * 0.7, dy: Math.sin(a) * 0.7, seen: 0 };
    };
    this.players = s.players.map(mk);
    const creatures = s.creatures.map((c, i) => mk(c, i + 7));
    this.all = [...this.players, ...creatures];
    this.visible = this.players.map(() => new Set<Ent>());
    this.grid = new Grid<Ent>(radius);
    for (const e of this.all) this.grid.insert(e);
  }

  /** Moves the pass's objects (players every pass, a rotating tenth of the creatures). */
  move(pass: number, refile: boolean): void {
    const n = this.players.length;
    for (let i = 0; i < this.all.length; i++) {
      if (i >= n && (i + pass) % 10 !== 0) continue;
      const e = this.all[i]!;
      const flip = Math.floor(pass / 20) % 2 === 0 ? 1 : -1; // walk back and forth
      e.x += e.dx * flip;
      e.y += e.dy * flip;
      if (refile) this.grid.moved(e);
    }
  }

  gridPass(): number {
    const r = this.radius;
    const leave2 = r * LEAVE * r * LEAVE;
    let changes = 0;
    for (let i = 0; i < this.players.length; i++) {
      const p = this.players[i]!;
      const vis = this.visible[i]!;
      const stamp = ++this.stamp;
      this.grid.near(p.x, p.y, r, (e) => {
        if (e === p) return;
        e.seen = stamp;
        if (!vis.has(e)) {
          vis.add(e);
          changes++;
        }
      });
      for (const e of vis) {
        if (e.seen === stamp) continue;
        const dx = e.x - p.x;
        const dy = e.y - p.y;
        if (dx * dx + dy * dy > leave2) {
          vis.delete(e);
          changes++;
        }
      }
    }
    return changes;
  }

  naivePass(): number {
    const r2 = this.radius * this.radius;
    const leave2 = r2 * LEAVE * LEAVE;
    let changes = 0;
    const all = this.all;
    for (let i = 0; i < this.players.length; i++) {
      const p = this.players[i]!;
      const vis = this.visible[i]!;
      for (let j = 0; j < all.length; j++) {
        const e = all[j]!;
        if (e === p) continue;
        const dx = e.x - p.x;
        const dy = e.y - p.y;
        const d2 = dx * dx + dy * dy;
        if (d2 <= r2) {
          if (!vis.has(e)) {
            vis.add(e);
            changes++;
          }
        } else if (d2 > leave2 && vis.delete(e)) {
          changes++;
        }
      }
    }
    return changes;
  }
}

/** Runs `reps` timed passes of each method (after one untimed pass that fills the sets). */
export function compareVisibility(s: VisibilitySnapshot, radius: number, reps: number): VisibilityResult {
  const g = new World(s, radius);
  const n = new World(s, radius);
  g.gridPass();
  n.naivePass();
  const gridMs: number[] = [];
  const naiveMs: number[] = [];
  let changes = 0;
  for (let pass = 0; pass < reps; pass++) {
    let t = performance.now();
    g.move(pass, true);
    const cg = g.gridPass();
    gridMs.push(performance.now() - t);
    t = performance.now();
    n.move(pass, false);
    const cn = n.naivePass();
    naiveMs.push(performance.now() - t);
    if (cg !== cn) throw new Error(`visibility cross-check failed on pass ${pass}: grid found ${cg} changes, all-pairs ${cn}`);
    changes += cg;
  }
  const visible = g.visible.reduce((a, v) => a + v.size, 0) / Math.max(1, g.players.length);
  return { gridMs, naiveMs, visiblePerPlayer: visible, changesPerPass: changes / Math.max(1, reps) };
}
