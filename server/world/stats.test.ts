import { expect, test } from "bun:test";
import { Metrics } from "../kernel/metrics.ts";
import type { WorldHost } from "./host.ts";
import { WorldStats } from "./stats.ts";

test("ticksSince returns the ticks after a mark, at most the last 600, and where to continue", () => {
  const s = new WorldStats(new Metrics({}, false), { byGuid: new Map(), instances: new Map(), nodeId: "w" } as unknown as WorldHost);
  for (let i = 0; i < 10; i++) s.recordTick(i, i / 10);
  const a = s.ticksSince(0);
  expect(a.next).toBe(10);
  expect(a.ms).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(a.late[9]).toBeCloseTo(0.9);
  for (let i = 10; i < 700; i++) s.recordTick(i, 0);
  const b = s.ticksSince(a.next);
  expect(b.next).toBe(700);
  expect(b.ms.length).toBe(600);
  expect(b.ms[0]).toBe(100);
  expect(s.ticksSince(700).ms).toEqual([]);
});
