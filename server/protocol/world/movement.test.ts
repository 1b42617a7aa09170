import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import { Reader } from "../reader.ts";
import { Writer } from "../writer.ts";
import * as mv from "./movement.ts";
import {
  DEFAULT_SPEEDS,
  MovementFlags,
  MovementFlags2,
  newMovementInfo,
  readMovementInfoInto,
  writeMovementInfo,
  type MovementInfo,
} from "./movement-info.ts";
import * as sp from "./speed.ts";
import { toHex } from "./test-vectors.ts";
import * as tr from "./transfer.ts";

function rt<T>(def: MessageDef<T>, v: T): Uint8Array {
  const bytes = encodeBody(def, v).slice();
  const r = decode(def, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  return bytes;
}

function info(over: Partial<MovementInfo> = {}): MovementInfo {
  return { ...newMovementInfo(1, 2, 3, 0.5), time: 1000, ...over };
}

describe("MovementInfo (§2.12)", () => {
  test("the plain form is 30 bytes", () => {
    const w = new Writer();
    writeMovementInfo(w, info());
    expect(w.length).toBe(30);
  });

  test("every conditional branch round-trips with the documented sizes", () => {
    const cases: [Partial<MovementInfo>, number][] = [
      [{ flags: MovementFlags.ON_TRANSPORT, transport: { guid: 0x1fc0000000000001n, x: 1, y: 2, z: 3, o: 4, time: 5, seat: -1, time2: 0 } }, 30 + 4 + 16 + 4 + 1],
      [
        { flags: MovementFlags.ON_TRANSPORT, flags2: MovementFlags2.INTERPOLATED_MOVEMENT, transport: { guid: 7n, x: 1, y: 2, z: 3, o: 4, time: 5, seat: 2, time2: 9 } },
        30 + 2 + 16 + 4 + 1 + 4,
      ],
      [{ flags: MovementFlags.SWIMMING, pitch: 0.25 }, 34],
      [{ flags: MovementFlags.FLYING, pitch: -0.25 }, 34],
      [{ flags2: MovementFlags2.ALWAYS_ALLOW_PITCHING, pitch: 1 }, 34],
      [{ flags: MovementFlags.FALLING, fallTime: 120, jump: [-7.9, 0.5, 0.25, 7] }, 46],
      [{ flags: MovementFlags.SPLINE_ELEVATION, splineElevation: 2.5 }, 34],
      [
        {
          flags: MovementFlags.ON_TRANSPORT | MovementFlags.SWIMMING | MovementFlags.FALLING | MovementFlags.SPLINE_ELEVATION,
          transport: { guid: 0n, x: 0, y: 0, z: 0, o: 0, time: 0, seat: 0, time2: 0 },
          pitch: 0.5,
          jump: [1, 2, 3, 4],
          splineElevation: 1,
        },
        30 + 1 + 21 + 4 + 16 + 4,
      ],
    ];
    for (const [over, size] of cases) {
      const m = info(over);
      const w = new Writer();
      writeMovementInfo(w, m);
      expect(w.length).toBe(size);
      const back = readMovementInfoInto(new Reader(w.finish()), newMovementInfo());
      expect(back).toEqual({ ...m, jump: m.jump ? m.jump.map(Math.fround) as MovementInfo["jump"] : null });
    }
  });

  test("readMovementInfoInto reuses the target and its parts", () => {
    const w = new Writer();
    writeMovementInfo(w, info({ flags: MovementFlags.ON_TRANSPORT | MovementFlags.FALLING, transport: { guid: 1n, x: 0, y: 0, z: 0, o: 0, time: 0, seat: 0, time2: 0 }, jump: [1, 2, 3, 4] }));
    const bytes = w.toBytes();
    const out = newMovementInfo();
    readMovementInfoInto(new Reader(bytes), out);
    const t = out.transport;
    const j = out.jump;
    readMovementInfoInto(new Reader(bytes), out);
    expect(out.transport).toBe(t!);
    expect(out.jump).toBe(j!);
  });

  test("non-finite positions are refused", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const bytes = encodeBody(mv.MSG_MOVE_HEARTBEAT, { guid: 1n, movement: info({ x: bad }) });
      const r = decode(mv.MSG_MOVE_HEARTBEAT, bytes);
      expect(!r.ok && r.error.code).toBe("PROTO_BAD_VALUE");
    }
  });

  test("default speeds (§2.11)", () => {
    expect([...DEFAULT_SPEEDS]).toEqual([2.5, 7.0, 4.5, 4.722222, 2.5, 7.0, 4.5, 3.14159, 3.14159]);
  });
});

