// Display helpers: races, classes, populations, times, sizes. Plain strings; the views
// escape them like any other data.

const RACES: Record<number, string> = { 1: "Human", 2: "Orc", 3: "Dwarf", 4: "Night Elf", 5: "Undead", 6: "Tauren", 7: "Gnome", 8: "Troll", 10: "Blood Elf", 11: "Draenei" };
const CLASSES: Record<number, string> = { 1: "Warrior", 2: "Paladin", 3: "Hunter", 4: "Rogue", 5: "Priest", 6: "Death Knight", 7: "Shaman", 8: "Mage", 9: "Warlock", 11: "Druid" };
const REALM_TYPES: Record<number, string> = { 0: "Normal", 1: "PvP", 4: "Normal", 6: "RP", 8: "RP-PvP" };

export const raceName = (id: number): string => RACES[id] ?? `race ${id}`;
export const className = (id: number): string => CLASSES[id] ?? `class ${id}`;
export const realmTypeName = (id: number): string => REALM_TYPES[id] ?? `type ${id}`;
export const HORDE_RACES = new Set([2, 5, 6, 8, 10]);
export const factionOf = (race: number): string => (HORDE_RACES.has(race) ? "Horde" : "Alliance");

export function populationName(p: number): string {
  if (p >= 2) return "High";
  if (p >= 1) return "Medium";
  return "Low";
}

/** "2026-01-01 12:00 UTC" */
export function formatTime(ms: number): string {
  if (!ms) return "-";
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "3d 4h", "12m 5s" */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export function formatMs(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? "-" : `${n.toFixed(1)} ms`;
}

/** Expiry of a ban: "permanent" or the time. */
export function banExpiry(expiresAt: number): string {
  return expiresAt === 0 ? "permanent" : `until ${formatTime(expiresAt)}`;
}
