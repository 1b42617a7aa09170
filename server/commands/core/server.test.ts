// Server commands through the real entry points: .saveall, .plugin list|reload|enable|
// disable (in game, by an administrator), .server restart|shutdown <delay> [exit code]
// with the countdown on SMSG_SERVER_MESSAGE and the exit code handed to the realm's
// onExit (2 = restart), .server cancel (console).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandInvoker } from "../../api/plugin.ts";
import { startCtlSocket } from "../../ctl-socket.ts";
import { openSqliteStore } from "../../storage/sqlite.ts";
import { boot, type Booted } from "../../testing/boot.ts";
import { PluginFolders, pluginSource, waitUntil } from "../../testing/plugin-folders.ts";
import { joinWorld, type TestPlayer } from "../../testing/players.ts";
import { NO_SUCH_COMMAND } from "../registry.ts";

const folders = new PluginFolders("rc-cmd-server-");
afterAll(() => folders.cleanup());

const greeter = (v: string) =>
  pluginSource({ name: "greeter", version: v, body: `ctx.commands.register({ name: "greet", level: 0, help: "greets", run: (inv: any) => inv.reply("greetings from ${v}") });` });

describe("saves and plugins", () => {
  let b: Booted;
  let admin: TestPlayer;
  let player: TestPlayer;
  let entry: string;

  beforeAll(async () => {
    const extra = folders.dir("extra");
    entry = join(folders.write(extra, "greeter", { "index.ts": greeter("1.0.0") }), "index.ts");
    b = await boot({}, { pluginDirs: [folders.withCharacter(), extra] });
    admin = await joinWorld(b, "srvadmin", "Warden", { gmLevel: 3 });
    player = await joinWorld(b, "srvplayer", "Pilgrim");
  }, 30_000);

  afterAll(async () => {
    admin?.close();
    player?.close();
    await b?.stop();
  });

  test(".saveall saves every character in the world", async () => {
    expect(await player.command(".saveall", NO_SUCH_COMMAND)).toEqual([NO_SUCH_COMMAND]);
    const me = [...b.realm.worldHost!.byGuid.values()].find((p) => p.name === "Pilgrim")!;
    me.setPosition(me.x + 1.25, me.y, me.z, me.o);
    me.dirty = true;
    expect(await admin.command(".saveall", /^Saved/)).toEqual(["Saved 2 character(s)."]);
    await waitUntil(async () => (await b.realm.store.characters.byName(b.config.realm.id, "Pilgrim"))!.x === me.x, "the saved position in the store");
  });

  test(".plugin list shows each plugin with state, version and generation", async () => {
    const lines = await admin.command(".plugin list", /^greeter /);
    expect(lines).toContainEqual(expect.stringMatching(/^character 1\.0\.0 \[active\] gen \d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^greeter 1\.0\.0 \[active\] gen \d+$/));
  });

  test(".plugin reload swaps the plugin in every process and says how long it took", async () => {
    expect(await player.command(".greet", "greetings")).toEqual(["greetings from 1.0.0"]);
    writeFileSync(entry, greeter("1.1.0"));
    const lines = await admin.command(".plugin reload greeter", /greeter reload/);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^${b.realm.nodeId}: greeter reload ok in [\\d.]+ ms$`))]);
    expect(await player.command(".greet", "greetings")).toEqual(["greetings from 1.1.0"]);
    // a broken version: the reply says why, and the previous generation keeps serving
    writeFileSync(entry, greeter("1.2.0").replace("ctx.commands", `throw new Error("typo"); ctx.commands`));
    const failed = await admin.command(".plugin reload greeter", /greeter reload/);
    const why = "plugin greeter 1.2.0: setup threw: Error: typo; the previous generation keeps serving";
    expect(failed).toContainEqual(expect.stringMatching(new RegExp(`^${b.realm.nodeId}: greeter reload FAILED in [\\d.]+ ms - `)));
    expect(failed.find((l) => l.includes("reload FAILED"))!.endsWith(why)).toBe(true);
    expect(failed).toContain(`[Admin] ${why}`); // the GMs in game are told too
    expect(await player.command(".greet", "greetings")).toEqual(["greetings from 1.1.0"]);
    expect(await admin.command(".plugin reload nothere", /nothere reload/)).toEqual([expect.stringMatching(/nothere reload FAILED in [\d.]+ ms - no plugin named nothere$/)]);
  });

  test("npm run ctl -- run \".plugin reload greeter\" reloads it from a shell (the CLI in a child process)", async () => {
    const socket = startCtlSocket(b.realm)!;
    try {
      writeFileSync(entry, greeter("1.1.5"));
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("REALMCORE_")) env[k] = v;
      const p = Bun.spawn(["bun", "server/ctl.ts", "run", ".plugin reload greeter"], {
        cwd: join(import.meta.dir, "..", "..", ".."),
        env: { ...env, REALMCORE_CONFIG: "", REALMCORE_CTL__SOCKET: socket.path },
        stdout: "pipe",
        stderr: "pipe",
      });
      const [out, code] = await Promise.all([new Response(p.stdout).text(), p.exited]);
      expect(code).toBe(0);
      expect(out.trim()).toMatch(new RegExp(`^${b.realm.nodeId}: greeter reload ok in [\\d.]+ ms$`));
      expect(await player.command(".greet", "greetings")).toEqual(["greetings from 1.1.5"]);
      const row = (await b.realm.store.audit.list({ action: "command" })).find((r) => r.actor === "ctl");
      expect(row).toMatchObject({ target: "greeter" });
    } finally {
      socket.stop();
    }
  }, 20_000);

  test(".plugin disable unloads (its commands go); .plugin enable loads it again", async () => {
    writeFileSync(entry, greeter("1.3.0"));
    expect(await admin.command(".plugin disable greeter", /greeter disable/)).toEqual([expect.stringMatching(/: greeter disable ok - greeter disabled$/)]);
    expect(b.realm.runtime!.host.get("greeter")?.state).toBe("disabled");
    expect(await player.command(".greet", NO_SUCH_COMMAND)).toEqual([NO_SUCH_COMMAND]);
    expect(await admin.command(".plugin enable greeter", /greeter enable/)).toEqual([expect.stringMatching(/: greeter enable ok in [\d.]+ ms$/)]);
    expect(await player.command(".greet", "greetings")).toEqual(["greetings from 1.3.0"]);
    expect(await admin.command(".plugin disable character", /character disable/)).toEqual([expect.stringMatching(/character disable ok/)]);
    expect(await admin.command(".plugin enable character", /character enable/)).toEqual([expect.stringMatching(/character enable ok/)]);
  });

  test("plugin commands are audited with the plugin as target", async () => {
    const rows = (await b.realm.store.audit.list({ action: "command" })).filter((r) => JSON.parse(r.details ?? "{}").command?.startsWith("plugin "));
    expect(rows.map((r) => [r.actor, r.target, JSON.parse(r.details ?? "{}").line])).toContainEqual(["account:SRVADMIN", "greeter", "plugin disable greeter"]);
    expect(rows.filter((r) => r.target === "greeter").length).toBe(5);
  });
});

describe("scheduled stops", () => {
  test(".server restart <delay>: countdown to every player, everyone saved at the stop, exit code 2", async () => {
    const codes: number[] = [];
    // a store of the test's own, so it can be read after the realm closed its adapters
    const store = openSqliteStore({ path: ":memory:" });
    const b = await boot({}, { pluginDirs: [folders.withCharacter("core-restart")], onExit: (c) => void codes.push(c), store });
    try {
      const admin = await joinWorld(b, "rsadmin", "Herald", { gmLevel: 3 });
      const player = await joinWorld(b, "rsplayer", "Listener");
      const me = [...b.realm.worldHost!.byGuid.values()].find((p) => p.name === "Listener")!;
      const movedTo = me.x + 2.5;
      me.setPosition(movedTo, me.y, me.z, me.o); // unsaved: only the stop's save writes it
      expect(await admin.command(".server restart 2", "Server restart")).toEqual(["Server restart in 2 s (exit code 2)."]);
      await waitUntil(() => codes.length === 1, "the realm to stop and call onExit", 8000);
      expect(codes).toEqual([2]);
      for (const p of [admin, player]) {
        expect(p.serverMessages).toEqual([
          { type: 2, text: "2 seconds" },
          { type: 2, text: "1 second" },
        ]);
        await waitUntil(() => p.closed, "the connection to close at the stop");
      }
      const saved = (await store.characters.byName(b.config.realm.id, "Listener"))!;
      expect(saved.online).toBe(false);
      expect(saved.x).toBe(movedTo);
      const row = (await store.audit.list({ action: "server.restart" }))[0];
      expect(row).toMatchObject({ actor: "account:RSADMIN" });
    } finally {
      await b.stop();
      await store.close();
    }
  }, 20_000);

  test("console: .server shutdown <delay> <code> is announced, .server cancel stops it; then the code reaches onExit", async () => {
    const codes: number[] = [];
    const b = await boot({}, { pluginDirs: [folders.withCharacter("core-shutdown")], onExit: (c) => void codes.push(c) });
    const out: string[] = [];
    const console: CommandInvoker = { kind: "console", level: 4, actor: "console", accountId: 0, reply: (l) => void out.push(l) };
    try {
      const player = await joinWorld(b, "sdplayer", "Bystander");
      await b.realm.runtime!.commands.run("server shutdown 30", console);
      await waitUntil(() => player.serverMessages.length === 1, "the first countdown message");
      expect(player.serverMessages[0]).toEqual({ type: 1, text: "30 seconds" });
      await b.realm.runtime!.commands.run("server cancel", console);
      await waitUntil(() => player.serverMessages.length === 2, "the cancellation message");
      expect(player.serverMessages[1]!.type).toBe(4); // SHUTDOWN_CANCELLED
      expect(out).toEqual(["Server shutdown in 30 s (exit code 0).", "Shutdown cancelled."]);
      await b.realm.runtime!.commands.run("server shutdown 1 5", console);
      await waitUntil(() => codes.length === 1, "the realm to stop", 8000);
      expect(codes).toEqual([5]);
      expect(player.serverMessages.at(-1)).toEqual({ type: 1, text: "1 second" });
      expect(await b.realm.runtime!.commands.run("server shutdown 1 300", console)).toMatchObject({ code: "CMD_USAGE" });
    } finally {
      await b.stop();
    }
  }, 20_000);
});
