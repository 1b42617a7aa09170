// Speed changes (protocol.md §2.12): the forced change order, the client's ack, the relay
// to observers and the NPC (spline) form, for each of the nine speeds. Only
// SMSG_FORCE_RUN_SPEED_CHANGE carries the extra u8 before the speed.
import { defineMessage, type MessageDef } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { readMovementInfo, SpeedType, writeMovementInfo, type MovementInfo, type SpeedTypeId } from "./movement-info.ts";

const DOC = "protocol.md §2.12";

export interface ForceSpeedChange {
  guid: bigint;
  counter: number;
  /** the run-only u8 (0); ignored for the other speeds */
  unknown: number;
  speed: number;
}

export interface ForceSpeedChangeAck {
  guid: bigint;
  counter: number;
  movement: MovementInfo;
  speed: number;
}

export interface MoveSetSpeed {
  guid: bigint;
  movement: MovementInfo;
  speed: number;
}

export interface SplineSetSpeed {
  guid: bigint;
  speed: number;
}

function forceSpeed(name: string, opcode: number, hasExtraByte: boolean): MessageDef<ForceSpeedChange> {
  return defineMessage<ForceSpeedChange>({
    name,
    opcode,
    direction: "s2c",
    doc: DOC,
    read: (r) => {
      const guid = r.packedGuid();
      const counter = r.u32();
      const unknown = hasExtraByte ? r.u8() : 0;
      return { guid, counter, unknown, speed: r.finiteF32("speed") };
    },
    write(w, v) {
      w.packedGuid(v.guid).u32(v.counter);
      if (hasExtraByte) w.u8(v.unknown);
      w.f32(v.speed);
    },
  });
}

function speedAck(name: string, opcode: number): MessageDef<ForceSpeedChangeAck> {
  return defineMessage<ForceSpeedChangeAck>({
    name,
    opcode,
    direction: "c2s",
    doc: DOC,
    read: (r) => ({ guid: r.packedGuid(), counter: r.u32(), movement: readMovementInfo(r), speed: r.finiteF32("speed") }),
    write(w, v) {
      w.packedGuid(v.guid).u32(v.counter);
      writeMovementInfo(w, v.movement);
      w.f32(v.speed);
    },
  });
}

function moveSetSpeed(name: string, opcode: number): MessageDef<MoveSetSpeed> {
  return defineMessage<MoveSetSpeed>({
    name,
    opcode,
    direction: "s2c",
    doc: DOC,
    read: (r) => ({ guid: r.packedGuid(), movement: readMovementInfo(r), speed: r.finiteF32("speed") }),
    write(w, v) {
      w.packedGuid(v.guid);
      writeMovementInfo(w, v.movement);
      w.f32(v.speed);
    },
  });
}

function splineSetSpeed(name: string, opcode: number): MessageDef<SplineSetSpeed> {
  return defineMessage<SplineSetSpeed>({
    name,
    opcode,
    direction: "s2c",
    doc: DOC,
    read: (r) => ({ guid: r.packedGuid(), speed: r.finiteF32("speed") }),
    write: (w, v) => void w.packedGuid(v.guid).f32(v.speed),
  });
}

export const SMSG_FORCE_WALK_SPEED_CHANGE = forceSpeed("SMSG_FORCE_WALK_SPEED_CHANGE", Opcode.SMSG_FORCE_WALK_SPEED_CHANGE, false);
export const SMSG_FORCE_RUN_SPEED_CHANGE = forceSpeed("SMSG_FORCE_RUN_SPEED_CHANGE", Opcode.SMSG_FORCE_RUN_SPEED_CHANGE, true);
export const SMSG_FORCE_RUN_BACK_SPEED_CHANGE = forceSpeed("SMSG_FORCE_RUN_BACK_SPEED_CHANGE", Opcode.SMSG_FORCE_RUN_BACK_SPEED_CHANGE, false);
export const SMSG_FORCE_SWIM_SPEED_CHANGE = forceSpeed("SMSG_FORCE_SWIM_SPEED_CHANGE", Opcode.SMSG_FORCE_SWIM_SPEED_CHANGE, false);
export const SMSG_FORCE_SWIM_BACK_SPEED_CHANGE = forceSpeed("SMSG_FORCE_SWIM_BACK_SPEED_CHANGE", Opcode.SMSG_FORCE_SWIM_BACK_SPEED_CHANGE, false);
export const SMSG_FORCE_FLIGHT_SPEED_CHANGE = forceSpeed("SMSG_FORCE_FLIGHT_SPEED_CHANGE", Opcode.SMSG_FORCE_FLIGHT_SPEED_CHANGE, false);
export const SMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE = forceSpeed("SMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE", Opcode.SMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE, false);
export const SMSG_FORCE_TURN_RATE_CHANGE = forceSpeed("SMSG_FORCE_TURN_RATE_CHANGE", Opcode.SMSG_FORCE_TURN_RATE_CHANGE, false);
export const SMSG_FORCE_PITCH_RATE_CHANGE = forceSpeed("SMSG_FORCE_PITCH_RATE_CHANGE", Opcode.SMSG_FORCE_PITCH_RATE_CHANGE, false);

