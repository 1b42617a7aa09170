// Player movement (protocol.md §2.12, design.md §6 "Stricter than the C++ cores"):
// every MSG_MOVE_* packet is checked (finite, in map bounds, from the session's own
// unit, no teleport pending, plausible distance for the elapsed time), stored, and
// relayed with the same opcode to the players that see the mover. An impossible move is
// never relayed; the mover is put back at its last valid position with the
// MSG_MOVE_TELEPORT_ACK pair, without a disconnect.
import { CoreHooks } from "../api/hooks.ts";
import { Opcode } from "../protocol/opcodes.ts";
import { Reader } from "../protocol/reader.ts";
import { copyMovementInfo, MOVING_FLAGS, MovementFlags, SpeedType } from "../protocol/world/movement-info.ts";
import { newMovementMessage, readMovementMessageInto } from "../protocol/world/movement.ts";
import { MSG_MOVE_SET_RUN_SPEED, SMSG_FORCE_RUN_SPEED_CHANGE, type ForceSpeedChangeAck } from "../protocol/world/speed.ts";
import type { Player } from "./entities.ts";
import type { WorldHost } from "./host.ts";
import { cancelLogout } from "./logout.ts";
import { teleportSameMap } from "./teleport.ts";

const reader = new Reader(new Uint8Array(0));
const msg = newMovementMessage();
let relayBuf = new Uint8Array(256);

/** Seconds of latency forgiven on top of the elapsed time. */
const LATENCY_SLACK_S = 0.5;
/** Yards always allowed (rounding, turning in place, small corrections). */
const DISTANCE_SLACK = 3;
/** Falling and jumping: vertical yards per second allowed. */
const VERTICAL_SPEED = 60;

export type MoveVerdict = "ok" | "ignored" | "corrected";

export function handleMovement(h: WorldHost, p: Player, opcode: number, payload: Uint8Array, relay: boolean): MoveVerdict {
  const inst = h.where.get(p.guidLow);
  if (!inst || p.phase !== "world") return "ignored";
  try {
    readMovementMessageInto(reader.reset(payload), msg);
  } catch (e) {
    h.stats.rejected("malformed");
    h.log.debug({ guid: p.guidLow, err: (e as Error).message }, "malformed movement dropped");
    return "ignored";
  }
  if (p.pendingTeleport) return h.stats.rejected("teleport_pending"), "ignored";
  if (msg.guid !== p.guid || msg.guid !== p.activeMover) {
    h.stats.rejected("wrong_mover");
    h.log.warn({ guid: p.guidLow, mover: msg.guid.toString() }, "movement for a unit the session does not control; dropped");
    return "ignored";
  }
  const m = msg.movement;
  const now = h.now();
  if (!h.d.content.inBounds(p.map, m.x, m.y, m.z)) return correct(h, p, "out_of_bounds");
  const dt = Math.max(0, now - p.lastMoveAt) / 1000 + LATENCY_SLACK_S;
  const speed = Math.max(p.speeds[SpeedType.RUN], p.speeds[SpeedType.SWIM], m.flags & (MovementFlags.FLYING | MovementFlags.CAN_FLY) ? p.speeds[SpeedType.FLIGHT] : 0);
  const horizontal = Math.hypot(m.x - p.lastValid.x, m.y - p.lastValid.y);
  const vertical = Math.abs(m.z - p.lastValid.z);
  if (horizontal > speed * h.d.config.world.speedTolerance * dt + DISTANCE_SLACK || vertical > VERTICAL_SPEED * dt + DISTANCE_SLACK) {
    return correct(h, p, "too_fast", { horizontal: Math.round(horizontal), allowed: Math.round(speed * h.d.config.world.speedTolerance * dt + DISTANCE_SLACK) });
  }
  // the PlayerInfo is built only when a plugin listens (this runs for every movement packet)
  if (h.d.hooks.has(CoreHooks.canMove) && !h.d.hooks.run(CoreHooks.canMove, h.playerInfo(p), m.x, m.y, m.z)) return correct(h, p, "vetoed");

  copyMovementInfo(m, p.movement);
  p.setPosition(m.x, m.y, m.z, m.o);
  const lv = p.lastValid;
  lv.x = m.x;
  lv.y = m.y;
  lv.z = m.z;
  lv.o = m.o;
  p.lastMoveAt = now;
  inst.grid.moved(p);
  if (p.logoutAt && m.flags & MOVING_FLAGS) cancelLogout(h, p, true);
  if (relay && p.observers.size > 0) {
    // relay the client's bytes with the time rewritten to ours (offset: packed guid, flags, flags2)
    const mask = payload[0]!;
    let guidLen = 1;
    for (let i = 0; i < 8; i++) if (mask & (1 << i)) guidLen++;
    // (a scratch copy: the link copies the body into its batch)
    if (relayBuf.length < payload.length) relayBuf = new Uint8Array(Math.max(256, payload.length * 2));
    relayBuf.set(payload);
    const t = now >>> 0;
    const at = guidLen + 6;
    relayBuf[at] = t & 0xff;
    relayBuf[at + 1] = (t >>> 8) & 0xff;
    relayBuf[at + 2] = (t >>> 16) & 0xff;
    relayBuf[at + 3] = t >>> 24;
    inst.relay(p, opcode, relayBuf.subarray(0, payload.length));
  }
  return "ok";
}

