// Races, classes, genders and the character-screen flag sets of build 12340, with the
// race/class table and start positions of protocol.md §2.8.1 as data.

export const Race = {
  HUMAN: 1,
  ORC: 2,
  DWARF: 3,
  NIGHT_ELF: 4,
  UNDEAD: 5,
  TAUREN: 6,
  GNOME: 7,
  TROLL: 8,
  BLOOD_ELF: 10,
  DRAENEI: 11,
} as const;
export type RaceId = (typeof Race)[keyof typeof Race];

export const Class = {
  WARRIOR: 1,
  PALADIN: 2,
  HUNTER: 3,
  ROGUE: 4,
  PRIEST: 5,
  DEATH_KNIGHT: 6,
  SHAMAN: 7,
  MAGE: 8,
  WARLOCK: 9,
  DRUID: 11,
} as const;
export type ClassId = (typeof Class)[keyof typeof Class];

export const Gender = { MALE: 0, FEMALE: 1, NONE: 2 } as const;

export const Team = { ALLIANCE: "alliance", HORDE: "horde" } as const;
export type TeamName = (typeof Team)[keyof typeof Team];

const R = Race;
const C = Class;

/** Allowed classes per race (§2.8.1: the 62 `playercreateinfo` rows of AzerothCore and cmangos). */
export const RACE_CLASSES: Readonly<Record<RaceId, readonly ClassId[]>> = {
  [R.HUMAN]: [C.WARRIOR, C.PALADIN, C.ROGUE, C.PRIEST, C.DEATH_KNIGHT, C.MAGE, C.WARLOCK],
  [R.ORC]: [C.WARRIOR, C.HUNTER, C.ROGUE, C.DEATH_KNIGHT, C.SHAMAN, C.WARLOCK],
  [R.DWARF]: [C.WARRIOR, C.PALADIN, C.HUNTER, C.ROGUE, C.PRIEST, C.DEATH_KNIGHT],
  [R.NIGHT_ELF]: [C.WARRIOR, C.HUNTER, C.ROGUE, C.PRIEST, C.DEATH_KNIGHT, C.DRUID],
  [R.UNDEAD]: [C.WARRIOR, C.ROGUE, C.PRIEST, C.DEATH_KNIGHT, C.MAGE, C.WARLOCK],
  [R.TAUREN]: [C.WARRIOR, C.HUNTER, C.DEATH_KNIGHT, C.SHAMAN, C.DRUID],
  [R.GNOME]: [C.WARRIOR, C.ROGUE, C.DEATH_KNIGHT, C.MAGE, C.WARLOCK],
  [R.TROLL]: [C.WARRIOR, C.HUNTER, C.ROGUE, C.PRIEST, C.DEATH_KNIGHT, C.SHAMAN, C.MAGE],
  [R.BLOOD_ELF]: [C.PALADIN, C.HUNTER, C.ROGUE, C.PRIEST, C.DEATH_KNIGHT, C.MAGE, C.WARLOCK],
  [R.DRAENEI]: [C.WARRIOR, C.PALADIN, C.HUNTER, C.PRIEST, C.DEATH_KNIGHT, C.SHAMAN, C.MAGE],
};

export function isRace(race: number): race is RaceId {
  return Object.hasOwn(RACE_CLASSES, race);
}

export function isClass(cls: number): cls is ClassId {
  return cls >= 1 && cls <= 11 && cls !== 10;
}

/** Is the pair allowed (has a `playercreateinfo` row)? Unknown ids are not. */
export function isValidRaceClass(race: number, cls: number): boolean {
  return isRace(race) && (RACE_CLASSES[race] as readonly number[]).includes(cls);
}

export const RACE_TEAM: Readonly<Record<RaceId, TeamName>> = {
  [R.HUMAN]: Team.ALLIANCE,
  [R.DWARF]: Team.ALLIANCE,
  [R.NIGHT_ELF]: Team.ALLIANCE,
  [R.GNOME]: Team.ALLIANCE,
  [R.DRAENEI]: Team.ALLIANCE,
  [R.ORC]: Team.HORDE,
  [R.UNDEAD]: Team.HORDE,
  [R.TAUREN]: Team.HORDE,
  [R.TROLL]: Team.HORDE,
  [R.BLOOD_ELF]: Team.HORDE,
};

/** UNIT_FIELD_FACTIONTEMPLATE per race (FactionTemplate.dbc ids, §2.10). */
export const RACE_FACTION_TEMPLATE: Readonly<Record<RaceId, number>> = {
  [R.HUMAN]: 1,
  [R.ORC]: 2,
  [R.DWARF]: 3,
  [R.NIGHT_ELF]: 4,
  [R.UNDEAD]: 5,
  [R.TAUREN]: 6,
  [R.GNOME]: 115,
  [R.TROLL]: 116,
  [R.BLOOD_ELF]: 1610,
  [R.DRAENEI]: 1629,
};

/** Native display ids [male, female] per race (ChrRaces.dbc of 3.3.5). */
export const RACE_DISPLAY_IDS: Readonly<Record<RaceId, readonly [number, number]>> = {
  [R.HUMAN]: [49, 50],
  [R.ORC]: [51, 52],
  [R.DWARF]: [53, 54],
  [R.NIGHT_ELF]: [55, 56],
  [R.UNDEAD]: [57, 58],
  [R.TAUREN]: [59, 60],
  [R.GNOME]: [1563, 1564],
  [R.TROLL]: [1478, 1479],
  [R.BLOOD_ELF]: [15476, 15475],
  [R.DRAENEI]: [16125, 16126],
};