export const CMSG_FORCE_WALK_SPEED_CHANGE_ACK = speedAck("CMSG_FORCE_WALK_SPEED_CHANGE_ACK", Opcode.CMSG_FORCE_WALK_SPEED_CHANGE_ACK);
export const CMSG_FORCE_RUN_SPEED_CHANGE_ACK = speedAck("CMSG_FORCE_RUN_SPEED_CHANGE_ACK", Opcode.CMSG_FORCE_RUN_SPEED_CHANGE_ACK);
export const CMSG_FORCE_RUN_BACK_SPEED_CHANGE_ACK = speedAck("CMSG_FORCE_RUN_BACK_SPEED_CHANGE_ACK", Opcode.CMSG_FORCE_RUN_BACK_SPEED_CHANGE_ACK);
export const CMSG_FORCE_SWIM_SPEED_CHANGE_ACK = speedAck("CMSG_FORCE_SWIM_SPEED_CHANGE_ACK", Opcode.CMSG_FORCE_SWIM_SPEED_CHANGE_ACK);
export const CMSG_FORCE_SWIM_BACK_SPEED_CHANGE_ACK = speedAck("CMSG_FORCE_SWIM_BACK_SPEED_CHANGE_ACK", Opcode.CMSG_FORCE_SWIM_BACK_SPEED_CHANGE_ACK);
export const CMSG_FORCE_FLIGHT_SPEED_CHANGE_ACK = speedAck("CMSG_FORCE_FLIGHT_SPEED_CHANGE_ACK", Opcode.CMSG_FORCE_FLIGHT_SPEED_CHANGE_ACK);
export const CMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE_ACK = speedAck("CMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE_ACK", Opcode.CMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE_ACK);
export const CMSG_FORCE_TURN_RATE_CHANGE_ACK = speedAck("CMSG_FORCE_TURN_RATE_CHANGE_ACK", Opcode.CMSG_FORCE_TURN_RATE_CHANGE_ACK);
export const CMSG_FORCE_PITCH_RATE_CHANGE_ACK = speedAck("CMSG_FORCE_PITCH_RATE_CHANGE_ACK", Opcode.CMSG_FORCE_PITCH_RATE_CHANGE_ACK);

export const MSG_MOVE_SET_WALK_SPEED = moveSetSpeed("MSG_MOVE_SET_WALK_SPEED", Opcode.MSG_MOVE_SET_WALK_SPEED);
export const MSG_MOVE_SET_RUN_SPEED = moveSetSpeed("MSG_MOVE_SET_RUN_SPEED", Opcode.MSG_MOVE_SET_RUN_SPEED);
export const MSG_MOVE_SET_RUN_BACK_SPEED = moveSetSpeed("MSG_MOVE_SET_RUN_BACK_SPEED", Opcode.MSG_MOVE_SET_RUN_BACK_SPEED);
export const MSG_MOVE_SET_SWIM_SPEED = moveSetSpeed("MSG_MOVE_SET_SWIM_SPEED", Opcode.MSG_MOVE_SET_SWIM_SPEED);
export const MSG_MOVE_SET_SWIM_BACK_SPEED = moveSetSpeed("MSG_MOVE_SET_SWIM_BACK_SPEED", Opcode.MSG_MOVE_SET_SWIM_BACK_SPEED);
export const MSG_MOVE_SET_FLIGHT_SPEED = moveSetSpeed("MSG_MOVE_SET_FLIGHT_SPEED", Opcode.MSG_MOVE_SET_FLIGHT_SPEED);
export const MSG_MOVE_SET_FLIGHT_BACK_SPEED = moveSetSpeed("MSG_MOVE_SET_FLIGHT_BACK_SPEED", Opcode.MSG_MOVE_SET_FLIGHT_BACK_SPEED);
export const MSG_MOVE_SET_TURN_RATE = moveSetSpeed("MSG_MOVE_SET_TURN_RATE", Opcode.MSG_MOVE_SET_TURN_RATE);
export const MSG_MOVE_SET_PITCH_RATE = moveSetSpeed("MSG_MOVE_SET_PITCH_RATE", Opcode.MSG_MOVE_SET_PITCH_RATE);

