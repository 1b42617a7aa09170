// Runs `bun test` and prints the one summary line CI reads:
//   tests: N passed, M failed
// bun test writes its per-test lines and summary to stderr; we pass them through,
// keep a copy, and count from the summary block. A non-zero exit with no parsed
// failures (a file that failed to load, no tests, a crash) counts as one failure.
const args = process.argv.slice(2);
const timeout = process.env.TEST_TIMEOUT_MS ?? "120000";
const proc = Bun.spawn(["bun", "test", `--timeout=${timeout}`, ...args], {
  stdout: "inherit",
  stderr: "pipe",
  env: { ...process.env, NODE_ENV: "test" },
});
let tail = "";
const decoder = new TextDecoder();
const reader = proc.stderr.getReader();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  process.stderr.write(value);
  tail = (tail + decoder.decode(value, { stream: true })).slice(-20000);
}
const code = await proc.exited;
const pass = Number(/^\s*(\d+) pass\s*$/m.exec(tail)?.[1] ?? 0);
let fail = Number(/^\s*(\d+) fail\s*$/m.exec(tail)?.[1] ?? 0);
if (code !== 0 && fail === 0) fail = 1;
console.log(`tests: ${pass} passed, ${fail} failed`);
process.exit(code !== 0 ? code : fail > 0 ? 1 : 0);

export {};
