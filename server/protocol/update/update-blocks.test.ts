import { describe, expect, test } from "bun:test";
import { decode, encodeBody } from "../message.ts";
import { Reader } from "../reader.ts";
import { toHex, worldVector } from "../world/test-vectors.ts";
import * as ub from "./update-blocks.ts";
import { ObjectField, PlayerField, UnitField } from "./update-fields.ts";
import { stationaryMovementBlock } from "./movement-block.ts";

function decodeVector(name: string): ub.UpdateObjectBody {
  const v = worldVector(name);
  const r = decode(ub.SMSG_UPDATE_OBJECT, v.payload);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(toHex(encodeBody(ub.SMSG_UPDATE_OBJECT, r.value))).toBe(toHex(v.payload));
  return r.value;
}

describe("update body decoder", () => {
  test("wowm line 204: the minimal player create, decoded fully and re-encoded byte for byte", () => {
    const body = decodeVector("wowm_SMSG_UPDATE_OBJECT_line204");
    const b = body.blocks[0] as ub.CreateBlock;
    expect(b.guid).toBe(8n);
    expect(b.values.fields.get(UnitField.UNIT_FIELD_DISPLAYID)).toBe(0x4d0c);
  });

  test("Spinaci: the TC-style 705-byte player create (115 fields, 42 mask blocks)", () => {
    const body = decodeVector("spinacicore_ServerUpdateObjectTest");
    const b = body.blocks[0] as ub.CreateBlock;
    const f = b.values.fields;
    expect(worldVector("spinacicore_ServerUpdateObjectTest").payload.length).toBe(705);
    expect(f.size).toBe(115);
    expect(b.values.blockCount).toBe(42);
    expect(f.get(ObjectField.OBJECT_FIELD_TYPE)).toBe(0x19);
    expect(f.get(UnitField.UNIT_FIELD_BYTES_0)).toBe(0x03000401); // human rogue male, energy
    expect(f.get(UnitField.UNIT_FIELD_LEVEL)).toBe(1);
    expect(f.get(UnitField.UNIT_FIELD_FACTIONTEMPLATE)).toBe(1);
    expect(f.get(UnitField.UNIT_FIELD_DISPLAYID)).toBe(49);
    expect(f.get(PlayerField.PLAYER_FIELD_WATCHED_FACTION_INDEX)).toBe(0xffffffff);
    expect(f.get(PlayerField.PLAYER_FIELD_MAX_LEVEL)).toBe(80);
    expect(f.get(PlayerField.PLAYER_NEXT_LEVEL_XP)).toBe(400);
  });

  test("every block type round-trips, including OUT_OF_RANGE / NEAR_OBJECTS and VALUES", () => {
    const body: ub.UpdateObjectBody = {
      blocks: [
        { type: ub.UpdateType.OUT_OF_RANGE_OBJECTS, guids: [1n, 0xf130000100000002n] },
        { type: ub.UpdateType.VALUES, guid: 5n, values: { blockCount: 1, fields: new Map([[24, 50]]) } },
        { type: ub.UpdateType.MOVEMENT, guid: 5n, movement: stationaryMovementBlock(1, 2, 3, 4) },
        { type: ub.UpdateType.CREATE_OBJECT, guid: 0xf110000100000009n, objectType: 5, movement: stationaryMovementBlock(1, 2, 3, 4, 0x200), values: { blockCount: 1, fields: new Map([[0, 9], [8, 100]]) } },
        { type: ub.UpdateType.NEAR_OBJECTS, guids: [] },
      ],
    };
    const bytes = encodeBody(ub.SMSG_UPDATE_OBJECT, body).slice();
    const r = decode(ub.SMSG_UPDATE_OBJECT, bytes);
    if (!r.ok) throw r.error;
    expect(r.value).toEqual(body);
    const c = encodeBody(ub.SMSG_COMPRESSED_UPDATE_OBJECT, body).slice();
    expect(new DataView(c.buffer).getUint32(0, true)).toBe(bytes.length);
    expect([c[4], c[5]]).toEqual([0x78, 0x9c]);
    const rc = decode(ub.SMSG_COMPRESSED_UPDATE_OBJECT, c);
    if (!rc.ok) throw rc.error;
    expect(rc.value).toEqual(body);
  });

  test("the mask block count grows to cover the highest field", () => {
    const bytes = encodeBody(ub.SMSG_UPDATE_OBJECT, { blocks: [{ type: 0, guid: 1n, values: { blockCount: 0, fields: new Map([[100, 1]]) } }] });
    expect(bytes[4 + 1 + 2]).toBe(4);
  });

  test("garbage, bad block types, lying counts and bombs fail cleanly", () => {
    expect(decode(ub.SMSG_UPDATE_OBJECT, Uint8Array.from([1, 0, 0, 0, 9])).ok).toBe(false);
    expect(decode(ub.SMSG_UPDATE_OBJECT, Uint8Array.from([0xff, 0xff, 0xff, 0x7f, 0])).ok).toBe(false);
    expect(decode(ub.SMSG_UPDATE_OBJECT, Uint8Array.from([1, 0, 0, 0, 4, 0xff, 0xff, 0xff, 0x7f])).ok).toBe(false);
    expect(decode(ub.SMSG_UPDATE_OBJECT, Uint8Array.from([1, 0, 0, 0, 0, 1, 5, 0xff, 0xff, 0xff, 0xff, 0xff])).ok).toBe(false);
    const huge = ub.compressUpdateBody(new Uint8Array(8 << 20));
    expect(() => ub.inflateUpdatePayload(huge)).toThrow();
    const lying = ub.compressUpdateBody(new Uint8Array(100));
    new DataView(lying.buffer).setUint32(0, 50, true);
    expect(decode(ub.SMSG_COMPRESSED_UPDATE_OBJECT, lying).ok).toBe(false);
    expect(decode(ub.SMSG_COMPRESSED_UPDATE_OBJECT, Uint8Array.from([5, 0, 0, 0, 1, 2, 3])).ok).toBe(false);
    const v = worldVector("spinacicore_ServerUpdateObjectTest").payload;
    for (let n = 0; n < v.length; n += 5) expect(decode(ub.SMSG_UPDATE_OBJECT, v.subarray(0, n)).ok).toBe(false);
    expect(() => ub.readUpdateBody(new Reader(new Uint8Array(3)))).toThrow();
  });
});
