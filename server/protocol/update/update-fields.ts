// Object update fields of build 12340 (protocol.md §2.10; indices and visibility from the
// "auto generated for 3.3.5 12340" UpdateFields.h that §2.10 summarises). Each table row is
// [name, absolute index, size in u32 words, visibility flags]; the index constants, the END
// constants and the per-type visibility arrays are all derived from the same rows.

/** Object type ids (the u8 after the guid of a create block). */
export const ObjectTypeId = {
  OBJECT: 0,
  ITEM: 1,
  CONTAINER: 2,
  UNIT: 3,
  PLAYER: 4,
  GAMEOBJECT: 5,
  DYNAMICOBJECT: 6,
  CORPSE: 7,
} as const;
export type ObjectTypeIdValue = (typeof ObjectTypeId)[keyof typeof ObjectTypeId];

/** OBJECT_FIELD_TYPE bits; a player is OBJECT | UNIT | PLAYER = 0x19. */
export const TypeMask = {
  OBJECT: 0x1,
  ITEM: 0x2,
  CONTAINER: 0x4,
  UNIT: 0x8,
  PLAYER: 0x10,
  GAMEOBJECT: 0x20,
  DYNAMICOBJECT: 0x40,
  CORPSE: 0x80,
} as const;

/** Field visibility flags (UF_FLAG_*). */
export const Visibility = {
  NONE: 0x000,
  PUBLIC: 0x001,
  PRIVATE: 0x002,
  OWNER: 0x004,
  ITEM_OWNER: 0x010,
  SPECIAL_INFO: 0x020,
  PARTY_MEMBER: 0x040,
  PARTY_LEADER: 0x080,
  /** visible to everyone; the value may differ per viewer */
  DYNAMIC: 0x100,
} as const;

const PUB = Visibility.PUBLIC;
const PRIV = Visibility.PRIVATE;
const OWN = Visibility.OWNER;
const IOWN = Visibility.ITEM_OWNER;
const PLEAD = Visibility.PARTY_LEADER;
const DYN = Visibility.DYNAMIC;
const NONE = Visibility.NONE;

type Row = readonly [name: string, index: number, size: number, flags: number];
type FieldsOf<R extends readonly Row[]> = { readonly [K in R[number] as K[0]]: number };

function fields<const R extends readonly Row[]>(rows: R): FieldsOf<R> {
  const o: Record<string, number> = {};
  for (const [name, index] of rows) o[name] = index;
  return Object.freeze(o) as FieldsOf<R>;
}

const OBJECT_ROWS = [
  ["OBJECT_FIELD_GUID", 0x00, 2, PUB],
  ["OBJECT_FIELD_TYPE", 0x02, 1, PUB],
  ["OBJECT_FIELD_ENTRY", 0x03, 1, PUB],
  ["OBJECT_FIELD_SCALE_X", 0x04, 1, PUB],
  ["OBJECT_FIELD_PADDING", 0x05, 1, NONE],
] as const satisfies readonly Row[];
export const OBJECT_END = 0x06;

const ITEM_ROWS = [
  ["ITEM_FIELD_OWNER", 6, 2, PUB],
  ["ITEM_FIELD_CONTAINED", 8, 2, PUB],
  ["ITEM_FIELD_CREATOR", 10, 2, PUB],
  ["ITEM_FIELD_GIFTCREATOR", 12, 2, PUB],
  ["ITEM_FIELD_STACK_COUNT", 14, 1, OWN | IOWN],
  ["ITEM_FIELD_DURATION", 15, 1, OWN | IOWN],
  ["ITEM_FIELD_SPELL_CHARGES", 16, 5, OWN | IOWN],
  ["ITEM_FIELD_FLAGS", 21, 1, PUB],
  /** 12 enchantments x 3 words (id, duration, charges) */
  ["ITEM_FIELD_ENCHANTMENT_1_1", 22, 36, PUB],
  ["ITEM_FIELD_PROPERTY_SEED", 58, 1, PUB],
  ["ITEM_FIELD_RANDOM_PROPERTIES_ID", 59, 1, PUB],
  ["ITEM_FIELD_DURABILITY", 60, 1, OWN | IOWN],
  ["ITEM_FIELD_MAXDURABILITY", 61, 1, OWN | IOWN],
  ["ITEM_FIELD_CREATE_PLAYED_TIME", 62, 1, PUB],
  ["ITEM_FIELD_PAD", 63, 1, NONE],
] as const satisfies readonly Row[];
export const ITEM_END = 64;

