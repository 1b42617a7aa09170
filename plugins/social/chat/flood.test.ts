import { expect, test } from "bun:test";
import { FloodControl, formatWait } from "./flood.ts";
import { canSpeak } from "./languages.ts";

const rule = { messageCount: 10, messageDelayMs: 1000, muteMs: 10_000 };

test("10 lines within a second pass, the 11th mutes for 10 s", () => {
  const f = new FloodControl(() => rule);
  for (let i = 0; i < 10; i++) expect(f.hit(1, 1000 + i * 50)).toBe(0);
  expect(f.hit(1, 1500)).toBe(10_000);
  expect(f.hit(1, 2000)).toBe(9500);
  expect(f.hit(2, 2000)).toBe(0); // someone else is not affected
  expect(f.mutedFor(1, 11_499)).toBe(1);
  expect(f.hit(1, 11_500)).toBe(0);
});

test("a steady 10 lines per second never trips the rule; 0 disables it", () => {
  const f = new FloodControl(() => rule);
  for (let i = 0; i < 100; i++) expect(f.hit(1, i * 100)).toBe(0);
  const off = new FloodControl(() => ({ ...rule, messageCount: 0 }));
  for (let i = 0; i < 100; i++) expect(off.hit(1, 0)).toBe(0);
});

test("a mute survives snapshot/restore", () => {
  const f = new FloodControl(() => rule);
  for (let i = 0; i < 11; i++) f.hit(1, 0);
  const g = new FloodControl(() => rule);
  g.restore(f.snapshot());
  expect(g.mutedFor(1, 5000)).toBe(5000);
});

test("wait texts", () => {
  expect(formatWait(10_000)).toBe("10 seconds");
  expect(formatWait(1)).toBe("1 second");
  expect(formatWait(125_000)).toBe("2 minutes 5 seconds");
  expect(formatWait(3_780_000)).toBe("1 hour 3 minutes");
});

test("languages: universal and addon always, race languages, GMs anything known", () => {
  expect(canSpeak(0, [7], 0, [])).toBe(true);
  expect(canSpeak(0xffffffff, [7], 0, [])).toBe(true);
  expect(canSpeak(7, [7], 0, [])).toBe(true);
  expect(canSpeak(1, [7], 0, [])).toBe(false);
  expect(canSpeak(1, [7], 0, [1])).toBe(true);
  expect(canSpeak(1, [7], 2, [])).toBe(true);
  expect(canSpeak(99, [7], 3, [])).toBe(false);
});
