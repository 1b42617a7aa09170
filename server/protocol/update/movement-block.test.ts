import { describe, expect, test } from "bun:test";
import { Reader } from "../reader.ts";
import { Writer } from "../writer.ts";
import { MovementFlags, newMovementInfo, defaultSpeeds } from "../world/movement-info.ts";
import * as mb from "./movement-block.ts";

function rt(b: mb.MovementBlock): Uint8Array {
  const w = new Writer();
  mb.writeMovementBlock(w, b);
  const bytes = w.toBytes();
  const r = new Reader(bytes);
  const back = mb.readMovementBlock(r);
  expect(r.remaining).toBe(0);
  expect(back).toEqual(b);
  return bytes;
}

const spline: mb.CreateSpline = {
  flags: 0x00008000 | 0x00002000,
  facingAngle: 0,
  facingTarget: 0n,
  facingPoint: { x: 1, y: 2, z: 3 },
  timePassed: 100,
  duration: 2000,
  id: 5,
  durationMod: 1,
  durationModNext: 1,
  verticalAcceleration: 0,
  effectStartTime: 0,
  nodes: [{ x: 0, y: 0, z: 0 }, { x: 1, y: 1, z: 1 }, { x: 2, y: 2, z: 2 }, { x: 2, y: 2, z: 2 }],
  mode: 1,
  finalDestination: { x: 2, y: 2, z: 2 },
};

describe("movement block (§2.11)", () => {
  test("LIVING: MovementInfo, 9 speeds (30 + 36 + 2 bytes)", () => {
    const b = mb.livingMovementBlock(newMovementInfo(1, 2, 3, 4), defaultSpeeds().map(Math.fround) as never, mb.UpdateFlags.SELF);
    expect(rt(b).length).toBe(2 + 30 + 36);
  });

  test("LIVING with the spline block when SPLINE_ENABLED, every facing branch", () => {
    const m = { ...newMovementInfo(1, 2, 3, 4), flags: MovementFlags.SPLINE_ENABLED | MovementFlags.FORWARD };
    const b = mb.livingMovementBlock(m);
    b.living!.speeds = defaultSpeeds().map(Math.fround) as never;
    b.living!.spline = spline;
    rt(b);
    rt({ ...b, living: { ...b.living!, spline: { ...spline, flags: 0x00020000, facingPoint: null, facingAngle: 1.5 } } });
    rt({ ...b, living: { ...b.living!, spline: { ...spline, flags: 0x00010000, facingPoint: null, facingTarget: 0xf13000010000000an } } });
    rt({ ...b, living: { ...b.living!, spline: { ...spline, flags: 0, facingPoint: null } } });
  });

  test("SPLINE_ENABLED without spline data writes an empty spline that decodes", () => {
    const m = { ...newMovementInfo(1, 2, 3, 4), flags: MovementFlags.SPLINE_ENABLED };
    const w = new Writer();
    mb.writeMovementBlock(w, mb.livingMovementBlock(m));
    const back = mb.readMovementBlock(new Reader(w.finish()));
    expect(back.living!.spline!.nodes).toEqual([]);
    expect(back.living!.spline!.finalDestination).toEqual({ x: 1, y: 2, z: 3 });
  });

  test("POSITION, STATIONARY_POSITION and the trailing parts in order 0x08, 0x10, 0x04, 0x02, 0x80, 0x200", () => {
    const pos: mb.MovementBlock = {
      ...mb.emptyMovementBlock(mb.UpdateFlags.POSITION),
      position: { transportGuid: 0x1fc0000000000002n, x: 1, y: 2, z: 3, offsetX: 0.5, offsetY: 0.25, offsetZ: 0, o: 1, offsetO: 0 },
    };
    rt(pos);
    const st = mb.stationaryMovementBlock(5, 6, 7, 8, 0x08 | 0x10 | 0x04 | 0x02 | 0x80 | 0x200);
    st.lowGuid = 0x11111111;
    st.highGuid = 0x22222222;
    st.target = 0x33n;
    st.transportTime = 0x44444444;
    st.vehicle = { id: 0x55555555, orientation: 0.5 };
    st.rotation = -2n;
    const bytes = rt(st);
    const hex = Buffer.from(bytes).toString("hex");
    expect(hex).toBe(
      "de02" + "0000a040" + "0000c040" + "0000e040" + "00000041" + "11111111" + "22222222" + "0133" + "44444444" + "55555555" + "0000003f" + "feffffffffffffff",
    );
  });

  test("LIVING wins over POSITION and STATIONARY_POSITION (flags 0x61 carry only the living part)", () => {
    const b = mb.livingMovementBlock(newMovementInfo(), defaultSpeeds().map(Math.fround) as never, mb.UpdateFlags.SELF | mb.UpdateFlags.STATIONARY_POSITION);
    const bytes = rt(b);
    expect(bytes.length).toBe(2 + 30 + 36);
  });

  test("SELF can be forced on or off per receiver", () => {
    const b = mb.livingMovementBlock(newMovementInfo());
    const w = new Writer();
    mb.writeMovementBlock(w, b, b.updateFlags | mb.UpdateFlags.SELF);
    expect(w.finish()[0]).toBe(0x21);
  });

  test("NaN speeds or positions are refused", () => {
    const b = mb.livingMovementBlock(newMovementInfo(), [Number.NaN, 0, 0, 0, 0, 0, 0, 0, 0]);
    const w = new Writer();
    mb.writeMovementBlock(w, b);
    expect(() => mb.readMovementBlock(new Reader(w.finish()))).toThrow();
  });
});