const CONTAINER_ROWS = [
  ["CONTAINER_FIELD_NUM_SLOTS", 64, 1, PUB],
  ["CONTAINER_ALIGN_PAD", 65, 1, NONE],
  ["CONTAINER_FIELD_SLOT_1", 66, 72, PUB],
] as const satisfies readonly Row[];
export const CONTAINER_END = 138;

const PO = PRIV | OWN;
const UNIT_ROWS = [
  ["UNIT_FIELD_CHARM", 6, 2, PUB],
  ["UNIT_FIELD_SUMMON", 8, 2, PUB],
  ["UNIT_FIELD_CRITTER", 10, 2, PRIV],
  ["UNIT_FIELD_CHARMEDBY", 12, 2, PUB],
  ["UNIT_FIELD_SUMMONEDBY", 14, 2, PUB],
  ["UNIT_FIELD_CREATEDBY", 16, 2, PUB],
  ["UNIT_FIELD_TARGET", 18, 2, PUB],
  ["UNIT_FIELD_CHANNEL_OBJECT", 20, 2, PUB],
  ["UNIT_FIELD_CHANNEL_SPELL", 22, 1, PUB],
  ["UNIT_FIELD_BYTES_0", 23, 1, PUB],
  ["UNIT_FIELD_HEALTH", 24, 1, PUB],
  ["UNIT_FIELD_POWER1", 25, 1, PUB],
  ["UNIT_FIELD_POWER2", 26, 1, PUB],
  ["UNIT_FIELD_POWER3", 27, 1, PUB],
  ["UNIT_FIELD_POWER4", 28, 1, PUB],
  ["UNIT_FIELD_POWER5", 29, 1, PUB],
  ["UNIT_FIELD_POWER6", 30, 1, PUB],
  ["UNIT_FIELD_POWER7", 31, 1, PUB],
  ["UNIT_FIELD_MAXHEALTH", 32, 1, PUB],
  ["UNIT_FIELD_MAXPOWER1", 33, 1, PUB],
  ["UNIT_FIELD_MAXPOWER2", 34, 1, PUB],
  ["UNIT_FIELD_MAXPOWER3", 35, 1, PUB],
  ["UNIT_FIELD_MAXPOWER4", 36, 1, PUB],
  ["UNIT_FIELD_MAXPOWER5", 37, 1, PUB],
  ["UNIT_FIELD_MAXPOWER6", 38, 1, PUB],
  ["UNIT_FIELD_MAXPOWER7", 39, 1, PUB],
  ["UNIT_FIELD_POWER_REGEN_FLAT_MODIFIER", 40, 7, PO],
  ["UNIT_FIELD_POWER_REGEN_INTERRUPTED_FLAT_MODIFIER", 47, 7, PO],
  ["UNIT_FIELD_LEVEL", 54, 1, PUB],
  ["UNIT_FIELD_FACTIONTEMPLATE", 55, 1, PUB],
  ["UNIT_VIRTUAL_ITEM_SLOT_ID", 56, 3, PUB],
  ["UNIT_FIELD_FLAGS", 59, 1, PUB],
  ["UNIT_FIELD_FLAGS_2", 60, 1, PUB],
  ["UNIT_FIELD_AURASTATE", 61, 1, PUB],
  ["UNIT_FIELD_BASEATTACKTIME", 62, 2, PUB],
  ["UNIT_FIELD_RANGEDATTACKTIME", 64, 1, PRIV],
  ["UNIT_FIELD_BOUNDINGRADIUS", 65, 1, PUB],
  ["UNIT_FIELD_COMBATREACH", 66, 1, PUB],
  ["UNIT_FIELD_DISPLAYID", 67, 1, PUB],
  ["UNIT_FIELD_NATIVEDISPLAYID", 68, 1, PUB],
  ["UNIT_FIELD_MOUNTDISPLAYID", 69, 1, PUB],
  ["UNIT_FIELD_MINDAMAGE", 70, 1, PO | PLEAD],
  ["UNIT_FIELD_MAXDAMAGE", 71, 1, PO | PLEAD],
  ["UNIT_FIELD_MINOFFHANDDAMAGE", 72, 1, PO | PLEAD],
  ["UNIT_FIELD_MAXOFFHANDDAMAGE", 73, 1, PO | PLEAD],
  ["UNIT_FIELD_BYTES_1", 74, 1, PUB],
  ["UNIT_FIELD_PETNUMBER", 75, 1, PUB],
  ["UNIT_FIELD_PET_NAME_TIMESTAMP", 76, 1, PUB],
  ["UNIT_FIELD_PETEXPERIENCE", 77, 1, OWN],
  ["UNIT_FIELD_PETNEXTLEVELEXP", 78, 1, OWN],
  ["UNIT_DYNAMIC_FLAGS", 79, 1, DYN],
  ["UNIT_MOD_CAST_SPEED", 80, 1, PUB],
  ["UNIT_CREATED_BY_SPELL", 81, 1, PUB],
  ["UNIT_NPC_FLAGS", 82, 1, DYN],
  ["UNIT_NPC_EMOTESTATE", 83, 1, PUB],
  ["UNIT_FIELD_STAT0", 84, 1, PO],
  ["UNIT_FIELD_STAT1", 85, 1, PO],
  ["UNIT_FIELD_STAT2", 86, 1, PO],
  ["UNIT_FIELD_STAT3", 87, 1, PO],
  ["UNIT_FIELD_STAT4", 88, 1, PO],
  ["UNIT_FIELD_POSSTAT0", 89, 5, PO],
  ["UNIT_FIELD_NEGSTAT0", 94, 5, PO],
  ["UNIT_FIELD_RESISTANCES", 99, 7, PO | PLEAD],
  ["UNIT_FIELD_RESISTANCEBUFFMODSPOSITIVE", 106, 7, PO],
  ["UNIT_FIELD_RESISTANCEBUFFMODSNEGATIVE", 113, 7, PO],
  ["UNIT_FIELD_BASE_MANA", 120, 1, PUB],
  ["UNIT_FIELD_BASE_HEALTH", 121, 1, PO],
  ["UNIT_FIELD_BYTES_2", 122, 1, PUB],
  ["UNIT_FIELD_ATTACK_POWER", 123, 1, PO],
  ["UNIT_FIELD_ATTACK_POWER_MODS", 124, 1, PO],
  ["UNIT_FIELD_ATTACK_POWER_MULTIPLIER", 125, 1, PO],
  ["UNIT_FIELD_RANGED_ATTACK_POWER", 126, 1, PO],
  ["UNIT_FIELD_RANGED_ATTACK_POWER_MODS", 127, 1, PO],
  ["UNIT_FIELD_RANGED_ATTACK_POWER_MULTIPLIER", 128, 1, PO],
  ["UNIT_FIELD_MINRANGEDDAMAGE", 129, 1, PO],
  ["UNIT_FIELD_MAXRANGEDDAMAGE", 130, 1, PO],
  ["UNIT_FIELD_POWER_COST_MODIFIER", 131, 7, PO],
  ["UNIT_FIELD_POWER_COST_MULTIPLIER", 138, 7, PO],
  ["UNIT_FIELD_MAXHEALTHMODIFIER", 145, 1, PO],
  ["UNIT_FIELD_HOVERHEIGHT", 146, 1, PUB],
  ["UNIT_FIELD_PADDING", 147, 1, NONE],
] as const satisfies readonly Row[];
export const UNIT_END = 148;

