// xss-scan (@kitajs/ts-html-plugin) over every web/**/*.tsx: no JSX data child may go
// out unescaped. A probe file with an unescaped child proves the scanner reports one.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dir, "..");
const probeDir = mkdtempSync(join(tmpdir(), "rc-xss-"));
afterAll(() => rmSync(probeDir, { recursive: true, force: true }));

async function scan(files: string[]): Promise<{ code: number; out: string }> {
  const p = Bun.spawn([process.execPath, "x", "xss-scan", ...files], { cwd: ROOT, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out: out + err };
}

test("xss-scan finds nothing in web/**/*.tsx", async () => {
  const files = [...new Bun.Glob("web/**/*.tsx").scanSync({ cwd: ROOT })].sort();
  expect(files.length).toBeGreaterThan(15);
  const r = await scan(files);
  expect(r.out).toContain(`No XSS vulnerabilities found in ${files.length} files!`);
  expect(r.code).toBe(0);
}, 120_000);

test("xss-scan reports an unescaped data child (the check can fail)", async () => {
  const probe = join(probeDir, "probe.tsx");
  writeFileSync(probe, "export const probe = (name: string) => <div>{name}</div>;\n");
  const r = await scan([relative(ROOT, probe)]);
  expect(r.code).toBe(1);
  expect(r.out).toContain("K601");
}, 120_000);
