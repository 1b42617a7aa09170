// .tele <name> and .go xyz <x> <y> <z> [map [orientation]]
import { RealmError } from "../../kernel/errors.ts";
import type { CommandInvoker } from "../../api/plugin.ts";
import { usage } from "../registry.ts";
import type { CoreCommandDeps } from "./deps.ts";

function self(inv: CommandInvoker): number {
  if (!inv.characterGuid) throw new RealmError("CMD_FAILED", "This command needs a character in the world.");
  return inv.characterGuid;
}

export function registerTeleport(d: CoreCommandDeps): void {
  d.registry.register({
    name: "tele",
    level: 1,
    usage: "<location>",
    help: "Teleports you to a named location from the teleport table.",
    async run(inv, args) {
      if (args.length < 1) usage(this);
      const name = args.join(" ");
      const loc = d.world.teleportLocation(name);
      if (!loc) throw new RealmError("CMD_FAILED", `No teleport location named "${name}".`);
      const ok = await d.world.teleport(self(inv), loc);
      inv.reply(ok ? `Teleported to ${name}.` : "The teleport failed.");
    },
  });
  d.registry.register({
    name: "go xyz",
    level: 1,
    usage: "<x> <y> <z> [map [orientation]]",
    help: "Teleports you to coordinates (on the current map unless given).",
    async run(inv, args) {
      const [x, y, z, map, o] = args.map(Number);
      if (args.length < 3 || ![x, y, z].every(Number.isFinite) || (map !== undefined && !Number.isInteger(map)) || (o !== undefined && !Number.isFinite(o))) usage(this);
      const guid = self(inv);
      const cur = await d.sessions.byGuid(guid);
      const ok = await d.world.teleport(guid, { map: map ?? cur?.map ?? 0, x: x!, y: y!, z: z!, o });
      inv.reply(ok ? `Teleported to ${x} ${y} ${z}${map !== undefined ? ` on map ${map}` : ""}.` : "The teleport failed (unknown map or coordinates out of bounds).");
    },
  });
}
