// General commands through their real entry points: in-game chat over the sockets, the
// stdin console (level 4) and the ctl socket of a running realm.
// .help, .commands, .server info, .server motd, .server set motd, .announce, .notify;
// refusal below the level; the audit row of every privileged command.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startConsole } from "../../console.ts";
import { ctlSocketPath, startCtlSocket } from "../../ctl-socket.ts";
import { boot, type Booted } from "../../testing/boot.ts";
import { PluginFolders, waitUntil } from "../../testing/plugin-folders.ts";
import { joinWorld, type TestPlayer } from "../../testing/players.ts";
import { NO_SUCH_COMMAND } from "../registry.ts";

const folders = new PluginFolders("rc-cmd-general-");
let b: Booted;
let player: TestPlayer;
let gm: TestPlayer;
let admin: TestPlayer;

beforeAll(async () => {
  b = await boot({}, { pluginDirs: [folders.withCharacter()] });
  player = await joinWorld(b, "plainjoe", "Joe");
  gm = await joinWorld(b, "gamemaster", "Gemma", { gmLevel: 2 });
  admin = await joinWorld(b, "administrator", "Adam", { gmLevel: 3 });
}, 30_000);

afterAll(async () => {
  for (const p of [player, gm, admin]) p?.close();
  await b?.stop();
  folders.cleanup();
});

const audit = (action = "command") => b.realm.store.audit.list({ action });

describe("in game", () => {
  test("a player gets 'There is no such command.' for a GM command, and nothing happens", async () => {
    const lines = await player.command(".announce hello everyone", NO_SUCH_COMMAND);
    expect(lines).toEqual([NO_SUCH_COMMAND]);
    expect(await player.command(".kick Gemma", NO_SUCH_COMMAND)).toEqual([NO_SUCH_COMMAND]);
    expect(gm.closed).toBe(false);
    expect(await player.command(".nosuchthing", NO_SUCH_COMMAND)).toEqual([NO_SUCH_COMMAND]);
    const denied = await audit("command.denied");
    expect(denied.find((r) => r.target === "Gemma")).toMatchObject({ actor: "account:PLAINJOE" });
    expect(JSON.parse(denied.find((r) => r.target === "Gemma")!.details ?? "{}")).toMatchObject({ command: "kick", line: "kick Gemma", level: 0 });
  });

  test(".help and .commands list what the caller's level allows", async () => {
    const mine = await player.command(".help", /^\.[a-z]/);
    expect(mine[0]).toBe("Commands you can use (type .help <command> for details):");
    expect(mine[1]).toContain(".help");
    expect(mine[1]).toContain(".server info");
    expect(mine[1]).not.toContain(".kick");
    expect(await player.command(".help kick", NO_SUCH_COMMAND)).toEqual([NO_SUCH_COMMAND]);
    expect(await gm.command(".help kick", "(level 2)")).toEqual([".kick <character> [reason] (level 2): Disconnects a player."]);
    const list = await admin.command(".commands", /^\d+ commands:$/);
    const n = Number(/^(\d+)/.exec(list[0]!)![1]);
    await admin.waitLine(".plugin reload");
    const all = admin.lines.slice(admin.lines.indexOf(list[0]!) + 1).join(" ");
    expect(n).toBe(b.realm.runtime!.commands.list(3).length);
    for (const c of [".announce", ".ban account", ".plugin list", ".server set motd", ".unban ip"]) expect(all).toContain(c);
  });

  test(".server info: realm, version, players online, uptime", async () => {
    const lines = await player.command(".server info", /^Players online/);
    expect(lines[0]).toBe(`${b.config.realm.name} (RealmCore 0.1.0, realm ${b.config.realm.id})`);
    expect(lines[1]).toMatch(/^Players online: 3\. Uptime: .+\.$/);
    await player.waitLine(/^World: 3 player\(s\)/);
  });

  test(".server motd shows the message of the day; .server set motd (level 3) changes it", async () => {
    expect(await player.command(".server motd", "Message of the day")).toEqual([`Message of the day: ${b.config.world.motd}`]);
    expect(await gm.command(".server set motd Raid night at 8", NO_SUCH_COMMAND)).toEqual([NO_SUCH_COMMAND]);
    expect(await admin.command(".server set motd Raid night at 8", "set to")).toEqual(["Message of the day set to: Raid night at 8"]);
    expect(await player.command(".server motd", "Message of the day")).toEqual(["Message of the day: Raid night at 8"]);
    expect(await b.realm.motd()).toBe("Raid night at 8");
  });

  test(".announce sends a system line to everyone; .notify an on-screen message", async () => {
    expect(await gm.command(".announce Server restarts soon", "Announcement sent.")).toContain("Announcement sent.");
    for (const p of [player, admin]) await p.waitLine("[Gemma]: Server restarts soon");
    expect(await gm.command(".notify Double XP weekend", "Notification sent.")).toContain("Notification sent.");
    await waitUntil(() => [player, gm, admin].every((p) => p.notifications.includes("Double XP weekend")), "the notification on every screen");
  });

  test("every privileged command wrote an audit row: actor, full line, target", async () => {
    const rows = await audit("command");
    const find = (cmd: string) => rows.find((r) => JSON.parse(r.details ?? "{}").command === cmd);
    expect(find("announce")).toMatchObject({ actor: "account:GAMEMASTER", target: "" });
    expect(JSON.parse(find("announce")!.details ?? "{}")).toMatchObject({ line: "announce Server restarts soon", ok: true, character: "Gemma" });
    expect(JSON.parse(find("server set motd")!.details ?? "{}")).toMatchObject({ line: "server set motd Raid night at 8" });
    expect(find("server set motd")!.actor).toBe("account:ADMINISTRATOR");
    expect(find("help")).toBeUndefined(); // level 0: not audited
  });
});

