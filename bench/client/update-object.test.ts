// Hand-built bytes (from the protocol.md §2.11/§2.12 tables) for every block type, every
// movement-block branch, every MovementInfo branch, the spline block and SMSG_MONSTER_MOVE.
import { describe, expect, test } from "bun:test";
import { deflateSync } from "node:zlib";
import { ByteReader, ByteWriter } from "./bytes.ts";
import { ChatType, readServerMessageChat, writeServerMessageChat, type ServerMessageChat } from "./messages/chat.ts";
import { MoveFlags, MoveFlags2, type MovementInfo, readMovementInfo, writeMovementInfo } from "./messages/movement.ts";
import { Opcode } from "./messages/opcodes.ts";
import { MonsterMoveType, SplineFlags, readMonsterMove } from "./messages/teleport.ts";
import { UpdateFlags, UpdateType, fieldF32, readCompressedUpdateObject, readUpdateObjectBody } from "./messages/update-object.ts";
import { WorldState } from "./world-state.ts";

const f = Math.fround;

function roundTrip(mi: MovementInfo): MovementInfo {
  const w = new ByteWriter();
  writeMovementInfo(w, mi);
  const r = new ByteReader(w.toBytes());
  const out = readMovementInfo(r);
  expect(r.remaining).toBe(0);
  return out;
}

describe("MovementInfo branches", () => {
  test("plain: 30 bytes", () => {
    const w = new ByteWriter();
    writeMovementInfo(w, { flags: 0, flags2: 0, time: 5, x: 1, y: 2, z: 3, o: 4, fallTime: 0 });
    expect(w.length).toBe(30);
  });
  test("transport + interpolated time2, pitch (swimming), falling jump data, spline elevation", () => {
    const mi: MovementInfo = {
      flags: MoveFlags.ON_TRANSPORT | MoveFlags.SWIMMING | MoveFlags.FALLING | MoveFlags.SPLINE_ELEVATION,
      flags2: MoveFlags2.INTERPOLATED_MOVEMENT,
      time: 1234,
      x: f(1.5), y: f(-2.5), z: f(3.25), o: f(0.5),
      transport: { guid: 0x1fc0000000000042n, x: f(0.25), y: f(0.5), z: f(0.75), o: f(1), time: 99, seat: -1, time2: 77 },
      pitch: f(0.125),
      fallTime: 300,
      jump: { verticalSpeed: f(-7.5), dirA: f(0.6), dirB: f(0.8), horizontalSpeed: f(7) },
      splineElevation: f(2),
    };
    expect(roundTrip(mi)).toEqual(mi);
  });
  test("pitch via flags2 ALWAYS_ALLOW_PITCHING and via FLYING", () => {
    for (const [flags, flags2] of [[0, MoveFlags2.ALWAYS_ALLOW_PITCHING], [MoveFlags.FLYING, 0]] as const) {
      const mi: MovementInfo = { flags, flags2, time: 1, x: 0, y: 0, z: 0, o: 0, pitch: f(0.3), fallTime: 0 };
      expect(roundTrip(mi)).toEqual(mi);
    }
  });
});

function livingBlock(w: ByteWriter, updateFlags: number, mi: MovementInfo): void {
  w.u16(updateFlags);
  writeMovementInfo(w, mi);
  for (let i = 0; i < 9; i++) w.f32(i + 0.5);
}

