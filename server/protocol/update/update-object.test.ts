import { describe, expect, test } from "bun:test";
import { inflateSync } from "node:zlib";
import { decode } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { Reader } from "../reader.ts";
import { newMovementInfo } from "../world/movement-info.ts";
import { creatureGuid, creatureMovementBlock, newCreatureValues } from "./creature-fields.ts";
import { livingMovementBlock, UpdateFlags } from "./movement-block.ts";
import { newPlayerValues, playerMovementBlock, type PlayerDescription } from "./player-fields.ts";
import * as ub from "./update-blocks.ts";
import { ObjectTypeId, PlayerField, UnitField, Viewer } from "./update-fields.ts";
import { UpdateObjectBuilder, type UpdatePacket } from "./update-object.ts";
import { UpdateValues } from "./update-values.ts";

const hero: PlayerDescription = {
  guid: 1n, race: 1, class: 4, gender: 0, skin: 6, face: 5, hairStyle: 7, hairColor: 1, facialHair: 0, level: 1, coinage: 1234,
};

function bodyOf(p: UpdatePacket): Uint8Array {
  return p.opcode === Opcode.SMSG_COMPRESSED_UPDATE_OBJECT ? ub.inflateUpdatePayload(p.body) : p.body;
}

function blocksOf(packets: UpdatePacket[]): ub.UpdateBlock[] {
  return packets.flatMap((p) => ub.readUpdateBody(new Reader(bodyOf(p))).blocks);
}