describe("console and ctl socket (level 4)", () => {
  test("the stdin console runs commands at level 4, with or without the dot", async () => {
    const out: string[] = [];
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    const input = new ReadableStream<Uint8Array>({ start: (c) => void (feed = c) });
    const stop = startConsole(b.realm, input, (l) => void out.push(l));
    const enc = new TextEncoder();
    feed.enqueue(enc.encode("server info\n.account set gmlevel plainjoe 1\n"));
    await waitUntil(() => out.some((l) => l.includes("security level 1")), "the console's replies");
    expect(out[0]).toContain("(RealmCore 0.1.0");
    expect(out.at(-1)).toBe("Account PLAINJOE now has security level 1 (it applies at the next login).");
    expect((await b.realm.accounts.get("plainjoe"))?.gmLevel).toBe(1);
    const row = (await audit("command")).find((r) => r.actor === "console" && r.target === "plainjoe");
    expect(JSON.parse(row!.details ?? "{}")).toMatchObject({ command: "account set gmlevel", line: "account set gmlevel plainjoe 1" });
    feed.enqueue(enc.encode("account set gmlevel plainjoe 0\n"));
    await waitUntil(() => out.at(-1)!.includes("security level 0"), "the second reply");
    stop();
  });

  test("the ctl socket runs one command line and streams the replies", async () => {
    const ctl = startCtlSocket(b.realm)!;
    try {
      expect(ctl.path).toBe(ctlSocketPath(b.realm));
      const got = await ctlRun(ctl.path, ".announce Maintenance tonight");
      expect(got).toEqual([{ line: "Announcement sent." }, { done: true, ok: true }]);
      await player.waitLine("[Server]: Maintenance tonight");
      expect((await audit("command")).some((r) => r.actor === "ctl" && JSON.parse(r.details ?? "{}").line === "announce Maintenance tonight")).toBe(true);
      expect((await ctlRun(ctl.path, "no such command")).at(-1)).toEqual({ done: true, ok: false, code: "CMD_UNKNOWN" });
    } finally {
      ctl.stop();
    }
  });
});

/** The ctl socket protocol: one JSON line {"run"}, JSON lines back until {"done"}. */
async function ctlRun(path: string, line: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let buf = "";
  await new Promise<void>((resolve, reject) => {
    void Bun.connect({
      unix: path,
      socket: {
        open: (s) => void s.write(`${JSON.stringify({ run: line })}\n`),
        data: (_s, chunk) => {
          buf += new TextDecoder().decode(chunk);
        },
        close: () => resolve(),
        error: (_s, e) => reject(e),
      },
    }).catch(reject);
  });
  for (const l of buf.split("\n")) if (l.trim()) out.push(JSON.parse(l) as Record<string, unknown>);
  return out;
}
