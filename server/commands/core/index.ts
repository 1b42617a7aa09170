import type { CoreCommandDeps } from "./deps.ts";
import { registerGeneral } from "./general.ts";
import { registerModeration } from "./moderation.ts";
import { registerServer } from "./server.ts";
import { registerTeleport } from "./teleport.ts";
import { registerWorld } from "./world.ts";

export type { CoreCommandDeps } from "./deps.ts";

/** Registers every core GM command. Other modules and plugins add theirs to the same registry. */
export function registerCoreCommands(d: CoreCommandDeps): void {
  registerGeneral(d);
  registerModeration(d);
  registerServer(d);
  registerTeleport(d);
  registerWorld(d);
}
