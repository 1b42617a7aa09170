// Property tests: random and truncated payloads for every client->server definition never
// throw out of the guarded decode and never return ok with a non-finite number (positions,
// speeds, orientations); valid movement round-trips; a NaN anywhere in a movement float fails.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { decode, encodeBody } from "../message.ts";
import { Writer } from "../writer.ts";
import { CLIENT_MESSAGES, WORLD_MESSAGES } from "./index.ts";
import { MOVEMENT_CLIENT_OPCODES, MSG_MOVE_HEARTBEAT, type MovementMessage } from "./movement.ts";
import { MovementFlags, MovementFlags2, type MovementInfo } from "./movement-info.ts";
import { worldVectors } from "./test-vectors.ts";

function allNumbersFinite(v: unknown, seen = new Set<unknown>()): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  if (typeof v !== "object" || v === null || seen.has(v) || v instanceof Uint8Array) return true;
  seen.add(v);
  if (v instanceof Map) return [...v.values()].every((x) => allNumbersFinite(x, seen));
  return Object.values(v).every((x) => allNumbersFinite(x, seen));
}

const clientDefs = [...CLIENT_MESSAGES.values()];

describe("client definitions under random input", () => {
  test("the registry holds every client and both-direction definition, one per opcode", () => {
    const expected = new Set(WORLD_MESSAGES.filter((d) => d.direction !== "s2c").map((d) => d.opcode));
    expect(new Set(CLIENT_MESSAGES.keys())).toEqual(expected);
    for (const [op, def] of CLIENT_MESSAGES) expect(def.opcode).toBe(op);
    for (const op of MOVEMENT_CLIENT_OPCODES) expect(CLIENT_MESSAGES.has(op)).toBe(true);
    expect(CLIENT_MESSAGES.size).toBeGreaterThan(70);
  });

  for (const def of clientDefs) {
    test(`${def.name}: random bytes never throw, ok results are finite`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
          const r = decode(def, bytes);
          if (r.ok) expect(allNumbersFinite(r.value)).toBe(true);
          else expect(["PROTO_TRUNCATED", "PROTO_BAD_VALUE"]).toContain(r.error.code);
        }),
        { numRuns: 300 },
      );
    });
  }

  test("payloads of 0xFF bytes (NaN in every float slot) never decode ok with a non-finite number", () => {
    for (const def of clientDefs) {
      for (const n of [0, 1, 4, 9, 17, 31, 34, 40, 64, 120, 300]) {
        const r = decode(def, new Uint8Array(n).fill(0xff));
        if (r.ok) expect(allNumbersFinite(r.value)).toBe(true);
        // a 0xFF mask byte means 8 guid bytes; also try NaN floats behind a zero guid/flags prefix
        const z = new Uint8Array(n).fill(0xff);
        z.fill(0, 0, Math.min(n, 7));
        const r2 = decode(def, z);
        if (r2.ok) expect(allNumbersFinite(r2.value)).toBe(true);
      }
    }
  });

  test("every prefix of every client vector decodes without throwing", () => {
    for (const v of worldVectors().filter((x) => x.direction === "client_to_server")) {
      const def = CLIENT_MESSAGES.get(v.opcode)!;
      expect(def).toBeDefined();
      for (let n = 0; n <= v.payload.length; n++) {
        const r = decode(def, v.payload.slice(0, n));
        if (r.ok) expect(allNumbersFinite(r.value)).toBe(true);
      }
    }
  });
});

const f32 = fc.float({ noNaN: true, noDefaultInfinity: true }).map(Math.fround);
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const guid = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const flagBits = [
  MovementFlags.FORWARD,
  MovementFlags.ON_TRANSPORT,
  MovementFlags.FALLING,
  MovementFlags.SWIMMING,
  MovementFlags.FLYING,
  MovementFlags.SPLINE_ELEVATION,
];

