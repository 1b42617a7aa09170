// What the core GM commands act on. The composition root fills this in; every piece is
// a port, so the same commands work in embedded and cluster mode.
import type { SessionOps, WorldOps } from "../../api/plugin.ts";
import type { Clock } from "../../kernel/clock.ts";
import type { AccountOps, BanOps, CharacterOps } from "../../ops/types.ts";
import type { PluginRecord } from "../../kernel/plugins/host.ts";
import type { CommandRegistry } from "../registry.ts";

/** A world host as the orchestrator sees it. */
export type WorldHostSummary = { host: string; players: number; instances: number; tickP99: number; draining: boolean };

/** One process's answer to `.plugin reload|enable|disable`. */
export type PluginAnswer = { node: string; op: string; name: string; ok: boolean; ms?: number; message?: string };

export interface CoreCommandDeps {
  registry: CommandRegistry;
  realmId: number;
  realmName: string;
  version: string;
  startedAt: number;
  clock: Clock;
  accounts: AccountOps;
  bans: BanOps;
  characters: CharacterOps;
  sessions: SessionOps;
  world: WorldOps;
  motd: { get(): Promise<string>; set(text: string): Promise<void> };
  lifecycle: {
    /** Announces a countdown and stops the realm (exit code 2 = restart). */
    schedule(kind: "shutdown" | "restart", delayS: number, exitCode: number, by: string): Promise<void>;
    cancel(by: string): Promise<boolean>;
  };
  plugins: {
    list(): PluginRecord[];
    everywhere(op: "reload" | "enable" | "disable", name: string): Promise<PluginAnswer[]>;
  };
  /** The realm's world hosts, through the orchestrator leader (`.server hosts`, `.server drain`). */
  cluster: {
    hosts(): Promise<WorldHostSummary[]>;
    /** Moves every player off `host` and places nothing new there (off: takes players again). */
    drain(host: string, off: boolean): Promise<{ ok: boolean; moved: number; failed: number; message?: string }>;
  };
  /** Extra lines for `.server info` (sessions per state, tick times...). */
  info(): Promise<string[]>;
}