/** PLAYER_QUEST_LOG_1_1: 25 slots x 5 words (quest id: party-visible; state, counts, time: private). */
export const PLAYER_QUEST_LOG_1_1 = 158;
export const QUEST_LOG_SLOTS = 25;
/** PLAYER_VISIBLE_ITEM_1_ENTRYID: 19 slots x (entry id, enchantment). */
export const PLAYER_VISIBLE_ITEM_1_ENTRYID = 283;
export const VISIBLE_ITEM_SLOTS = 19;

const PLAYER_ROWS = [
  ["PLAYER_DUEL_ARBITER", 148, 2, PUB],
  ["PLAYER_FLAGS", 150, 1, PUB],
  ["PLAYER_GUILDID", 151, 1, PUB],
  ["PLAYER_GUILDRANK", 152, 1, PUB],
  ["PLAYER_BYTES", 153, 1, PUB],
  ["PLAYER_BYTES_2", 154, 1, PUB],
  ["PLAYER_BYTES_3", 155, 1, PUB],
  ["PLAYER_DUEL_TEAM", 156, 1, PUB],
  ["PLAYER_GUILD_TIMESTAMP", 157, 1, PUB],
  ["PLAYER_QUEST_LOG_1_1", 158, 125, PRIV], // refined per slot below
  ["PLAYER_VISIBLE_ITEM_1_ENTRYID", 283, 1, PUB],
  ["PLAYER_VISIBLE_ITEM_1_ENCHANTMENT", 284, 1, PUB],
  ["PLAYER_VISIBLE_ITEM_2_ENTRYID", 285, 36, PUB], // items 2..19
  ["PLAYER_CHOSEN_TITLE", 321, 1, PUB],
  ["PLAYER_FAKE_INEBRIATION", 322, 1, PUB],
  ["PLAYER_FIELD_PAD_0", 323, 1, NONE],
  ["PLAYER_FIELD_INV_SLOT_HEAD", 324, 46, PRIV],
  ["PLAYER_FIELD_PACK_SLOT_1", 370, 32, PRIV],
  ["PLAYER_FIELD_BANK_SLOT_1", 402, 56, PRIV],
  ["PLAYER_FIELD_BANKBAG_SLOT_1", 458, 14, PRIV],
  ["PLAYER_FIELD_VENDORBUYBACK_SLOT_1", 472, 24, PRIV],
  ["PLAYER_FIELD_KEYRING_SLOT_1", 496, 64, PRIV],
  ["PLAYER_FIELD_CURRENCYTOKEN_SLOT_1", 560, 64, PRIV],
  ["PLAYER_FARSIGHT", 624, 2, PRIV],
  ["PLAYER__FIELD_KNOWN_TITLES", 626, 2, PRIV],
  ["PLAYER__FIELD_KNOWN_TITLES1", 628, 2, PRIV],
  ["PLAYER__FIELD_KNOWN_TITLES2", 630, 2, PRIV],
  ["PLAYER_FIELD_KNOWN_CURRENCIES", 632, 2, PRIV],
  ["PLAYER_XP", 634, 1, PRIV],
  ["PLAYER_NEXT_LEVEL_XP", 635, 1, PRIV],
  ["PLAYER_SKILL_INFO_1_1", 636, 384, PRIV],
  ["PLAYER_CHARACTER_POINTS1", 1020, 1, PRIV],
  ["PLAYER_CHARACTER_POINTS2", 1021, 1, PRIV],
  ["PLAYER_TRACK_CREATURES", 1022, 1, PRIV],
  ["PLAYER_TRACK_RESOURCES", 1023, 1, PRIV],
  ["PLAYER_BLOCK_PERCENTAGE", 1024, 1, PRIV],
  ["PLAYER_DODGE_PERCENTAGE", 1025, 1, PRIV],
  ["PLAYER_PARRY_PERCENTAGE", 1026, 1, PRIV],
  ["PLAYER_EXPERTISE", 1027, 1, PRIV],
  ["PLAYER_OFFHAND_EXPERTISE", 1028, 1, PRIV],
  ["PLAYER_CRIT_PERCENTAGE", 1029, 1, PRIV],
  ["PLAYER_RANGED_CRIT_PERCENTAGE", 1030, 1, PRIV],
  ["PLAYER_OFFHAND_CRIT_PERCENTAGE", 1031, 1, PRIV],
  ["PLAYER_SPELL_CRIT_PERCENTAGE1", 1032, 7, PRIV],
  ["PLAYER_SHIELD_BLOCK", 1039, 1, PRIV],
  ["PLAYER_SHIELD_BLOCK_CRIT_PERCENTAGE", 1040, 1, PRIV],
  ["PLAYER_EXPLORED_ZONES_1", 1041, 128, PRIV],
  ["PLAYER_REST_STATE_EXPERIENCE", 1169, 1, PRIV],
  ["PLAYER_FIELD_COINAGE", 1170, 1, PRIV],
  ["PLAYER_FIELD_MOD_DAMAGE_DONE_POS", 1171, 7, PRIV],
  ["PLAYER_FIELD_MOD_DAMAGE_DONE_NEG", 1178, 7, PRIV],
  ["PLAYER_FIELD_MOD_DAMAGE_DONE_PCT", 1185, 7, PRIV],
  ["PLAYER_FIELD_MOD_HEALING_DONE_POS", 1192, 1, PRIV],
  ["PLAYER_FIELD_MOD_HEALING_PCT", 1193, 1, PRIV],
  ["PLAYER_FIELD_MOD_HEALING_DONE_PCT", 1194, 1, PRIV],
  ["PLAYER_FIELD_MOD_TARGET_RESISTANCE", 1195, 1, PRIV],
  ["PLAYER_FIELD_MOD_TARGET_PHYSICAL_RESISTANCE", 1196, 1, PRIV],
  ["PLAYER_FIELD_BYTES", 1197, 1, PRIV],
  ["PLAYER_AMMO_ID", 1198, 1, PRIV],
  ["PLAYER_SELF_RES_SPELL", 1199, 1, PRIV],
  ["PLAYER_FIELD_PVP_MEDALS", 1200, 1, PRIV],
  ["PLAYER_FIELD_BUYBACK_PRICE_1", 1201, 12, PRIV],
  ["PLAYER_FIELD_BUYBACK_TIMESTAMP_1", 1213, 12, PRIV],
  ["PLAYER_FIELD_KILLS", 1225, 1, PRIV],
  ["PLAYER_FIELD_TODAY_CONTRIBUTION", 1226, 1, PRIV],
  ["PLAYER_FIELD_YESTERDAY_CONTRIBUTION", 1227, 1, PRIV],
  ["PLAYER_FIELD_LIFETIME_HONORBALE_KILLS", 1228, 1, PRIV],
  ["PLAYER_FIELD_BYTES2", 1229, 1, PRIV],
  ["PLAYER_FIELD_WATCHED_FACTION_INDEX", 1230, 1, PRIV],
  ["PLAYER_FIELD_COMBAT_RATING_1", 1231, 25, PRIV],
  ["PLAYER_FIELD_ARENA_TEAM_INFO_1_1", 1256, 21, PRIV],
  ["PLAYER_FIELD_HONOR_CURRENCY", 1277, 1, PRIV],
  ["PLAYER_FIELD_ARENA_CURRENCY", 1278, 1, PRIV],
  ["PLAYER_FIELD_MAX_LEVEL", 1279, 1, PRIV],
  ["PLAYER_FIELD_DAILY_QUESTS_1", 1280, 25, PRIV],
  ["PLAYER_RUNE_REGEN_1", 1305, 4, PRIV],
  ["PLAYER_NO_REAGENT_COST_1", 1309, 3, PRIV],
  ["PLAYER_FIELD_GLYPH_SLOTS_1", 1312, 6, PRIV],
  ["PLAYER_FIELD_GLYPHS_1", 1318, 6, PRIV],
  ["PLAYER_GLYPHS_ENABLED", 1324, 1, PRIV],
  ["PLAYER_PET_SPELL_POWER", 1325, 1, PRIV],
] as const satisfies readonly Row[];
export const PLAYER_END = 1326;

