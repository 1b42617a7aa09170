// The composition root of one realm process: reads the configuration, picks the adapters
// (embedded: bun:sqlite, in-process bus, memory cache; cluster: PostgreSQL, NATS, Redis),
// and starts the roles it is asked to run. Everything between the roles crosses the bus.
import { hostname } from "node:os";
import { forgetSessionKey, startAuthServer, type AuthServer } from "./auth/index.ts";
import { GatewayLink } from "./bus/gateway-link.ts";
import { openBus } from "./bus/index.ts";
import type { Bus, MemoryHub } from "./bus/index.ts";
import { jsonBytes } from "./bus/port.ts";
import { Subjects } from "./bus/subjects.ts";
import { registerCoreCommands } from "./commands/core/index.ts";
import { CoreHooks } from "./api/hooks.ts";
import { encodeBody } from "./protocol/message.ts";
import { SMSG_MESSAGECHAT, systemMessage } from "./protocol/world/chat.ts";
import { Content } from "./content/content.ts";
import type { Clock } from "./kernel/clock.ts";
import { systemClock } from "./kernel/clock.ts";
import type { RealmConfig, Role } from "./kernel/config.ts";
import { createLogger, type Logger } from "./kernel/logger.ts";
import { Metrics } from "./kernel/metrics.ts";
import { Gateway } from "./gateway/gateway.ts";
import { Accounts } from "./ops/accounts.ts";
import { AuditLog } from "./ops/audit.ts";
import { Bans } from "./ops/bans.ts";
import { characterOps } from "./ops/characters.ts";
import { createDriver } from "./orchestrator/drivers/index.ts";
import { OrchestratorRole } from "./orchestrator/role.ts";
import { Presence } from "./ops/presence.ts";
import { PluginRuntime } from "./services/runtime.ts";
import { ServicesRole } from "./services/services-role.ts";
import { Sessions } from "./services/session-ops.ts";
import { World } from "./services/world-ops.ts";
import { openCache } from "./storage/cache/index.ts";
import type { MemoryCache } from "./storage/cache/memory.ts";
import type { Cache } from "./storage/cache/port.ts";
import { openStore } from "./storage/index.ts";
import type { Store } from "./storage/ports.ts";
import { WorldHost } from "./world/host.ts";
import { Lifecycle } from "./lifecycle.ts";
import { startMetricsServer, type WebServer } from "./web-role.ts";

export const VERSION = "0.1.0";

export interface RealmOptions {
  config: RealmConfig;
  clock?: Clock;
  log?: Logger;
  /** share adapters with other realms in the same process (tests of multi-process setups) */
  store?: Store;
  cache?: Cache;
  bus?: Bus;
  hub?: MemoryHub;
  cacheShared?: ReturnType<typeof MemoryCache.sharedMap>;
  /** extra content rows merged over the base set */
  content?: Content;
  /** called with the exit code when `.server shutdown/restart` completes */
  onExit?: (code: number) => void;
  /** the configuration file the process was started with (world processes the driver spawns read it too) */
  configFile?: string;
}

export interface RealmPorts {
  auth: number;
  world: number;
  web: number;
}