const movementArb: fc.Arbitrary<MovementInfo> = fc
  .record({
    flagPick: fc.array(fc.constantFrom(...flagBits), { maxLength: 6 }),
    flags2: fc.constantFrom(0, MovementFlags2.ALWAYS_ALLOW_PITCHING, MovementFlags2.INTERPOLATED_MOVEMENT, 0x420),
    time: u32,
    pos: fc.tuple(f32, f32, f32, f32),
    tguid: guid,
    tpos: fc.tuple(f32, f32, f32, f32),
    ttime: u32,
    seat: fc.integer({ min: -128, max: 127 }),
    ttime2: u32,
    pitch: f32,
    fallTime: u32,
    jump: fc.tuple(f32, f32, f32, f32),
    elev: f32,
  })
  .map((x) => {
    const flags = x.flagPick.reduce((a, b) => a | b, 0);
    const onT = (flags & MovementFlags.ON_TRANSPORT) !== 0;
    const pitched = (flags & (MovementFlags.SWIMMING | MovementFlags.FLYING)) !== 0 || (x.flags2 & MovementFlags2.ALWAYS_ALLOW_PITCHING) !== 0;
    return {
      flags,
      flags2: x.flags2,
      time: x.time,
      x: x.pos[0],
      y: x.pos[1],
      z: x.pos[2],
      o: x.pos[3],
      transport: onT
        ? {
            guid: x.tguid,
            x: x.tpos[0],
            y: x.tpos[1],
            z: x.tpos[2],
            o: x.tpos[3],
            time: x.ttime,
            seat: x.seat,
            time2: x.flags2 & MovementFlags2.INTERPOLATED_MOVEMENT ? x.ttime2 : 0,
          }
        : null,
      pitch: pitched ? x.pitch : 0,
      fallTime: x.fallTime,
      jump: flags & MovementFlags.FALLING ? ([...x.jump] as [number, number, number, number]) : null,
      splineElevation: flags & MovementFlags.SPLINE_ELEVATION ? x.elev : 0,
    };
  });

describe("movement messages", () => {
  test("any valid PackedGuid + MovementInfo round-trips byte for byte", () => {
    const w = new Writer();
    fc.assert(
      fc.property(guid, movementArb, (g, m) => {
        const msg: MovementMessage = { guid: g, movement: m };
        const bytes = encodeBody(MSG_MOVE_HEARTBEAT, msg, w).slice();
        const r = decode(MSG_MOVE_HEARTBEAT, bytes);
        if (!r.ok) throw r.error;
        expect(r.trailing).toBe(0);
        expect(r.value).toEqual(msg);
        expect(encodeBody(MSG_MOVE_HEARTBEAT, r.value, w)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  test("a NaN or infinity in any float of a movement message is refused", () => {
    const w = new Writer();
    fc.assert(
      fc.property(guid, movementArb, fc.nat(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY), (g, m, pick, bad) => {
        // float slots present for this message, by writing markers and finding them
        const bytes = encodeBody(MSG_MOVE_HEARTBEAT, { guid: g, movement: m }, w).slice();
        const clean = decode(MSG_MOVE_HEARTBEAT, bytes);
        expect(clean.ok).toBe(true);
        const slots = floatSlots(m);
        const which = slots[pick % slots.length]!;
        const poisoned = structuredClone({ guid: g, movement: m });
        setSlot(poisoned.movement, which, bad);
        const r = decode(MSG_MOVE_HEARTBEAT, encodeBody(MSG_MOVE_HEARTBEAT, poisoned, w).slice());
        expect(r.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

type Slot = string;
function floatSlots(m: MovementInfo): Slot[] {
  const s: Slot[] = ["x", "y", "z", "o"];
  if (m.transport) s.push("t.x", "t.y", "t.z", "t.o");
  if ((m.flags & (MovementFlags.SWIMMING | MovementFlags.FLYING)) !== 0 || (m.flags2 & MovementFlags2.ALWAYS_ALLOW_PITCHING) !== 0) s.push("pitch");
  if (m.jump) s.push("j0", "j1", "j2", "j3");
  if (m.flags & MovementFlags.SPLINE_ELEVATION) s.push("splineElevation");
  return s;
}
function setSlot(m: MovementInfo, slot: Slot, v: number): void {
  if (slot.startsWith("t.")) (m.transport as unknown as Record<string, number>)[slot.slice(2)] = v;
  else if (slot.startsWith("j")) m.jump![Number(slot.slice(1))] = v;
  else (m as unknown as Record<string, number>)[slot] = v;
}