describe("UpdateObjectBuilder", () => {
  test("the player's own create: CREATE_OBJECT2, SELF|LIVING, private fields; compressed (> 100 bytes)", () => {
    const values = newPlayerValues(hero);
    const b = new UpdateObjectBuilder();
    b.addCreate(hero.guid, ObjectTypeId.PLAYER, playerMovementBlock({ x: -8949.95, y: -132.493, z: 83.5312, o: 0 }), values, Viewer.SELF, { create2: true, self: true });
    const packets = b.build();
    expect(packets.length).toBe(1);
    expect(packets[0]!.opcode).toBe(Opcode.SMSG_COMPRESSED_UPDATE_OBJECT);
    const r = decode(ub.SMSG_COMPRESSED_UPDATE_OBJECT, packets[0]!.body);
    if (!r.ok) throw r.error;
    const blk = r.value.blocks[0] as ub.CreateBlock;
    expect(blk.type).toBe(ub.UpdateType.CREATE_OBJECT2);
    expect(blk.movement.updateFlags).toBe(UpdateFlags.SELF | UpdateFlags.LIVING);
    expect(blk.values.fields.get(PlayerField.PLAYER_FIELD_COINAGE)).toBe(1234);
    expect(b.isEmpty).toBe(true);
  });

  test("the same player for another viewer: no SELF, public fields only", () => {
    const values = newPlayerValues(hero);
    const b = new UpdateObjectBuilder();
    b.addCreate(hero.guid, ObjectTypeId.PLAYER, playerMovementBlock({ x: 0, y: 0, z: 0, o: 0 }), values, Viewer.OTHER);
    const [blk] = blocksOf(b.build()) as ub.CreateBlock[];
    expect(blk!.type).toBe(ub.UpdateType.CREATE_OBJECT);
    expect(blk!.movement.updateFlags).toBe(UpdateFlags.LIVING);
    expect(blk!.values.fields.has(PlayerField.PLAYER_FIELD_COINAGE)).toBe(false);
    expect(blk!.values.fields.get(UnitField.UNIT_FIELD_DISPLAYID)).toBe(49);
  });

  test("a small VALUES update goes out uncompressed; nothing visible changed means no block", () => {
    const values = newPlayerValues(hero);
    values.clearChanges();
    const b = new UpdateObjectBuilder();
    expect(b.addValues(1n, values, Viewer.OTHER)).toBe(false);
    values.setU32(PlayerField.PLAYER_FIELD_COINAGE, 99);
    expect(b.addValues(1n, values, Viewer.OTHER)).toBe(false);
    values.setU32(UnitField.UNIT_FIELD_HEALTH, 7);
    expect(b.addValues(1n, values, Viewer.OTHER)).toBe(true);
    const packets = b.build();
    expect(packets.length).toBe(1);
    expect(packets[0]!.opcode).toBe(Opcode.SMSG_UPDATE_OBJECT);
    expect(packets[0]!.body.length).toBeLessThanOrEqual(100);
    const [blk] = blocksOf(packets) as ub.ValuesBlock[];
    expect([...blk!.values.fields]).toEqual([[UnitField.UNIT_FIELD_HEALTH, 7]]);
  });

  test("out-of-range guids are merged into one block that goes first", () => {
    const b = new UpdateObjectBuilder();
    b.addMovement(5n, livingMovementBlock(newMovementInfo()));
    b.addOutOfRange([7n, 8n]);
    b.addBlock({ type: ub.UpdateType.OUT_OF_RANGE_OBJECTS, guids: [9n] });
    expect(b.blockCount).toBe(2);
    const blocks = blocksOf(b.build());
    expect(blocks.map((x) => x.type)).toEqual([ub.UpdateType.OUT_OF_RANGE_OBJECTS, ub.UpdateType.MOVEMENT]);
    expect((blocks[0] as ub.GuidListBlock).guids).toEqual([7n, 8n, 9n]);
  });

  test("many create blocks: every packet stays under 0x7FFF and inflates to its uncompressed body", () => {
    const b = new UpdateObjectBuilder();
    let seed = 12345;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const n = 400;
    for (let i = 0; i < n; i++) {
      if (i % 2 === 0) {
        const v = new UpdateValues(ObjectTypeId.PLAYER);
        // hard-to-compress values in many private fields
        for (let f = 0; f < 1326; f += 2) v.setU32(f, rnd());
        b.addCreate(BigInt(i + 1), ObjectTypeId.PLAYER, livingMovementBlock(newMovementInfo(i, i, 0, 0)), v, Viewer.SELF);
      } else {
        const c = { guid: creatureGuid(299, i), entry: 299, displayId: 1141, factionTemplate: 14, level: 5, health: 100 };
        b.addCreate(c.guid, ObjectTypeId.UNIT, creatureMovementBlock({ x: i, y: 0, z: 0, o: 0 }), newCreatureValues(c), Viewer.OTHER, { create2: true });
      }
    }
    const raw = b.buildRaw();
    const packets = b.build();
    expect(packets.length).toBeGreaterThan(5);
    let concatenated = 0;
    const rawBlocks = raw.subarray(4);
    for (const p of packets) {
      expect(p.body.length + 2).toBeLessThan(0x7fff);
      expect(p.opcode).toBe(Opcode.SMSG_COMPRESSED_UPDATE_OBJECT);
      const size = new DataView(p.body.buffer, p.body.byteOffset).getUint32(0, true);
      const inflated = new Uint8Array(inflateSync(p.body.subarray(4)));
      expect(inflated.length).toBe(size);
      // the inflated body is `u32 count` + exactly the next blocks of the raw body
      const blocks = inflated.subarray(4);
      expect(Buffer.compare(blocks, rawBlocks.subarray(concatenated, concatenated + blocks.length))).toBe(0);
      concatenated += blocks.length;
    }
    expect(concatenated).toBe(rawBlocks.length);
    const all = blocksOf(packets);
    expect(all.length).toBe(n);
    expect(all.every((x, i) => x.type !== ub.UpdateType.OUT_OF_RANGE_OBJECTS && (x as ub.CreateBlock).guid === (i % 2 === 0 ? BigInt(i + 1) : creatureGuid(299, i)))).toBe(true);
  });

  test("a single block that no compression can fit is still sent (alone)", () => {
    const b = new UpdateObjectBuilder();
    let s = 1;
    const next = () => BigInt((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8);
    const guids = Array.from({ length: 8000 }, () => (next() << 40n) | (next() << 16n) | next() | 0x0101010101010101n);
    b.addNearObjects(guids);
    b.addMovement(1n, livingMovementBlock(newMovementInfo()));
    const packets = b.build();
    expect(packets.length).toBe(2);
    expect(packets[0]!.body.length).toBeGreaterThan(0x7fff);
    expect(packets[1]!.body.length).toBeLessThan(0x7fff);
    expect((blocksOf(packets)[0] as ub.GuidListBlock).guids).toEqual(guids);
  });

  test("the builder is reusable after build()", () => {
    const b = new UpdateObjectBuilder();
    for (let k = 0; k < 3; k++) {
      b.addMovement(BigInt(k), livingMovementBlock(newMovementInfo()));
      const blocks = blocksOf(b.build());
      expect(blocks.length).toBe(1);
      expect((blocks[0] as ub.MovementUpdateBlock).guid).toBe(BigInt(k));
    }
  });
});
