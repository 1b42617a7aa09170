// Player movement messages (protocol.md §2.12, §2.12.1, §2.12.2): the `PackedGuid +
// MovementInfo` shape shared by every MSG_MOVE_* relay, active mover, time skipped,
// root / unroot, same-map teleport (both MSG_MOVE_TELEPORT_ACK layouts) and knock-back.
// Speed changes are in speed.ts, map changes in transfer.ts, creature paths in monster-move.ts.
import { defineMessage, type Direction, type MessageDef } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import type { Reader } from "../reader.ts";
import { guidMessage } from "./common.ts";
import { newMovementInfo, readMovementInfo, readMovementInfoInto, writeMovementInfo, type MovementInfo } from "./movement-info.ts";

const DOC = "protocol.md §2.12";

/** `PackedGuid mover` + MovementInfo. */
export interface MovementMessage {
  guid: bigint;
  movement: MovementInfo;
}

/** Decodes into an existing message (hot path: one per session, no allocation). */
export function readMovementMessageInto(r: Reader, out: MovementMessage): MovementMessage {
  out.guid = r.packedGuid();
  readMovementInfoInto(r, out.movement);
  return out;
}

export function newMovementMessage(): MovementMessage {
  return { guid: 0n, movement: newMovementInfo() };
}

/** The definition of one `PackedGuid + MovementInfo` opcode. */
export function movementMessage(name: string, opcode: number, direction: Direction = "both", doc = DOC): MessageDef<MovementMessage> {
  return defineMessage<MovementMessage>({
    name,
    opcode,
    direction,
    doc,
    read: (r) => ({ guid: r.packedGuid(), movement: readMovementInfo(r) }),
    write(w, v) {
      w.packedGuid(v.guid);
      writeMovementInfo(w, v.movement);
    },
  });
}

export const MSG_MOVE_START_FORWARD = movementMessage("MSG_MOVE_START_FORWARD", Opcode.MSG_MOVE_START_FORWARD);
export const MSG_MOVE_START_BACKWARD = movementMessage("MSG_MOVE_START_BACKWARD", Opcode.MSG_MOVE_START_BACKWARD);
export const MSG_MOVE_STOP = movementMessage("MSG_MOVE_STOP", Opcode.MSG_MOVE_STOP);
export const MSG_MOVE_START_STRAFE_LEFT = movementMessage("MSG_MOVE_START_STRAFE_LEFT", Opcode.MSG_MOVE_START_STRAFE_LEFT);
export const MSG_MOVE_START_STRAFE_RIGHT = movementMessage("MSG_MOVE_START_STRAFE_RIGHT", Opcode.MSG_MOVE_START_STRAFE_RIGHT);
export const MSG_MOVE_STOP_STRAFE = movementMessage("MSG_MOVE_STOP_STRAFE", Opcode.MSG_MOVE_STOP_STRAFE);
export const MSG_MOVE_JUMP = movementMessage("MSG_MOVE_JUMP", Opcode.MSG_MOVE_JUMP);
export const MSG_MOVE_START_TURN_LEFT = movementMessage("MSG_MOVE_START_TURN_LEFT", Opcode.MSG_MOVE_START_TURN_LEFT);
export const MSG_MOVE_START_TURN_RIGHT = movementMessage("MSG_MOVE_START_TURN_RIGHT", Opcode.MSG_MOVE_START_TURN_RIGHT);
export const MSG_MOVE_STOP_TURN = movementMessage("MSG_MOVE_STOP_TURN", Opcode.MSG_MOVE_STOP_TURN);
export const MSG_MOVE_START_PITCH_UP = movementMessage("MSG_MOVE_START_PITCH_UP", Opcode.MSG_MOVE_START_PITCH_UP);
export const MSG_MOVE_START_PITCH_DOWN = movementMessage("MSG_MOVE_START_PITCH_DOWN", Opcode.MSG_MOVE_START_PITCH_DOWN);
export const MSG_MOVE_STOP_PITCH = movementMessage("MSG_MOVE_STOP_PITCH", Opcode.MSG_MOVE_STOP_PITCH);
export const MSG_MOVE_SET_RUN_MODE = movementMessage("MSG_MOVE_SET_RUN_MODE", Opcode.MSG_MOVE_SET_RUN_MODE);
export const MSG_MOVE_SET_WALK_MODE = movementMessage("MSG_MOVE_SET_WALK_MODE", Opcode.MSG_MOVE_SET_WALK_MODE);
export const MSG_MOVE_FALL_LAND = movementMessage("MSG_MOVE_FALL_LAND", Opcode.MSG_MOVE_FALL_LAND);
export const MSG_MOVE_START_SWIM = movementMessage("MSG_MOVE_START_SWIM", Opcode.MSG_MOVE_START_SWIM);
export const MSG_MOVE_STOP_SWIM = movementMessage("MSG_MOVE_STOP_SWIM", Opcode.MSG_MOVE_STOP_SWIM);
export const MSG_MOVE_SET_FACING = movementMessage("MSG_MOVE_SET_FACING", Opcode.MSG_MOVE_SET_FACING);
export const MSG_MOVE_SET_PITCH = movementMessage("MSG_MOVE_SET_PITCH", Opcode.MSG_MOVE_SET_PITCH);
export const MSG_MOVE_HEARTBEAT = movementMessage("MSG_MOVE_HEARTBEAT", Opcode.MSG_MOVE_HEARTBEAT);
export const MSG_MOVE_START_ASCEND = movementMessage("MSG_MOVE_START_ASCEND", Opcode.MSG_MOVE_START_ASCEND);
export const MSG_MOVE_STOP_ASCEND = movementMessage("MSG_MOVE_STOP_ASCEND", Opcode.MSG_MOVE_STOP_ASCEND);
export const MSG_MOVE_START_DESCEND = movementMessage("MSG_MOVE_START_DESCEND", Opcode.MSG_MOVE_START_DESCEND);
export const CMSG_MOVE_FALL_RESET = movementMessage("CMSG_MOVE_FALL_RESET", Opcode.CMSG_MOVE_FALL_RESET, "c2s");
export const CMSG_MOVE_SET_FLY = movementMessage("CMSG_MOVE_SET_FLY", Opcode.CMSG_MOVE_SET_FLY, "c2s");
export const CMSG_MOVE_CHNG_TRANSPORT = movementMessage("CMSG_MOVE_CHNG_TRANSPORT", Opcode.CMSG_MOVE_CHNG_TRANSPORT, "c2s");

