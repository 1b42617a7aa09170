// Map changes and the GM world teleport (protocol.md §2.12, pitfall 9).
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { emptyMessage } from "./common.ts";

const DOC = "protocol.md §2.12";

export interface TransferPending {
  map: number;
  /** only when boarding a transport */
  transport: { entry: number; map: number } | null;
}

export const SMSG_TRANSFER_PENDING = defineMessage<TransferPending>({
  name: "SMSG_TRANSFER_PENDING",
  opcode: Opcode.SMSG_TRANSFER_PENDING,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const map = r.u32();
    const transport = r.remaining >= 8 ? { entry: r.u32(), map: r.u32() } : null;
    return { map, transport };
  },
  write(w, v) {
    w.u32(v.map);
    if (v.transport) w.u32(v.transport.entry).u32(v.transport.map);
  },
});

export interface NewWorld {
  map: number;
  x: number;
  y: number;
  z: number;
  orientation: number;
}

export const SMSG_NEW_WORLD = defineMessage<NewWorld>({
  name: "SMSG_NEW_WORLD",
  opcode: Opcode.SMSG_NEW_WORLD,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ map: r.u32(), x: r.finiteF32("x"), y: r.finiteF32("y"), z: r.finiteF32("z"), orientation: r.finiteF32("orientation") }),
  write: (w, v) => void w.u32(v.map).f32(v.x).f32(v.y).f32(v.z).f32(v.orientation),
});

/** TransferAbortReason (u8) of 3.3.5 (wowm). */
export const TransferAbortReason = {
  NONE: 0x00,
  ERROR: 0x01,
  MAX_PLAYERS: 0x02,
  NOT_FOUND: 0x03,
  TOO_MANY_INSTANCES: 0x04,
  ZONE_IN_COMBAT: 0x06,
  INSUFFICIENT_EXPANSION_LEVEL: 0x07,
  DIFFICULTY_NOT_AVAILABLE: 0x08,
  UNIQUE_MESSAGE: 0x09,
  TOO_MANY_REALM_INSTANCES: 0x0a,
  NEED_GROUP: 0x0b,
  NOT_FOUND1: 0x0c,
  NOT_FOUND2: 0x0d,
  NOT_FOUND3: 0x0e,
  REALM_ONLY: 0x0f,
  MAP_NOT_ALLOWED: 0x10,
} as const;

function abortHasArgument(reason: number): boolean {
  return (
    reason === TransferAbortReason.INSUFFICIENT_EXPANSION_LEVEL ||
    reason === TransferAbortReason.DIFFICULTY_NOT_AVAILABLE ||
    reason === TransferAbortReason.UNIQUE_MESSAGE
  );
}

export interface TransferAborted {
  map: number;
  reason: number;
  /** u8 (expansion / difficulty) for reasons 7, 8 and 9; 0 otherwise */
  argument: number;
}

export const SMSG_TRANSFER_ABORTED = defineMessage<TransferAborted>({
  name: "SMSG_TRANSFER_ABORTED",
  opcode: Opcode.SMSG_TRANSFER_ABORTED,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const map = r.u32();
    const reason = r.u8();
    return { map, reason, argument: abortHasArgument(reason) ? r.u8() : 0 };
  },
  write(w, v) {
    w.u32(v.map).u8(v.reason);
    if (abortHasArgument(v.reason)) w.u8(v.argument);
  },
});

/** Sent (empty) once the client has loaded the new map. */
export const MSG_MOVE_WORLDPORT_ACK = emptyMessage("MSG_MOVE_WORLDPORT_ACK", Opcode.MSG_MOVE_WORLDPORT_ACK, "c2s", DOC);

export interface WorldTeleport {
  time: number;
  map: number;
  /** the u64 of the real 3.3.5 capture (zero; cmangos/TC do not read it) */
  unknown: bigint;
  x: number;
  y: number;
  z: number;
  orientation: number;
}

/** The capture form: `u32 time, u32 map, u64 0, f32 x, y, z, o` (pitfall 9). */
export const CMSG_WORLD_TELEPORT = defineMessage<WorldTeleport>({
  name: "CMSG_WORLD_TELEPORT",
  opcode: Opcode.CMSG_WORLD_TELEPORT,
  direction: "c2s",
  doc: "protocol.md §2.12, pitfall 9",
  read: (r) => ({
    time: r.u32(),
    map: r.u32(),
    unknown: r.u64(),
    x: r.finiteF32("x"),
    y: r.finiteF32("y"),
    z: r.finiteF32("z"),
    orientation: r.finiteF32("orientation"),
  }),
  write: (w, v) => void w.u32(v.time).u32(v.map).u64(v.unknown).f32(v.x).f32(v.y).f32(v.z).f32(v.orientation),
});