/** Expansion needed to create the race / class (§2.8.1: blood elf and draenei 1, death knight 2). */
export function raceExpansion(race: number): number {
  return race === R.BLOOD_ELF || race === R.DRAENEI ? 1 : 0;
}
export function classExpansion(cls: number): number {
  return cls === C.DEATH_KNIGHT ? 2 : 0;
}

export const PowerType = { MANA: 0, RAGE: 1, FOCUS: 2, ENERGY: 3, HAPPINESS: 4, RUNES: 5, RUNIC_POWER: 6 } as const;

/** The power a class uses (UNIT_FIELD_BYTES_0 byte 3). */
export function classPowerType(cls: number): number {
  switch (cls) {
    case C.WARRIOR:
      return PowerType.RAGE;
    case C.ROGUE:
      return PowerType.ENERGY;
    case C.DEATH_KNIGHT:
      return PowerType.RUNIC_POWER;
    default:
      return PowerType.MANA;
  }
}

export interface StartPosition {
  map: number;
  zone: number;
  x: number;
  y: number;
  z: number;
  orientation: number;
}

/** Start positions of §2.8.1 (AzerothCore values). */
export const RACE_START: Readonly<Record<RaceId, StartPosition>> = {
  [R.HUMAN]: { map: 0, zone: 12, x: -8949.95, y: -132.493, z: 83.5312, orientation: 0 },
  [R.ORC]: { map: 1, zone: 14, x: -618.518, y: -4251.67, z: 38.718, orientation: 0 },
  [R.TROLL]: { map: 1, zone: 14, x: -618.518, y: -4251.67, z: 38.718, orientation: 0 },
  [R.DWARF]: { map: 0, zone: 1, x: -6240.32, y: 331.033, z: 382.758, orientation: 6.17716 },
  [R.GNOME]: { map: 0, zone: 1, x: -6240.32, y: 331.033, z: 382.758, orientation: 0 },
  [R.NIGHT_ELF]: { map: 1, zone: 141, x: 10311.3, y: 832.463, z: 1326.41, orientation: 5.69632 },
  [R.UNDEAD]: { map: 0, zone: 85, x: 1676.71, y: 1678.31, z: 121.67, orientation: 2.70526 },
  [R.TAUREN]: { map: 1, zone: 215, x: -2917.58, y: -257.98, z: 52.9968, orientation: 0 },
  [R.BLOOD_ELF]: { map: 530, zone: 3431, x: 10349.6, y: -6357.29, z: 33.4026, orientation: 5.31605 },
  [R.DRAENEI]: { map: 530, zone: 3526, x: -3961.64, y: -13931.2, z: 100.615, orientation: 2.08364 },
};

/**
 * Death knights of every race start in Acherus (map 609, zone 4298). §2.8.1 gives only the
 * range of the per-race rows (x 2355.05..2358.44, y -5661.7..-5666.9); this is a point in it.
 */
export const DEATH_KNIGHT_START: StartPosition = { map: 609, zone: 4298, x: 2355.84, y: -5664.77, z: 426.03, orientation: 3.65997 };

export function startPosition(race: RaceId, cls: number): StartPosition {
  return cls === C.DEATH_KNIGHT ? DEATH_KNIGHT_START : RACE_START[race];
}

/** Level a new death knight starts at; the level another character needs to create one. */
export const DEATH_KNIGHT_START_LEVEL = 55;
export const DEATH_KNIGHT_REQUIRED_LEVEL = 55;

/** SMSG_CHAR_ENUM character flags (§2.8). */
export const CharacterFlags = {
  NONE: 0,
  LOCKED_FOR_TRANSFER: 0x4,
  HIDE_HELM: 0x400,
  HIDE_CLOAK: 0x800,
  GHOST: 0x2000,
  RENAME: 0x4000,
  LOCKED_BY_BILLING: 0x1000000,
  DECLINED: 0x2000000,
} as const;

/** SMSG_CHAR_ENUM customize flags (§2.8). */
export const CharCustomizeFlags = {
  NONE: 0,
  CUSTOMIZE: 0x1,
  FACTION: 0x10000,
  RACE: 0x100000,
} as const;

/**
 * Pending at-login actions as TrinityCore/AzerothCore store them (`characters.at_login`).
 * Not a wire field: RENAME shows as CharacterFlags.RENAME, CUSTOMIZE / CHANGE_FACTION /
 * CHANGE_RACE as the CharCustomizeFlags bits, FIRST as the enum's first-login byte.
 */
export const AtLoginFlags = {
  NONE: 0,
  RENAME: 0x01,
  RESET_SPELLS: 0x02,
  RESET_TALENTS: 0x04,
  CUSTOMIZE: 0x08,
  RESET_PET_TALENTS: 0x10,
  FIRST: 0x20,
  CHANGE_FACTION: 0x40,
  CHANGE_RACE: 0x80,
} as const;

/** SMSG_CHARACTER_LOGIN_FAILED reasons: the small enum of cmangos / current TC (pitfall 4). */
export const CharLoginFailed = {
  FAILED: 0,
  NO_WORLD: 1,
  DUPLICATE_CHARACTER: 2,
  NO_INSTANCES: 3,
  DISABLED: 4,
  NO_CHARACTER: 5,
  LOCKED_FOR_TRANSFER: 6,
  LOCKED_BY_BILLING: 7,
  USING_REMOTE: 8,
} as const;

/** Equipment slots in SMSG_CHAR_ENUM: 19 worn slots (head .. tabard) then 4 bags. */
export const CHAR_ENUM_EQUIPMENT_SLOTS = 23;
export const MAX_CHARACTERS_PER_REALM = 10;
