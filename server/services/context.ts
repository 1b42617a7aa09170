// Builds the PluginContext a plugin's setup receives. Every registration goes through
// the generation handle, so the host owns it: table entries (opcode handlers, hooks,
// commands, web routes) swap atomically on reload, and timers and subscriptions start
// at the swap and stop when the generation is disposed.
import type { HookDef, HookHandler } from "../api/hooks.ts";
import type { BusOps, CacheOps, CommandDef, Disposer, OpcodeHandler, PluginContext, SessionOps, WebRoute, WorldOps } from "../api/plugin.ts";
import type { AccountOps, BanOps, CharacterOps } from "../ops/types.ts";
import type { Bus } from "../bus/port.ts";
import type { Clock } from "../kernel/clock.ts";
import type { Logger } from "../kernel/logger.ts";
import type { GenerationHandle, PluginHost } from "../kernel/plugins/host.ts";
import type { MessageDef } from "../protocol/message.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { AccountDataStore, PluginDataStore } from "../storage/ports.ts";
import { COMMAND_TABLE, normalizeName } from "../commands/registry.ts";
import { HOOK_TABLE, type HookDispatcher } from "./hooks.ts";
import type { Content } from "../content/content.ts";

export const OPCODE_TABLE = "opcode";
export const WEB_PAGE_TABLE = "web.page";
export const WEB_API_TABLE = "web.api";

export interface OpcodeEntry {
  def: MessageDef<unknown>;
  handler: OpcodeHandler<unknown>;
}

export interface PluginEnv {
  realmId: number;
  realm: { id: number; name: string; type: number; flags: number };
  content: Content;
  roles: readonly string[];
  clock: Clock;
  log: Logger;
  bus: Bus;
  cache: Cache;
  pluginData: PluginDataStore;
  accountData: AccountDataStore;
  accounts: AccountOps;
  bans: BanOps;
  characters: CharacterOps;
  sessions: SessionOps;
  world: WorldOps;
  hooks: HookDispatcher;
  notifyAdmins(text: string): void;
}

export function makePluginContext(h: GenerationHandle, env: PluginEnv, host: () => PluginHost): PluginContext {
  const plugin = h.plugin;
  const log = env.log.child({ plugin, generation: h.generation });
  const guard = (where: string, fn: () => void) => () => {
    try {
      fn();
    } catch (e) {
      host().fault(plugin, where, undefined, e);
    }
  };
  const realmSubject = (s: string) => `r${env.realmId}.${s}`;

  const timers = {
    setTimeout(fn: () => void, ms: number): Disposer {
      // a fired one-shot timer leaves the scope, so per-event timers do not pile up
      const run = guard("timer", fn);
      const dispose: Disposer = h.defer(() => {
        const t = setTimeout(() => {
          dispose();
          run();
        }, ms);
        return () => clearTimeout(t);
      });
      return dispose;
    },
    setInterval(fn: () => void, ms: number): Disposer {
      return h.defer(() => {
        const t = setInterval(guard("timer", fn), ms);
        return () => clearInterval(t);
      });
    },
  };

  const bus: BusOps = {
    publish: (subject, data) => env.bus.publish(realmSubject(subject), data),
    subscribe(subject, handler, opts) {
      return h.defer(() => {
        const sub = env.bus.subscribe(
          realmSubject(subject),
          (m) => {
            try {
              handler(m.data, m.reply ? (d) => env.bus.respond(m, d) : undefined);
            } catch (e) {
              host().fault(plugin, `bus ${subject}`, undefined, e);
            }
          },
          opts,
        );
        return () => sub.unsubscribe();
      });
    },
    request: async (subject, data, timeoutMs) => (await env.bus.request(realmSubject(subject), data, { timeoutMs })).data,
  };

  const cachePrefix = `plugin:${plugin}:`;
  const cache: CacheOps = {
    get: (k) => env.cache.get(cachePrefix + k),
    set: (k, v, ttl) => env.cache.set(cachePrefix + k, v, ttl),
    del: (k) => env.cache.del(cachePrefix + k),
    incr: (k, by, ttl) => env.cache.incr(cachePrefix + k, by, ttl),
  };

  const webRoute = (table: string) => (route: WebRoute) => h.register(table, `${plugin} ${route.method} ${route.path}`, { ...route, plugin });

  return {
    name: plugin,
    version: h.version,
    config: h.config as Record<string, unknown>,
    log,
    realmId: env.realmId,
    realm: env.realm,
    content: env.content,
    roles: env.roles,
    restored: h.restored,
    now: () => env.clock.now(),
    onOpcode<T>(def: MessageDef<T>, handler: OpcodeHandler<T>): Disposer {
      return h.register(OPCODE_TABLE, String(def.opcode), { def, handler } as OpcodeEntry);
    },
    hooks: {
      on<H extends HookDef<any, any, any>>(hook: H, handler: HookHandler<H>): Disposer {
        return h.register(HOOK_TABLE, hook.name, handler);
      },
      run: ((hook: HookDef<any, any, any>, ...args: unknown[]) => env.hooks.run(hook, ...(args as never[]))) as PluginContext["hooks"]["run"],
    },
    commands: {
      register(def: CommandDef): Disposer {
        return h.register(COMMAND_TABLE, normalizeName(def.name), { ...def, name: normalizeName(def.name) });
      },
    },
    timers,
    bus,
    data: {
      get: (k) => env.pluginData.get(plugin, k),
      put: (k, v) => env.pluginData.put(plugin, k, v),
      delete: (k) => env.pluginData.delete(plugin, k),
      list: (prefix) => env.pluginData.list(plugin, prefix),
    },
    cache,
    accounts: env.accounts,
    characters: env.characters,
    bans: env.bans,
    accountData: env.accountData,
    sessions: env.sessions,
    world: env.world,
    web: { page: webRoute(WEB_PAGE_TABLE), api: webRoute(WEB_API_TABLE) },
    onDispose: (fn) => h.scope.add(fn),
    notifyAdmins: (text) => env.notifyAdmins(`[${plugin}] ${text}`),
  };
}