const GAMEOBJECT_ROWS = [
  ["OBJECT_FIELD_CREATED_BY", 6, 2, PUB],
  ["GAMEOBJECT_DISPLAYID", 8, 1, PUB],
  ["GAMEOBJECT_FLAGS", 9, 1, PUB],
  ["GAMEOBJECT_PARENTROTATION", 10, 4, PUB],
  ["GAMEOBJECT_DYNAMIC", 14, 1, DYN],
  ["GAMEOBJECT_FACTION", 15, 1, PUB],
  ["GAMEOBJECT_LEVEL", 16, 1, PUB],
  ["GAMEOBJECT_BYTES_1", 17, 1, PUB],
] as const satisfies readonly Row[];
export const GAMEOBJECT_END = 18;

const DYNAMICOBJECT_ROWS = [
  ["DYNAMICOBJECT_CASTER", 6, 2, PUB],
  ["DYNAMICOBJECT_BYTES", 8, 1, PUB],
  ["DYNAMICOBJECT_SPELLID", 9, 1, PUB],
  ["DYNAMICOBJECT_RADIUS", 10, 1, PUB],
  ["DYNAMICOBJECT_CASTTIME", 11, 1, PUB],
] as const satisfies readonly Row[];
export const DYNAMICOBJECT_END = 12;

