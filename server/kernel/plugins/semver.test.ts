import { expect, test } from "bun:test";
import { satisfies } from "./semver.ts";

test("version ranges", () => {
  const cases: [string, string, boolean][] = [
    ["1.2.3", "1.2.3", true],
    ["1.2.4", "1.2.3", false],
    ["1.4.0", "^1.2.0", true],
    ["2.0.0", "^1.2.0", false],
    ["1.1.9", "^1.2.0", false],
    ["0.2.5", "^0.2.1", true],
    ["0.3.0", "^0.2.1", false],
    ["1.2.9", "~1.2.0", true],
    ["1.3.0", "~1.2.0", false],
    ["3.0.0", ">=1.0.0", true],
    ["0.9.0", ">=1.0.0", false],
    ["1.5.0", ">=1.0.0 <2.0.0", true],
    ["2.0.0", ">=1.0.0 <2.0.0", false],
    ["1.9.9", "1.x", true],
    ["2.0.0", "1.x", false],
    ["7.7.7", "*", true],
    ["1.0.0", "^2.0.0 || ^1.0.0", true],
    ["nonsense", "*", false],
  ];
  for (const [v, r, want] of cases) expect([v, r, satisfies(v, r)]).toEqual([v, r, want]);
});
