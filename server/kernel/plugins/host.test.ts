// The plugin host on its own: plugin folders written by the tests, a context that is the
// generation handle itself (ctx.register / ctx.defer), a manual clock.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../clock.ts";
import { silentLogger } from "../logger.ts";
import { PluginFolders, pluginSource } from "../../testing/plugin-folders.ts";
import { PluginHost } from "./host.ts";
import type { PluginHostOptions } from "./types.ts";

const folders = new PluginFolders("rc-host-");
afterAll(() => folders.cleanup());

function makeHost(dirs: string[], o: Partial<PluginHostOptions> = {}) {
  const notices: string[] = [];
  const clock = new ManualClock();
  const host = new PluginHost({ dirs, log: silentLogger, clock, makeContext: (h) => h, notifyAdmins: (t) => notices.push(t), ...o });
  host.defineTable("opcode", { unique: true });
  host.defineTable("command", { unique: true, reserved: (k) => (k === "help" ? "core" : undefined) });
  host.defineTable("hook");
  return { host, notices, clock };
}

const byName = (host: PluginHost, name: string) => host.list().find((r) => r.name === name);
const value = (host: PluginHost, table: string, key: string) => host.entries<string>(table, key).map((e) => e.value);

describe("load checks", () => {
  const dir = folders.dir("checks");
  folders.write(dir, "base", { "index.ts": pluginSource({ name: "base", version: "1.2.0", body: `ctx.register("hook", "h", "base");` }) });
  folders.write(dir, "needs-base", { "index.ts": pluginSource({ name: "needs-base", requires: { base: "^1.0.0" }, body: `ctx.register("hook", "h", "needs-base");` }) });
  folders.write(dir, "missing-dep", { "index.ts": pluginSource({ name: "missing-dep", requires: { nothere: "^1.0.0" } }) });
  folders.write(dir, "bad-version", { "index.ts": pluginSource({ name: "bad-version", requires: { base: "^2.0.0" } }) });
  folders.write(dir, "bad-config", { "index.ts": pluginSource({ name: "bad-config", config: `s.object({ greeting: s.string("hi"), max: s.int(3, { min: 1 }) })` }) });
  folders.write(dir, "good-config", { "index.ts": pluginSource({ name: "good-config", config: `s.object({ greeting: s.string("hi"), max: s.int(3, { min: 1 }) })`, body: `ctx.register("hook", "cfg", ctx.config);` }) });
  folders.write(dir, "dup-a", { "index.ts": pluginSource({ name: "dup", body: `ctx.register("hook", "dup", "a");` }) });
  folders.write(dir, "dup-b", { "index.ts": pluginSource({ name: "dup", body: `ctx.register("hook", "dup", "b");` }) });
  folders.write(dir, "cyc-a", { "index.ts": pluginSource({ name: "cyc-a", requires: { "cyc-b": "*" } }) });
  folders.write(dir, "cyc-b", { "index.ts": pluginSource({ name: "cyc-b", requires: { "cyc-a": "*" } }) });
  folders.write(dir, "not-a-plugin", { "index.ts": `export const x = 1;\n` });
  folders.write(dir, "no-entry", { "README.md": "nothing to load\n" });

  const { host, notices } = makeHost([dir], { settings: { "bad-config": { max: 0 }, "good-config": { max: 7 } } });
  let started: Promise<unknown>;
  beforeAll(() => {
    started = host.startAll();
  });
  afterAll(() => host.stopAll());

  test("plugins load after what they require; good ones serve", async () => {
    await started;
    expect(byName(host, "base")?.state).toBe("active");
    expect(byName(host, "needs-base")?.state).toBe("active");
    expect(value(host, "hook", "h")).toEqual(["base", "needs-base"]);
    expect(host.list().some((r) => r.dir.endsWith("no-entry"))).toBe(false);
  });

  test("a missing dependency fails with PLUGIN_MISSING_DEPENDENCY", async () => {
    await started;
    const r = byName(host, "missing-dep")!;
    expect(r.state).toBe("failed");
    expect(r.lastError?.code).toBe("PLUGIN_MISSING_DEPENDENCY");
    expect(r.lastError?.message).toContain("nothere");
  });

  test("a version outside the required range fails with PLUGIN_BAD_VERSION", async () => {
    await started;
    const r = byName(host, "bad-version")!;
    expect(r.state).toBe("failed");
    expect(r.lastError?.code).toBe("PLUGIN_BAD_VERSION");
    expect(r.lastError?.message).toContain("base is 1.2.0");
  });

  test("a settings value the schema refuses fails with PLUGIN_BAD_CONFIG; good settings get defaults", async () => {
    await started;
    const r = byName(host, "bad-config")!;
    expect(r.state).toBe("failed");
    expect(r.lastError?.code).toBe("PLUGIN_BAD_CONFIG");
    expect(r.lastError?.message).toContain("plugins.settings.bad-config.max");
    expect(value(host, "hook", "cfg") as unknown[]).toEqual([{ greeting: "hi", max: 7 }]);
  });

  test("a second folder with a taken name fails with PLUGIN_DUPLICATE; the first serves", async () => {
    await started;
    const dups = host.list().filter((r) => r.name === "dup");
    expect(dups.map((r) => [r.dir.split("/").pop(), r.state, r.lastError?.code])).toEqual([
      ["dup-a", "active", undefined],
      ["dup-b", "failed", "PLUGIN_DUPLICATE"],
    ]);
    expect(value(host, "hook", "dup")).toEqual(["a"]);
  });

  test("plugins that require each other fail with PLUGIN_CYCLE", async () => {
    await started;
    for (const n of ["cyc-a", "cyc-b"]) {
      expect(byName(host, n)?.state).toBe("failed");
      expect(byName(host, n)?.lastError?.code).toBe("PLUGIN_CYCLE");
    }
  });

  test("a folder without a definePlugin() export fails with PLUGIN_BAD_MODULE", async () => {
    await started;
    expect(byName(host, "not-a-plugin")?.lastError?.code).toBe("PLUGIN_BAD_MODULE");
  });

  test("every load failure is told to the admins", async () => {
    await started;
    for (const needle of ["nothere", "^2.0.0", "bad-config", "two plugins are named dup", "cycle", "not-a-plugin"]) {
      expect(notices.some((n) => n.includes(needle))).toBe(true);
    }
  });
});

