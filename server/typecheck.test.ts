// The whole repository type-checks (strict). This is also what makes the type-level tests
// (e.g. storage/schema.types.test.ts) fail when they should.
import { expect, test } from "bun:test";
import { join } from "node:path";

test("tsc --noEmit reports no errors", async () => {
  const root = join(import.meta.dir, "..");
  const p = Bun.spawn(["bun", "x", "tsc", "--noEmit", "-p", "."], { cwd: root, stdout: "pipe", stderr: "pipe" });
  const out = (await new Response(p.stdout).text()) + (await new Response(p.stderr).text());
  const code = await p.exited;
  expect(out.split("\n").filter((l) => l.includes("error TS")).slice(0, 20)).toEqual([]);
  expect(code).toBe(0);
}, 180_000);
