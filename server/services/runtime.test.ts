// The plugin runtime of a booted realm (no clients): what a plugin registers through its
// context belongs to its generation. Timers, intervals and bus subscriptions of the old
// generation stop at the swap; hooks dispatch by their declared kind; two plugins cannot
// own one opcode; a plugin cannot take a core command.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { hook } from "../api/hooks.ts";
import { boot, type Booted } from "../testing/boot.ts";
import { PluginFolders, pluginSource, waitUntil } from "../testing/plugin-folders.ts";

const folders = new PluginFolders("rc-runtime-");
const events: string[] = [];
(globalThis as Record<string, unknown>).__rtEvents = events;
let b: Booted;
let dir: string;

/** A plugin that leaves a timer, an interval and a bus subscription, all tagged with its version. */
const timed = (v: string) =>
  pluginSource({
    name: "timed",
    version: v,
    body: `
    const ev = (globalThis as any).__rtEvents;
    ctx.timers.setTimeout(() => ev.push("timeout ${v}"), 1000);
    ctx.timers.setInterval(() => ev.push("interval ${v}"), 20);
    ctx.bus.subscribe("test.ping", () => ev.push("bus ${v}"));`,
  });

beforeAll(async () => {
  dir = folders.dir("plugins");
  folders.write(dir, "timed", { "index.ts": timed("1.0.0") });
  folders.write(dir, "hooks-a", {
    "index.ts": pluginSource({
      name: "hooks-a",
      imports: `import { hook } from "$API";`,
      body: `
      ctx.hooks.on(hook.notify("t.notify"), (x: string[]) => void x.push("a"));
      ctx.hooks.on(hook.veto("t.veto"), (n: number) => n !== 1);
      ctx.hooks.on(hook.transform("t.transform"), (s: string) => s + "-a");
      ctx.hooks.on(hook.first("t.first"), (n: number) => (n > 5 ? "a" : undefined));
      ctx.hooks.on(hook.notify("t.notify"), () => { throw new Error("a throws"); });`,
    }),
  });
  folders.write(dir, "hooks-b", {
    "index.ts": pluginSource({
      name: "hooks-b",
      imports: `import { hook } from "$API";`,
      body: `
      ctx.hooks.on(hook.notify("t.notify"), (x: string[]) => void x.push("b"));
      ctx.hooks.on(hook.veto("t.veto"), (n: number) => n !== 2);
      ctx.hooks.on(hook.transform("t.transform"), (s: string) => (s.length > 20 ? undefined : s + "-b"));
      ctx.hooks.on(hook.first("t.first"), () => "b");
      ctx.hooks.on(hook.notify("t.async"), async () => {});`,
    }),
  });
  folders.write(dir, "owner", { "index.ts": pluginSource({ name: "owner", imports: `import { proto } from "$API";`, body: `ctx.onOpcode(proto.CMSG_GMTICKET_GETTICKET, () => {});` }) });
  folders.write(dir, "thief", { "index.ts": pluginSource({ name: "thief", imports: `import { proto } from "$API";`, body: `ctx.onOpcode(proto.CMSG_GMTICKET_GETTICKET, () => {});` }) });
  folders.write(dir, "helpful", { "index.ts": pluginSource({ name: "helpful", body: `ctx.commands.register({ name: "help", level: 0, help: "mine", run: () => {} });` }) });
  b = await boot({ plugins: { faultThreshold: 100 } }, { pluginDirs: [dir] });
});

afterAll(async () => {
  await b?.stop();
  folders.cleanup();
});