/**
 * The 24 MSG_MOVE_* opcodes a client sends as `PackedGuid + MovementInfo` and the server
 * relays with the same opcode to every other player that sees the mover (§2.12).
 */
export const MOVEMENT_RELAY_MESSAGES: readonly MessageDef<MovementMessage>[] = [
  MSG_MOVE_START_FORWARD,
  MSG_MOVE_START_BACKWARD,
  MSG_MOVE_STOP,
  MSG_MOVE_START_STRAFE_LEFT,
  MSG_MOVE_START_STRAFE_RIGHT,
  MSG_MOVE_STOP_STRAFE,
  MSG_MOVE_JUMP,
  MSG_MOVE_START_TURN_LEFT,
  MSG_MOVE_START_TURN_RIGHT,
  MSG_MOVE_STOP_TURN,
  MSG_MOVE_START_PITCH_UP,
  MSG_MOVE_START_PITCH_DOWN,
  MSG_MOVE_STOP_PITCH,
  MSG_MOVE_SET_RUN_MODE,
  MSG_MOVE_SET_WALK_MODE,
  MSG_MOVE_FALL_LAND,
  MSG_MOVE_START_SWIM,
  MSG_MOVE_STOP_SWIM,
  MSG_MOVE_SET_FACING,
  MSG_MOVE_SET_PITCH,
  MSG_MOVE_HEARTBEAT,
  MSG_MOVE_START_ASCEND,
  MSG_MOVE_STOP_ASCEND,
  MSG_MOVE_START_DESCEND,
];

export const MOVEMENT_RELAY_OPCODES: readonly number[] = MOVEMENT_RELAY_MESSAGES.map((d) => d.opcode);

/**
 * Every client opcode with the `PackedGuid + MovementInfo` layout (§2.12): the relays plus
 * CMSG_MOVE_FALL_RESET, CMSG_MOVE_SET_FLY and CMSG_MOVE_CHNG_TRANSPORT (validated and stored;
 * cmangos does not relay FALL_RESET and CHNG_TRANSPORT).
 */
