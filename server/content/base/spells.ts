// Spells every new character knows, and the action bar it starts with (spell ids from the
// client's Spell.dbc are facts of the protocol's data, not Blizzard files).

/** Known by everyone: Attack, Dodge, Unarmed, Defense. */
export const COMMON_SPELLS = [6603, 81, 203, 204];
/** Language spells by team: Common, Orcish. */
export const TEAM_LANGUAGE_SPELLS = { alliance: [668], horde: [669] } as const;

export const CLASS_SPELLS: Record<number, number[]> = {
  1: [78, 2457], // Heroic Strike, Battle Stance
  2: [635, 21084], // Holy Light, Seal of Righteousness
  3: [2973, 75], // Raptor Strike, Auto Shot
  4: [1752, 2098, 1784], // Sinister Strike, Eviscerate, Stealth
  5: [585, 2050], // Smite, Lesser Heal
  6: [45477, 45462, 45902, 48266], // Icy Touch, Plague Strike, Blood Strike, Blood Presence
  7: [403, 331], // Lightning Bolt, Healing Wave
  8: [133, 168], // Fireball, Frost Armor
  9: [686, 687], // Shadow Bolt, Demon Skin
  11: [5176, 5185], // Wrath, Healing Touch
};

/** Languages a race speaks besides its team language (chat language ids, §2.14). */
export const RACE_LANGUAGES: Record<number, number[]> = {
  1: [7],
  2: [1],
  3: [7, 6],
  4: [7, 2],
  5: [1, 33],
  6: [1, 3],
  7: [7, 13],
  8: [1, 14],
  10: [1, 10],
  11: [7, 35],
};
