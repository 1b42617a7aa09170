// Command-line parsing shared by chat, console, ctl and the admin console.

/** Is this chat text a GM command (protocol.md §2.14.1)? `.x` or `!x`; not `.`/`..`/`. x`. */
export function isCommandText(text: string): boolean {
  if (text.length < 2) return false;
  const p = text[0];
  if (p !== "." && p !== "!") return false;
  const c = text[1]!;
  return c !== "." && c !== "!" && c !== " ";
}

/** Splits a command line into words; "double quotes" group words, \" escapes a quote. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "\\" && line[i + 1] === '"') {
      cur += '"';
      i++;
      has = true;
    } else if (ch === '"') {
      quoted = !quoted;
      has = true;
    } else if (!quoted && /\s/.test(ch)) {
      if (has) out.push(cur);
      cur = "";
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** The line without its `.`/`!` prefix. */
export function stripPrefix(line: string): string {
  const t = line.trim();
  return t.startsWith(".") || t.startsWith("!") ? t.slice(1) : t;
}