describe("SMSG_UPDATE_OBJECT blocks", () => {
  test("every block type and movement-block branch", () => {
    const w = new ByteWriter().u32(8);
    // 1. CREATE_OBJECT2, LIVING with spline (FINAL_ANGLE), LOWGUID + HIGHGUID + attacking target
    w.u8(UpdateType.CREATE_OBJECT2).packedGuid(0xf130000100000005n).u8(3);
    livingBlock(w, UpdateFlags.LIVING | UpdateFlags.LOWGUID | UpdateFlags.HIGHGUID | UpdateFlags.HAS_ATTACKING_TARGET,
      { flags: MoveFlags.SPLINE_ENABLED | MoveFlags.FORWARD, flags2: 0, time: 10, x: 1, y: 2, z: 3, o: 0, fallTime: 0 });
    w.u32(SplineFlags.FINAL_ANGLE).f32(1.25).u32(100).u32(2000).u32(7).f32(1).f32(1).f32(0).u32(0);
    w.u32(4).f32(0).f32(0).f32(0).f32(1).f32(2).f32(3).f32(4).f32(5).f32(6).f32(4).f32(5).f32(6).u8(0).f32(4).f32(5).f32(6);
    w.u32(0xb).u32(0xf1300001).packedGuid(8n);
    w.u8(1).u32(1 << 3).u32(12345); // entry
    // 2. CREATE_OBJECT, POSITION branch (+ TRANSPORT path timer + ROTATION)
    w.u8(UpdateType.CREATE_OBJECT).packedGuid(0xf110000200000006n).u8(5);
    w.u16(UpdateFlags.POSITION | UpdateFlags.TRANSPORT | UpdateFlags.ROTATION);
    w.packedGuid(0x1fc0000000000001n).f32(10).f32(20).f32(30).f32(1).f32(2).f32(3).f32(0.5).f32(0.25).u32(5000).i64(-12345n);
    w.u8(1).u32(1 << 4).f32(2); // scale 2.0
    // 3. CREATE_OBJECT, HAS_POSITION branch + VEHICLE
    w.u8(UpdateType.CREATE_OBJECT).packedGuid(0xf150000300000007n).u8(3);
    w.u16(UpdateFlags.HAS_POSITION | UpdateFlags.VEHICLE).f32(7).f32(8).f32(9).f32(1.5).u32(33).f32(0.75);
    w.u8(0);
    // 4. VALUES
    w.u8(UpdateType.VALUES).packedGuid(0xf130000100000005n).u8(2).u32(0).u32(1 << 22).u32(80); // field 54 = level
    // 5. MOVEMENT (LIVING)
    w.u8(UpdateType.MOVEMENT).packedGuid(0xf130000100000005n);
    livingBlock(w, UpdateFlags.LIVING, { flags: 0, flags2: 0, time: 11, x: 4, y: 5, z: 6, o: 1, fallTime: 0 });
    // 6. OUT_OF_RANGE, 7. NEAR_OBJECTS
    w.u8(UpdateType.OUT_OF_RANGE_OBJECTS).u32(2).packedGuid(0xf110000200000006n).packedGuid(99n);
    w.u8(UpdateType.NEAR_OBJECTS).u32(1).packedGuid(42n);
    // 8. CREATE_OBJECT with no movement data at all (update flags 0)
    w.u8(UpdateType.CREATE_OBJECT).packedGuid(0x4700000000000009n).u8(1).u16(0).u8(0);

    const r = new ByteReader(w.toBytes());
    const u = readUpdateObjectBody(r);
    expect(r.remaining).toBe(0);
    const [b1, b2, b3, b4, b5, b6, b7, b8] = u.blocks;
    if (b1?.type !== 3 || b2?.type !== 2 || b3?.type !== 2 || b4?.type !== 0 || b5?.type !== 1 || b6?.type !== 4 || b7?.type !== 5 || b8?.type !== 2) {
      throw new Error("block types");
    }
    const sp = b1.movement.living!.spline!;
    expect([sp.facingAngle, sp.timePassed, sp.duration, sp.splineId, sp.nodes.length, sp.mode, sp.finalDestination]).toEqual([1.25, 100, 2000, 7, 4, 0, { x: 4, y: 5, z: 6 }]);
    expect(b1.movement.living!.speeds.pitch).toBe(8.5);
    expect([b1.movement.lowGuid, b1.movement.highGuid, b1.movement.attackingTarget, b1.fields.get(3)]).toEqual([0xb, 0xf1300001, 8n, 12345]);
    expect(b2.movement.position).toEqual({ transportGuid: 0x1fc0000000000001n, x: 10, y: 20, z: 30, tx: 1, ty: 2, tz: 3, o: 0.5, to: 0.25 });
    expect([b2.movement.transportTime, b2.movement.rotation, fieldF32(b2.fields, 4)]).toEqual([5000, -12345n, 2]);
    expect([b3.movement.stationary, b3.movement.vehicle]).toEqual([{ x: 7, y: 8, z: 9, o: 1.5 }, { id: 33, orientation: 0.75 }]);
    expect(b4.fields.get(54)).toBe(80);
    expect(b5.movement.living!.info.x).toBe(4);
    expect(b6.guids).toEqual([0xf110000200000006n, 99n]);
    expect(b7.guids).toEqual([42n]);
    expect(b8.movement).toEqual({ updateFlags: 0 });

    // World state applies the same list: add 3 (+1), values, move, remove two.
    const ws = new WorldState();
    ws.applyUpdate(u);
    expect(ws.sees(0xf130000100000005n)).toBe(true);
    expect(ws.positionOf(0xf130000100000005n)).toEqual({ x: 4, y: 5, z: 6, o: 1 });
    expect(ws.objects.get(0xf130000100000005n)!.fields.get(54)).toBe(80);
    expect(ws.sees(0xf110000200000006n)).toBe(false);
    expect(ws.seesAt(0xf150000300000007n, 7, 8, 9)).toBe(true);

    // compressed form of the same body
    const body = w.toBytes();
    const cw = new ByteWriter().u32(body.length).bytes(deflateSync(body));
    expect(readCompressedUpdateObject(new ByteReader(cw.toBytes())).blocks.length).toBe(8);
  });

  test("spline facing target and facing point branches", () => {
    for (const [flag, facing] of [[SplineFlags.FINAL_TARGET, (w: ByteWriter) => w.u64(77n)], [SplineFlags.FINAL_POINT, (w: ByteWriter) => w.f32(1).f32(2).f32(3)]] as const) {
      const w = new ByteWriter().u32(1).u8(UpdateType.CREATE_OBJECT2).packedGuid(5n).u8(3);
      livingBlock(w, UpdateFlags.LIVING, { flags: MoveFlags.SPLINE_ENABLED, flags2: 0, time: 0, x: 0, y: 0, z: 0, o: 0, fallTime: 0 });
      w.u32(flag);
      facing(w);
      w.u32(0).u32(0).u32(0).f32(1).f32(1).f32(0).u32(0).u32(0).u8(1).f32(0).f32(0).f32(0).u8(0);
      const r = new ByteReader(w.toBytes());
      const b = readUpdateObjectBody(r).blocks[0];
      expect(r.remaining).toBe(0);
      if (b?.type !== 3) throw new Error("type");
      const s = b.movement.living!.spline!;
      if (flag === SplineFlags.FINAL_TARGET) expect(s.facingTarget).toBe(77n);
      else expect(s.facingPoint).toEqual({ x: 1, y: 2, z: 3 });
    }
  });

  test("truncated packets throw instead of reading garbage", () => {
    const w = new ByteWriter().u32(1).u8(UpdateType.VALUES).packedGuid(5n).u8(3).u32(1);
    expect(() => readUpdateObjectBody(new ByteReader(w.toBytes()))).toThrow();
    expect(() => readUpdateObjectBody(new ByteReader(new ByteWriter().u32(1).u8(9).toBytes()))).toThrow(/unknown update block type 9/);
  });
});

