import { describe, expect, test } from "bun:test";
import { ManualClock } from "../kernel/clock.ts";
import { Opcode } from "../protocol/opcodes.ts";
import { buildBudgetTable, DEFAULT_BUDGET, SessionRateLimiter } from "./rate-limits.ts";

describe("budget table (reliability.md §2.2)", () => {
  test("the measured classes, 100/s for everything else, overrides by opcode name", () => {
    const t = buildBudgetTable();
    expect([t[Opcode.CMSG_CHAR_CREATE], t[Opcode.CMSG_CHAR_ENUM], t[Opcode.CMSG_CHAR_DELETE], t[Opcode.CMSG_WHO], t[Opcode.CMSG_NAME_QUERY]]).toEqual([3, 3, 10, 200, 0]);
    expect(t[Opcode.CMSG_SET_SELECTION]).toBe(DEFAULT_BUDGET);
    const o = buildBudgetTable({ CMSG_CHAR_CREATE: 0, CMSG_WHO: 5 });
    expect([o[Opcode.CMSG_CHAR_CREATE], o[Opcode.CMSG_WHO]]).toEqual([0, 5]);
    expect(() => buildBudgetTable({ CMSG_NOPE: 1 })).toThrow(/unknown opcode name CMSG_NOPE/);
  });
});

describe("SessionRateLimiter", () => {
  test("counts per second of the clock; policy decides drop or kick", () => {
    const clock = new ManualClock(1_000_000);
    const log = new SessionRateLimiter(buildBudgetTable(), clock, "log");
    const kick = new SessionRateLimiter(buildBudgetTable(), clock, "kick");
    const run = (l: SessionRateLimiter, n: number) => Array.from({ length: n }, () => l.check(Opcode.CMSG_CHAR_ENUM));
    expect(run(log, 5)).toEqual(["ok", "ok", "ok", "drop", "drop"]);
    expect(run(kick, 4)).toEqual(["ok", "ok", "ok", "kick"]);
    expect(log.dropped).toBe(2);
    clock.advance(999);
    expect(log.check(Opcode.CMSG_CHAR_ENUM)).toBe("drop");
    clock.advance(1);
    expect(run(log, 3)).toEqual(["ok", "ok", "ok"]);
    expect(Array.from({ length: 1000 }, () => log.check(Opcode.CMSG_NAME_QUERY)).every((v) => v === "ok")).toBe(true);
  });

  test("pings: 2 answered, then dropped, above 10 kicked; both numbers configurable", () => {
    const clock = new ManualClock(0);
    const d = new SessionRateLimiter(buildBudgetTable(), clock, "log");
    expect(Array.from({ length: 11 }, () => d.checkPing())).toEqual(["ok", "ok", ...new Array(8).fill("drop"), "kick"]);
    const wide = new SessionRateLimiter(buildBudgetTable(), clock, "kick", { answered: 1000, kick: 2000 });
    expect(Array.from({ length: 1000 }, () => wide.checkPing()).every((v) => v === "ok")).toBe(true);
    expect(wide.checkPing()).toBe("drop");
  });
});
