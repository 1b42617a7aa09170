// Builds the WebContext (server/api/web.ts) from a running realm: the shared operations,
// the command registry and plugin host when this process has them, the dashboard's live
// numbers, and the game login's lockout counters (server/auth/lockout.ts) so the web
// login throttles with the same counters as the login server.
import type { CommandInvoker } from "./api/plugin.ts";
import type { DashboardStats, PluginWebRoute, RealmStatus, WebContext, WorldHostInfo } from "./api/web.ts";
import { clearFailures, isLocked, lockoutPolicy, recordFailure, type LockoutContext } from "./auth/lockout.ts";
import { REALM_OFFLINE_AFTER_MS } from "./auth/realm-list.ts";
import { jsonBytes, parseJson } from "./bus/port.ts";
import type { WorldHeartbeat } from "./bus/world-requests.ts";
import { Subjects } from "./bus/subjects.ts";
import { describeError } from "./kernel/errors.ts";
import { encodeBody } from "./protocol/message.ts";
import { SMSG_MESSAGECHAT, systemMessage } from "./protocol/world/chat.ts";
import { VERSION, type Realm } from "./realm.ts";
import { WEB_API_TABLE, WEB_PAGE_TABLE } from "./services/context.ts";
import { RemoteAdmin } from "./services/admin.ts";
import { pluginsEverywhere } from "./services/runtime.ts";
import type { RealmRow } from "./storage/ports.ts";

const MAX_NOTICES = 20;

export function realmStatus(row: RealmRow, now: number): RealmStatus {
  const up = row.heartbeatAt > 0 && now - row.heartbeatAt <= REALM_OFFLINE_AFTER_MS;
  return { ...row, up, uptimeS: up && row.startedAt > 0 ? Math.max(0, Math.floor((now - row.startedAt) / 1000)) : 0 };
}

/** `set realmlist <this>`: the advertised host with the login server's port when it is not 3724. */
export function realmlistOf(realm: Realm): string {
  const host = realm.config.realm.address.split(":")[0] || "127.0.0.1";
  const port = realm.ports.auth || realm.config.auth.port;
  return port === 3724 ? host : `${host}:${port}`;
}

