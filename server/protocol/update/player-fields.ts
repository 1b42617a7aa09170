// Fills a player's update fields from a plain character description (protocol.md §2.10),
// with values a real 3.3.5 client shows correctly: the create block TrinityCore-style cores
// send (the Spinaci vector) sets the same core fields. Also builds the player's movement
// block (speeds live there, not in update fields).
import {
  classPowerType,
  isRace,
  PowerType,
  RACE_DISPLAY_IDS,
  RACE_FACTION_TEMPLATE,
} from "../world/char-constants.ts";
import { DEFAULT_SPEEDS, newMovementInfo, type MovementInfo, type Speeds } from "../world/movement-info.ts";
import { livingMovementBlock, UpdateFlags, type MovementBlock } from "./movement-block.ts";
import {
  inventorySlotField,
  ObjectField,
  ObjectTypeId,
  PlayerField,
  skillInfoField,
  TypeMask,
  UnitField,
  VISIBLE_ITEM_SLOTS,
  visibleItemEnchantField,
  visibleItemEntryField,
} from "./update-fields.ts";
import { UpdateValues } from "./update-values.ts";

/** DEFAULT_WORLD_OBJECT_SIZE and DEFAULT_COMBAT_REACH of the cores. */
export const DEFAULT_BOUNDING_RADIUS = 0.389;
export const DEFAULT_COMBAT_REACH = 1.5;
export const MAX_PLAYER_LEVEL = 80;

/** UNIT_FIELD_FLAGS / UNIT_FIELD_FLAGS_2 bits used for players. */
export const UnitFlags = { PVP_ATTACKABLE: 0x8, PVP: 0x1000, IN_COMBAT: 0x80000 } as const;
export const UnitFlags2 = { REGENERATE_POWER: 0x800 } as const;
/** PLAYER_BYTES_2 byte 3. */
export const RestState = { RESTED: 0x01, NORMAL: 0x02, RAF_LINKED: 0x06 } as const;

export interface PlayerSkill {
  id: number;
  value: number;
  max: number;
  step?: number;
  bonus?: number;
}

export interface PlayerDescription {
  guid: bigint;
  race: number;
  class: number;
  gender: number;
  skin: number;
  face: number;
  hairStyle: number;
  hairColor: number;
  facialHair: number;
  level: number;
  /** default: the race/gender native display id */
  displayId?: number;
  health?: number;
  maxHealth?: number;
  /** mana (mana users only; default 20 * level + 60) */
  maxMana?: number;
  mana?: number;
  scale?: number;
  /** 19 visible item entries in equipment slot order (0 = empty) */
  visibleItems?: readonly number[];
  /** enchantment word per visible slot (permanent | temporary << 16) */
  visibleEnchants?: readonly number[];
  /** up to 23 item guids: equipment slots 0..18 then the 4 bag slots */
  inventory?: readonly bigint[];
  coinage?: number;
  xp?: number;
  nextLevelXp?: number;
  /** default: max(0, level - 9) */
  talentPoints?: number;
  guildId?: number;
  guildRank?: number;
  playerFlags?: number;
  restState?: number;
  drunk?: number;
  chosenTitle?: number;
  /** base stats strength, agility, stamina, intellect, spirit */
  stats?: readonly number[];
  armor?: number;
  skills?: readonly PlayerSkill[];
  /** -1 = none */
  watchedFaction?: number;
  maxLevel?: number;
}

/** A rough experience curve (400 at level 1); the real table comes from content data. */
export function defaultNextLevelXp(level: number): number {
  return level >= MAX_PLAYER_LEVEL ? 0 : Math.round(40 * level * level + 360 * level);
}

