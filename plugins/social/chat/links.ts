// Chat link validation. The client escapes a typed "|" as "||", so any other "|" sequence
// was built by the client's link code (or forged). Accepted:
//   ||                          a literal pipe
//   |cAARRGGBB ... |r           a coloured span (no nesting)
//   |cAARRGGBB|H<type>:<data>|h[<name>]|h|r   a link: type and data checked per type
// Item, spell and quest links get strict checks (numeric ids in the right places; an item
// the content knows must carry its own name and quality colour; spells use the spell
// colour). Anything else with a "|" is malformed.

export type LinkCheck = { ok: true; links: number } | { ok: false; reason: string };

export interface LinkContext {
  /** name and quality of an item the content knows */
  item(entry: number): { name: string; quality: number } | undefined;
}

/** Quality -> the colour the client writes for an item link (AARRGGBB, lower case). */
export const QUALITY_COLORS = ["ff9d9d9d", "ffffffff", "ff1eff00", "ff0070dd", "ffa335ee", "ffff8000", "ffe6cc80", "ffe6cc80"];
export const SPELL_COLOR = "ff71d5ff";

const HEX8 = /^[0-9a-fA-F]{8}$/;
const INT = /^-?\d{1,10}$/;
const POS = /^\d{1,10}$/;
const HEXGUID = /^[0-9a-fA-F]{1,16}$/;

type DataCheck = (fields: string[], color: string, name: string, c: LinkContext) => string | undefined;

const positiveId = (s: string | undefined) => s !== undefined && POS.test(s) && Number(s) > 0;

const CHECKS: Record<string, DataCheck> = {
  item(f, color, name, c) {
    if (f.length < 1 || f.length > 10 || !positiveId(f[0]) || !f.every((x) => INT.test(x))) return "bad item link data";
    const known = c.item(Number(f[0]));
    if (known) {
      if (known.name !== name) return "item link name does not match the item";
      if ((QUALITY_COLORS[known.quality] ?? "") !== color.toLowerCase()) return "item link colour does not match the quality";
    }
    return undefined;
  },
  spell(f, color) {
    if (f.length !== 1 || !positiveId(f[0])) return "bad spell link data";
    if (color.toLowerCase() !== SPELL_COLOR) return "spell link colour";
    return undefined;
  },
  quest(f) {
    if (f.length !== 2 || !positiveId(f[0]) || !INT.test(f[1]!)) return "bad quest link data";
    return undefined;
  },
  enchant: (f) => (f.length === 1 && positiveId(f[0]) ? undefined : "bad enchant link data"),
  talent: (f) => (f.length === 2 && positiveId(f[0]) && INT.test(f[1]!) ? undefined : "bad talent link data"),
  glyph: (f) => (f.length === 2 && f.every((x) => POS.test(x)) ? undefined : "bad glyph link data"),
  achievement: (f) => (f.length >= 2 && positiveId(f[0]) && HEXGUID.test(f[1]!) && f.slice(2).every((x) => INT.test(x)) ? undefined : "bad achievement link data"),
  trade: (f) => (f.length === 5 && positiveId(f[0]) && POS.test(f[1]!) && POS.test(f[2]!) && HEXGUID.test(f[3]!) && /^[A-Za-z0-9+/=]*$/.test(f[4]!) ? undefined : "bad trade link data"),
};

export function checkLinks(text: string, c: LinkContext): LinkCheck {
  let links = 0;
  let inColor = false;
  let color = "";
  let i = 0;
  const n = text.length;
  while (i < n) {
    const at = text.indexOf("|", i);
    if (at < 0) break;
    const e = text[at + 1];
    if (e === "|") {
      i = at + 2;
      continue;
    }
    if (e === "c") {
      if (inColor) return { ok: false, reason: "nested colour" };
      color = text.slice(at + 2, at + 10);
      if (!HEX8.test(color)) return { ok: false, reason: "bad colour code" };
      inColor = true;
      i = at + 10;
      if (text.startsWith("|H", i)) {
        const r = readLink(text, i, color, c);
        if (typeof r === "string") return { ok: false, reason: r };
        links++;
        i = r;
        if (!text.startsWith("|r", i)) return { ok: false, reason: "link not closed with |r" };
        inColor = false;
        i += 2;
      }
      continue;
    }
    if (e === "r") {
      if (!inColor) return { ok: false, reason: "|r without |c" };
      inColor = false;
      i = at + 2;
      continue;
    }
    return { ok: false, reason: e === "H" || e === "h" ? "link outside a colour code" : "bad escape" };
  }
  if (inColor) return { ok: false, reason: "colour not closed" };
  return { ok: true, links };
}

/** Reads `|H<type>:<data>|h[<name>]|h` at `at`; the index after it, or the reason. */
function readLink(text: string, at: number, color: string, c: LinkContext): number | string {
  const dataEnd = text.indexOf("|h", at + 2);
  if (dataEnd < 0) return "link data not closed";
  const data = text.slice(at + 2, dataEnd);
  if (data.includes("|")) return "bad link data";
  const [type, ...fields] = data.split(":");
  const check = CHECKS[type ?? ""];
  if (!check) return `unknown link type ${JSON.stringify(type)}`;
  if (text[dataEnd + 2] !== "[") return "link name missing";
  const nameEnd = text.indexOf("]|h", dataEnd + 3);
  if (nameEnd < 0) return "link name not closed";
  const name = text.slice(dataEnd + 3, nameEnd);
  if (name.length === 0 || name.includes("|") || name.includes("[") || name.includes("]")) return "bad link name";
  const why = check(fields, color, name, c);
  return why ?? nameEnd + 3;
}