describe("movement messages (§2.12)", () => {
  test("24 relayed MSG_MOVE_* opcodes and 27 client movement opcodes", () => {
    expect(mv.MOVEMENT_RELAY_OPCODES.length).toBe(24);
    expect(mv.MOVEMENT_CLIENT_OPCODES.length).toBe(27);
    expect(new Set(mv.MOVEMENT_CLIENT_OPCODES).size).toBe(27);
    expect(mv.MOVEMENT_RELAY_OPCODES).toContain(0x0ee);
    expect(mv.MOVEMENT_RELAY_OPCODES).toContain(0x3a7);
    expect(mv.MOVEMENT_CLIENT_OPCODES).toContain(0x2ca);
    expect(mv.isMovementRelayOpcode(0x0b5)).toBe(true);
    expect(mv.isMovementRelayOpcode(0x2ca)).toBe(false);
    for (const d of mv.MOVEMENT_RELAY_MESSAGES) expect(d.name.startsWith("MSG_MOVE_")).toBe(true);
  });

  test("readMovementMessageInto decodes into one reused object", () => {
    const bytes = encodeBody(mv.MSG_MOVE_START_FORWARD, { guid: 0x1234n, movement: info({ flags: MovementFlags.FORWARD }) }).slice();
    const out = mv.newMovementMessage();
    const m = out.movement;
    mv.readMovementMessageInto(new Reader(bytes), out);
    expect(out.guid).toBe(0x1234n);
    expect(out.movement).toBe(m);
    expect(m.flags).toBe(MovementFlags.FORWARD);
  });

  test("teleport: server ack is packed guid + u32 counter + MovementInfo (packed guid + 34 bytes)", () => {
    const b = rt(mv.MSG_MOVE_TELEPORT_ACK_Server, { guid: 5n, counter: 3, movement: info() });
    expect(b.length).toBe(2 + 34);
    expect(toHex(b.subarray(0, 6))).toBe("010503000000");
    expect(toHex(rt(mv.MSG_MOVE_TELEPORT_ACK_Client, { guid: 5n, counter: 3, time: 77 }))).toBe("01050300000" + "04d000000");
    expect(mv.MSG_MOVE_TELEPORT_ACK_Server.opcode).toBe(mv.MSG_MOVE_TELEPORT_ACK_Client.opcode);
    expect(mv.MSG_MOVE_TELEPORT_ACK_Server.direction).toBe("s2c");
    rt(mv.MSG_MOVE_TELEPORT, { guid: 5n, movement: info() });
  });

  test("speed changes: only the run order has the extra u8", () => {
    const run = rt(sp.SMSG_FORCE_RUN_SPEED_CHANGE, { guid: 1n, counter: 2, unknown: 0, speed: 14 });
    const walk = rt(sp.SMSG_FORCE_WALK_SPEED_CHANGE, { guid: 1n, counter: 2, unknown: 0, speed: 3 });
    expect(run.length).toBe(2 + 4 + 1 + 4);
    expect(walk.length).toBe(2 + 4 + 4);
    rt(sp.CMSG_FORCE_RUN_SPEED_CHANGE_ACK, { guid: 1n, counter: 2, movement: info(), speed: 14 });
    rt(sp.MSG_MOVE_SET_RUN_SPEED, { guid: 1n, movement: info(), speed: 14 });
    rt(sp.SMSG_SPLINE_SET_FLIGHT_SPEED, { guid: 1n, speed: 7 });
    for (const set of Object.values(sp.SPEED_MESSAGES)) {
      expect(set.force.direction).toBe("s2c");
      expect(set.ack.direction).toBe("c2s");
      expect(set.ack.opcode).toBe(set.force.opcode + 1);
    }
    expect(decode(sp.CMSG_FORCE_RUN_SPEED_CHANGE_ACK, encodeBody(sp.CMSG_FORCE_RUN_SPEED_CHANGE_ACK, { guid: 1n, counter: 2, movement: info(), speed: Number.NaN })).ok).toBe(false);
  });

  test("root, unroot, time skipped, knock-back", () => {
    rt(mv.SMSG_FORCE_MOVE_ROOT, { guid: 9n, counter: 1 });
    rt(mv.SMSG_FORCE_MOVE_UNROOT, { guid: 9n, counter: 2 });
    rt(mv.CMSG_FORCE_MOVE_ROOT_ACK, { guid: 9n, counter: 1, movement: info({ flags: MovementFlags.ROOT }) });
    rt(mv.CMSG_FORCE_MOVE_UNROOT_ACK, { guid: 9n, counter: 2, movement: info() });
    rt(mv.CMSG_MOVE_TIME_SKIPPED, { guid: 9n, time: 250 });
    rt(mv.MSG_MOVE_TIME_SKIPPED, { guid: 9n, time: 250 });
    rt(mv.CMSG_SET_ACTIVE_MOVER, { guid: 9n });
    rt(mv.CMSG_MOVE_NOT_ACTIVE_MOVER, { guid: 9n, movement: info() });
    expect(rt(mv.SMSG_MOVE_KNOCK_BACK, { guid: 9n, counter: 1, cos: 1, sin: 0, horizontalSpeed: 10, verticalSpeed: -5 }).length).toBe(2 + 4 + 16);
    rt(mv.CMSG_MOVE_KNOCK_BACK_ACK, { guid: 9n, counter: 1, movement: info({ flags: MovementFlags.FALLING, jump: [1, 0, 0.5, 2] }) });
    rt(mv.MSG_MOVE_KNOCK_BACK, { guid: 9n, movement: info(), cos: 1, sin: 0, horizontalSpeed: 10, verticalSpeed: -5 });
  });

  test("map changes", () => {
    expect(rt(tr.SMSG_TRANSFER_PENDING, { map: 1, transport: { entry: 176495, map: 0 } }).length).toBe(12);
    expect(rt(tr.SMSG_TRANSFER_ABORTED, { map: 1, reason: tr.TransferAbortReason.MAX_PLAYERS, argument: 0 }).length).toBe(5);
    expect(rt(tr.SMSG_TRANSFER_ABORTED, { map: 1, reason: tr.TransferAbortReason.DIFFICULTY_NOT_AVAILABLE, argument: 1 }).length).toBe(6);
    expect(encodeBody(tr.MSG_MOVE_WORLDPORT_ACK, {}).length).toBe(0);
    rt(tr.SMSG_NEW_WORLD, { map: 530, x: 1, y: 2, z: 3, orientation: 4 });
  });
});