const CORPSE_ROWS = [
  ["CORPSE_FIELD_OWNER", 6, 2, PUB],
  ["CORPSE_FIELD_PARTY", 8, 2, PUB],
  ["CORPSE_FIELD_DISPLAY_ID", 10, 1, PUB],
  ["CORPSE_FIELD_ITEM", 11, 19, PUB],
  ["CORPSE_FIELD_BYTES_1", 30, 1, PUB],
  ["CORPSE_FIELD_BYTES_2", 31, 1, PUB],
  ["CORPSE_FIELD_GUILD", 32, 1, PUB],
  ["CORPSE_FIELD_FLAGS", 33, 1, PUB],
  ["CORPSE_FIELD_DYNAMIC_FLAGS", 34, 1, DYN],
  ["CORPSE_FIELD_PAD", 35, 1, NONE],
] as const satisfies readonly Row[];
export const CORPSE_END = 36;

export const ObjectField = fields(OBJECT_ROWS);
export const ItemField = fields(ITEM_ROWS);
export const ContainerField = fields(CONTAINER_ROWS);
export const UnitField = fields(UNIT_ROWS);
export const PlayerField = fields(PLAYER_ROWS);
export const GameObjectField = fields(GAMEOBJECT_ROWS);
export const DynamicObjectField = fields(DYNAMICOBJECT_ROWS);
export const CorpseField = fields(CORPSE_ROWS);

