// The example mod, the way a modder uses it: a realm is running and watching its mods
// folder; the example-welcome folder is copied in; the next player to log in is greeted
// and `.hello` answers; an edit to one of its files is picked up by the watcher. The
// greeting comes from the realm's configuration (the environment form is checked in
// server/kernel/config-env.test.ts).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { boot, type Booted } from "../../server/testing/boot.ts";
import { PluginFolders, waitUntil } from "../../server/testing/plugin-folders.ts";
import { joinWorld, type TestPlayer } from "../../server/testing/players.ts";

const HERE = import.meta.dir;
const folders = new PluginFolders("rc-welcome-");
afterAll(() => folders.cleanup());

describe("dropped into mods/ of a running realm", () => {
  let b: Booted;
  let mods: string;
  let early: TestPlayer;
  const later: TestPlayer[] = [];

  beforeAll(async () => {
    mods = folders.dir("mods");
    b = await boot({ plugins: { watch: true } }, { pluginDirs: [folders.withCharacter(), mods] });
    early = await joinWorld(b, "early", "Earlybird");
  }, 30_000);

  afterAll(async () => {
    for (const p of [early, ...later]) p?.close();
    await b?.stop();
  });

  test("the folder loads, the next login is greeted, and .hello answers", async () => {
    expect(b.realm.runtime!.host.get("example-welcome")).toBeUndefined();
    expect(await early.command(".hello", "There is no such command.")).toEqual(["There is no such command."]);

    folders.copyIn(HERE, mods, "example-welcome");
    await waitUntil(() => b.realm.runtime!.host.get("example-welcome")?.state === "active", "the watcher to load the new mods folder", 10_000);

    const next = await joinWorld(b, "latecomer", "Latecomer");
    later.push(next);
    await next.waitLine(`Welcome to ${b.config.realm.name}, Latecomer!`);
    expect(early.lines.some((l) => l.startsWith("Welcome to"))).toBe(false); // only at login
    expect(await next.command(".hello", "Hello")).toEqual(["Hello, Latecomer!"]);
    expect(await early.command(".hello", "Hello")).toEqual(["Hello, Earlybird!"]);
  }, 30_000);

  test("saving an edited file reloads the mod (the tutorial's last step)", async () => {
    const file = join(mods, "example-welcome", "greeting.ts");
    const gen = b.realm.runtime!.host.get("example-welcome")!.generation;
    writeFileSync(file, readFileSync(file, "utf8").replace("`Hello, ${name", "`Well met, ${name"));
    await waitUntil(() => b.realm.runtime!.host.get("example-welcome")!.generation > gen, "the watcher to reload the mod", 10_000);
    expect(await early.command(".hello", "Well met")).toEqual(["Well met, Earlybird!"]);
  }, 30_000);
});

describe("configuration", () => {
  test("plugins.settings.example-welcome.greeting replaces the default greeting", async () => {
    const mods = folders.dir("mods-configured");
    folders.copyIn(HERE, mods, "example-welcome");
    const b = await boot({ plugins: { settings: { "example-welcome": { greeting: "Hail, {name}! {unknown} stays." } } } }, { pluginDirs: [folders.withCharacter("core2"), mods] });
    try {
      const p = await joinWorld(b, "configured", "Configured");
      await p.waitLine("Hail, Configured! {unknown} stays.");
      p.close();
    } finally {
      await b.stop();
    }
  }, 30_000);

  test("an empty greeting is refused with PLUGIN_BAD_CONFIG and the mod does not load", async () => {
    const mods = folders.dir("mods-bad");
    folders.copyIn(HERE, mods, "example-welcome");
    const b = await boot({ plugins: { settings: { "example-welcome": { greeting: "" } } } }, { pluginDirs: [mods] });
    try {
      expect(b.realm.runtime!.host.get("example-welcome")).toMatchObject({ state: "failed", lastError: { code: "PLUGIN_BAD_CONFIG" } });
    } finally {
      await b.stop();
    }
  });
});
