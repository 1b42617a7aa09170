// The uniform grid: neighbours within a radius across cell borders and negative
// coordinates, re-filing on movement, removal, and agreement with a brute-force scan.
import { expect, test } from "bun:test";
import { Grid, type Positioned } from "./grid.ts";

const at = (x: number, y: number, id = 0): Positioned & { id: number } => ({ x, y, cell: -1, id });

function near<T extends Positioned>(g: Grid<T>, x: number, y: number, r: number): T[] {
  const out: T[] = [];
  g.near(x, y, r, (e) => out.push(e));
  return out;
}

test("finds entities within the radius, also across cell borders and at negative coordinates", () => {
  const g = new Grid<Positioned & { id: number }>(100);
  const a = at(-5, -5, 1);
  const b = at(5, 5, 2); // another cell (0,0) vs (-1,-1)
  const c = at(150, 0, 3); // 155 yards from a
  const d = at(-8949.95, -132.49, 4);
  for (const e of [a, b, c, d]) g.insert(e);
  expect(near(g, -5, -5, 100).map((e) => e.id).sort()).toEqual([1, 2]);
  expect(near(g, 100, 0, 60).map((e) => e.id)).toEqual([3]);
  expect(near(g, -8949.95, -132.49, 1).map((e) => e.id)).toEqual([4]);
  // the radius is inclusive and exact (not "same or adjacent cell")
  expect(near(g, -5, -5, Math.hypot(10, 10) - 0.001).map((e) => e.id)).toEqual([1]);
  expect(near(g, -5, -5, Math.hypot(10, 10) + 0.001).map((e) => e.id).sort()).toEqual([1, 2]);
});

test("moved() re-files an entity that crossed a cell border; remove() forgets it", () => {
  const g = new Grid<Positioned & { id: number }>(50);
  const e = at(10, 10, 1);
  g.insert(e);
  const first = e.cell;
  e.x = 40;
  g.moved(e);
  expect(e.cell).toBe(first); // same cell: nothing to do
  e.x = 260;
  g.moved(e);
  expect(e.cell).not.toBe(first);
  expect(near(g, 10, 10, 45)).toEqual([]);
  expect(near(g, 260, 10, 1)).toEqual([e]);
  expect(g.cellCount).toBe(1);
  g.remove(e);
  expect(e.cell).toBe(-1);
  expect(near(g, 260, 10, 100)).toEqual([]);
  expect(g.cellCount).toBe(0);
  g.remove(e); // twice is harmless
});

test("a radius larger than a cell looks further than the 3 × 3 block", () => {
  const g = new Grid<Positioned & { id: number }>(60);
  g.insert(at(0, 0, 1));
  g.insert(at(170, 0, 2));
  expect(near(g, 0, 0, 175).map((e) => e.id).sort()).toEqual([1, 2]);
});

test("agrees with a brute-force scan on random points (the visibility answer does not depend on the grid)", () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const cell of [33, 100, 250]) {
    const g = new Grid<Positioned & { id: number }>(cell);
    const pts = Array.from({ length: 2000 }, (_, i) => at(rnd() * 4000 - 2000, rnd() * 4000 - 2000, i));
    for (const p of pts) g.insert(p);
    for (let q = 0; q < 50; q++) {
      const x = rnd() * 4000 - 2000;
      const y = rnd() * 4000 - 2000;
      const r = 20 + rnd() * 200;
      const want = pts.filter((p) => (p.x - x) ** 2 + (p.y - y) ** 2 <= r * r).map((p) => p.id).sort((a, b) => a - b);
      expect(near(g, x, y, r).map((p) => p.id).sort((a, b) => a - b)).toEqual(want);
    }
  }
});

test("stays exact through many moves and removals (swap-removal keeps every slot right)", () => {
  let seed = 99;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const g = new Grid<Positioned & { id: number }>(40);
  const pts = Array.from({ length: 600 }, (_, i) => at(rnd() * 400, rnd() * 400, i));
  for (const p of pts) g.insert(p);
  const live = new Set(pts);
  for (let round = 0; round < 2000; round++) {
    const p = pts[Math.floor(rnd() * pts.length)]!;
    if (!live.has(p)) {
      g.insert(p);
      live.add(p);
    } else if (rnd() < 0.2) {
      g.remove(p);
      live.delete(p);
    } else {
      p.x = Math.max(0, Math.min(400, p.x + (rnd() - 0.5) * 60));
      p.y = Math.max(0, Math.min(400, p.y + (rnd() - 0.5) * 60));
      g.moved(p);
    }
  }
  for (let q = 0; q < 40; q++) {
    const x = rnd() * 400;
    const y = rnd() * 400;
    const r = 10 + rnd() * 90;
    const want = [...live].filter((p) => (p.x - x) ** 2 + (p.y - y) ** 2 <= r * r).map((p) => p.id).sort((a, b) => a - b);
    expect(near(g, x, y, r).map((p) => p.id).sort((a, b) => a - b)).toEqual(want);
  }
});
