// Factions by race (protocol.md §2.8.1): 1 human, 3 dwarf, 4 night elf, 7 gnome, 11 draenei
// are the Alliance; the other playable races are the Horde.

export const Team = { ALLIANCE: 0, HORDE: 1 } as const;
export type TeamId = (typeof Team)[keyof typeof Team];

const ALLIANCE_RACES = new Set([1, 3, 4, 7, 11]);

export function teamOf(race: number): TeamId {
  return ALLIANCE_RACES.has(race) ? Team.ALLIANCE : Team.HORDE;
}

export function sameTeam(a: { race: number }, b: { race: number }): boolean {
  return teamOf(a.race) === teamOf(b.race);
}
