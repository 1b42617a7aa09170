import { describe, expect, test } from "bun:test";
import { Reader } from "../reader.ts";
import { Writer } from "../writer.ts";
import { worldVector } from "../world/test-vectors.ts";
import { readFieldValues, readUpdateBody, type CreateBlock } from "./update-blocks.ts";
import { creatureGuid, fillCreatureFields, NpcFlags } from "./creature-fields.ts";
import { ObjectField, ObjectTypeId, PlayerField, UnitField, Viewer, visibleItemEntryField } from "./update-fields.ts";
import { newPlayerValues, playerGuid } from "./player-fields.ts";
import { UpdateValues } from "./update-values.ts";

describe("player fields", () => {
  const desc = {
    guid: playerGuid(1), race: 1, class: 4, gender: 0, skin: 6, face: 5, hairStyle: 7, hairColor: 1, facialHair: 0, level: 1,
    visibleItems: [0, 0, 0, 49, 0, 0, 48, 47],
  };

  test("fills the core fields the Spinaci TC-style create sets, with the same values", () => {
    const spin = readUpdateBody(new Reader(worldVector("spinacicore_ServerUpdateObjectTest").payload)).blocks[0] as CreateBlock;
    const v = newPlayerValues(desc);
    for (const i of [
      ObjectField.OBJECT_FIELD_GUID, ObjectField.OBJECT_FIELD_TYPE, ObjectField.OBJECT_FIELD_SCALE_X, UnitField.UNIT_FIELD_BYTES_0,
      UnitField.UNIT_FIELD_POWER4, UnitField.UNIT_FIELD_MAXPOWER2, UnitField.UNIT_FIELD_MAXPOWER4, UnitField.UNIT_FIELD_MAXPOWER7,
      UnitField.UNIT_FIELD_LEVEL, UnitField.UNIT_FIELD_FACTIONTEMPLATE, UnitField.UNIT_FIELD_FLAGS, UnitField.UNIT_FIELD_FLAGS_2,
      UnitField.UNIT_FIELD_BOUNDINGRADIUS, UnitField.UNIT_FIELD_COMBATREACH, UnitField.UNIT_FIELD_DISPLAYID,
      UnitField.UNIT_FIELD_NATIVEDISPLAYID, UnitField.UNIT_MOD_CAST_SPEED, UnitField.UNIT_FIELD_HOVERHEIGHT,
      PlayerField.PLAYER_NEXT_LEVEL_XP, PlayerField.PLAYER_FIELD_WATCHED_FACTION_INDEX, PlayerField.PLAYER_FIELD_MAX_LEVEL,
      PlayerField.PLAYER_FIELD_MOD_DAMAGE_DONE_PCT, PlayerField.PLAYER_FIELD_GLYPH_SLOTS_1, PlayerField.PLAYER_FIELD_GLYPH_SLOTS_1 + 5,
      visibleItemEntryField(3), visibleItemEntryField(6), visibleItemEntryField(7),
    ]) {
      expect([i, v.getU32(i)]).toEqual([i, spin.values.fields.get(i)!]);
    }
    expect(v.getByte(PlayerField.PLAYER_BYTES, 2)).toBe(7);
  });

  test("self sees private fields, others only public ones", () => {
    const v = newPlayerValues({ ...desc, coinage: 10 });
    const self = new Writer();
    v.writeCreate(self, Viewer.SELF);
    const other = new Writer();
    v.writeCreate(other, Viewer.OTHER);
    const s = readFieldValues(new Reader(self.finish()));
    const o = readFieldValues(new Reader(other.finish()));
    expect(s.fields.get(PlayerField.PLAYER_FIELD_COINAGE)).toBe(10);
    expect(s.fields.get(PlayerField.PLAYER_FIELD_MAX_LEVEL)).toBe(80);
    expect(o.fields.has(PlayerField.PLAYER_FIELD_COINAGE)).toBe(false);
    expect(o.fields.has(PlayerField.PLAYER_FIELD_MAX_LEVEL)).toBe(false);
    expect(o.fields.get(visibleItemEntryField(3))).toBe(49);
    expect(o.blockCount).toBeLessThan(s.blockCount);
  });

  test("display id, faction and power by race/class/gender", () => {
    const mage = newPlayerValues({ ...desc, race: 10, class: 8, gender: 1 });
    expect(mage.getU32(UnitField.UNIT_FIELD_DISPLAYID)).toBe(15475);
    expect(mage.getU32(UnitField.UNIT_FIELD_FACTIONTEMPLATE)).toBe(1610);
    expect(mage.getByte(UnitField.UNIT_FIELD_BYTES_0, 3)).toBe(0);
    expect(mage.getU32(UnitField.UNIT_FIELD_MAXPOWER1)).toBeGreaterThan(0);
    const dk = newPlayerValues({ ...desc, race: 2, class: 6, level: 55 });
    expect(dk.getByte(UnitField.UNIT_FIELD_BYTES_0, 3)).toBe(6);
    expect(dk.getU32(PlayerField.PLAYER_CHARACTER_POINTS1)).toBe(46);
  });
});

describe("creature fields", () => {
  test("entry, display, faction, level, health, npc flags, scale", () => {
    const guid = creatureGuid(6740, 1);
    expect(guid >> 52n).toBe(0xf13n);
    expect((guid >> 24n) & 0xfffffffn).toBe(6740n);
    const v = fillCreatureFields(new UpdateValues(ObjectTypeId.UNIT), {
      guid, entry: 6740, displayId: 1215, factionTemplate: 12, level: 30, health: 1500, npcFlags: NpcFlags.INNKEEPER | NpcFlags.GOSSIP, scale: 1.25,
    });
    expect(v.getU32(ObjectField.OBJECT_FIELD_TYPE)).toBe(0x9);
    expect(v.getU32(ObjectField.OBJECT_FIELD_ENTRY)).toBe(6740);
    expect(v.getF32(ObjectField.OBJECT_FIELD_SCALE_X)).toBe(1.25);
    expect(v.getU32(UnitField.UNIT_FIELD_MAXHEALTH)).toBe(1500);
    expect(v.getU32(UnitField.UNIT_NPC_FLAGS)).toBe(0x10001);
    const w = new Writer();
    v.writeCreate(w, Viewer.OTHER);
    const f = readFieldValues(new Reader(w.finish())).fields;
    expect(f.get(UnitField.UNIT_NPC_FLAGS)).toBe(0x10001);
    expect(f.get(UnitField.UNIT_FIELD_DISPLAYID)).toBe(1215);
  });
});
