import { describe, expect, test } from "bun:test";
import { decode, encodeBody } from "../message.ts";
import * as mm from "./monster-move.ts";
import { toHex } from "./test-vectors.ts";

function rt(v: mm.MonsterMove): Uint8Array {
  const bytes = encodeBody(mm.SMSG_MONSTER_MOVE, v).slice();
  const r = decode(mm.SMSG_MONSTER_MOVE, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  expect(encodeBody(mm.SMSG_MONSTER_MOVE, r.value)).toEqual(bytes);
  return bytes;
}

const guid = 0xf130000100000001n;
const start = { x: 100, y: 200, z: 10 };

describe("SMSG_MONSTER_MOVE (§2.12.3)", () => {
  test("packXYZ: 11/11/10 bits of quarter yards, truncated toward zero, signed", () => {
    expect(mm.packXYZ(0.25, 0, 0)).toBe(1);
    expect(mm.packXYZ(0, 0.25, 0)).toBe(1 << 11);
    expect(mm.packXYZ(0, 0, 0.25)).toBe(1 << 22);
    expect(mm.packXYZ(-0.25, 0, 0)).toBe(0x7ff);
    expect(mm.packXYZ(0.3, 0.49, -0.1)).toBe(mm.packXYZ(0.25, 0.25, 0));
    expect(mm.unpackXYZ(mm.packXYZ(-3.5, 12.25, -1))).toEqual({ x: -3.5, y: 12.25, z: -1 });
  });

  test("a one-segment wander: type 0, n = 1, destination only", () => {
    const m = mm.linearMonsterMove({ guid, start, splineId: 7, duration: 1500, flags: mm.SplineFlags.WALKMODE, path: [{ x: 105, y: 200, z: 10 }] });
    const b = rt(m);
    // packed guid(1+4) u8 start(12) id(4) type(1) flags(4) duration(4) n(4) dest(12)
    expect(b.length).toBe(5 + 1 + 12 + 4 + 1 + 4 + 4 + 4 + 12);
    expect(toHex(b.subarray(b.length - 16, b.length - 12))).toBe("01000000");
  });

  test("linear with intermediate points packs them relative to the middle", () => {
    const path = [{ x: 102, y: 201, z: 10 }, { x: 104, y: 203, z: 11 }, { x: 110, y: 210, z: 12 }];
    const m = mm.linearMonsterMove({ guid, start, splineId: 1, duration: 3000, path });
    expect(m.packed.length).toBe(2);
    rt(m);
    const back = mm.monsterMovePath(m);
    expect(back.length).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(back[i]!.x - path[i]!.x)).toBeLessThan(0.25);
      expect(Math.abs(back[i]!.y - path[i]!.y)).toBeLessThan(0.25);
      expect(Math.abs(back[i]!.z - path[i]!.z)).toBeLessThan(0.25);
    }
  });

  test("smooth (Catmull-Rom / flying) paths write every point", () => {
    const path = [{ x: 1, y: 2, z: 3 }, { x: 4, y: 5, z: 6 }];
    const m = mm.smoothMonsterMove({ guid, start, splineId: 2, duration: 100, path });
    expect(m.flags & mm.SplineFlags.CATMULLROM).toBeTruthy();
    const b = rt(m);
    expect(b.length).toBe(5 + 1 + 12 + 4 + 1 + 4 + 4 + 4 + 24);
    rt(mm.smoothMonsterMove({ guid, start, splineId: 2, duration: 100, flags: mm.SplineFlags.FLYING, path }));
  });

  test("stop ends after the move type byte", () => {
    const b = rt(mm.stopMonsterMove(guid, start, 9));
    expect(b.length).toBe(5 + 1 + 12 + 4 + 1);
    expect(b[b.length - 1]).toBe(mm.MonsterMoveType.STOP);
  });

  test("facing spot / target / angle, animation and parabolic branches", () => {
    const path = [{ x: 101, y: 201, z: 11 }];
    rt(mm.linearMonsterMove({ guid, start, splineId: 3, duration: 10, path, facing: { spot: { x: 1, y: 1, z: 1 } } }));
    rt(mm.linearMonsterMove({ guid, start, splineId: 3, duration: 10, path, facing: { target: 0xf130000200000002n } }));
    rt(mm.linearMonsterMove({ guid, start, splineId: 3, duration: 10, path, facing: { angle: 1.5 } }));
    const anim = mm.linearMonsterMove({ guid, start, splineId: 3, duration: 10, path, flags: mm.SplineFlags.ANIMATION });
    anim.animationId = 4;
    anim.animationStartTime = 20;
    const a = rt(anim);
    const para = mm.linearMonsterMove({ guid, start, splineId: 3, duration: 10, path, flags: mm.SplineFlags.PARABOLIC });
    para.verticalAcceleration = 19.29;
    para.effectStartTime = 5;
    const p = rt({ ...para, verticalAcceleration: Math.fround(19.29) });
    expect(a.length).toBe(p.length - 3);
  });

  test("transport form inserts the transport guid and seat", () => {
    const m = { ...mm.stopMonsterMove(guid, start, 1), transportGuid: 0x1fc0000000000005n, seat: -1 };
    const b = encodeBody(mm.SMSG_MONSTER_MOVE_TRANSPORT, m);
    const r = decode(mm.SMSG_MONSTER_MOVE_TRANSPORT, b);
    expect(r.ok && r.value).toEqual(m);
  });

  test("a huge point count or NaN start is refused", () => {
    const b = encodeBody(mm.SMSG_MONSTER_MOVE, mm.linearMonsterMove({ guid, start, splineId: 1, duration: 1, path: [start] })).slice();
    new DataView(b.buffer).setUint32(b.length - 16, 0x7fffffff, true);
    expect(decode(mm.SMSG_MONSTER_MOVE, b).ok).toBe(false);
    expect(decode(mm.SMSG_MONSTER_MOVE, encodeBody(mm.SMSG_MONSTER_MOVE, mm.stopMonsterMove(guid, { x: Number.NaN, y: 0, z: 0 }, 1))).ok).toBe(false);
  });
});
