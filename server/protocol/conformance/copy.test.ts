import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const COPY = join(import.meta.dir, "vectors.json");
const SHARED = join(import.meta.dir, "../../../../shared/conformance/vectors.json");

test("the repository's copy of vectors.json is the published file", () => {
  const copy = JSON.parse(readFileSync(COPY, "utf8")) as { vectors: unknown[] };
  expect(copy.vectors.length).toBeGreaterThan(150);
  if (existsSync(SHARED)) expect(readFileSync(COPY, "utf8")).toBe(readFileSync(SHARED, "utf8"));
});
