// World GM commands: .npc kill / .npc info (on the selected creature), .modify speed, .gps.
// They act through WorldOps, which asks the world host the character is on over the bus.
import { RealmError } from "../../kernel/errors.ts";
import type { CommandInvoker } from "../../api/plugin.ts";
import { usage } from "../registry.ts";
import type { CoreCommandDeps } from "./deps.ts";

/** The default run speed (yards/s) that `.modify speed 1` means. */
export const BASE_RUN_SPEED = 7;
export const MAX_SPEED_FACTOR = 50;

function self(inv: CommandInvoker): number {
  if (!inv.characterGuid) throw new RealmError("CMD_FAILED", "This command needs a character in the world.");
  return inv.characterGuid;
}

const f2 = (n: number) => n.toFixed(2);

export function registerWorld(d: CoreCommandDeps): void {
  d.registry.register({
    name: "npc info",
    level: 2,
    help: "Shows the selected creature's entry, spawn, position and respawn state.",
    async run(inv) {
      const n = await d.world.npc(self(inv), "info");
      if (!n) throw new RealmError("CMD_FAILED", "Select a creature first.");
      inv.reply(`${n.name} (entry ${n.entry}, level ${n.level}, guid ${n.guid}, spawn ${n.spawnId})`);
      inv.reply(`Position: ${f2(n.x)} ${f2(n.y)} ${f2(n.z)}; wanders ${n.wanderRadius} yd; respawn ${Math.round(n.respawnMs / 1000)} s; ${n.alive ? "alive" : "dead"}.`);
    },
  });
  d.registry.register({
    name: "npc kill",
    level: 2,
    help: "Kills the selected creature; it respawns after its respawn time.",
    async run(inv) {
      const n = await d.world.npc(self(inv), "kill");
      if (!n) throw new RealmError("CMD_FAILED", "Select a creature first.");
      inv.reply(`${n.name} (entry ${n.entry}) killed; it respawns in ${Math.round(n.respawnMs / 1000)} s.`);
    },
  });
  d.registry.register({
    name: "modify speed",
    level: 1,
    usage: `<factor 0.1-${MAX_SPEED_FACTOR}>`,
    help: `Sets your run speed to factor × ${BASE_RUN_SPEED} yd/s (1 = normal).`,
    async run(inv, args) {
      const factor = Number(args[0]);
      if (args.length !== 1 || !Number.isFinite(factor) || factor < 0.1 || factor > MAX_SPEED_FACTOR) usage(this);
      const ok = await d.world.setRunSpeed(self(inv), factor * BASE_RUN_SPEED);
      if (!ok) throw new RealmError("CMD_FAILED", "You are not in the world.");
      inv.reply(`Run speed set to ${factor}× (${f2(factor * BASE_RUN_SPEED)} yd/s).`);
    },
  });
  d.registry.register({
    name: "gps",
    level: 1,
    help: "Shows your map, zone, instance and position.",
    async run(inv) {
      const p = await d.world.locate(self(inv));
      if (!p) throw new RealmError("CMD_FAILED", "You are not in the world.");
      inv.reply(`Map: ${p.map} (${p.mapName || "unknown"}) Zone: ${p.zone} Instance: ${p.instanceId}`);
      inv.reply(`X: ${f2(p.x)} Y: ${f2(p.y)} Z: ${f2(p.z)} Orientation: ${f2(p.o)}`);
    },
  });
}