describe("reload", () => {
  const dir = folders.dir("reload");
  const src = (v: string, extra = "") => pluginSource({ name: "greeter", version: v, body: `ctx.register("hook", "greet", ${JSON.stringify(v)});\n${extra}` });
  const file = join(folders.write(dir, "greeter", { "index.ts": src("1.0.0"), "text.ts": `export const TEXT = "one";\n` }), "index.ts");

  test("a new generation swaps in; helper modules are fresh too", async () => {
    const { host } = makeHost([dir]);
    await host.startAll();
    writeFileSync(file, src("1.1.0", `ctx.register("hook", "text", (await import("./text.ts")).TEXT);`).replace("setup(ctx: any)", "async setup(ctx: any)"));
    writeFileSync(join(dir, "greeter", "text.ts"), `export const TEXT = "two";\n`);
    const r = await host.reload("greeter");
    expect(r.ok).toBe(true);
    expect(value(host, "hook", "greet")).toEqual(["1.1.0"]);
    expect(value(host, "hook", "text")).toEqual(["two"]);
    expect(byName(host, "greeter")?.reloads).toBe(1);
    await host.stopAll();
  });

  test("a setup that throws leaves the previous generation serving", async () => {
    writeFileSync(file, src("1.0.0"));
    const { host, notices } = makeHost([dir]);
    await host.startAll();
    const gen = byName(host, "greeter")!.generation;
    writeFileSync(file, src("2.0.0", `throw new Error("boom in setup");`));
    const r = await host.reload("greeter");
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe("PLUGIN_SETUP_FAILED");
    expect(r.error?.message).toContain("boom in setup");
    expect(r.error?.message).toContain("previous generation keeps serving");
    expect(value(host, "hook", "greet")).toEqual(["1.0.0"]);
    expect(byName(host, "greeter")).toMatchObject({ state: "active", generation: gen, version: "1.0.0" });
    expect(notices.at(-1)).toContain("boom in setup");
    await host.stopAll();
  });

  test("a failed health check (false or a throw) leaves the previous generation serving", async () => {
    writeFileSync(file, src("1.0.0"));
    const { host } = makeHost([dir]);
    await host.startAll();
    for (const health of ["return false;", `throw new Error("db down");`]) {
      writeFileSync(file, src("3.0.0", `return { health() { ${health} } };`));
      const r = await host.reload("greeter");
      expect(r.error?.code).toBe("PLUGIN_HEALTH_FAILED");
      expect(value(host, "hook", "greet")).toEqual(["1.0.0"]);
      expect(byName(host, "greeter")?.state).toBe("active");
    }
    writeFileSync(file, src("3.0.1", `return { health: () => true };`));
    expect((await host.reload("greeter")).ok).toBe(true);
    expect(value(host, "hook", "greet")).toEqual(["3.0.1"]);
    await host.stopAll();
  });

  test("a plugin whose first setup throws is failed and serves nothing", async () => {
    writeFileSync(file, src("1.0.0", `throw new Error("never worked");`));
    const { host } = makeHost([dir]);
    await host.startAll();
    expect(byName(host, "greeter")).toMatchObject({ state: "failed", lastError: { code: "PLUGIN_SETUP_FAILED" } });
    expect(value(host, "hook", "greet")).toEqual([]);
    writeFileSync(file, src("1.0.1"));
    expect((await host.reload("greeter")).ok).toBe(true);
    expect(value(host, "hook", "greet")).toEqual(["1.0.1"]);
    await host.stopAll();
  });

  test("snapshot() hands state to the next generation", async () => {
    const body = `let n = (ctx.restored ?? 0) + 1; ctx.register("hook", "count", n); return { snapshot: () => n };`;
    writeFileSync(file, pluginSource({ name: "greeter", body }));
    const { host } = makeHost([dir]);
    await host.startAll();
    await host.reload("greeter");
    await host.reload("greeter");
    expect(value(host, "hook", "count") as unknown[]).toEqual([3]);
    await host.stopAll();
  });

  test("an unknown name is PLUGIN_NOT_FOUND", async () => {
    const { host } = makeHost([dir]);
    expect((await host.reload("nobody")).error?.code).toBe("PLUGIN_NOT_FOUND");
  });
});