/** PLAYER_QUEST_LOG_{slot+1}_{part+1}: part 0 quest id, 1 state, 2-3 counts, 4 time. */
export function questLogField(slot: number, part: number): number {
  return PLAYER_QUEST_LOG_1_1 + slot * 5 + part;
}
/** PLAYER_VISIBLE_ITEM_{slot+1}_ENTRYID (slot 0..18, equipment slot order). */
export function visibleItemEntryField(slot: number): number {
  return PLAYER_VISIBLE_ITEM_1_ENTRYID + slot * 2;
}
/** PLAYER_VISIBLE_ITEM_{slot+1}_ENCHANTMENT. */
export function visibleItemEnchantField(slot: number): number {
  return PLAYER_VISIBLE_ITEM_1_ENTRYID + slot * 2 + 1;
}
/** PLAYER_FIELD_INV_SLOT_HEAD + 2*slot: the u64 item guid in inventory slot `slot` (0..22 equipment + bags). */
export function inventorySlotField(slot: number): number {
  return PlayerField.PLAYER_FIELD_INV_SLOT_HEAD + slot * 2;
}
/** PLAYER_SKILL_INFO_1_1 + 3*i: `id | step << 16`, `value | max << 16`, bonus. */
export function skillInfoField(i: number): number {
  return PlayerField.PLAYER_SKILL_INFO_1_1 + i * 3;
}

