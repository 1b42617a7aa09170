// The command registry on its own: lookup (longest name first, plugin commands from the
// host's table), refusal below the level (players are not told a GM command exists),
// usage errors, and the audit row every privileged command writes.
import { expect, test } from "bun:test";
import type { CommandInvoker } from "../api/plugin.ts";
import { ManualClock } from "../kernel/clock.ts";
import { RealmError } from "../kernel/errors.ts";
import { silentLogger } from "../kernel/logger.ts";
import { PluginHost } from "../kernel/plugins/host.ts";
import { AuditLog } from "../ops/audit.ts";
import type { AuditRow, NewAuditRow } from "../storage/ports.ts";
import { PluginFolders, pluginSource } from "../testing/plugin-folders.ts";
import { COMMAND_TABLE, CommandRegistry, NO_SUCH_COMMAND, usage } from "./registry.ts";

function setup(dirs: string[] = []) {
  const rows: NewAuditRow[] = [];
  const audit = new AuditLog({ append: async (r) => void rows.push(r), list: async () => [] as AuditRow[] }, new ManualClock(), 1);
  const host = new PluginHost({ dirs, log: silentLogger, clock: new ManualClock(), makeContext: (h) => h });
  host.defineTable(COMMAND_TABLE, { unique: true });
  const reg = new CommandRegistry({ audit, log: silentLogger, plugins: host });
  const ran: string[] = [];
  reg.register({ name: "server info", level: 0, help: "info", run: (inv) => inv.reply("info") });
  reg.register({ name: "server set motd", level: 3, usage: "<text>", help: "motd", run: (inv, args) => (args.length ? inv.reply(`motd ${args.join(" ")}`) : usage({ name: "server set motd", usage: "<text>" })) });
  reg.register({ name: "kick", level: 2, usage: "<character>", help: "kick", target: (a) => a[0], run: (_inv, args) => void ran.push(`kick ${args.join(" ")}`) });
  reg.register({ name: "explode", level: 1, help: "fails", run: () => { throw new RealmError("CHARACTER_NOT_FOUND", "Nobody is online."); } });
  return { reg, rows, ran, host };
}

function invoker(kind: CommandInvoker["kind"], level: number): CommandInvoker & { out: string[] } {
  const out: string[] = [];
  return { kind, level, actor: kind === "player" ? "account:GMUSER" : kind, accountId: kind === "player" ? 7 : 0, characterName: kind === "player" ? "Gmchar" : undefined, reply: (l) => void out.push(l), out };
}

test("the longest registered name wins, with or without the dot, any case", async () => {
  const { reg } = setup();
  const inv = invoker("console", 4);
  expect(await reg.run(".server info", inv)).toMatchObject({ ok: true, command: "server info" });
  expect(await reg.run("SERVER SET MOTD hello there", inv)).toMatchObject({ ok: true, command: "server set motd" });
  expect(inv.out).toEqual(["info", "motd hello there"]);
  expect(await reg.run(".server", inv)).toMatchObject({ ok: false, code: "CMD_UNKNOWN" });
  expect(inv.out.at(-1)).toBe(NO_SUCH_COMMAND);
});

test("below its level a command is refused: players are told it does not exist, operators why", async () => {
  const { reg, rows, ran } = setup();
  const player = invoker("player", 1);
  expect(await reg.run(".kick Bob", player)).toMatchObject({ ok: false, code: "CMD_DENIED" });
  expect(player.out).toEqual([NO_SUCH_COMMAND]);
  const web = invoker("web", 1);
  await reg.run("kick Bob", web);
  expect(web.out).toEqual(["You need security level 2 for .kick (you have 1)."]);
  expect(ran).toEqual([]);
  expect(rows.map((r) => [r.action, r.actor, r.target, JSON.parse(r.details ?? "{}").line])).toEqual([
    ["command.denied", "account:GMUSER", "Bob", "kick Bob"],
    ["command.denied", "web", "Bob", "kick Bob"],
  ]);
});

test("every privileged command writes an audit row with actor, full line and target; level-0 commands do not", async () => {
  const { reg, rows, ran } = setup();
  const gm = invoker("player", 2);
  await reg.run('.kick Bob "too loud"', gm);
  await reg.run(".server info", gm);
  expect(ran).toEqual(["kick Bob too loud"]);
  expect(rows.length).toBe(1);
  expect(rows[0]).toMatchObject({ action: "command", actor: "account:GMUSER", actorAccountId: 7, target: "Bob" });
  expect(JSON.parse(rows[0]!.details ?? "{}")).toMatchObject({ command: "kick", line: 'kick Bob "too loud"', ok: true, character: "Gmchar" });
});

test("usage errors and coded failures are replied and audited as failed", async () => {
  const { reg, rows } = setup();
  const inv = invoker("console", 4);
  expect(await reg.run("server set motd", inv)).toMatchObject({ ok: false, code: "CMD_USAGE" });
  expect(await reg.run("explode", inv)).toMatchObject({ ok: false, code: "CMD_FAILED" });
  expect(inv.out).toEqual(["Usage: .server set motd <text>", "Nobody is online."]);
  expect(rows.map((r) => JSON.parse(r.details ?? "{}").code)).toEqual(["CMD_USAGE", "CMD_FAILED"]);
});

test("plugin commands come from the host's table and leave with their plugin; list() filters by level", async () => {
  const folders = new PluginFolders("rc-cmd-");
  try {
    const dir = folders.dir("plugins");
    folders.write(dir, "greeter", { "index.ts": pluginSource({ name: "greeter", body: `ctx.register("command", "hello", { name: "hello", level: 0, help: "hi", run: (inv: any) => inv.reply("hello!") });` }) });
    const { reg, host } = setup([dir]);
    await host.startAll();
    const inv = invoker("player", 0);
    expect(await reg.run(".hello", inv)).toMatchObject({ ok: true, command: "hello" });
    expect(inv.out).toEqual(["hello!"]);
    expect(reg.list(0).map((c) => `${c.name}@${c.owner}`)).toEqual(["hello@greeter", "server info@core"]);
    expect(reg.list(4).map((c) => c.name)).toEqual(["explode", "hello", "kick", "server info", "server set motd"]);
    expect(reg.isCore("Server  Info")).toBe(true);
    expect(reg.isCore("hello")).toBe(false);
    await host.disable("greeter");
    await reg.run(".hello", inv);
    expect(inv.out.at(-1)).toBe(NO_SUCH_COMMAND);
    await host.stopAll();
  } finally {
    folders.cleanup();
  }
});
