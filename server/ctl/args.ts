// Argument helpers for ctl commands: flags through util.parseArgs, with every problem
// turned into a usage error that names it.
import { parseArgs } from "node:util";
import type { CtlCommand } from "./registry.ts";
import { requiredArgs, usageError } from "./registry.ts";

export interface Parsed {
  positionals: string[];
  flags: Record<string, string | undefined>;
  /** boolean switches given (`--off`) */
  switches: Set<string>;
}

/**
 * Splits `args` into positionals and string flags (`--name value` or `--name=value`).
 * `min`/`max` bound the positionals (max Infinity for "REASON..." tails).
 */
export function parseCommandArgs(command: CtlCommand, args: string[], o: { flags?: string[]; switches?: string[]; min?: number; max?: number } = {}): Parsed {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const f of o.flags ?? []) options[f] = { type: "string" };
  for (const f of o.switches ?? []) options[f] = { type: "boolean" };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as never;
  } catch (e) {
    throw usageError(command, (e as Error).message.split(". ")[0]!.replace(/^Unknown option/, "unknown option"));
  }
  const min = o.min ?? 0;
  const max = o.max ?? min;
  const n = parsed.positionals.length;
  if (n < min) {
    const names = requiredArgs(command).slice(n, min);
    throw usageError(command, names.length ? `missing ${names.join(" ")}` : `missing argument${min - n > 1 ? "s" : ""}`);
  }
  if (n > max) throw usageError(command, `too many arguments (unexpected "${parsed.positionals[max]}")`);
  const flags: Record<string, string | undefined> = {};
  const switches = new Set<string>();
  for (const [k, v] of Object.entries(parsed.values)) {
    if (typeof v === "boolean") {
      if (v) switches.add(k);
    } else flags[k] = v as string | undefined;
  }
  return { positionals: parsed.positionals, flags, switches };
}

/** A whole number in [min, max], written in decimal or 0x hex. */
export function parseIntArg(command: CtlCommand, what: string, text: string, min: number, max: number): number {
  const t = text.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(command, `${what} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}