describe("SMSG_MONSTER_MOVE", () => {
  const head = (w: ByteWriter, type: number) => w.packedGuid(0xf130000100000005n).u8(0).f32(0).f32(0).f32(0).u32(3).u8(type);
  test("STOP ends after the type byte", () => {
    const w = new ByteWriter();
    head(w, MonsterMoveType.STOP);
    const m = readMonsterMove(new ByteReader(w.toBytes()));
    expect([m.moveType, m.splineFlags, m.path]).toEqual([1, undefined, []]);
  });
  test("linear path with packed intermediate points, facing spot, animation, parabolic", () => {
    const w = new ByteWriter();
    head(w, MonsterMoveType.FACING_SPOT).f32(1).f32(1).f32(1);
    w.u32(SplineFlags.ANIMATION | SplineFlags.PARABOLIC).u8(5).u32(200).u32(1500).f32(9.8).u32(300);
    // destination (10, 0, 0), mid = (5, 0, 0); intermediate point (4, 1, -0.5): d = mid - p = (1, -1, 0.5)
    const packed = (4 & 0x7ff) | ((-4 & 0x7ff) << 11) | ((2 & 0x3ff) << 22);
    w.u32(2).f32(10).f32(0).f32(0).u32(packed);
    const m = readMonsterMove(new ByteReader(w.toBytes()));
    expect(m.facingSpot).toEqual({ x: 1, y: 1, z: 1 });
    expect([m.animation, m.duration, m.parabolic]).toEqual([{ id: 5, startMs: 200 }, 1500, { verticalAcceleration: f(9.8), startMs: 300 }]);
    expect(m.path).toEqual([{ x: 4, y: 1, z: -0.5 }, { x: 10, y: 0, z: 0 }]);
    expect(m.destination).toEqual({ x: 10, y: 0, z: 0 });
  });
  test("smooth path (FLYING), facing target / angle, transport variant", () => {
    const w = new ByteWriter();
    head(w, MonsterMoveType.FACING_TARGET).u64(123n).u32(SplineFlags.FLYING).u32(800).u32(2).f32(1).f32(2).f32(3).f32(4).f32(5).f32(6);
    const m = readMonsterMove(new ByteReader(w.toBytes()));
    expect([m.facingTarget, m.path.length, m.destination]).toEqual([123n, 2, { x: 4, y: 5, z: 6 }]);
    const t = new ByteWriter().packedGuid(5n).packedGuid(0x1fc0000000000001n).i8(2).u8(0).f32(0).f32(0).f32(0).u32(1).u8(MonsterMoveType.FACING_ANGLE).f32(3).u32(0).u32(100).u32(1).f32(1).f32(1).f32(1);
    const mt = readMonsterMove(new ByteReader(t.toBytes()), true);
    expect([mt.transport, mt.facingAngle, mt.destination]).toEqual([{ guid: 0x1fc0000000000001n, seat: 2 }, 3, { x: 1, y: 1, z: 1 }]);
    expect(Opcode.SMSG_MONSTER_MOVE_TRANSPORT).toBe(0x2ae);
  });
});

