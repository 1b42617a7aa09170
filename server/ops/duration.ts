// Ban and mute durations as operators type them: "30m", "4d20h3s", "1w", "90" (seconds),
// and "perm" / "permanent" / "0" / "-1" for permanent.
import { RealmError } from "../kernel/errors.ts";

const UNIT: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds, or 0 for permanent. */
export function parseDuration(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === "perm" || t === "permanent" || t === "0" || t === "-1" || /^-\d+$/.test(t)) return 0;
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (!/^(\d+[smhdw])+$/.test(t)) throw new RealmError("BAN_BAD_DURATION", `cannot read duration "${text}" (use e.g. 30m, 4d20h3s, perm)`);
  let ms = 0;
  for (const [, n, u] of t.matchAll(/(\d+)([smhdw])/g)) ms += Number(n) * UNIT[u!]!;
  if (ms <= 0) throw new RealmError("BAN_BAD_DURATION", `duration "${text}" is zero`);
  return ms;
}

/** "4d 20h 3m" style text for a number of milliseconds (0 = permanent). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return "permanent";
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [u, s] of [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    const n = Math.floor(rest / s);
    if (n > 0) parts.push(`${n}${u}`);
    rest -= n * s;
  }
  return parts.join(" ") || "0s";
}