/** Fills `v` (a PLAYER store) from the description; returns v. */
export function fillPlayerFields(v: UpdateValues, p: PlayerDescription): UpdateValues {
  if (v.typeId !== ObjectTypeId.PLAYER) throw new RangeError("fillPlayerFields needs a PLAYER UpdateValues");
  const power = classPowerType(p.class);
  const level = Math.max(1, Math.min(255, p.level));
  const display = p.displayId ?? (isRace(p.race) ? RACE_DISPLAY_IDS[p.race][p.gender === 1 ? 1 : 0] : 49);
  const maxHealth = p.maxHealth ?? 40 + level * 20;

  v.setU64(ObjectField.OBJECT_FIELD_GUID, p.guid);
  v.setU32(ObjectField.OBJECT_FIELD_TYPE, TypeMask.OBJECT | TypeMask.UNIT | TypeMask.PLAYER);
  v.setF32(ObjectField.OBJECT_FIELD_SCALE_X, p.scale ?? 1.0);

  v.setBytes(UnitField.UNIT_FIELD_BYTES_0, p.race, p.class, p.gender, power);
  v.setU32(UnitField.UNIT_FIELD_HEALTH, p.health ?? maxHealth);
  v.setU32(UnitField.UNIT_FIELD_MAXHEALTH, maxHealth);
  if (power === PowerType.MANA) {
    const maxMana = p.maxMana ?? 60 + level * 20;
    v.setU32(UnitField.UNIT_FIELD_POWER1, p.mana ?? maxMana);
    v.setU32(UnitField.UNIT_FIELD_MAXPOWER1, maxMana);
    v.setU32(UnitField.UNIT_FIELD_BASE_MANA, maxMana);
  }
  // every player has the rage, energy and runic power maxima (the cores set them for all classes)
  v.setU32(UnitField.UNIT_FIELD_MAXPOWER2, 1000);
  v.setU32(UnitField.UNIT_FIELD_POWER4, 100);
  v.setU32(UnitField.UNIT_FIELD_MAXPOWER4, 100);
  v.setU32(UnitField.UNIT_FIELD_MAXPOWER7, 1000);
  v.setU32(UnitField.UNIT_FIELD_LEVEL, level);
  v.setU32(UnitField.UNIT_FIELD_FACTIONTEMPLATE, isRace(p.race) ? RACE_FACTION_TEMPLATE[p.race] : 35);
  v.setU32(UnitField.UNIT_FIELD_FLAGS, UnitFlags.PVP_ATTACKABLE);
  v.setU32(UnitField.UNIT_FIELD_FLAGS_2, UnitFlags2.REGENERATE_POWER);
  v.setU32(UnitField.UNIT_FIELD_BASEATTACKTIME, 2000);
  v.setU32(UnitField.UNIT_FIELD_BASEATTACKTIME + 1, 2000);
  v.setU32(UnitField.UNIT_FIELD_RANGEDATTACKTIME, 2000);
  v.setF32(UnitField.UNIT_FIELD_BOUNDINGRADIUS, DEFAULT_BOUNDING_RADIUS);
  v.setF32(UnitField.UNIT_FIELD_COMBATREACH, DEFAULT_COMBAT_REACH);
  v.setU32(UnitField.UNIT_FIELD_DISPLAYID, display);
  v.setU32(UnitField.UNIT_FIELD_NATIVEDISPLAYID, display);
  v.setF32(UnitField.UNIT_FIELD_MINDAMAGE, 1 + level);
  v.setF32(UnitField.UNIT_FIELD_MAXDAMAGE, 2 + level * 1.5);
  v.setF32(UnitField.UNIT_MOD_CAST_SPEED, 1.0);
  const stats = p.stats ?? [20, 20, 20, 20, 20];
  for (let i = 0; i < 5; i++) v.setU32(UnitField.UNIT_FIELD_STAT0 + i, stats[i] ?? 0);
  v.setU32(UnitField.UNIT_FIELD_RESISTANCES, p.armor ?? 0);
  v.setU32(UnitField.UNIT_FIELD_BASE_HEALTH, maxHealth);
  v.setF32(UnitField.UNIT_FIELD_HOVERHEIGHT, 1.0);

  v.setU32(PlayerField.PLAYER_FLAGS, p.playerFlags ?? 0);
  v.setU32(PlayerField.PLAYER_GUILDID, p.guildId ?? 0);
  v.setU32(PlayerField.PLAYER_GUILDRANK, p.guildRank ?? 0);
  v.setBytes(PlayerField.PLAYER_BYTES, p.skin, p.face, p.hairStyle, p.hairColor);
  v.setBytes(PlayerField.PLAYER_BYTES_2, p.facialHair, 0, 0, p.restState ?? RestState.NORMAL);
  v.setU32(PlayerField.PLAYER_BYTES_3, ((p.gender & 1) | (((p.drunk ?? 0) << 8) & 0xff00)) >>> 0);
  const items = p.visibleItems ?? [];
  const enchants = p.visibleEnchants ?? [];
  for (let s = 0; s < VISIBLE_ITEM_SLOTS; s++) {
    v.setU32(visibleItemEntryField(s), items[s] ?? 0);
    v.setU32(visibleItemEnchantField(s), enchants[s] ?? 0);
  }
  v.setU32(PlayerField.PLAYER_CHOSEN_TITLE, p.chosenTitle ?? 0);
  const inv = p.inventory ?? [];
  for (let s = 0; s < 23; s++) v.setU64(inventorySlotField(s), inv[s] ?? 0n);
  v.setU32(PlayerField.PLAYER_XP, p.xp ?? 0);
  v.setU32(PlayerField.PLAYER_NEXT_LEVEL_XP, p.nextLevelXp ?? defaultNextLevelXp(level));
  const skills = p.skills ?? [];
  for (let i = 0; i < Math.min(skills.length, 128); i++) {
    const s = skills[i]!;
    v.setU16s(skillInfoField(i), s.id, s.step ?? 0);
    v.setU16s(skillInfoField(i) + 1, s.value, s.max);
    v.setU32(skillInfoField(i) + 2, s.bonus ?? 0);
  }
  v.setU32(PlayerField.PLAYER_CHARACTER_POINTS1, p.talentPoints ?? Math.max(0, level - 9));
  v.setU32(PlayerField.PLAYER_FIELD_COINAGE, p.coinage ?? 0);
  for (let i = 0; i < 7; i++) v.setF32(PlayerField.PLAYER_FIELD_MOD_DAMAGE_DONE_PCT + i, 1.0);
  v.setF32(PlayerField.PLAYER_FIELD_MOD_HEALING_PCT, 1.0);
  v.setF32(PlayerField.PLAYER_FIELD_MOD_HEALING_DONE_PCT, 1.0);
  v.setI32(PlayerField.PLAYER_FIELD_WATCHED_FACTION_INDEX, p.watchedFaction ?? -1);
  v.setU32(PlayerField.PLAYER_FIELD_MAX_LEVEL, p.maxLevel ?? MAX_PLAYER_LEVEL);
  // GlyphSlot.dbc ids 21..26 (what the cores put in the six glyph slots)
  for (let i = 0; i < 6; i++) v.setU32(PlayerField.PLAYER_FIELD_GLYPH_SLOTS_1 + i, 21 + i);
  return v;
}

/** A new PLAYER store filled from the description. */
export function newPlayerValues(p: PlayerDescription): UpdateValues {
  return fillPlayerFields(new UpdateValues(ObjectTypeId.PLAYER), p);
}

/**
 * The player's LIVING movement block at `position` with its speeds. The builder adds or
 * removes SELF per receiver (UpdateObjectBuilder.addCreate `self`).
 */
export function playerMovementBlock(
  position: { x: number; y: number; z: number; o: number },
  speeds: Readonly<Speeds> = DEFAULT_SPEEDS,
  movement?: MovementInfo,
): MovementBlock {
  const m = movement ?? newMovementInfo(position.x, position.y, position.z, position.o);
  return livingMovementBlock(m, speeds, UpdateFlags.NONE);
}

/** A player guid is its counter (high type 0). */
export function playerGuid(counter: number): bigint {
  return BigInt(counter >>> 0);
}
