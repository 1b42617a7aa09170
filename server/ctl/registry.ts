// The operator CLI's command table. Each file in server/ctl/commands/ (tests excluded)
// default-exports an array of CtlCommand; adding a subcommand is adding one file there.
// A command line is matched against command names word by word, longest name first
// ("account create" before "account").
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { RealmError } from "../kernel/errors.ts";
import type { CtlEnv } from "./env.ts";

export interface CtlCommand {
  /** The words that select it, e.g. "account create". */
  name: string;
  /** One line: the name and its arguments, e.g. "account create NAME PASSWORD [--email E] [--gm LEVEL]". */
  usage: string;
  /** What it does, in a few words. */
  summary: string;
  /** Runs with the words after the name. Returns the exit code (default 0); throws RealmError on bad input. */
  run(args: string[], env: CtlEnv): Promise<number | void>;
}

/** Identity helper that checks the shape of a command file's export. */
export function defineCommands(...commands: CtlCommand[]): CtlCommand[] {
  return commands;
}

export const COMMANDS_DIR = join(import.meta.dir, "commands");

/** Loads every command file (sorted by file name); duplicate names are an error. */
export async function loadCommands(dir = COMMANDS_DIR): Promise<CtlCommand[]> {
  const out: CtlCommand[] = [];
  const seen = new Set<string>();
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".ts") || f.endsWith(".test.ts") || f.endsWith(".d.ts")) continue;
    const mod = (await import(join(dir, f))) as { default?: CtlCommand[] };
    if (!Array.isArray(mod.default)) throw new Error(`server/ctl/commands/${f} must default-export an array of commands (defineCommands(...))`);
    for (const c of mod.default) {
      if (seen.has(c.name)) throw new Error(`ctl command "${c.name}" is defined twice (in ${f})`);
      seen.add(c.name);
      out.push(c);
    }
  }
  return out;
}

/** The command whose name is the longest prefix of `words`, and the words after it. */
export function findCommand(commands: readonly CtlCommand[], words: readonly string[]): { command: CtlCommand; args: string[] } | undefined {
  let best: CtlCommand | undefined;
  let bestLength = 0;
  for (const c of commands) {
    const parts = c.name.split(" ");
    if (parts.length <= bestLength || parts.length > words.length) continue;
    if (parts.every((p, i) => p === words[i])) {
      best = c;
      bestLength = parts.length;
    }
  }
  return best ? { command: best, args: words.slice(bestLength) } : undefined;
}

/** Usage text: every command, or those starting with `group`. */
export function usageText(commands: readonly CtlCommand[], group?: string): string {
  const shown = commands.filter((c) => !group || c.name === group || c.name.startsWith(`${group} `));
  const list = shown.length ? shown : commands;
  return ["usage: npm run ctl -- <command>", "", ...list.map((c) => `  ${c.usage}\n      ${c.summary}`)].join("\n");
}

/** The required positional arguments named in a usage line ("NAME PASSWORD"). */
export function requiredArgs(command: CtlCommand): string[] {
  const words = command.usage.split(/\s+/).slice(command.name.split(" ").length);
  const out: string[] = [];
  for (const w of words) {
    if (w.startsWith("[") || w.startsWith("-")) break;
    out.push(w);
  }
  return out;
}

/** A usage error naming the problem and the command's usage line. */
export function usageError(command: CtlCommand, problem: string): RealmError {
  return new RealmError("CMD_USAGE", `${problem}\nusage: npm run ctl -- ${command.usage}`);
}
