// The file watcher through the host: a saved file reloads its plugin, a folder dropped
// into a watched directory loads, a removed folder unloads, an operator-disabled plugin
// stays disabled, and a README edit reloads nothing.
import { afterAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../clock.ts";
import { silentLogger } from "../logger.ts";
import { PluginFolders, pluginSource, waitUntil } from "../../testing/plugin-folders.ts";
import { PluginHost } from "./host.ts";

const folders = new PluginFolders("rc-watch-");
afterAll(() => folders.cleanup());

const src = (name: string, v: string) => pluginSource({ name, version: v, body: `ctx.register("hook", "v", ${JSON.stringify(`${name} ${v}`)});` });

test("the watcher reloads a changed plugin, loads a new folder, unloads a removed one", async () => {
  const plugins = folders.dir("plugins");
  const mods = folders.dir("mods");
  const file = join(folders.write(plugins, "alpha", { "index.ts": src("alpha", "1.0.0") }), "index.ts");
  const host = new PluginHost({ dirs: [plugins, mods], log: silentLogger, clock: new ManualClock(), makeContext: (h) => h });
  host.defineTable("hook");
  await host.startAll();
  const values = () => host.entries<string>("hook", "v").map((e) => e.value);
  expect(values()).toEqual(["alpha 1.0.0"]);
  const stop = host.watch(30);
  try {
    writeFileSync(file, src("alpha", "1.0.1"));
    await waitUntil(() => values().includes("alpha 1.0.1"), "alpha to reload after its file changed");
    const gen = host.get("alpha")!.generation;

    folders.write(mods, "beta", { "index.ts": src("beta", "0.1.0"), "lib/util.ts": "export const x = 1;\n" });
    await waitUntil(() => values().includes("beta 0.1.0"), "the new mods/beta folder to load");
    expect(host.get("beta")).toMatchObject({ state: "active", version: "0.1.0" });

    // documentation edits do not reload
    writeFileSync(join(plugins, "alpha", "README.md"), "# alpha\n");
    await Bun.sleep(150);
    expect(host.get("alpha")!.generation).toBe(gen);

    // an operator-disabled plugin is not brought back by a save
    await host.disable("alpha");
    writeFileSync(file, src("alpha", "1.0.2"));
    await Bun.sleep(150);
    expect(host.get("alpha")?.state).toBe("disabled");
    expect(values()).toEqual(["beta 0.1.0"]);

    folders.remove(mods, "beta");
    await waitUntil(() => host.get("beta")?.state === "disabled", "beta to unload after its folder was removed");
    expect(values()).toEqual([]);
  } finally {
    stop();
    await host.stopAll();
  }
});
