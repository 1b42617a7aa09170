// The row a test writes straight into the store for a new character (no socket): at its
// race's start position unless told otherwise, bound there, wearing its class's outfit.
import type { Content } from "../content/content.ts";
import { isRace, startPosition, type RaceId } from "../protocol/world/char-constants.ts";
import type { CharacterRow, NewCharacterRow } from "../storage/ports.ts";

export type TestCharacterOptions = Partial<Pick<CharacterRow, "race" | "class" | "gender" | "level" | "map" | "x" | "y" | "z" | "orientation" | "zone">>;

export function testCharacterRow(content: Content, o: { accountId: number; realmId: number; name: string; now: number }, opts: TestCharacterOptions = {}): NewCharacterRow {
  const race = opts.race ?? 1;
  const cls = opts.class ?? 1;
  const start = startPosition(isRace(race) ? (race as RaceId) : 1, cls);
  return {
    accountId: o.accountId,
    realmId: o.realmId,
    name: o.name,
    nameKey: o.name.toLowerCase(),
    race,
    class: cls,
    gender: opts.gender ?? 0,
    level: opts.level ?? 1,
    map: opts.map ?? start.map,
    zone: opts.zone ?? start.zone,
    x: opts.x ?? start.x,
    y: opts.y ?? start.y,
    z: opts.z ?? start.z,
    orientation: opts.orientation ?? start.orientation,
    bindMap: start.map,
    bindZone: start.zone,
    bindX: start.x,
    bindY: start.y,
    bindZ: start.z,
    equipment: JSON.stringify(content.outfit(cls)),
    createdAt: o.now,
  };
}
