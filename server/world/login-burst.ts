// The packets a client needs to enter the world (protocol.md §2.9), in the order of the
// recommended sequence, ending with the player's own create block, time sync and
// tutorial flags. After a map change (SMSG_NEW_WORLD) the world-init part (rows 8-19)
// and the create block are sent again.
import type { GatewayLink } from "../bus/gateway-link.ts";
import type { Content } from "../content/content.ts";
import { encodeBody, type MessageDef } from "../protocol/message.ts";
import { ObjectTypeId, UpdateObjectBuilder, Viewer } from "../protocol/update/index.ts";
import {
  GAME_TIME_SPEED,
  packGameTime,
  SMSG_ACTION_BUTTONS,
  SMSG_BINDPOINTUPDATE,
  SMSG_FEATURE_SYSTEM_STATUS,
  SMSG_INIT_WORLD_STATES,
  SMSG_INITIAL_SPELLS,
  SMSG_INITIALIZE_FACTIONS,
  SMSG_INSTANCE_DIFFICULTY,
  SMSG_LEARNED_DANCE_MOVES,
  SMSG_LOGIN_SETTIMESPEED,
  SMSG_LOGIN_VERIFY_WORLD,
  SMSG_MOTD,
  SMSG_TIME_SYNC_REQ,
  INITIAL_FACTION_COUNT,
} from "../protocol/world/login-burst.ts";
import { PER_CHARACTER_CACHE_MASK, SMSG_ACCOUNT_DATA_TIMES, SMSG_TUTORIAL_FLAGS } from "../protocol/world/session.ts";
import { Writer } from "../protocol/writer.ts";
import type { Player } from "./entities.ts";

export interface BurstContext {
  link: GatewayLink;
  content: Content;
  now: number;
  motd: string;
  /** slot -> ms of the character's account data */
  accountDataTimes: Map<number, number>;
}

const w = new Writer(2048);

function send<T>(link: GatewayLink, p: Player, def: MessageDef<T>, v: T): void {
  link.send(p.session.gatewayId, p.session.sessionId, def.opcode, encodeBody(def, v, w));
}

function actionButtons(p: Player, content: Content): number[] {
  try {
    const v = JSON.parse(p.row.actionButtons) as unknown;
    if (Array.isArray(v) && v.length === 144 && v.every((x) => Number.isInteger(x))) return v as number[];
  } catch {
    // fall back to the class default
  }
  return content.defaultActionButtons(p.row.class);
}

/** Rows 1-7 of §2.9: what only a fresh login needs. */
export function sendLoginStart(p: Player, c: BurstContext, map: number): void {
  send(c.link, p, SMSG_LOGIN_VERIFY_WORLD, { map, x: p.x, y: p.y, z: p.z, orientation: p.o });
  const times: number[] = [];
  for (let slot = 0; slot < 8; slot++) if (PER_CHARACTER_CACHE_MASK & (1 << slot)) times.push(Math.floor((c.accountDataTimes.get(slot) ?? 0) / 1000));
  send(c.link, p, SMSG_ACCOUNT_DATA_TIMES, { serverTime: Math.floor(c.now / 1000), unknown: 1, mask: PER_CHARACTER_CACHE_MASK, times });
  send(c.link, p, SMSG_FEATURE_SYSTEM_STATUS, { complaintStatus: 2, voiceChatEnabled: 0 });
  send(c.link, p, SMSG_MOTD, { lines: c.motd.split("\n").filter((l) => l.length > 0) });
  send(c.link, p, SMSG_LEARNED_DANCE_MOVES, { moves: 0, unknown: 0 });
}

/** Rows 8-17: the world-init part (also after SMSG_NEW_WORLD). */
export function sendWorldInit(p: Player, c: BurstContext, map: number): void {
  const r = p.row;
  send(c.link, p, SMSG_BINDPOINTUPDATE, { x: r.bindX, y: r.bindY, z: r.bindZ, map: r.bindMap, area: r.bindZone });
  send(c.link, p, SMSG_INSTANCE_DIFFICULTY, { difficulty: 0, dynamic: 0 });
  const spells = c.content.initialSpells(r.race, r.class).map((spellId) => ({ spellId, unknown: 0 }));
  send(c.link, p, SMSG_INITIAL_SPELLS, { unknown: 0, spells, cooldowns: [] });
  send(c.link, p, SMSG_ACTION_BUTTONS, { state: 0, buttons: actionButtons(p, c.content) });
  send(c.link, p, SMSG_INITIALIZE_FACTIONS, { factions: Array.from({ length: INITIAL_FACTION_COUNT }, () => ({ flags: 0, standing: 0 })) });
  send(c.link, p, SMSG_INIT_WORLD_STATES, { map, zone: p.zone, area: p.zone, states: [] });
  send(c.link, p, SMSG_LOGIN_SETTIMESPEED, { gameTime: packGameTime(new Date(c.now)), speed: GAME_TIME_SPEED, unknown: 0 });
}

const builder = new UpdateObjectBuilder();

/** Row 18: the player's own create block (CREATE_OBJECT2, SELF, every field it may see). */
export function sendSelfCreate(p: Player, c: BurstContext): void {
  builder.reset();
  builder.addCreate(p.guid, ObjectTypeId.PLAYER, p.movementBlock(), p.values, Viewer.SELF, { create2: true, self: true });
  for (const pkt of builder.build()) c.link.send(p.session.gatewayId, p.session.sessionId, pkt.opcode, pkt.body);
  p.values.clearChanges();
}

/** Rows 19-20: time sync and tutorial flags. */
export function sendLoginEnd(p: Player, c: BurstContext): void {
  send(c.link, p, SMSG_TIME_SYNC_REQ, { counter: p.timeSyncCounter++ });
  send(c.link, p, SMSG_TUTORIAL_FLAGS, { flags: new Array(8).fill(0xffffffff) });
}

/** The whole sequence for a fresh login (or a takeover by a new connection). */
export function sendLoginBurst(p: Player, c: BurstContext, map: number): void {
  sendLoginStart(p, c, map);
  sendWorldInit(p, c, map);
  sendSelfCreate(p, c);
  sendLoginEnd(p, c);
}
