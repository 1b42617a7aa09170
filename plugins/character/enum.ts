// SMSG_CHAR_ENUM entries from character rows (protocol.md §2.8): the full 3.3.5 layout
// with the 23 equipment display slots filled from the item templates.
import type { CharacterRow, Content } from "../../server/api/index.ts";
import { AT_LOGIN_CUSTOMIZE, AT_LOGIN_RENAME, equipmentSlots, proto } from "../../server/api/index.ts";

export function enumEntry(row: CharacterRow, content: Content): proto.CharEnumEntry {
  let flags = row.charFlags;
  if (row.atLogin & AT_LOGIN_RENAME) flags |= proto.CharacterFlags.RENAME;
  const customize = row.atLogin & AT_LOGIN_CUSTOMIZE ? proto.CharCustomizeFlags.CUSTOMIZE : 0;
  return {
    guid: BigInt(row.guid),
    name: row.name,
    race: row.race,
    class: row.class,
    gender: row.gender,
    skin: row.skin,
    face: row.face,
    hairStyle: row.hairStyle,
    hairColor: row.hairColor,
    facialHair: row.facialHair,
    level: row.level,
    zone: row.zone,
    map: row.map,
    x: row.x,
    y: row.y,
    z: row.z,
    guildId: row.guildId,
    flags,
    customizeFlags: customize,
    firstLogin: row.firstLogin ? 1 : 0,
    petDisplayId: 0,
    petLevel: 0,
    petFamily: 0,
    equipment: equipmentSlots(row.equipment).map((entry) => {
      const it = entry ? content.items.get(entry) : undefined;
      return { displayId: it?.displayId ?? 0, inventoryType: it?.inventoryType ?? 0, enchantAuraId: 0 };
    }),
  };
}