export const SMSG_SPLINE_SET_WALK_SPEED = splineSetSpeed("SMSG_SPLINE_SET_WALK_SPEED", Opcode.SMSG_SPLINE_SET_WALK_SPEED);
export const SMSG_SPLINE_SET_RUN_SPEED = splineSetSpeed("SMSG_SPLINE_SET_RUN_SPEED", Opcode.SMSG_SPLINE_SET_RUN_SPEED);
export const SMSG_SPLINE_SET_RUN_BACK_SPEED = splineSetSpeed("SMSG_SPLINE_SET_RUN_BACK_SPEED", Opcode.SMSG_SPLINE_SET_RUN_BACK_SPEED);
export const SMSG_SPLINE_SET_SWIM_SPEED = splineSetSpeed("SMSG_SPLINE_SET_SWIM_SPEED", Opcode.SMSG_SPLINE_SET_SWIM_SPEED);
export const SMSG_SPLINE_SET_SWIM_BACK_SPEED = splineSetSpeed("SMSG_SPLINE_SET_SWIM_BACK_SPEED", Opcode.SMSG_SPLINE_SET_SWIM_BACK_SPEED);
export const SMSG_SPLINE_SET_FLIGHT_SPEED = splineSetSpeed("SMSG_SPLINE_SET_FLIGHT_SPEED", Opcode.SMSG_SPLINE_SET_FLIGHT_SPEED);
export const SMSG_SPLINE_SET_FLIGHT_BACK_SPEED = splineSetSpeed("SMSG_SPLINE_SET_FLIGHT_BACK_SPEED", Opcode.SMSG_SPLINE_SET_FLIGHT_BACK_SPEED);
export const SMSG_SPLINE_SET_TURN_RATE = splineSetSpeed("SMSG_SPLINE_SET_TURN_RATE", Opcode.SMSG_SPLINE_SET_TURN_RATE);
export const SMSG_SPLINE_SET_PITCH_RATE = splineSetSpeed("SMSG_SPLINE_SET_PITCH_RATE", Opcode.SMSG_SPLINE_SET_PITCH_RATE);

export interface SpeedMessages {
  force: MessageDef<ForceSpeedChange>;
  ack: MessageDef<ForceSpeedChangeAck>;
  relay: MessageDef<MoveSetSpeed>;
  spline: MessageDef<SplineSetSpeed>;
}

/** The four messages of each speed, indexed by SpeedType. */
export const SPEED_MESSAGES: Readonly<Record<SpeedTypeId, SpeedMessages>> = {
  [SpeedType.WALK]: { force: SMSG_FORCE_WALK_SPEED_CHANGE, ack: CMSG_FORCE_WALK_SPEED_CHANGE_ACK, relay: MSG_MOVE_SET_WALK_SPEED, spline: SMSG_SPLINE_SET_WALK_SPEED },
  [SpeedType.RUN]: { force: SMSG_FORCE_RUN_SPEED_CHANGE, ack: CMSG_FORCE_RUN_SPEED_CHANGE_ACK, relay: MSG_MOVE_SET_RUN_SPEED, spline: SMSG_SPLINE_SET_RUN_SPEED },
  [SpeedType.RUN_BACK]: {
    force: SMSG_FORCE_RUN_BACK_SPEED_CHANGE,
    ack: CMSG_FORCE_RUN_BACK_SPEED_CHANGE_ACK,
    relay: MSG_MOVE_SET_RUN_BACK_SPEED,
    spline: SMSG_SPLINE_SET_RUN_BACK_SPEED,
  },
  [SpeedType.SWIM]: { force: SMSG_FORCE_SWIM_SPEED_CHANGE, ack: CMSG_FORCE_SWIM_SPEED_CHANGE_ACK, relay: MSG_MOVE_SET_SWIM_SPEED, spline: SMSG_SPLINE_SET_SWIM_SPEED },
  [SpeedType.SWIM_BACK]: {
    force: SMSG_FORCE_SWIM_BACK_SPEED_CHANGE,
    ack: CMSG_FORCE_SWIM_BACK_SPEED_CHANGE_ACK,
    relay: MSG_MOVE_SET_SWIM_BACK_SPEED,
    spline: SMSG_SPLINE_SET_SWIM_BACK_SPEED,
  },
  [SpeedType.FLIGHT]: {
    force: SMSG_FORCE_FLIGHT_SPEED_CHANGE,
    ack: CMSG_FORCE_FLIGHT_SPEED_CHANGE_ACK,
    relay: MSG_MOVE_SET_FLIGHT_SPEED,
    spline: SMSG_SPLINE_SET_FLIGHT_SPEED,
  },
  [SpeedType.FLIGHT_BACK]: {
    force: SMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE,
    ack: CMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE_ACK,
    relay: MSG_MOVE_SET_FLIGHT_BACK_SPEED,
    spline: SMSG_SPLINE_SET_FLIGHT_BACK_SPEED,
  },
  [SpeedType.TURN_RATE]: { force: SMSG_FORCE_TURN_RATE_CHANGE, ack: CMSG_FORCE_TURN_RATE_CHANGE_ACK, relay: MSG_MOVE_SET_TURN_RATE, spline: SMSG_SPLINE_SET_TURN_RATE },
  [SpeedType.PITCH_RATE]: {
    force: SMSG_FORCE_PITCH_RATE_CHANGE,
    ack: CMSG_FORCE_PITCH_RATE_CHANGE_ACK,
    relay: MSG_MOVE_SET_PITCH_RATE,
    spline: SMSG_SPLINE_SET_PITCH_RATE,
  },
};
