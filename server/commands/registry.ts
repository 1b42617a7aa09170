// One command registry for in-game dot-commands (at the account's GM level), the
// server console (level 4), `npm run ctl -- run "<command>"` and the admin console.
// Core commands register here directly; plugin commands arrive through the plugin
// host's "command" table, so a plugin reload swaps them with everything else.
import type { CommandDef, CommandInvoker } from "../api/plugin.ts";
import { describeError, RealmError } from "../kernel/errors.ts";
import type { Logger } from "../kernel/logger.ts";
import type { PluginHost } from "../kernel/plugins/host.ts";
import type { AuditLog } from "../ops/audit.ts";
import { stripPrefix, tokenize } from "./parse.ts";

export const COMMAND_TABLE = "command";
export const NO_SUCH_COMMAND = "There is no such command.";

export interface CommandOutcome {
  ok: boolean;
  code?: "CMD_UNKNOWN" | "CMD_DENIED" | "CMD_USAGE" | "CMD_FAILED";
  command?: string;
}

interface Found {
  def: CommandDef;
  owner: string;
  args: string[];
}

export class CommandRegistry {
  private core = new Map<string, CommandDef>();

  constructor(
    private o: { audit: AuditLog; log: Logger; plugins?: PluginHost },
  ) {}

  /** Registers a core command; returns its disposer. */
  register(def: CommandDef): () => void {
    const key = normalizeName(def.name);
    if (this.core.has(key)) throw new Error(`command ${key} is registered twice`);
    this.core.set(key, { ...def, name: key });
    return () => this.core.delete(key);
  }

  /** Is this a core command name (plugins may not take it)? */
  isCore(name: string): boolean {
    return this.core.has(normalizeName(name));
  }

  /** Every command the level may use, sorted by name, with its owner. */
  list(level = 4): (CommandDef & { owner: string })[] {
    const out: (CommandDef & { owner: string })[] = [];
    for (const d of this.core.values()) if (d.level <= level) out.push({ ...d, owner: "core" });
    const t = this.o.plugins?.tables.get(COMMAND_TABLE);
    if (t) for (const l of t.values()) for (const e of l) if ((e.value as CommandDef).level <= level) out.push({ ...(e.value as CommandDef), owner: e.plugin });
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  private lookup(name: string): { def: CommandDef; owner: string } | undefined {
    const d = this.core.get(name);
    if (d) return { def: d, owner: "core" };
    const e = this.o.plugins?.entries<CommandDef>(COMMAND_TABLE, name)[0];
    return e ? { def: e.value, owner: e.plugin } : undefined;
  }

  /** The longest registered command name at the start of the words. */
  find(words: string[]): Found | undefined {
    for (let n = Math.min(words.length, 4); n >= 1; n--) {
      const name = words.slice(0, n).join(" ").toLowerCase();
      const f = this.lookup(name);
      if (f) return { ...f, args: words.slice(n) };
    }
    return undefined;
  }

  /** Runs a command line (with or without the `.` prefix). Replies go to inv.reply. */
  async run(line: string, inv: CommandInvoker): Promise<CommandOutcome> {
    const text = stripPrefix(line);
    const words = tokenize(text);
    if (words.length === 0) return { ok: false, code: "CMD_UNKNOWN" };
    const f = this.find(words);
    if (!f) {
      inv.reply(NO_SUCH_COMMAND);
      return { ok: false, code: "CMD_UNKNOWN" };
    }
    const { def, owner, args } = f;
    if (inv.level < def.level || (def.consoleOnly && inv.kind === "player")) {
      // players are not told that a GM command exists (as the C++ cores do)
      inv.reply(inv.kind === "player" ? NO_SUCH_COMMAND : `You need security level ${def.level} for .${def.name} (you have ${inv.level}).`);
      if (def.level > 0) await this.o.audit.write(actorOf(inv), "command.denied", targetOf(def, args), { command: def.name, line: text, level: inv.level, character: inv.characterName });
      return { ok: false, code: "CMD_DENIED", command: def.name };
    }
    let outcome: CommandOutcome = { ok: true, command: def.name };
    try {
      await def.run(inv, args, text);
    } catch (e) {
      if (e instanceof RealmError && e.code === "CMD_USAGE") {
        inv.reply(e.message || `Usage: .${def.name} ${def.usage ?? ""}`.trim());
        outcome = { ok: false, code: "CMD_USAGE", command: def.name };
      } else if (e instanceof RealmError) {
        inv.reply(e.message);
        outcome = { ok: false, code: "CMD_FAILED", command: def.name };
      } else {
        inv.reply(`.${def.name} failed: ${describeError(e)}`);
        outcome = { ok: false, code: "CMD_FAILED", command: def.name };
        if (owner !== "core") this.o.plugins?.fault(owner, `command ${def.name}`, inv.actor, e);
        else this.o.log.error({ err: e, command: def.name }, "command failed");
      }
    }
    if (def.audit ?? def.level > 0) {
      await this.o.audit.write(actorOf(inv), "command", targetOf(def, args), { command: def.name, line: text, ok: outcome.ok, code: outcome.code, character: inv.characterName });
    }
    return outcome;
  }
}

/** Who the audit row names: the invoker's actor, account id and address. */
function actorOf(inv: CommandInvoker): { actor: string; actorAccountId: number; ip?: string } {
  return { actor: inv.actor, actorAccountId: inv.accountId, ip: inv.ip };
}

/** The audit row's target: what the command acts on, as the command declares it. */
function targetOf(def: CommandDef, args: string[]): string {
  try {
    return def.target?.(args) ?? "";
  } catch {
    return "";
  }
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().split(/\s+/).join(" ");
}

/** Throws the usage error a command shows when its arguments are wrong. */
export function usage(def: Pick<CommandDef, "name" | "usage">): never {
  throw new RealmError("CMD_USAGE", `Usage: .${def.name}${def.usage ? ` ${def.usage}` : ""}`);
}