describe("dispatch tables", () => {
  test("two plugins claiming one opcode: the second is refused with PLUGIN_CONFLICT", async () => {
    const dir = folders.dir("claims");
    folders.write(dir, "a-first", { "index.ts": pluginSource({ name: "a-first", body: `ctx.register("opcode", "74", "first");` }) });
    folders.write(dir, "b-second", { "index.ts": pluginSource({ name: "b-second", body: `ctx.register("opcode", "74", "second"); ctx.register("hook", "b", 1);` }) });
    folders.write(dir, "c-help", { "index.ts": pluginSource({ name: "c-help", body: `ctx.register("command", "help", "mine");` }) });
    const { host } = makeHost([dir]);
    await host.startAll();
    expect(value(host, "opcode", "74")).toEqual(["first"]);
    expect(byName(host, "b-second")).toMatchObject({ state: "failed", lastError: { code: "PLUGIN_CONFLICT" } });
    expect(byName(host, "b-second")?.lastError?.message).toContain("opcode 74 is already registered by plugin a-first");
    expect(value(host, "hook", "b")).toEqual([]); // nothing of the refused plugin is live
    expect(byName(host, "c-help")?.lastError?.message).toContain("command help is already registered by the core");
    // the owner may reload and keep its key
    expect((await host.reload("a-first")).ok).toBe(true);
    expect(value(host, "opcode", "74")).toEqual(["first"]);
    await host.stopAll();
  });

  test("deferred work starts at the swap and stops when the generation goes", async () => {
    const dir = folders.dir("defer");
    const log: string[] = [];
    (globalThis as Record<string, unknown>).__deferLog = log;
    const src = (v: string) =>
      pluginSource({ name: "ticker", version: v, body: `const log = (globalThis as any).__deferLog; log.push("setup ${v}"); ctx.defer(() => { log.push("start ${v}"); return () => log.push("stop ${v}"); });` });
    const file = join(folders.write(dir, "ticker", { "index.ts": src("1.0.0") }), "index.ts");
    const { host } = makeHost([dir]);
    await host.startAll();
    writeFileSync(file, src("1.0.1"));
    await host.reload("ticker");
    await host.disable("ticker");
    expect(log).toEqual(["setup 1.0.0", "start 1.0.0", "setup 1.0.1", "start 1.0.1", "stop 1.0.0", "stop 1.0.1"]);
    await host.stopAll();
  });

  test("a reload may not move outside the range its dependents require", async () => {
    const dir = folders.dir("dependents");
    const file = join(folders.write(dir, "lib", { "index.ts": pluginSource({ name: "lib", version: "1.4.0", body: `ctx.register("hook", "lib", "1.4.0");` }) }), "index.ts");
    folders.write(dir, "user", { "index.ts": pluginSource({ name: "user", requires: { lib: "^1.2.0" } }) });
    const { host } = makeHost([dir]);
    await host.startAll();
    writeFileSync(file, pluginSource({ name: "lib", version: "2.0.0", body: `ctx.register("hook", "lib", "2.0.0");` }));
    const r = await host.reload("lib");
    expect(r.error?.code).toBe("PLUGIN_BAD_VERSION");
    expect(value(host, "hook", "lib")).toEqual(["1.4.0"]);
    expect(byName(host, "lib")?.version).toBe("1.4.0");
    // disabling a plugin others require is refused; the dependent first
    expect((await host.disable("lib")).ok).toBe(false);
    expect((await host.disable("user")).ok).toBe(true);
    expect((await host.disable("lib")).ok).toBe(true);
    expect(byName(host, "lib")?.state).toBe("disabled");
    expect(value(host, "hook", "lib")).toEqual([]);
    expect((await host.enable("lib")).ok).toBe(true); // now 2.0.0: nothing requires ^1 any more
    expect(value(host, "hook", "lib")).toEqual(["2.0.0"]);
    await host.stopAll();
  });
});

