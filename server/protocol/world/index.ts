// World message definitions (protocol.md §2, §3). Every definition is a MessageDef made
// with defineMessage; CLIENT_MESSAGES maps each client opcode to its one definition
// (building it throws on two), which fuzz.test.ts drives with hostile payloads. The roles
// import the definitions they decode directly.
import type { AnyMessageDef } from "./common.ts";
import * as addons from "./addons.ts";
import * as auth from "./auth.ts";
import * as charScreen from "./char-screen.ts";
import * as chat from "./chat.ts";
import * as chatRefusals from "./chat-refusals.ts";
import * as channels from "./channels.ts";
import * as contacts from "./contacts.ts";
import * as group from "./group.ts";
import * as partyStats from "./party-stats.ts";
import * as who from "./who.ts";
import * as loginBurst from "./login-burst.ts";
import * as loginExtras from "./login-extras.ts";
import * as misc from "./misc.ts";
import * as monsterMove from "./monster-move.ts";
import * as movement from "./movement.ts";
import * as objects from "./objects.ts";
import * as queries from "./queries.ts";
import * as session from "./session.ts";
import * as speed from "./speed.ts";
import * as transfer from "./transfer.ts";

export * from "./common.ts";
export * from "./response-codes.ts";
export * from "./addons.ts";
export * from "./auth.ts";
export * from "./session.ts";
export * from "./char-constants.ts";
export * from "./char-screen.ts";
export * from "./login-burst.ts";
export * from "./login-extras.ts";
export * from "./movement-info.ts";
export * from "./movement.ts";
export * from "./speed.ts";
export * from "./transfer.ts";
export * from "./monster-move.ts";
export * from "./item-template.ts";
export * from "./queries.ts";
export * from "./objects.ts";
export * from "./chat.ts";
export * from "./misc.ts";
export * from "./chat-refusals.ts";
export * from "./channels.ts";
export * from "./who.ts";
export * from "./contacts.ts";
export * from "./group.ts";
export * from "./party-stats.ts";

function isDef(x: unknown): x is AnyMessageDef {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as AnyMessageDef).name === "string" &&
    typeof (x as AnyMessageDef).opcode === "number" &&
    typeof (x as AnyMessageDef).read === "function" &&
    typeof (x as AnyMessageDef).write === "function"
  );
}

const modules = [addons, auth, session, charScreen, loginBurst, loginExtras, movement, speed, transfer, monsterMove, queries, objects, chat, misc, chatRefusals, channels, who, contacts, group, partyStats];

/** Every world message definition exported by this folder (both directions). */
export const WORLD_MESSAGES: readonly AnyMessageDef[] = [
  ...new Set(modules.flatMap((m) => Object.values(m).filter(isDef))),
];

function buildClientRegistry(): Map<number, AnyMessageDef> {
  const map = new Map<number, AnyMessageDef>();
  for (const def of WORLD_MESSAGES) {
    if (def.direction === "s2c") continue;
    const prev = map.get(def.opcode);
    if (prev && prev !== def) throw new Error(`two client definitions for opcode 0x${def.opcode.toString(16)}: ${prev.name}, ${def.name}`);
    map.set(def.opcode, def);
  }
  return map;
}

/** opcode -> definition of every client->server (and both-direction) world message. */
export const CLIENT_MESSAGES: ReadonlyMap<number, AnyMessageDef> = buildClientRegistry();
