// The plugin host's vocabulary: what a plugin module exports, what the host records per
// plugin, the named dispatch tables, and the handle the context factory receives for one
// generation of one plugin.
import type { Clock } from "../clock.ts";
import type { ErrorCode } from "../errors.ts";
import type { Logger } from "../logger.ts";
import type { Node } from "../schema.ts";
import type { Scope } from "../scope.ts";

/** What a plugin module must export (server/api's definePlugin produces it). */
export interface PluginModule {
  name: string;
  version: string;
  requires?: Record<string, string>;
  description?: string;
  config?: Node<unknown>;
  setup(ctx: never): unknown;
}

export interface PluginInstanceLike {
  health?(): boolean | Promise<boolean>;
  snapshot?(): unknown;
}

export interface TableEntry<V = unknown> {
  plugin: string;
  key: string;
  value: V;
}

export type Tables = ReadonlyMap<string, ReadonlyMap<string, readonly TableEntry[]>>;

export interface TableOptions {
  /** Only one plugin may hold a key (opcode handlers, command names, web routes). */
  unique?: boolean;
  /** Keys no plugin may take (e.g. core command names); returns who owns it. */
  reserved?(key: string): string | undefined;
}

/** What the context factory gets for one generation of one plugin. */
export interface GenerationHandle {
  readonly plugin: string;
  readonly version: string;
  readonly generation: number;
  readonly config: unknown;
  readonly restored: unknown;
  readonly scope: Scope;
  /** Adds a table entry (live at once if this generation is active, else at the swap). */
  register(table: string, key: string, value: unknown): () => void;
  /** Runs `start` when the generation becomes active (timers, subscriptions); its disposer runs on unload. */
  defer(start: () => (() => void) | void): () => void;
}

/**
 * active: serving. disabled: not loaded (config or operator). failed: the last load
 * failed and no generation serves. faulted: disabled for repeated faults.
 */
export type PluginState = "active" | "disabled" | "failed" | "faulted";

export interface PluginRecord {
  name: string;
  dir: string;
  entry: string;
  state: PluginState;
  version: string;
  description: string;
  requires: Record<string, string>;
  generation: number;
  loadedAt: number;
  reloads: number;
  lastError: { code: ErrorCode | "PLUGIN_FAULT"; message: string; at: number } | undefined;
  errors: { at: number; where: string; message: string }[];
}

export interface PluginHostOptions {
  dirs: string[];
  log: Logger;
  clock: Clock;
  disabled?: string[];
  faultThreshold?: number;
  faultWindowMs?: number;
  /** Settings per plugin name (checked against each plugin's schema). */
  settings?: Record<string, unknown>;
  /** Builds the plugin-facing context for one generation. */
  makeContext(h: GenerationHandle): unknown;
  /** Told when a plugin is disabled for faults, or fails to load. */
  notifyAdmins?(text: string): void;
  /** Called after every table swap. */
  onSwap?(tables: Tables): void;
  /** Time allowed for setup, and again for the health check. */
  setupTimeoutMs?: number;
}

export interface ReloadResult {
  ok: boolean;
  plugin: string;
  ms: number;
  generation: number;
  error?: { code: string; message: string };
}