const ROWS_BY_TYPE: Record<ObjectTypeIdValue, readonly (readonly Row[])[]> = {
  [ObjectTypeId.OBJECT]: [OBJECT_ROWS],
  [ObjectTypeId.ITEM]: [OBJECT_ROWS, ITEM_ROWS],
  [ObjectTypeId.CONTAINER]: [OBJECT_ROWS, ITEM_ROWS, CONTAINER_ROWS],
  [ObjectTypeId.UNIT]: [OBJECT_ROWS, UNIT_ROWS],
  [ObjectTypeId.PLAYER]: [OBJECT_ROWS, UNIT_ROWS, PLAYER_ROWS],
  [ObjectTypeId.GAMEOBJECT]: [OBJECT_ROWS, GAMEOBJECT_ROWS],
  [ObjectTypeId.DYNAMICOBJECT]: [OBJECT_ROWS, DYNAMICOBJECT_ROWS],
  [ObjectTypeId.CORPSE]: [OBJECT_ROWS, CORPSE_ROWS],
};

const END_BY_TYPE: Record<ObjectTypeIdValue, number> = {
  [ObjectTypeId.OBJECT]: OBJECT_END,
  [ObjectTypeId.ITEM]: ITEM_END,
  [ObjectTypeId.CONTAINER]: CONTAINER_END,
  [ObjectTypeId.UNIT]: UNIT_END,
  [ObjectTypeId.PLAYER]: PLAYER_END,
  [ObjectTypeId.GAMEOBJECT]: GAMEOBJECT_END,
  [ObjectTypeId.DYNAMICOBJECT]: DYNAMICOBJECT_END,
  [ObjectTypeId.CORPSE]: CORPSE_END,
};

/** Number of update fields of an object type (its *_END). */
export function fieldCount(typeId: ObjectTypeIdValue): number {
  return END_BY_TYPE[typeId];
}

const flagCache = new Map<number, Uint16Array>();

/** Visibility flags of every field of an object type (index -> Visibility bits). */
export function fieldFlags(typeId: ObjectTypeIdValue): Uint16Array {
  let f = flagCache.get(typeId);
  if (f) return f;
  f = new Uint16Array(END_BY_TYPE[typeId]);
  for (const rows of ROWS_BY_TYPE[typeId]) for (const [, index, size, flags] of rows) f.fill(flags, index, index + size);
  if (typeId === ObjectTypeId.PLAYER) {
    for (let s = 0; s < QUEST_LOG_SLOTS; s++) f[questLogField(s, 0)] = Visibility.PARTY_MEMBER;
  }
  flagCache.set(typeId, f);
  return f;
}

/** The field's name (the row that contains it, with +offset inside arrays), for logs and tests. */
export function fieldName(typeId: ObjectTypeIdValue, index: number): string {
  for (const rows of ROWS_BY_TYPE[typeId]) {
    for (const [name, start, size] of rows) {
      if (index >= start && index < start + size) return index === start ? name : `${name}+${index - start}`;
    }
  }
  return `FIELD_${index}`;
}

/** Viewer classes: which visibility bits a viewer sees. */
export const Viewer = {
  /** the object itself (a player receiving its own fields): everything */
  SELF: Visibility.PUBLIC | Visibility.PRIVATE | Visibility.OWNER | Visibility.ITEM_OWNER | Visibility.PARTY_MEMBER | Visibility.PARTY_LEADER | Visibility.DYNAMIC,
  /** the owner of a pet / item */
  OWNER: Visibility.PUBLIC | Visibility.OWNER | Visibility.ITEM_OWNER | Visibility.PARTY_MEMBER | Visibility.DYNAMIC,
  /** a group member */
  PARTY: Visibility.PUBLIC | Visibility.PARTY_MEMBER | Visibility.DYNAMIC,
  /** everyone else */
  OTHER: Visibility.PUBLIC | Visibility.DYNAMIC,
} as const;
