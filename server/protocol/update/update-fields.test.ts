import { describe, expect, test } from "bun:test";
import * as uf from "./update-fields.ts";

const { ObjectField: O, UnitField: U, PlayerField: P, ItemField: I, GameObjectField: G, Visibility: V } = uf;

describe("update fields of build 12340 (§2.10)", () => {
  test("indices from the §2.10 table", () => {
    const table: [number, number][] = [
      [O.OBJECT_FIELD_GUID, 0], [O.OBJECT_FIELD_TYPE, 2], [O.OBJECT_FIELD_ENTRY, 3], [O.OBJECT_FIELD_SCALE_X, 4],
      [U.UNIT_FIELD_CHARM, 6], [U.UNIT_FIELD_TARGET, 18], [U.UNIT_FIELD_BYTES_0, 23], [U.UNIT_FIELD_HEALTH, 24],
      [U.UNIT_FIELD_POWER1, 25], [U.UNIT_FIELD_POWER7, 31], [U.UNIT_FIELD_MAXHEALTH, 32], [U.UNIT_FIELD_MAXPOWER1, 33],
      [U.UNIT_FIELD_LEVEL, 54], [U.UNIT_FIELD_FACTIONTEMPLATE, 55], [U.UNIT_VIRTUAL_ITEM_SLOT_ID, 56], [U.UNIT_FIELD_FLAGS, 59],
      [U.UNIT_FIELD_FLAGS_2, 60], [U.UNIT_FIELD_BASEATTACKTIME, 62], [U.UNIT_FIELD_BOUNDINGRADIUS, 65], [U.UNIT_FIELD_COMBATREACH, 66],
      [U.UNIT_FIELD_DISPLAYID, 67], [U.UNIT_FIELD_NATIVEDISPLAYID, 68], [U.UNIT_FIELD_MOUNTDISPLAYID, 69], [U.UNIT_FIELD_BYTES_1, 74],
      [U.UNIT_DYNAMIC_FLAGS, 79], [U.UNIT_MOD_CAST_SPEED, 80], [U.UNIT_NPC_FLAGS, 82], [U.UNIT_FIELD_STAT0, 84],
      [U.UNIT_FIELD_RESISTANCES, 99], [U.UNIT_FIELD_BASE_MANA, 120], [U.UNIT_FIELD_BYTES_2, 122], [U.UNIT_FIELD_HOVERHEIGHT, 146],
      [P.PLAYER_DUEL_ARBITER, 148], [P.PLAYER_FLAGS, 150], [P.PLAYER_GUILDID, 151], [P.PLAYER_GUILDRANK, 152], [P.PLAYER_BYTES, 153],
      [P.PLAYER_BYTES_2, 154], [P.PLAYER_BYTES_3, 155], [uf.visibleItemEntryField(0), 283], [uf.visibleItemEnchantField(18), 320],
      [P.PLAYER_CHOSEN_TITLE, 321], [P.PLAYER_FIELD_INV_SLOT_HEAD, 324], [P.PLAYER_FIELD_PACK_SLOT_1, 370], [P.PLAYER_XP, 634],
      [P.PLAYER_NEXT_LEVEL_XP, 635], [P.PLAYER_SKILL_INFO_1_1, 636], [P.PLAYER_CHARACTER_POINTS1, 1020], [P.PLAYER_EXPLORED_ZONES_1, 1041],
      [P.PLAYER_REST_STATE_EXPERIENCE, 1169], [P.PLAYER_FIELD_COINAGE, 1170], [P.PLAYER_FIELD_BYTES, 1197],
      [P.PLAYER_FIELD_WATCHED_FACTION_INDEX, 1230], [P.PLAYER_FIELD_MAX_LEVEL, 1279],
      [I.ITEM_FIELD_OWNER, 6], [I.ITEM_FIELD_CONTAINED, 8], [I.ITEM_FIELD_STACK_COUNT, 14], [I.ITEM_FIELD_FLAGS, 21],
      [I.ITEM_FIELD_DURABILITY, 60], [I.ITEM_FIELD_MAXDURABILITY, 61],
      [G.OBJECT_FIELD_CREATED_BY, 6], [G.GAMEOBJECT_DISPLAYID, 8], [G.GAMEOBJECT_FLAGS, 9], [G.GAMEOBJECT_PARENTROTATION, 10],
      [G.GAMEOBJECT_DYNAMIC, 14], [G.GAMEOBJECT_FACTION, 15], [G.GAMEOBJECT_LEVEL, 16], [G.GAMEOBJECT_BYTES_1, 17],
    ];
    for (const [got, want] of table) expect(got).toBe(want);
  });

  test("END constants; a full player needs 42 mask blocks", () => {
    expect([uf.OBJECT_END, uf.ITEM_END, uf.CONTAINER_END, uf.UNIT_END, uf.PLAYER_END]).toEqual([6, 64, 138, 148, 1326]);
    expect([uf.GAMEOBJECT_END, uf.DYNAMICOBJECT_END, uf.CORPSE_END]).toEqual([18, 12, 36]);
    expect(Math.ceil(uf.PLAYER_END / 32)).toBe(42);
    expect(uf.fieldFlags(uf.ObjectTypeId.PLAYER).length).toBe(1326);
  });

  test("every player field is covered by exactly one row (no gaps, no overlaps)", () => {
    const f = uf.fieldFlags(uf.ObjectTypeId.PLAYER);
    for (let i = 0; i < f.length; i++) expect(uf.fieldName(uf.ObjectTypeId.PLAYER, i).startsWith("FIELD_")).toBe(false);
    expect(uf.fieldName(uf.ObjectTypeId.PLAYER, 1326)).toBe("FIELD_1326");
  });

  test("visibility as §2.10 gives it", () => {
    const f = uf.fieldFlags(uf.ObjectTypeId.PLAYER);
    for (const i of [0, 2, 3, 4, 6, 18, 23, 24, 32, 54, 55, 59, 67, 74, 80, 120, 122, 146, 148, 150, 153, 283, 321]) expect(f[i]! & V.PUBLIC).toBeTruthy();
    for (const i of [79, 82]) expect(f[i]).toBe(V.DYNAMIC);
    for (const i of [84, 99, 324, 370, 634, 636, 1020, 1041, 1169, 1170, 1197, 1230, 1279]) {
      expect(f[i]! & V.PUBLIC).toBe(0);
      expect(f[i]! & V.PRIVATE).toBeTruthy();
    }
    expect(f[uf.questLogField(0, 0)]).toBe(V.PARTY_MEMBER);
    expect(f[uf.questLogField(24, 1)]).toBe(V.PRIVATE);
    expect(f[O.OBJECT_FIELD_PADDING]).toBe(V.NONE);
    const item = uf.fieldFlags(uf.ObjectTypeId.ITEM);
    expect(item[I.ITEM_FIELD_STACK_COUNT]).toBe(V.OWNER | V.ITEM_OWNER);
  });
});
