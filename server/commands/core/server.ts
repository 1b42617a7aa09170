// .saveall, .server shutdown|restart <delay> [exit code], .server cancel, .server hosts,
// .server drain <host> [off], .plugin ...
import { RealmError } from "../../kernel/errors.ts";
import { usage } from "../registry.ts";
import type { CoreCommandDeps } from "./deps.ts";

export function registerServer(d: CoreCommandDeps): void {
  const r = d.registry;
  r.register({
    name: "saveall",
    level: 2,
    help: "Saves every character in the world now.",
    async run(inv) {
      const n = await d.world.saveAll();
      inv.reply(`Saved ${n} character(s).`);
    },
  });
  for (const kind of ["shutdown", "restart"] as const) {
    r.register({
      name: `server ${kind}`,
      level: 3,
      usage: "<delay seconds> [exit code]",
      help: `Announces a countdown, saves everyone and ${kind === "restart" ? "restarts (exit code 2)" : "stops"} the realm.`,
      async run(inv, args) {
        const delay = Number(args[0]);
        const code = args[1] !== undefined ? Number(args[1]) : kind === "restart" ? 2 : 0;
        if (args.length < 1 || !Number.isInteger(delay) || delay < 0 || !Number.isInteger(code) || code < 0 || code > 255) usage(this);
        await d.lifecycle.schedule(kind, delay, code, inv.actor);
        inv.reply(`Server ${kind} in ${delay} s (exit code ${code}).`);
      },
    });
  }
  r.register({
    name: "server cancel",
    level: 3,
    help: "Cancels a scheduled shutdown or restart.",
    async run(inv) {
      inv.reply((await d.lifecycle.cancel(inv.actor)) ? "Shutdown cancelled." : "No shutdown was scheduled.");
    },
  });

  r.register({
    name: "server hosts",
    level: 3,
    help: "Lists the realm's world hosts: players, instances, tick p99, draining.",
    async run(inv) {
      const hosts = await d.cluster.hosts();
      if (hosts.length === 0) return void inv.reply("No live world host.");
      for (const h of hosts) inv.reply(`${h.host}: ${h.players} player(s), ${h.instances} instance(s), tick p99 ${h.tickP99.toFixed(1)} ms${h.draining ? " [draining]" : ""}`);
    },
  });
  r.register({
    name: "server drain",
    target: (a) => a[0],
    level: 3,
    usage: "<host> [off]",
    help: "Moves every player off a world host (SMSG_TRANSFER_PENDING / SMSG_NEW_WORLD, same position) and places nothing new there; `off` takes players again.",
    async run(inv, args) {
      if (args.length < 1 || (args[1] !== undefined && args[1] !== "off")) usage(this);
      const off = args[1] === "off";
      const r = await d.cluster.drain(args[0]!, off);
      if (!r.ok && r.moved === 0 && r.failed === 0) throw new RealmError("CMD_FAILED", r.message ?? "The orchestrator refused.");
      if (off) return void inv.reply(`${args[0]} takes players again.`);
      inv.reply(`${args[0]} drained: ${r.moved} player(s) moved${r.failed ? `, ${r.failed} could not be moved${r.message ? ` (${r.message})` : ""}` : ""}.`);
    },
  });

  r.register({
    name: "plugin list",
    level: 3,
    help: "Lists plugins with their state, version and generation.",
    run(inv) {
      const list = d.plugins.list();
      if (list.length === 0) return void inv.reply("No plugins.");
      for (const p of list) {
        inv.reply(`${p.name} ${p.version} [${p.state}] gen ${p.generation}${p.reloads ? `, ${p.reloads} reload(s)` : ""}${p.lastError ? ` - last error: ${p.lastError.message}` : ""}`);
      }
    },
  });
  for (const op of ["reload", "enable", "disable"] as const) {
    r.register({
      name: `plugin ${op}`,
      target: (a) => a[0],
      level: 3,
      usage: "<name>",
      help: `${op[0]!.toUpperCase()}${op.slice(1)}s a plugin in every process that hosts plugins.`,
      async run(inv, args) {
        if (args.length < 1) usage(this);
        const answers = await d.plugins.everywhere(op, args[0]!);
        if (answers.length === 0) throw new RealmError("CMD_FAILED", "No process answered.");
        for (const a of answers) inv.reply(`${a.node}: ${a.name} ${op} ${a.ok ? "ok" : "FAILED"}${a.ms !== undefined ? ` in ${a.ms.toFixed(1)} ms` : ""}${a.message ? ` - ${a.message}` : ""}`);
      },
    });
  }
}
