// Hooks: named extension points with a declared dispatch kind. What a plugin subscribes
// to (ctx.hooks.on) is exactly what it implements: there is no second list to drift.
//
//   notify     every handler runs; results ignored
//   veto       every handler runs until one returns false; the result is "allowed"
//   transform  handlers run in registration order, each receives the previous value
//              and returns the next one (undefined = unchanged)
//   first      handlers run in order until one returns something other than undefined
//
// Hooks that fire on the world tick are synchronous: a handler must not return a
// Promise (the type forbids it), and a throwing handler is contained by the host.

export type HookKind = "notify" | "veto" | "transform" | "first";

export interface HookDef<A extends unknown[], R, K extends HookKind = HookKind> {
  readonly name: string;
  readonly kind: K;
  readonly doc: string;
  /** type carrier only */
  readonly _t?: (...a: A) => R;
}

type NotPromise<T> = T extends Promise<unknown> ? never : T;

/** The handler a plugin registers for a hook, by dispatch kind. */
export type HookHandler<H> =
  H extends HookDef<infer A, infer R, "transform">
    ? (...a: A) => NotPromise<R> | undefined
    : H extends HookDef<infer A, infer R, "first">
      ? (...a: A) => NotPromise<R> | undefined
      : H extends HookDef<infer A, boolean, "veto">
        ? (...a: A) => boolean | void
        : H extends HookDef<infer A, void, "notify">
          ? (...a: A) => void
          : never;

/** What dispatching a hook returns. */
export type HookResult<H> = H extends HookDef<any, infer R, any> ? R : never;

/** Runs hooks by their declared kind (implemented by the plugin runtime). */
export interface HookRunner {
  run<H extends HookDef<any, any, any>>(hook: H, ...args: H extends HookDef<infer A, any, any> ? A : never): HookResult<H>;
  /** Has any plugin a handler for this hook? (hot paths skip building the arguments) */
  has(hook: HookDef<any, any, any>): boolean;
}

/** Hook constructors, one per dispatch kind. */
export const hook = {
  notify: <A extends unknown[]>(name: string, doc = ""): HookDef<A, void, "notify"> => Object.freeze({ name, kind: "notify", doc }),
  veto: <A extends unknown[]>(name: string, doc = ""): HookDef<A, boolean, "veto"> => Object.freeze({ name, kind: "veto", doc }),
  /** The first argument is the value being transformed; the rest is context. */
  transform: <V, X extends unknown[] = []>(name: string, doc = ""): HookDef<[V, ...X], V, "transform"> => Object.freeze({ name, kind: "transform", doc }),
  first: <A extends unknown[], R>(name: string, doc = ""): HookDef<A, R, "first"> => Object.freeze({ name, kind: "first", doc }),
};

// ------------------------------------------------------------------ core hooks
// Plugins may declare their own hooks (e.g. the social plugin's guild delivery hooks)
// with hook.notify / hook.veto / hook.transform / hook.first and export them.

/** A player as hooks see it. */
export interface PlayerInfo {
  guid: number;
  name: string;
  accountId: number;
  race: number;
  class: number;
  gender: number;
  level: number;
  map: number;
  zone: number;
  gmLevel: number;
}

export interface CharacterCreateInfo {
  accountId: number;
  realmId: number;
  name: string;
  race: number;
  class: number;
  gender: number;
}

export interface ChatEvent {
  sender: PlayerInfo;
  /** chat type (protocol.md §2.14) */
  type: number;
  language: number;
  /** whisper target or channel name */
  target: string;
  text: string;
}

export const CoreHooks = {
  /** The player entered the world (after the login burst). Fires on the world host. */
  playerLogin: hook.notify<[PlayerInfo]>("player.login", "a character entered the world"),
  /**
   * A new connection took over a character that was still in the world (reconnect within
   * the grace period, or a second login). No login/logout fires for it. Fires on the world host.
   */
  playerReconnect: hook.notify<[PlayerInfo]>("player.reconnect", "a new connection took over a character still in the world"),
  /** The player left the world (logout, disconnect after grace). Fires on the world host. */
  playerLogout: hook.notify<[PlayerInfo]>("player.logout", "a character left the world"),
  /** May a character be created? Fires in the character service before anything is written. */
  canCreateCharacter: hook.veto<[CharacterCreateInfo]>("character.canCreate", "refuse a character creation (CHAR_CREATE_DISABLED)"),
  /** A character was created. */
  characterCreated: hook.notify<[CharacterCreateInfo & { guid: number }]>("character.created"),
  /** Rewrite or drop (return text "") a chat message before delivery. Fires in the chat service. */
  chatMessage: hook.transform<ChatEvent>("chat.message", "rewrite a chat message; empty text drops it"),
  /** May this player move to (x, y, z)? Fires on the world tick for every accepted movement packet. */
  canMove: hook.veto<[PlayerInfo, number, number, number]>("world.canMove"),
  /** Extra lines for `.server info`. */
  serverInfo: hook.transform<string[]>("server.info"),
} as const;

// ------------------------------------------------------------------ social hooks
// Declared here (not in plugins/social) so the guild plugin can implement them while
// importing only server/api. The social plugin dispatches them.

/** A GUILD or OFFICER chat line the social plugin accepted (mute, flood, language, links checked). */
export interface GuildChatEvent {
  sender: PlayerInfo & { guildId: number };
  /** ChatMsg.GUILD (0x04) or ChatMsg.OFFICER (0x05) */
  type: number;
  language: number;
  text: string;
  /** chat tag bits of the sender (AFK/DND/GM) */
  chatTag: number;
  /** members who ignore the sender: do not deliver to them */
  ignoredBy: readonly number[];
}

export const SocialHooks = {
  /**
   * Deliver a guild or officer chat line. Return true when handled (delivered or refused
   * with the guild's own error); undefined leaves it to the social plugin, which tells the
   * sender they are not in a guild.
   */
  guildChat: hook.first<[GuildChatEvent], boolean>("social.guildChat", "deliver GUILD/OFFICER chat (the guild plugin)"),
  /** The name of a guild id for /who (name and guild filters); undefined = unknown. */
  guildName: hook.first<[number], string>("social.guildName", "guild id -> guild name for /who"),
} as const;
