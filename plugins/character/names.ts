// Character name rules: 2-12 letters, no digits, spaces or punctuation, no three equal
// letters in a row, capitalised "Thrall"-style, not reserved or profane. Each refusal
// maps to its 3.3.5 CHAR_NAME_* code (protocol.md §2.5).
import { proto } from "../../server/api/index.ts";

const R = proto.ResponseCodes;

/** Words nobody may use as a name (operators add more through `reservedNames`). */
export const DEFAULT_RESERVED = ["gm", "gamemaster", "admin", "administrator", "blizzard", "system", "server", "moderator", "realmcore"];
/** A small default profanity list (operators add more through `profaneNames`). */
export const DEFAULT_PROFANE = ["fuck", "shit", "cunt", "nigger", "faggot", "whore"];

export type NameCheck = { ok: true; name: string } | { ok: false; code: number };

/** "tHRALL" -> "Thrall" */
export function normalizeName(name: string): string {
  return name.length ? name[0]!.toUpperCase() + name.slice(1).toLowerCase() : name;
}

export function checkCharacterName(raw: string, reserved: readonly string[], profane: readonly string[]): NameCheck {
  const name = raw.trim();
  if (name.length === 0) return { ok: false, code: R.CHAR_NAME_NO_NAME };
  if ([...name].length < 2) return { ok: false, code: R.CHAR_NAME_TOO_SHORT };
  if ([...name].length > 12) return { ok: false, code: R.CHAR_NAME_TOO_LONG };
  if (/\s/.test(name)) return { ok: false, code: R.CHAR_NAME_INVALID_SPACE };
  if (/'/.test(name)) return { ok: false, code: R.CHAR_NAME_INVALID_APOSTROPHE };
  if (!/^[A-Za-z]+$/.test(name)) return { ok: false, code: /[^\x00-\x7f]/.test(name) && /[A-Za-z]/.test(name) ? R.CHAR_NAME_MIXED_LANGUAGES : R.CHAR_NAME_INVALID_CHARACTER };
  const lower = name.toLowerCase();
  if (/(.)\1\1/.test(lower)) return { ok: false, code: R.CHAR_NAME_THREE_CONSECUTIVE };
  if (reserved.some((w) => lower === w.toLowerCase())) return { ok: false, code: R.CHAR_NAME_RESERVED };
  if (profane.some((w) => w && lower.includes(w.toLowerCase()))) return { ok: false, code: R.CHAR_NAME_PROFANE };
  return { ok: true, name: normalizeName(name) };
}