/** A running realm process and everything it holds (tests read these handles). */
export class Realm {
  readonly config: RealmConfig;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly nodeId: string;
  readonly startedAt: number;
  store!: Store;
  cache!: Cache;
  bus!: Bus;
  content!: Content;
  audit!: AuditLog;
  accounts!: Accounts;
  bans!: Bans;
  characters!: ReturnType<typeof characterOps>;
  presence!: Presence;
  sessions!: Sessions;
  world!: World;
  runtime: PluginRuntime | undefined;
  auth: AuthServer | undefined;
  gateway: Gateway | undefined;
  worldHost: WorldHost | undefined;
  orchestrator: OrchestratorRole | undefined;
  services: ServicesRole | undefined;
  web: WebServer | undefined;
  lifecycle!: Lifecycle;
  readonly ports: RealmPorts = { auth: 0, world: 0, web: 0 };
  private ownStore = false;
  private ownCache = false;
  private ownBus = false;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(readonly o: RealmOptions) {
    this.config = o.config;
    this.clock = o.clock ?? systemClock;
    this.nodeId = o.config.nodeId || `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
    this.log = o.log ?? createLogger({ level: o.config.log.level, file: o.config.log.file || undefined, base: { realm: o.config.realm.id, node: this.nodeId } });
    this.metrics = new Metrics({ realm: String(o.config.realm.id), node: this.nodeId });
    this.startedAt = this.clock.now();
  }

  has(role: Role): boolean {
    return this.config.roles.includes(role);
  }

  async start(): Promise<this> {
    const c = this.config;
    const log = this.log;
    this.ownStore = !this.o.store;
    this.store = this.o.store ?? (await openStore(c.storage, c.dataDir, log, { migrate: false }));
    const applied = await this.store.migrate();
    if (applied.length) log.info({ applied }, "database migrated");
    this.ownCache = !this.o.cache;
    this.cache = this.o.cache ?? (await openCache(c.cache, this.clock, log, { shared: this.o.cacheShared }));
    this.ownBus = !this.o.bus;
    this.bus = this.o.bus ?? (await openBus(c.bus, log, { hub: this.o.hub, name: this.nodeId }));
    this.content = this.o.content ?? Content.base();

    this.audit = new AuditLog(this.store.audit, this.clock, c.realm.id, log);
    this.presence = new Presence(this.cache, c.realm.id);
    const link = new GatewayLink(this.bus, true);
    this.sessions = new Sessions(this.presence, link, this.bus, this.cache);
    this.accounts = new Accounts(this.store.accounts, this.clock, this.audit, (name) => forgetSessionKey(this.cache, name));
    this.bans = new Bans(this.store, this.clock, this.audit, (id, reason) => this.sessions.kickAccount(id, reason));
    this.characters = characterOps(this.store.characters, this.clock, this.audit, c.world.deleteRestoreDays);
    this.world = new World(c.realm.id, this.presence, this.bus, (name) => {
      const t = this.content.teleport(name);
      return t ? { map: t.map, x: t.x, y: t.y, z: t.z, o: t.o } : undefined;
    });
    this.lifecycle = new Lifecycle(this);

    if (c.realm.register && (this.has("auth") || this.has("gateway"))) await this.registerRealm();

    if (this.has("services") || this.has("world")) {
      this.runtime = new PluginRuntime({
        config: c,
        nodeId: this.nodeId,
        clock: this.clock,
        log,
        bus: this.bus,
        audit: this.audit,
        env: {
          realmId: c.realm.id,
          realm: { id: c.realm.id, name: c.realm.name, type: c.realm.type, flags: c.realm.flags },
          content: this.content,
          roles: c.roles,
          clock: this.clock,
          log,
          bus: this.bus,
          cache: this.cache,
          pluginData: this.store.pluginData,
          accountData: this.store.accountData,
          accounts: this.accounts,
          bans: this.bans,
          characters: this.characters,
          sessions: this.sessions,
          world: this.world,
          notifyAdmins: (t) => this.notifyAdmins(t),
        },
      });
      registerCoreCommands({
        registry: this.runtime.commands,
        realmId: c.realm.id,
        realmName: c.realm.name,
        version: VERSION,
        startedAt: this.startedAt,
        clock: this.clock,
        accounts: this.accounts,
        bans: this.bans,
        characters: this.characters,
        sessions: this.sessions,
        world: this.world,
        motd: { get: () => this.motd(), set: (t) => this.setMotd(t) },
        lifecycle: { schedule: (k, d, code, by) => this.lifecycle.schedule(k, d, code, by), cancel: (by) => this.lifecycle.cancel(by) },
        plugins: { list: () => this.runtime!.host.list(), everywhere: (op, name) => this.runtime!.everywhere(op, name) },
        cluster: { hosts: () => this.world.hosts(), drain: (host, off) => this.world.drain(host, off) },
        info: async () => this.infoLines(),
      });
      await this.runtime.start();
    }
    if (this.has("orchestrator") && this.has("world") && this.bus.kind === "memory") {
      // embedded: this process's world host is the only one, so nobody is in the world yet
      await this.store.characters.markRealmOffline(c.realm.id);
      for (const r of await this.store.registry.players(c.realm.id)) await this.store.registry.removePlayer(c.realm.id, r.guid);
    }
    if (this.has("orchestrator")) {
      const env = { ...process.env, ...(this.o.configFile ? { REALMCORE_CONFIG: this.o.configFile } : {}) };
      this.orchestrator = new OrchestratorRole({
        realmId: c.realm.id,
        bus: this.bus,
        store: this.store,
        cache: this.cache,
        presence: this.presence,
        content: this.content,
        clock: this.clock,
        log: log.child({ role: "orchestrator" }),
        config: c,
        metrics: this.metrics,
        driver: c.orchestrator.driver === "in-process" ? undefined : (events) => createDriver(c, this.nodeId, env, events),
      });
      await this.orchestrator.start();
    }
    if (this.has("world")) {
      this.worldHost = new WorldHost({
        config: c,
        nodeId: this.nodeId,
        store: this.store,
        bus: this.bus,
        clock: this.clock,
        log: log.child({ role: "world" }),
        metrics: this.metrics,
        content: this.content,
        hooks: this.runtime!.hooks,
        presence: this.presence,
        motd: () => this.motd(),
      });
      this.worldHost.start();
    }
    if (this.has("services")) {
      this.services = new ServicesRole({ realmId: c.realm.id, nodeId: this.nodeId, bus: this.bus, link, runtime: this.runtime!, presence: this.presence, log: log.child({ role: "services" }), metrics: this.metrics, accountName: async (id) => (await this.accounts.byId(id))?.name });
      this.services.start();
    }
    if (this.has("gateway")) {
      this.gateway = new Gateway({ config: c, store: this.store, cache: this.cache, bus: this.bus, clock: this.clock, log: log.child({ role: "gateway" }), metrics: this.metrics, nodeId: this.nodeId });
      this.ports.world = (await this.gateway.start()).port;
    }
    if (this.has("auth")) {
      this.auth = await startAuthServer({ config: c, store: this.store, cache: this.cache, clock: this.clock, log: log.child({ role: "auth" }), metrics: this.metrics, audit: this.audit });
      this.ports.auth = this.auth.port;
    }
    if (this.has("web")) {
      this.web = await startMetricsServer(this);
      this.ports.web = this.web.port;
    }
    this.lifecycle.listen();
    if (this.ports.world && c.realm.register) await this.updateRealmAddress();
    this.heartbeat = setInterval(() => void this.realmHeartbeat(), 10_000);
    void this.realmHeartbeat();
    log.info({ roles: c.roles, ports: this.ports, mode: c.mode }, "realm started");
    return this;
  }

  /** Stops every role (saving everyone), then closes the adapters it opened. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.lifecycle?.stopListening();
    if (this.gateway) this.gateway.closing = true;
    await this.auth?.stop();
    const saved = (await this.worldHost?.stop()) ?? 0;
    this.services?.stop();
    await this.orchestrator?.stop();
    await this.gateway?.stop();
    await this.web?.stop();
    await this.runtime?.stop();
    if (this.config.realm.register && this.store) await this.store.realms.update(this.config.realm.id, { online: 0, heartbeatAt: 0 }).catch(() => {});
    if (this.ownBus) await this.bus?.close();
    if (this.ownCache) await this.cache?.close();
    if (this.ownStore) await this.store?.close();
    this.log.info({ saved }, "realm stopped");
    this.log.flush?.();
  }

  // ------------------------------------------------------------------ realm list

  private async registerRealm(): Promise<void> {
    const r = this.config.realm;
    const cur = await this.store.realms.get(r.id);
    await this.store.realms.upsert({
      id: r.id,
      name: r.name,
      address: cur?.address && this.config.gateway.port === 0 ? cur.address : r.address,
      type: r.type,
      flags: r.flags,
      timezone: r.timezone,
      playerLimit: r.playerLimit,
      population: cur?.population ?? 0,
      online: cur?.online ?? 0,
      heartbeatAt: this.clock.now(),
      startedAt: this.startedAt,
    });
  }

  /** With port 0 the advertised address takes the bound port. */
  private async updateRealmAddress(): Promise<void> {
    const host = this.config.realm.address.split(":")[0] || "127.0.0.1";
    const address = this.config.gateway.port === 0 ? `${host}:${this.ports.world}` : this.config.realm.address;
    await this.store.realms.update(this.config.realm.id, { address });
  }

  private async realmHeartbeat(): Promise<void> {
    if (!this.config.realm.register || this.stopped) return;
    try {
      const online = await this.presence.count();
      const limit = this.config.realm.playerLimit;
      const population = online >= limit ? 2 : online / limit > 0.5 ? 1 : 0;
      if (this.has("gateway")) await this.store.realms.update(this.config.realm.id, { online, population, heartbeatAt: this.clock.now() });
    } catch (e) {
      this.log.warn({ err: e }, "realm heartbeat failed");
    }
  }

  // ------------------------------------------------------------------ misc

  async motd(): Promise<string> {
    return (await this.store.pluginData.get<string>("core", "motd")) ?? this.config.world.motd;
  }

  async setMotd(text: string): Promise<void> {
    await this.store.pluginData.put("core", "motd", text);
  }

  async infoLines(): Promise<string[]> {
    const lines: string[] = [];
    if (this.gateway) lines.push(`Sessions: ${Object.entries(this.gateway.counts()).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    if (this.worldHost) {
      const s = this.worldHost.stats.snapshot();
      lines.push(`World: ${s.players} player(s), ${s.instances.length} instance(s), tick p50 ${s.tick.p50.toFixed(1)} ms, p99 ${s.tick.p99.toFixed(1)} ms`);
    }
    const extra = this.runtime?.hooks.run(CoreHooks.serverInfo, []);
    if (extra) lines.push(...extra);
    return lines;
  }

  /** Log + audit + a system line to every GM in the world. */
  notifyAdmins(text: string): void {
    this.log.warn({ notice: text }, "admin notice");
    void this.audit?.write({ actor: "system" }, "admin.notice", "", { text });
    this.bus?.publish(Subjects.adminNotice(this.config.realm.id), jsonBytes({ text, at: this.clock.now() }));
    const line = encodeBody(SMSG_MESSAGECHAT, systemMessage(`[Admin] ${text}`)).slice();
    void this.sessions?.broadcast(SMSG_MESSAGECHAT.opcode, line, (p) => p.gmLevel > 0).catch(() => {});
  }
}

export async function startRealm(o: RealmOptions): Promise<Realm> {
  const r = new Realm(o);
  try {
    return await r.start();
  } catch (e) {
    await r.stop().catch(() => {});
    throw e;
  }
}
