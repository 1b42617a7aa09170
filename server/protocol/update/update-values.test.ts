import { describe, expect, test } from "bun:test";
import { Reader } from "../reader.ts";
import { Writer } from "../writer.ts";
import { readFieldValues } from "./update-blocks.ts";
import { ObjectField, ObjectTypeId, PlayerField, UnitField, Viewer } from "./update-fields.ts";
import { UpdateValues } from "./update-values.ts";

function section(fn: (w: Writer) => void) {
  const w = new Writer();
  fn(w);
  return readFieldValues(new Reader(w.toBytes()));
}

describe("UpdateValues", () => {
  test("typed setters share one u32 array; u64 is low word first", () => {
    const v = new UpdateValues(ObjectTypeId.PLAYER);
    v.setU64(ObjectField.OBJECT_FIELD_GUID, 0x1122334455667788n);
    expect(v.getU32(0)).toBe(0x55667788);
    expect(v.getU32(1)).toBe(0x11223344);
    expect(v.getU64(0)).toBe(0x1122334455667788n);
    v.setF32(ObjectField.OBJECT_FIELD_SCALE_X, 1);
    expect(v.getU32(ObjectField.OBJECT_FIELD_SCALE_X)).toBe(0x3f800000);
    v.setI32(PlayerField.PLAYER_FIELD_WATCHED_FACTION_INDEX, -1);
    expect(v.getU32(PlayerField.PLAYER_FIELD_WATCHED_FACTION_INDEX)).toBe(0xffffffff);
    v.setBytes(UnitField.UNIT_FIELD_BYTES_0, 1, 4, 0, 3);
    expect(v.getU32(UnitField.UNIT_FIELD_BYTES_0)).toBe(0x03000401);
    v.setByte(UnitField.UNIT_FIELD_BYTES_0, 2, 1);
    expect(v.getByte(UnitField.UNIT_FIELD_BYTES_0, 2)).toBe(1);
    v.setU16(UnitField.UNIT_FIELD_BYTES_1, 1, 0xabcd);
    expect(v.getU32(UnitField.UNIT_FIELD_BYTES_1)).toBe(0xabcd0000);
    v.addFlags(UnitField.UNIT_FIELD_FLAGS, 0x8).addFlags(UnitField.UNIT_FIELD_FLAGS, 0x1000);
    v.removeFlags(UnitField.UNIT_FIELD_FLAGS, 0x8);
    expect(v.getU32(UnitField.UNIT_FIELD_FLAGS)).toBe(0x1000);
    expect(() => v.setU32(1326, 1)).toThrow(RangeError);
  });

  test("create = non-zero fields the viewer sees; self sees private fields, others do not", () => {
    const v = new UpdateValues(ObjectTypeId.PLAYER);
    v.setU64(ObjectField.OBJECT_FIELD_GUID, 8n);
    v.setU32(ObjectField.OBJECT_FIELD_TYPE, 0x19);
    v.setU32(UnitField.UNIT_FIELD_HEALTH, 100);
    v.setU32(PlayerField.PLAYER_FIELD_COINAGE, 5000);
    v.setU32(UnitField.UNIT_NPC_FLAGS, 1);
    v.setU32(UnitField.UNIT_FIELD_LEVEL, 7);
    v.setU32(UnitField.UNIT_FIELD_LEVEL, 0);
    const self = section((w) => v.writeCreate(w, Viewer.SELF));
    expect([...self.fields.keys()]).toEqual([0, 2, 24, 82, 1170]);
    expect(self.blockCount).toBe(Math.floor(1170 / 32) + 1);
    const other = section((w) => v.writeCreate(w, Viewer.OTHER));
    expect([...other.fields.keys()]).toEqual([0, 2, 24, 82]);
    expect(other.blockCount).toBe(3);
  });

  test("changes = fields set to a new value since clearChanges, per viewer, including ones set back to 0", () => {
    const v = new UpdateValues(ObjectTypeId.UNIT);
    v.setU32(UnitField.UNIT_FIELD_HEALTH, 100);
    v.setU32(UnitField.UNIT_FIELD_STAT0, 10);
    v.clearChanges();
    expect(v.hasChanges).toBe(false);
    v.setU32(UnitField.UNIT_FIELD_HEALTH, 100);
    expect(v.hasChanges).toBe(false);
    v.setU32(UnitField.UNIT_FIELD_HEALTH, 0);
    v.setU32(UnitField.UNIT_FIELD_STAT0, 11);
    expect(v.hasChangesFor(Viewer.OTHER)).toBe(true);
    expect(section((w) => v.writeChanges(w, Viewer.OTHER)).fields).toEqual(new Map([[24, 0]]));
    expect(section((w) => v.writeChanges(w, Viewer.SELF)).fields).toEqual(new Map([[24, 0], [84, 11]]));
    v.clearChanges();
    v.setU32(UnitField.UNIT_FIELD_STAT0, 12);
    expect(v.hasChangesFor(Viewer.OTHER)).toBe(false);
    expect(v.hasChangesFor(Viewer.SELF)).toBe(true);
  });

  test("dynamic fields can be rewritten per viewer", () => {
    const v = new UpdateValues(ObjectTypeId.UNIT);
    v.setU32(UnitField.UNIT_DYNAMIC_FLAGS, 0x1);
    v.setU32(UnitField.UNIT_FIELD_HEALTH, 5);
    const s = section((w) => v.writeCreate(w, Viewer.OTHER, (i, val) => (i === UnitField.UNIT_DYNAMIC_FLAGS ? val | 0x4 : 999)));
    expect(s.fields.get(UnitField.UNIT_DYNAMIC_FLAGS)).toBe(0x5);
    expect(s.fields.get(UnitField.UNIT_FIELD_HEALTH)).toBe(5);
  });

  test("writing a section allocates nothing (heap stays flat over 200k writes)", () => {
    const v = new UpdateValues(ObjectTypeId.PLAYER);
    for (let i = 0; i < 1326; i += 3) v.setU32(i, i + 1);
    const w = new Writer(16384);
    for (let i = 0; i < 1000; i++) v.writeCreate(w.reset(), Viewer.SELF);
    Bun.gc(true);
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200_000; i++) {
      v.setU32(UnitField.UNIT_FIELD_HEALTH, i);
      v.writeChanges(w.reset(), Viewer.OTHER);
      v.clearChanges();
    }
    Bun.gc(true);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(2_000_000);
  });
});
