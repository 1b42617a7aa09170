// The characters.equipment column: a JSON array of item entries, one per
// equipment slot (EQUIPMENT_SLOT_HEAD = 0 ... EQUIPMENT_SLOT_TABARD = 18, then
// the four bag slots), as SMSG_CHAR_ENUM and the player's visible-item fields
// read it.

/** Equipment slots plus bag slots: the 23 entries SMSG_CHAR_ENUM carries. */
export const EQUIPMENT_SLOT_COUNT = 23;

/**
 * The item entry in each of the 23 slots. A damaged or missing column reads as
 * empty slots, so one bad row never hides a character or stops a login.
 */
export function equipmentSlots(json: string): number[] {
  try {
    const v = JSON.parse(json) as unknown;
    if (Array.isArray(v)) {
      return Array.from({ length: EQUIPMENT_SLOT_COUNT }, (_, i) => (Number.isInteger(v[i]) && (v[i] as number) >= 0 ? (v[i] as number) : 0));
    }
  } catch {
    // fall through to empty slots
  }
  return new Array<number>(EQUIPMENT_SLOT_COUNT).fill(0);
}
