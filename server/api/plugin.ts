// The plugin surface: definePlugin() and the context every plugin receives. Plugins and
// mods import only server/api; all runtime power reaches them through this context.
// Every registration returns a disposer, and the host keeps each one in the plugin's
// scope, so unloading a plugin (or reloading it) undoes everything it registered.
import type { Logger } from "../kernel/logger.ts";
import type { Node, ObjectNode } from "../kernel/schema.ts";
import type { MessageDef } from "../protocol/message.ts";
import type { AccountDataStore, AccountRow, CharacterRow, PluginDataStore } from "../storage/ports.ts";
import type { HookDef, HookHandler, HookResult } from "./hooks.ts";
import type { AccountOps, BanOps, CharacterOps, OnlinePlayer } from "./ops.ts";
import type { WorldLocation } from "../bus/world-requests.ts";
import type { Content } from "../content/content.ts";

export type Disposer = () => void;

/** The client session a packet came from, as the gateway vouches for it. */
export interface SessionHandle {
  readonly gatewayId: number;
  readonly sessionId: number;
  readonly accountId: number;
  readonly gmLevel: number;
  /** 0 at the character screen */
  readonly characterGuid: number;
  /** Sends one message to this session's client. */
  send<T>(def: MessageDef<T>, value: T): void;
  /** Sends an already encoded body. */
  sendRaw(opcode: number, body: Uint8Array): void;
  /** Closes the client's connection. */
  kick(reason: string): void;
}

export type OpcodeHandler<T> = (session: SessionHandle, msg: T) => void | Promise<void>;

/** Who runs a command and where replies go. */
export interface CommandInvoker {
  kind: "player" | "console" | "ctl" | "web" | "system";
  /** security level: 0 player, 1 moderator, 2 game master, 3 administrator, 4 console */
  level: number;
  /** for audit: "account:NAME", "console", ... */
  actor: string;
  accountId: number;
  /** the in-game session, when a player typed it */
  session?: SessionHandle;
  characterGuid?: number;
  characterName?: string;
  ip?: string;
  reply(line: string): void;
}

export interface CommandDef {
  /** Space-separated path, e.g. "server info" or "hello". */
  name: string;
  /** minimum security level */
  level: number;
  usage?: string;
  help: string;
  /** Console-only commands refuse in game. */
  consoleOnly?: boolean;
  /** Audit every use (default: level > 0). */
  audit?: boolean;
  /** What the audit row names as the target (a character, account, IP...); default none. */
  target?(args: string[]): string | undefined;
  run(inv: CommandInvoker, args: string[], line: string): void | Promise<void>;
}

/** Operations on the world, wherever the player's instance runs (bus requests). */
export interface WorldOps {
  teleport(guid: number, to: WorldLocation): Promise<boolean>;
  /**
   * Sends a packet to every player within `range` yards of the character (and optionally
   * itself), except the characters in `exclude` (e.g. listeners who ignore the speaker).
   */
  sendNear(guid: number, range: number, opcode: number, body: Uint8Array, opts?: { includeSelf?: boolean; exclude?: readonly number[] }): Promise<void>;
  /** Saves every character in the world; returns how many. */
  saveAll(): Promise<number>;
  /** Teleport locations from content (`.tele`). */
  teleportLocation(name: string): WorldLocation | undefined;
  /** A GM action on the creature the character has selected; undefined when none is selected. */
  npc(guid: number, action: "kill" | "info"): Promise<NpcInfo | undefined>;
  /** Orders a new run speed (yards/s); it applies when the client acknowledges. */
  setRunSpeed(guid: number, speed: number): Promise<boolean>;
  /** Where a character is right now (its world host answers); undefined when not in the world. */
  locate(guid: number): Promise<WorldPosition | undefined>;
}

export interface NpcInfo {
  guid: string;
  entry: number;
  name: string;
  level: number;
  alive: boolean;
  x: number;
  y: number;
  z: number;
  spawnId: number;
  wanderRadius: number;
  /** ms timestamp of the respawn (0 while alive) */
  respawnAt: number;
  respawnMs: number;
}

export interface WorldPosition {
  map: number;
  mapName: string;
  zone: number;
  instanceId: number;
  x: number;
  y: number;
  z: number;
  o: number;
  host: string;
  /** the character's unit fields (party frames) */
  health?: number;
  maxHealth?: number;
  /** 0 mana, 1 rage, 3 energy, 6 runic power */
  powerType?: number;
  power?: number;
  maxPower?: number;
}

export interface SessionOps {
  /** Presence lookups (cluster-wide). */
  online(): Promise<OnlinePlayer[]>;
  byName(name: string): Promise<OnlinePlayer | undefined>;
  byGuid(guid: number): Promise<OnlinePlayer | undefined>;
  /** Sends to a player's session wherever it is connected. */
  sendTo(player: Pick<OnlinePlayer, "gatewayId" | "sessionId">, opcode: number, body: Uint8Array): void;
  send<T>(player: Pick<OnlinePlayer, "gatewayId" | "sessionId">, def: MessageDef<T>, value: T): void;
  /** Every in-world session (announcements). */
  broadcast(opcode: number, body: Uint8Array, filter?: (p: OnlinePlayer) => boolean): Promise<void>;
  kick(player: Pick<OnlinePlayer, "gatewayId" | "sessionId">, reason: string): void;
  /** Kicks every session of an account (bans). */
  kickAccount(accountId: number, reason: string): Promise<void>;
  /** Updates fields of this player's presence entry (AFK/DND, guild...). */
  setPresence(guid: number, patch: Partial<OnlinePlayer>): Promise<void>;
  /**
   * Records the character's group (0 = none) where the orchestrator looks for it: dungeon
   * instances are keyed by group (ARCHITECTURE.md, `group-of:<guid>`).
   */
  setGroup(guid: number, groupId: number): Promise<void>;
}