export function buildWebContext(realm: Realm): { context: WebContext; dispose(): void } {
  const c = realm.config;
  const clock = realm.clock;
  const lockout: LockoutContext = { cache: realm.cache, clock, policy: lockoutPolicy(c.auth.lockout) };
  const notices: { text: string; at: number }[] = [];
  const noticeSub = realm.bus.subscribe(Subjects.adminNotice(c.realm.id), (m) => {
    try {
      const n = parseJson<{ text: string; at?: number }>(m.data);
      notices.unshift({ text: String(n.text), at: n.at ?? clock.now() });
      notices.length = Math.min(notices.length, MAX_NOTICES);
    } catch {
      // a malformed notice is dropped
    }
  });
  const runtime = () => realm.runtime;
  // no plugin host here (a web-only process): commands and plugin lists go over the bus
  const remote = realm.runtime ? undefined : new RemoteAdmin(realm.bus, c.realm.id);
  remote?.start();

  async function worldHosts(): Promise<WorldHostInfo[]> {
    const mapName = (id: number) => realm.content.map(id)?.name ?? `map ${id}`;
    if (realm.worldHost) {
      const s = realm.worldHost.stats.snapshot();
      return [{ host: s.host, players: s.players, tickP50: s.tick.p50, tickP99: s.tick.p99, source: "local", instances: s.instances.map((i) => ({ ...i, mapName: mapName(i.map) })) }];
    }
    try {
      const m = await realm.bus.request(Subjects.orchestrator(c.realm.id, "instances"), jsonBytes({}), { timeoutMs: 2000 });
      const r = parseJson<{ hosts: WorldHeartbeat[] }>(m.data);
      return r.hosts.map((h) => ({ host: h.host, players: h.players, tickP99: h.tickP99, source: "heartbeat", instances: h.instances.map((i) => ({ ...i, mapName: mapName(i.map) })) }));
    } catch {
      return [];
    }
  }

  async function dashboard(): Promise<DashboardStats> {
    const gw = realm.gateway;
    const [online, world, store] = await Promise.all([
      realm.sessions.online(),
      worldHosts(),
      realm.store.ping().then(
        () => ({ dialect: realm.store.dialect, ok: true }),
        (e: unknown) => ({ dialect: realm.store.dialect, ok: false, error: describeError(e) }),
      ),
    ]);
    const mem = process.memoryUsage();
    const bus = realm.bus.stats();
    const now = clock.now();
    return {
      at: now,
      node: realm.nodeId,
      version: VERSION,
      uptimeS: Math.floor((now - realm.startedAt) / 1000),
      sessions: gw
        ? {
            source: "gateway",
            byState: gw.counts(),
            list: [...gw.sessions.values()].map((s) => ({ id: s.id, account: s.accountName, state: s.state, character: s.characterName, ip: s.ip, connectedAt: s.connectedAt })),
          }
        : { source: "presence", byState: { world: online.length }, list: [] },
      online,
      world,
      memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external },
      bus: { kind: realm.bus.kind, healthy: realm.bus.healthy, ...bus },
      cache: { kind: realm.cache.kind, healthy: realm.cache.healthy },
      store,
      notices: notices.slice(),
    };
  }

  const context: WebContext = {
    config: {
      host: c.web.host,
      port: c.web.port,
      adminRemote: c.web.adminRemote,
      jwtSecret: c.web.jwtSecret,
      sessionTtlS: c.web.sessionTtlS,
      registerPerIpPerHour: c.web.registerPerIpPerHour,
      get realmlist() {
        return realmlistOf(realm);
      },
    },
    realm: { id: c.realm.id, name: c.realm.name },
    version: VERSION,
    node: realm.nodeId,
    log: realm.log.child({ role: "web" }),
    clock,
    content: realm.content,
    accounts: realm.accounts,
    bans: realm.bans,
    characters: realm.characters,
    sessions: {
      online: () => realm.sessions.online(),
      byGuid: (guid) => realm.sessions.byGuid(guid),
      kick: (p, reason) => realm.sessions.kick(p, reason),
      kickAccount: (id, reason) => realm.sessions.kickAccount(id, reason),
    },
    world: {
      teleport: (guid, to) => realm.world.teleport(guid, to),
      teleportLocation: (name) => realm.world.teleportLocation(name),
      teleportNames: () => realm.content.teleportNames(),
    },
    commands: {
      get available() {
        return runtime() !== undefined || remote?.reachable === true;
      },
      async run(line, by) {
        const rt = runtime();
        if (!rt && remote) return remote.run(line, by);
        if (!rt) return { ok: false, code: "CMD_UNAVAILABLE", lines: ["This process hosts no command registry (run the web role with the services role)."] };
        const lines: string[] = [];
        const inv: CommandInvoker = { kind: "web", level: by.level, actor: by.actor, accountId: by.accountId, ip: by.ip, reply: (l) => void lines.push(l) };
        const out = await rt.commands.run(line, inv);
        return { ok: out.ok, code: out.code, lines };
      },
      list: (level) => (runtime()?.commands.list(level) ?? remote?.commands(level) ?? []).map((d) => ({ name: d.name, level: d.level, usage: d.usage, help: d.help })),
    },
    plugins: {
      get available() {
        return runtime() !== undefined || remote?.reachable === true;
      },
      list: () =>
        (runtime()?.host.list() ?? remote?.plugins() ?? []).map((r) => ({
          name: r.name,
          version: r.version,
          description: r.description,
          state: r.state,
          generation: r.generation,
          reloads: r.reloads,
          loadedAt: r.loadedAt,
          lastError: r.lastError,
          errors: r.errors,
        })),
      control: async (op, name) => {
        const rt = runtime();
        if (rt) return rt.everywhere(op, name);
        const answers = await pluginsEverywhere(realm.bus, c.realm.id, realm.nodeId, op, name);
        void remote?.refresh();
        return answers;
      },
      routes(kind) {
        const t = runtime()?.host.tables.get(kind === "page" ? WEB_PAGE_TABLE : WEB_API_TABLE);
        const out: PluginWebRoute[] = [];
        if (t) for (const list of t.values()) for (const e of list) out.push(e.value as PluginWebRoute);
        return out;
      },
      fault: (plugin, where, err) => runtime()?.host.fault(plugin, where, undefined, err),
    },
    audit: {
      write: (by, action, target, details) => realm.audit.write(by, action, target, details),
      list: (f) => realm.store.audit.list(f),
    },
    realms: {
      list: async () => (await realm.store.realms.list()).map((r) => realmStatus(r, clock.now())),
      get: async (id) => {
        const r = await realm.store.realms.get(id);
        return r ? realmStatus(r, clock.now()) : undefined;
      },
      async update(id, patch, by) {
        const before = await realm.store.realms.get(id);
        await realm.store.realms.update(id, patch);
        await realm.audit.write(by, "realm.update", String(id), { before: before && pick(before, Object.keys(patch)), after: patch });
      },
    },
    stats: { dashboard },
    cache: {
      get: (k) => realm.cache.get(k),
      set: (k, v, ttl) => realm.cache.set(k, v, ttl),
      setNX: (k, v, ttl) => realm.cache.setNX(k, v, ttl),
      del: (k) => realm.cache.del(k),
      incr: (k, by, ttl) => realm.cache.incr(k, by, ttl),
    },
    throttle: {
      isLocked: (kind, subject) => isLocked(lockout, kind, subject),
      recordFailure: (kind, subject) => recordFailure(lockout, kind, subject),
      clearFailures: (kind, subject) => clearFailures(lockout, kind, subject),
    },
    data: {
      get: (k) => realm.store.pluginData.get("web", k),
      put: (k, v) => realm.store.pluginData.put("web", k, v),
      delete: (k) => realm.store.pluginData.delete("web", k),
      list: (prefix, page) => realm.store.pluginData.list("web", prefix, page),
    },
    motd: {
      get: () => realm.motd(),
      async set(text, by) {
        await realm.setMotd(text);
        await realm.audit.write(by, "server.motd", "", { text });
      },
    },
    async announce(text, by) {
      const body = encodeBody(SMSG_MESSAGECHAT, systemMessage(`[Server]: ${text}`)).slice();
      await realm.sessions.broadcast(SMSG_MESSAGECHAT.opcode, body);
      await realm.audit.write(by, "server.announce", "", { text });
    },
    metrics: {
      text: () => realm.metrics.text(),
      contentType: realm.metrics.contentType,
    },
  };
  return {
    context,
    dispose: () => {
      noticeSub.unsubscribe();
      remote?.stop();
    },
  };
}

function pick(row: RealmRow, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (row as unknown as Record<string, unknown>)[k];
  return out;
}

