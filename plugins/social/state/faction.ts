// Factions by race: the protocol's race table (proto.RACE_TEAM, protocol.md §2.8.1).
import { proto } from "../../../server/api/index.ts";

/** The race's faction; undefined for an id that is not a playable race. */
export function teamOf(race: number): proto.TeamName | undefined {
  return proto.isRace(race) ? proto.RACE_TEAM[race] : undefined;
}

export function sameTeam(a: { race: number }, b: { race: number }): boolean {
  return teamOf(a.race) === teamOf(b.race);
}