export const MOVEMENT_CLIENT_MESSAGES: readonly MessageDef<MovementMessage>[] = [
  ...MOVEMENT_RELAY_MESSAGES,
  CMSG_MOVE_FALL_RESET,
  CMSG_MOVE_SET_FLY,
  CMSG_MOVE_CHNG_TRANSPORT,
];

export const MOVEMENT_CLIENT_OPCODES: readonly number[] = MOVEMENT_CLIENT_MESSAGES.map((d) => d.opcode);

const RELAY_SET = new Set(MOVEMENT_RELAY_OPCODES);

export function isMovementRelayOpcode(opcode: number): boolean {
  return RELAY_SET.has(opcode);
}

// ---------------------------------------------------------------------------------------
// Active mover, time skipped

export const CMSG_SET_ACTIVE_MOVER = guidMessage("CMSG_SET_ACTIVE_MOVER", Opcode.CMSG_SET_ACTIVE_MOVER, "c2s", DOC);
export const CMSG_MOVE_NOT_ACTIVE_MOVER = movementMessage("CMSG_MOVE_NOT_ACTIVE_MOVER", Opcode.CMSG_MOVE_NOT_ACTIVE_MOVER, "c2s");

export interface TimeSkipped {
  guid: bigint;
  /** ms */
  time: number;
}

function timeSkipped(name: string, opcode: number, direction: Direction): MessageDef<TimeSkipped> {
  return defineMessage<TimeSkipped>({
    name,
    opcode,
    direction,
    doc: DOC,
    read: (r) => ({ guid: r.packedGuid(), time: r.u32() }),
    write: (w, v) => void w.packedGuid(v.guid).u32(v.time),
  });
}

export const CMSG_MOVE_TIME_SKIPPED = timeSkipped("CMSG_MOVE_TIME_SKIPPED", Opcode.CMSG_MOVE_TIME_SKIPPED, "c2s");
export const MSG_MOVE_TIME_SKIPPED = timeSkipped("MSG_MOVE_TIME_SKIPPED", Opcode.MSG_MOVE_TIME_SKIPPED, "s2c");

// ---------------------------------------------------------------------------------------
// Orders with a counter (root, unroot) and their acks

export interface MoveOrder {
  guid: bigint;
  counter: number;
}

export function moveOrder(name: string, opcode: number, doc = DOC): MessageDef<MoveOrder> {
  return defineMessage<MoveOrder>({
    name,
    opcode,
    direction: "s2c",
    doc,
    read: (r) => ({ guid: r.packedGuid(), counter: r.u32() }),
    write: (w, v) => void w.packedGuid(v.guid).u32(v.counter),
  });
}

/** `PackedGuid, u32 counter, MovementInfo`: the client's ack of an order (and the server teleport order). */
export interface MoveAck {
  guid: bigint;
  counter: number;
  movement: MovementInfo;
}

export function moveAck(name: string, opcode: number, direction: Direction = "c2s", doc = DOC): MessageDef<MoveAck> {
  return defineMessage<MoveAck>({
    name,
    opcode,
    direction,
    doc,
    read: (r) => ({ guid: r.packedGuid(), counter: r.u32(), movement: readMovementInfo(r) }),
    write(w, v) {
      w.packedGuid(v.guid).u32(v.counter);
      writeMovementInfo(w, v.movement);
    },
  });
}

export const SMSG_FORCE_MOVE_ROOT = moveOrder("SMSG_FORCE_MOVE_ROOT", Opcode.SMSG_FORCE_MOVE_ROOT);
export const SMSG_FORCE_MOVE_UNROOT = moveOrder("SMSG_FORCE_MOVE_UNROOT", Opcode.SMSG_FORCE_MOVE_UNROOT);
export const CMSG_FORCE_MOVE_ROOT_ACK = moveAck("CMSG_FORCE_MOVE_ROOT_ACK", Opcode.CMSG_FORCE_MOVE_ROOT_ACK);
export const CMSG_FORCE_MOVE_UNROOT_ACK = moveAck("CMSG_FORCE_MOVE_UNROOT_ACK", Opcode.CMSG_FORCE_MOVE_UNROOT_ACK);
/** Observers' view of a root / unroot. */
export const MSG_MOVE_ROOT = movementMessage("MSG_MOVE_ROOT", Opcode.MSG_MOVE_ROOT, "s2c");
export const MSG_MOVE_UNROOT = movementMessage("MSG_MOVE_UNROOT", Opcode.MSG_MOVE_UNROOT, "s2c");

