// Display helpers: races, classes, populations, times, sizes. Plain strings; the views
// escape them like any other data.
import { proto } from "../../server/api/index.ts";

const title = (key: string) => key.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(" ");
// "NIGHT_ELF" -> "Night Elf": the names come from the protocol's race and class ids
const RACES = new Map<number, string>(Object.entries(proto.Race).map(([k, v]) => [v, title(k)]));
const CLASSES = new Map<number, string>(Object.entries(proto.Class).map(([k, v]) => [v, title(k)]));
const REALM_TYPES: Record<number, string> = { 0: "Normal", 1: "PvP", 4: "Normal", 6: "RP", 8: "RP-PvP" };

export const raceName = (id: number): string => RACES.get(id) ?? `race ${id}`;
export const className = (id: number): string => CLASSES.get(id) ?? `class ${id}`;
export const realmTypeName = (id: number): string => REALM_TYPES[id] ?? `type ${id}`;
export const factionOf = (race: number): string => (proto.isRace(race) ? title(proto.RACE_TEAM[race]) : "-");

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