export interface TimerOps {
  setTimeout(fn: () => void, ms: number): Disposer;
  setInterval(fn: () => void, ms: number): Disposer;
}

export interface BusOps {
  /** Realm-relative subjects (the host adds the realm and cluster prefixes). */
  publish(subject: string, data: Uint8Array): void;
  subscribe(subject: string, handler: (data: Uint8Array, reply?: (data: Uint8Array) => void) => void, opts?: { queue?: string }): Disposer;
  request(subject: string, data: Uint8Array, timeoutMs?: number): Promise<Uint8Array>;
}

export interface CacheOps {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(key: string): Promise<boolean>;
  incr(key: string, by?: number, ttlMs?: number): Promise<number>;
}

/** A page or API route for the admin portal, rendered by the web plane. */
export interface WebRoute {
  method: "GET" | "POST";
  /** relative to /admin/plugins/<plugin>/ (pages) or /api/v1/plugins/<plugin>/ (api) */
  path: string;
  /** minimum GM level (default 3) */
  level?: number;
  title?: string;
  handler(req: { params: Record<string, string>; query: Record<string, string>; body: unknown; accountId: number; gmLevel: number }): unknown | Promise<unknown>;
}

export interface PluginContext<C = Record<string, unknown>> {
  readonly name: string;
  readonly version: string;
  /** This plugin's settings, checked against its schema, with defaults. */
  readonly config: C;
  readonly log: Logger;
  readonly realmId: number;
  /** The realm as the realm list shows it. */
  readonly realm: { id: number; name: string; type: number; flags: number };
  /** Static game data (items, creatures, start outfits, teleports, maps). */
  readonly content: Content;
  /** Roles this process runs ("services", "world", ...). Opcode handlers only run where "services" is. */
  readonly roles: readonly string[];
  /** Milliseconds since the epoch, from the realm's clock (tests move it). */
  now(): number;

  /** Handle a client message. One plugin owns each opcode. */
  onOpcode<T>(def: MessageDef<T>, handler: OpcodeHandler<T>): Disposer;
  readonly hooks: {
    on<H extends HookDef<any, any, any>>(hook: H, handler: HookHandler<H>): Disposer;
    /** Dispatches a hook (e.g. one this plugin declared for others). */
    run<H extends HookDef<any, any, any>>(hook: H, ...args: H extends HookDef<infer A, any, any> ? A : never): HookResult<H>;
  };
  readonly commands: { register(def: CommandDef): Disposer };
  readonly timers: TimerOps;
  readonly bus: BusOps;
  /** JSON documents owned by this plugin (persisted in the store). */
  readonly data: {
    get<T = unknown>(key: string): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
    delete(key: string): Promise<boolean>;
    list<T = unknown>(prefix?: string): Promise<{ key: string; value: T }[]>;
  };
  /** Short-lived shared state, namespaced to this plugin. */
  readonly cache: CacheOps;
  readonly accounts: AccountOps;
  readonly characters: CharacterOps;
  readonly bans: BanOps;
  /** The client's saved UI data (macros, bindings, layout), per account and character. */
  readonly accountData: AccountDataStore;
  readonly sessions: SessionOps;
  readonly world: WorldOps;
  readonly web: { page(route: WebRoute): Disposer; api(route: WebRoute): Disposer };
  /** Registers any other cleanup with the plugin's scope. */
  onDispose(fn: () => void | Promise<void>): Disposer;
  /** Tells the admins (log + audit + in-game GMs). */
  notifyAdmins(text: string): void;
  /** What the previous generation's snapshot() returned (undefined on first load). */
  readonly restored: unknown;
}

export interface PluginDefinition<S extends ObjectNode<Record<string, Node<unknown>>> | undefined = undefined> {
  name: string;
  version: string;
  /** name -> version range ("^1.2.0", "~1.2", ">=1.0.0", "1.2.3", "*") */
  requires?: Record<string, string>;
  description?: string;
  /** Settings schema (use `s` from server/api); defaults apply when the operator sets nothing. */
  config?: S;
  /**
   * Registers everything through `ctx`. May return an instance with a health check (run
   * before the swap; false or a throw keeps the previous generation serving) and a
   * snapshot (state handed to the next generation as `ctx.restored` on reload).
   */
  setup(ctx: PluginContext<S extends ObjectNode<Record<string, Node<unknown>>> ? ReturnType<S["defaultValue"]> : Record<string, unknown>>): void | PluginInstance | Promise<void | PluginInstance>;
}

export interface PluginInstance {
  health?(): boolean | Promise<boolean>;
  snapshot?(): unknown;
}

export function definePlugin<S extends ObjectNode<Record<string, Node<unknown>>> | undefined = undefined>(def: PluginDefinition<S>): PluginDefinition<S> {
  if (!def.name || !/^[a-z0-9][a-z0-9-]*$/.test(def.name)) throw new Error(`plugin name ${JSON.stringify(def.name)} must be lower-case letters, digits and '-'`);
  if (!/^\d+\.\d+\.\d+/.test(def.version)) throw new Error(`plugin ${def.name}: version ${JSON.stringify(def.version)} is not semver`);
  return Object.freeze({ ...def, __realmPlugin: true }) as PluginDefinition<S>;
}

export type { AccountDataStore, AccountRow, CharacterRow, PluginDataStore, OnlinePlayer, WorldLocation };