// ---------------------------------------------------------------------------------------
// Same-map teleport (§2.12.1). MSG_MOVE_TELEPORT_ACK has one layout per direction, so
// there are two definitions with the same verbatim name.

const DOC_TELEPORT = "protocol.md §2.12.1";

/** Observers: `PackedGuid mover, MovementInfo` at the destination (never sent to the mover). */
export const MSG_MOVE_TELEPORT = movementMessage("MSG_MOVE_TELEPORT", Opcode.MSG_MOVE_TELEPORT, "s2c", DOC_TELEPORT);

/** S->C to the mover: `PackedGuid, u32 counter, MovementInfo` (the destination). */
export const MSG_MOVE_TELEPORT_ACK_Server = moveAck("MSG_MOVE_TELEPORT_ACK", Opcode.MSG_MOVE_TELEPORT_ACK, "s2c", DOC_TELEPORT);
export type TeleportAckOrder = MoveAck;

export interface TeleportAck {
  guid: bigint;
  counter: number;
  /** client ms */
  time: number;
}

/** C->S: `PackedGuid, u32 counter, u32 client_time_ms`. */
export const MSG_MOVE_TELEPORT_ACK_Client = defineMessage<TeleportAck>({
  name: "MSG_MOVE_TELEPORT_ACK",
  opcode: Opcode.MSG_MOVE_TELEPORT_ACK,
  direction: "c2s",
  doc: DOC_TELEPORT,
  read: (r) => ({ guid: r.packedGuid(), counter: r.u32(), time: r.u32() }),
  write: (w, v) => void w.packedGuid(v.guid).u32(v.counter).u32(v.time),
});

// ---------------------------------------------------------------------------------------
// Knock-back (§2.12.2)

export interface KnockBack {
  guid: bigint;
  counter: number;
  cos: number;
  sin: number;
  horizontalSpeed: number;
  /** written as sent; the cores send -vertical speed */
  verticalSpeed: number;
}

export const SMSG_MOVE_KNOCK_BACK = defineMessage<KnockBack>({
  name: "SMSG_MOVE_KNOCK_BACK",
  opcode: Opcode.SMSG_MOVE_KNOCK_BACK,
  direction: "s2c",
  doc: "protocol.md §2.12.2",
  read: (r) => ({
    guid: r.packedGuid(),
    counter: r.u32(),
    cos: r.finiteF32("cos"),
    sin: r.finiteF32("sin"),
    horizontalSpeed: r.finiteF32("horizontal speed"),
    verticalSpeed: r.finiteF32("vertical speed"),
  }),
  write: (w, v) => void w.packedGuid(v.guid).u32(v.counter).f32(v.cos).f32(v.sin).f32(v.horizontalSpeed).f32(v.verticalSpeed),
});

export const CMSG_MOVE_KNOCK_BACK_ACK = moveAck("CMSG_MOVE_KNOCK_BACK_ACK", Opcode.CMSG_MOVE_KNOCK_BACK_ACK, "c2s", "protocol.md §2.12.2");

export interface KnockBackRelay {
  guid: bigint;
  movement: MovementInfo;
  cos: number;
  sin: number;
  horizontalSpeed: number;
  verticalSpeed: number;
}

/** Observers: `PackedGuid, MovementInfo`, then cos, sin, horizontal and vertical speed (cmangos order). */
export const MSG_MOVE_KNOCK_BACK = defineMessage<KnockBackRelay>({
  name: "MSG_MOVE_KNOCK_BACK",
  opcode: Opcode.MSG_MOVE_KNOCK_BACK,
  direction: "s2c",
  doc: "protocol.md §2.12.2",
  read: (r) => ({
    guid: r.packedGuid(),
    movement: readMovementInfo(r),
    cos: r.finiteF32("cos"),
    sin: r.finiteF32("sin"),
    horizontalSpeed: r.finiteF32("horizontal speed"),
    verticalSpeed: r.finiteF32("vertical speed"),
  }),
  write(w, v) {
    w.packedGuid(v.guid);
    writeMovementInfo(w, v.movement);
    w.f32(v.cos).f32(v.sin).f32(v.horizontalSpeed).f32(v.verticalSpeed);
  },
});
