// 100 reloads of a plugin with a few files and registrations of every kind end within a
// small margin of the starting heap (after a forced GC). Each generation's module holds a
// 100,000-number table (~0.8 MB), so a host that kept old generations, or a loader that
// kept old module copies, would grow by ~80 MB; the control case shows the measurement
// sees such a leak.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { boot, type Booted } from "../testing/boot.ts";
import { PluginFolders, pluginSource } from "../testing/plugin-folders.ts";

const MARGIN = 5 * 1024 * 1024;
const folders = new PluginFolders("rc-heap-");
let b: Booted;
let dir: string;

const files = (leak: boolean) => ({
  "index.ts": pluginSource({
    name: "heavy",
    imports: `import { proto, hook } from "$API";\nimport { TABLE } from "./table.ts";\nimport { answer } from "./handlers.ts";\nimport { VERSION } from "./text.ts";`,
    body: `
    ${leak ? "((globalThis as any).__kept ??= []).push(TABLE);" : ""}
    ctx.onOpcode(proto.CMSG_GMTICKET_GETTICKET, (s: any) => answer(s, TABLE));
    ctx.hooks.on(hook.notify("heavy.event"), () => void TABLE[0]);
    ctx.commands.register({ name: "heavy version", level: 0, help: "version", run: (inv: any) => inv.reply(VERSION + " " + TABLE.length) });
    ctx.timers.setInterval(() => void TABLE[1], 60_000);
    ctx.timers.setTimeout(() => void TABLE[2], 60_000);
    ctx.bus.subscribe("heavy.ping", () => void TABLE[3]);
    ctx.onDispose(() => void TABLE[4]);`,
  }),
  "table.ts": `export const TABLE: number[] = Array.from({ length: 100_000 }, (_, i) => i * 1.5);\n`,
  "handlers.ts": `import { proto } from "$API";\nexport function answer(s: any, t: number[]) { s.send(proto.SMSG_MESSAGECHAT, proto.systemMessage("sum " + t[10])); }\n`,
  "text.ts": `export const VERSION = "v0";\n`,
});

beforeAll(async () => {
  dir = folders.dir("plugins");
  folders.write(dir, "heavy", files(false));
  b = await boot({}, { pluginDirs: [dir] });
});

afterAll(async () => {
  await b?.stop();
  folders.cleanup();
  delete (globalThis as Record<string, unknown>).__kept;
});

async function reloads(n: number, from: number): Promise<void> {
  const host = b.realm.runtime!.host;
  for (let i = from; i < from + n; i++) {
    writeFileSync(join(dir, "heavy", "text.ts"), `export const VERSION = "v${i}";\n`);
    const r = await host.reload("heavy");
    if (!r.ok) throw new Error(`reload ${i} failed: ${r.error?.message}`);
  }
}

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    Bun.gc(true);
    await Bun.sleep(10);
  }
  return process.memoryUsage().heapUsed;
}

async function version(): Promise<string> {
  const out: string[] = [];
  await b.realm.runtime!.commands.run("heavy version", { kind: "console", level: 4, actor: "test", accountId: 0, reply: (l) => void out.push(l) });
  return out.join("\n");
}

const cachedModules = () => Object.keys(require.cache).filter((k) => k.includes("rc-heap-")).length;

test(
  "100 reloads end within 5 MB of the starting heap after a forced GC",
  async () => {
    const host = b.realm.runtime!.host;
    await reloads(10, 1); // warm-up: JIT, caches, the first copies of everything
    const scopeSize = host.root.size;
    const modules = cachedModules();
    const before = await heap();
    await reloads(100, 11);
    const after = await heap();
    expect(await version()).toBe("v110 100000"); // every reload loaded fresh copies
    expect(host.get("heavy")).toMatchObject({ state: "active", reloads: 110 });
    expect(host.root.size).toBe(scopeSize);
    expect(cachedModules()).toBe(modules);
    console.log(`[reload-heap] 100 reloads: heap ${(before / 1048576).toFixed(1)} MB -> ${(after / 1048576).toFixed(1)} MB (${((after - before) / 1024).toFixed(0)} KB)`);
    expect(after - before).toBeLessThan(MARGIN);
  },
  120_000,
);

test(
  "control: a plugin that keeps every generation's table alive is caught by the same measurement",
  async () => {
    folders.write(dir, "heavy", files(true));
    await reloads(1, 200);
    const before = await heap();
    await reloads(20, 201);
    const after = await heap();
    expect(after - before).toBeGreaterThan(MARGIN);
  },
  120_000,
);
