import { expect, test } from "bun:test";
import { Liveness } from "./liveness.ts";

function clocked(timeoutMs = 1000, bus?: { healthy: boolean; stats(): { published: number; delivered: number; reconnects: number } }) {
  let t = 0;
  const l = new Liveness<string>({ timeoutMs, now: () => t, bus });
  return { l, at: (ms: number) => void (t = ms) };
}

test("a peer silent for the timeout is lost once, and live again when it speaks", () => {
  const { l, at } = clocked();
  l.beat("a");
  l.beat("b");
  at(400);
  l.beat("b");
  expect(l.check()).toEqual([]);
  at(800);
  expect(l.check()).toEqual([]);
  at(1100);
  expect(l.check()).toEqual(["a"]);
  expect(l.isLive("a")).toBe(false);
  expect(l.wasLost("a")).toBe(true);
  expect(l.isLive("b")).toBe(true);
  at(1300);
  expect(l.check()).toEqual([]);
  l.beat("a");
  expect(l.wasLost("a")).toBe(false);
  expect(l.isLive("a")).toBe(true);
});

test("an expected peer that never speaks is lost after the timeout; a goodbye is lost at once", () => {
  const { l, at } = clocked();
  l.expect("quiet");
  l.beat("leaving");
  l.drop("leaving");
  expect(l.isLive("leaving")).toBe(false);
  expect(l.wasLost("leaving")).toBe(true);
  for (let t = 200; t <= 1000; t += 200) {
    at(t);
    const lost = l.check();
    if (t < 1000) expect(lost).toEqual([]);
    else expect(lost).toEqual(["quiet"]);
  }
  expect(l.wasLost("unknown")).toBe(false);
});

test("silence during the watcher's own stall, bus outage or reconnect is forgiven", () => {
  const bus = { healthy: true, stats: () => ({ published: 0, delivered: 0, reconnects: n }) };
  let n = 0;
  const { l, at } = clocked(1000, bus);
  l.beat("a");
  // the watcher's loop stalled: the next check comes 1.5 s later
  at(1500);
  expect(l.check()).toEqual([]);
  expect(l.isLive("a")).toBe(true);
  // its bus is down: nobody is declared dead
  bus.healthy = false;
  for (let t = 1700; t <= 3500; t += 200) {
    at(t);
    expect(l.check()).toEqual([]);
  }
  bus.healthy = true;
  n = 1; // reconnected
  at(3700);
  expect(l.check()).toEqual([]);
  at(3900);
  expect(l.check()).toEqual([]);
  for (let t = 4100; t <= 4500; t += 200) {
    at(t);
    expect(l.check()).toEqual([]);
  }
  at(4700);
  expect(l.check()).toEqual(["a"]);
});
