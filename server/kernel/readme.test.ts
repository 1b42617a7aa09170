// server/kernel/README.md documents every configuration key (with its environment name)
// and every error code; this test fails when one is added without a row there.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeConfig } from "./config.ts";
import { ERROR_CATALOGUE } from "./errors.ts";

const readme = readFileSync(join(import.meta.dir, "README.md"), "utf8");

test("every configuration key has a row with its environment name", () => {
  const missing = describeConfig()
    .filter((k) => !readme.includes(`| \`${k.key}\` | \`${k.env}\` |`))
    .map((k) => `${k.key} (${k.env})`);
  expect(missing).toEqual([]);
});

test("every error code has a row", () => {
  const missing = Object.keys(ERROR_CATALOGUE).filter((c) => !readme.includes(`| \`${c}\` |`));
  expect(missing).toEqual([]);
});