/** Puts the mover back at its last valid position (the 2.12.1 pair). */
function correct(h: WorldHost, p: Player, reason: string, detail: Record<string, number> = {}): MoveVerdict {
  h.stats.rejected(reason);
  h.log.warn({ guid: p.guidLow, name: p.name, reason, ...detail }, "movement rejected; moving the player back");
  const v = p.lastValid;
  teleportSameMap(h, p, v.x, v.y, v.z, v.o);
  return "corrected";
}

/** A GM speed change: SMSG_FORCE_RUN_SPEED_CHANGE; the speed applies when the client acks. */
export function forceRunSpeed(h: WorldHost, p: Player, speed: number): void {
  const inst = h.where.get(p.guidLow);
  if (!inst) return;
  const counter = p.moveCounter++;
  p.pendingSpeed = { counter, speed };
  h.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_FORCE_RUN_SPEED_CHANGE, inst.encode(SMSG_FORCE_RUN_SPEED_CHANGE, { guid: p.guid, counter, unknown: 0, speed }));
}

/**
 * CMSG_FORCE_RUN_SPEED_CHANGE_ACK: a lower speed than ordered gets the order again, a
 * higher one is a cheat and closes the session (TrinityCore/AzerothCore behaviour).
 */
export function speedAck(h: WorldHost, p: Player, ack: ForceSpeedChangeAck): void {
  const want = p.pendingSpeed;
  const inst = h.where.get(p.guidLow);
  if (!want || !inst || ack.counter !== want.counter || ack.guid !== p.guid) return;
  if (ack.speed > want.speed + 0.01) {
    h.stats.rejected("speed_cheat");
    h.log.warn({ guid: p.guidLow, reported: ack.speed, ordered: want.speed }, "speed-change ack above the ordered speed; kicking");
    h.link.control(p.session.gatewayId, p.session.sessionId, { op: "kick", reason: "speed cheat" });
    return;
  }
  if (ack.speed < want.speed - 0.01) return forceRunSpeed(h, p, want.speed);
  p.pendingSpeed = undefined;
  p.speeds[SpeedType.RUN] = want.speed;
  copyMovementInfo(ack.movement, p.movement);
  inst.relay(p, Opcode.MSG_MOVE_SET_RUN_SPEED, inst.encode(MSG_MOVE_SET_RUN_SPEED, { guid: p.guid, movement: p.movement, speed: want.speed }));
}