describe("generations", () => {
  test("a timer, an interval and a bus subscription left by the old generation stop after the swap", async () => {
    const host = b.realm.runtime!.host;
    const ping = () => b.realm.bus.publish(`r${b.config.realm.id}.test.ping`, new Uint8Array(1));
    await waitUntil(() => events.includes("interval 1.0.0"), "the first generation's interval");
    ping();
    await waitUntil(() => events.includes("bus 1.0.0"), "the first generation's subscription");
    const t0 = Date.now();
    writeFileSync(join(dir, "timed", "index.ts"), timed("2.0.0"));
    expect((await host.reload("timed")).ok).toBe(true);
    events.length = 0;
    ping();
    await waitUntil(() => events.includes("bus 2.0.0") && events.includes("interval 2.0.0"), "the new generation's subscription and interval");
    // past the moment the old generation's one-shot timer would have fired
    await waitUntil(() => Date.now() - t0 > 1300 && events.includes("timeout 2.0.0"), "the new generation's timeout", 5000);
    expect(events.filter((e) => e.endsWith("1.0.0"))).toEqual([]);
    expect(events.filter((e) => e === "bus 2.0.0").length).toBe(1);
  });

  test("fired one-shot timers leave the plugin's scope (no growth with per-event timers)", async () => {
    const host = b.realm.runtime!.host;
    const source = pluginSource({
      name: "timed",
      version: "3.0.0",
      body: `const ev = (globalThis as any).__rtEvents; for (let i = 0; i < 50; i++) ctx.timers.setTimeout(() => ev.push("shot"), 1 + (i % 5));`,
    });
    writeFileSync(join(dir, "timed", "index.ts"), source);
    const before = host.root.size;
    events.length = 0;
    expect((await host.reload("timed")).ok).toBe(true);
    await waitUntil(() => events.filter((e) => e === "shot").length === 50, "50 timeouts to fire");
    // the old generation's interval and subscription went with it (its timeout had fired
    // and left already); the 50 fired timers of the new one left nothing behind
    expect(host.root.size).toBe(before - 2);
  });
});

describe("hooks by kind", () => {
  const hooks = () => b.realm.runtime!.hooks;

  test("notify runs every handler; a throwing one is contained and counted", () => {
    const seen: string[] = [];
    hooks().run(hook.notify<[string[]]>("t.notify"), seen);
    expect(seen).toEqual(["a", "b"]);
    expect(b.realm.runtime!.host.get("hooks-a")?.lastError).toMatchObject({ code: "PLUGIN_FAULT" });
    expect(b.realm.runtime!.host.get("hooks-a")?.lastError?.message).toContain("a throws");
  });

  test("veto: any false wins; transform: in order, undefined keeps the value; first: the first defined result", () => {
    const veto = hook.veto<[number]>("t.veto");
    expect([0, 1, 2].map((n) => hooks().run(veto, n))).toEqual([true, false, false]);
    const tr = hook.transform<string>("t.transform");
    expect(hooks().run(tr, "x")).toBe("x-a-b");
    expect(hooks().run(tr, "a-very-long-value-here")).toBe("a-very-long-value-here-a");
    const first = hook.first<[number], string>("t.first");
    expect(hooks().run(first, 9)).toBe("a");
    expect(hooks().run(first, 1)).toBe("b");
    // a hook nobody handles: the neutral result, and `has` says so (hot paths skip it)
    expect(hooks().has(veto)).toBe(true);
    expect(hooks().has(hook.veto<[]>("t.none"))).toBe(false);
    expect(hooks().run(hook.veto<[]>("t.none"))).toBe(true);
    expect(hooks().run(hook.transform<number>("t.none2"), 5)).toBe(5);
  });

  test("a handler that returns a Promise on a synchronous hook is a fault", () => {
    hooks().run(hook.notify<[]>("t.async"));
    expect(b.realm.runtime!.host.get("hooks-b")?.lastError?.message).toContain("must be synchronous");
  });
});

describe("ownership", () => {
  test("two plugins claiming one opcode: the second is refused", () => {
    const host = b.realm.runtime!.host;
    expect(host.get("owner")?.state).toBe("active");
    expect(host.get("thief")).toMatchObject({ state: "failed", lastError: { code: "PLUGIN_CONFLICT" } });
    expect(host.get("thief")?.lastError?.message).toContain("is already registered by plugin owner");
    expect(host.entries("opcode", String(0x211)).map((e) => e.plugin)).toEqual(["owner"]);
  });

  test("a plugin cannot take a core command", () => {
    const host = b.realm.runtime!.host;
    expect(host.get("helpful")).toMatchObject({ state: "failed", lastError: { code: "PLUGIN_CONFLICT" } });
    expect(host.get("helpful")?.lastError?.message).toContain("command help is already registered by the core");
  });
});