describe("faults", () => {
  test("past the threshold within the window the plugin leaves the tables at once; the admins are told once", async () => {
    const dir = folders.dir("faults");
    folders.write(dir, "flaky", { "index.ts": pluginSource({ name: "flaky", body: `ctx.register("hook", "h", "flaky");` }) });
    const { host, notices, clock } = makeHost([dir], { faultThreshold: 3, faultWindowMs: 10_000 });
    await host.startAll();
    const before = notices.length;
    // spread over more than the window: never 3 within 10 s
    for (let i = 0; i < 4; i++) {
      host.fault("flaky", "hook h", "guid 7", new Error(`oops ${i}`));
      clock.advance(6_000);
    }
    expect(byName(host, "flaky")?.state).toBe("active");
    for (let i = 0; i < 6; i++) host.fault("flaky", "hook h", "guid 7", new Error("again"));
    const r = byName(host, "flaky")!;
    expect(r.state).toBe("faulted");
    expect(r.lastError?.code).toBe("PLUGIN_DISABLED_FAULTS");
    expect(value(host, "hook", "h")).toEqual([]);
    expect(r.errors.at(-1)).toMatchObject({ where: "hook h (guid 7)", message: "Error: again" });
    const told = notices.slice(before);
    expect(told.length).toBe(1);
    expect(told[0]).toContain("plugin flaky faulted 3 times");
    // enable starts over with a clean count
    expect((await host.enable("flaky")).ok).toBe(true);
    host.fault("flaky", "hook h", undefined, new Error("one more"));
    expect(byName(host, "flaky")?.state).toBe("active");
    await host.stopAll();
  });
});