describe("SMSG_MESSAGECHAT every chat-type branch", () => {
  const base = { language: 7, senderGuid: 5n, flags: 0, message: "hi", chatTag: 0 };
  const cases: [string, ServerMessageChat, boolean][] = [
    ["SAY", { ...base, type: ChatType.SAY, targetGuid: 5n }, false],
    ["SAY (GM variant adds the sender name)", { ...base, type: ChatType.SAY, targetGuid: 5n, senderName: "Gm", chatTag: 4 }, true],
    ["MONSTER_SAY to a creature (target name)", { ...base, type: ChatType.MONSTER_SAY, senderName: "Hogger", targetGuid: 0xf130000100000009n, targetName: "Wolf" }, false],
    ["MONSTER_YELL to a player (no target name)", { ...base, type: ChatType.MONSTER_YELL, senderName: "Hogger", targetGuid: 7n }, false],
    ["WHISPER_FOREIGN never has a target name", { ...base, type: ChatType.WHISPER_FOREIGN, senderName: "X", targetGuid: 0xf130000100000009n }, false],
    ["BG_SYSTEM_ALLIANCE with non-player target", { ...base, type: ChatType.BG_SYSTEM_ALLIANCE, targetGuid: 0xf110000100000009n, targetName: "Flag" }, false],
    ["BG_SYSTEM_HORDE with no target", { ...base, type: ChatType.BG_SYSTEM_HORDE, targetGuid: 0n }, false],
    ["ACHIEVEMENT carries the achievement id", { ...base, type: ChatType.ACHIEVEMENT, targetGuid: 5n, achievementId: 6 }, false],
    ["CHANNEL carries the channel name", { ...base, type: ChatType.CHANNEL, channel: "General", targetGuid: 5n }, false],
    ["SYSTEM", { ...base, type: ChatType.SYSTEM, language: 0, senderGuid: 0n, targetGuid: 0n }, false],
  ];
  test.each(cases)("%s", (_n, m, gm) => {
    const w = new ByteWriter();
    writeServerMessageChat(w, m, gm);
    const r = new ByteReader(w.toBytes());
    expect(readServerMessageChat(r, gm)).toEqual(m);
    expect(r.remaining).toBe(0);
  });
  test("GM command reply 'Hello' from protocol.md §4", () => {
    const bytes = Buffer.from("00000000000000000000000000000000000000000000000000060000004865 6c6c6f0000".replace(/ /g, ""), "hex");
    const m = readServerMessageChat(new ByteReader(new Uint8Array(bytes)));
    expect([m.type, m.language, m.senderGuid, m.targetGuid, m.message, m.chatTag]).toEqual([0, 0, 0n, 0n, "Hello", 0]);
  });
});
