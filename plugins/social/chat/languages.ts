// Which chat languages a character may use (design.md §6: every language of protocol.md
// §2.14 the character knows). Universal (0) is accepted from everyone (issue 8), a race
// speaks its own languages (content.languages: 7 Common for the Alliance, 1 Orcish for
// the Horde, plus racial ones), operators may add more, and GMs may use any language.

export const LANG_UNIVERSAL = 0;
export const LANG_ADDON = 0xffffffff;

export const KNOWN_LANGUAGES = new Set([0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 33, 35, 36, 37, 38]);

export function canSpeak(language: number, raceLanguages: readonly number[], gmLevel: number, extra: readonly number[]): boolean {
  if (language === LANG_ADDON || language === LANG_UNIVERSAL) return true;
  if (!KNOWN_LANGUAGES.has(language)) return false;
  if (gmLevel > 0) return true;
  return raceLanguages.includes(language) || extra.includes(language);
}
