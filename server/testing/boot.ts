// boot(config): a whole realm in this process on ephemeral ports (0), with an in-memory
// SQLite database, the in-process bus and the memory cache, quiet logs and (optionally) a
// ManualClock. Returns handles tests use: create an account or a character, read state,
// stop. Tests then talk to it over real sockets with the headless client in bench/client.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryHub } from "../bus/memory.ts";
import { Content } from "../content/content.ts";
import type { Clock } from "../kernel/clock.ts";
import { defaultConfig, type DeepPartial, type RealmConfig, validateConfig } from "../kernel/config.ts";
import { createLogger, type Logger } from "../kernel/logger.ts";
import { deepMerge } from "../kernel/schema.ts";
import { startRealm, type Realm } from "../realm.ts";
import { MemoryCache } from "../storage/cache/memory.ts";
import { testCharacterRow } from "./character-row.ts";
import type { CharacterRow, Store } from "../storage/ports.ts";
import type { Bus } from "../bus/port.ts";
import type { Cache } from "../storage/cache/port.ts";

export interface BootOptions {
  clock?: Clock;
  /** plugin folders (default: the repository's plugins/ only) */
  pluginDirs?: string[];
  /** share adapters with another booted realm (two "processes" in one test) */
  store?: Store;
  bus?: Bus;
  hub?: MemoryHub;
  cache?: Cache;
  cacheShared?: ReturnType<typeof MemoryCache.sharedMap>;
  content?: Content;
  onExit?: (code: number) => void;
  /** a logger of the test's own (to read what the realm logs) */
  log?: Logger;
}

export interface Booted {
  realm: Realm;
  config: RealmConfig;
  host: string;
  authPort: number;
  worldPort: number;
  webPort: number;
  /** "127.0.0.1:<world port>" */
  worldAddress: string;
  createAccount(name: string, password: string, opts?: { gmLevel?: number; email?: string }): Promise<{ id: number; name: string }>;
  /** Writes a character straight into the store (no socket), at its race's start. */
  createCharacter(account: string, name: string, opts?: Partial<Pick<CharacterRow, "race" | "class" | "gender" | "level" | "map" | "x" | "y" | "z" | "orientation" | "zone">>): Promise<CharacterRow>;
  stop(): Promise<void>;
}

const REPO = join(import.meta.dir, "..", "..");

/** The test defaults: every role, ports 0, :memory: SQLite, quiet logs, no file watching. */
export function testConfig(overrides: DeepPartial<RealmConfig> = {}, dataDir?: string): RealmConfig {
  const base: DeepPartial<RealmConfig> = {
    dataDir: dataDir ?? join(tmpdir(), "realmcore-test"),
    realm: { address: "127.0.0.1:0" },
    auth: { host: "127.0.0.1", port: 0 },
    gateway: { host: "127.0.0.1", port: 0 },
    web: { host: "127.0.0.1", port: 0 },
    storage: { dialect: "sqlite", sqlitePath: ":memory:" },
    bus: { subjectPrefix: `t${Math.random().toString(36).slice(2, 8)}` },
    log: { level: (process.env.REALMCORE_TEST_LOG as RealmConfig["log"]["level"]) ?? "silent" },
    plugins: { dirs: [join(REPO, "plugins")], watch: false },
  };
  return validateConfig(deepMerge(deepMerge(defaultConfig(), base), overrides), "test configuration");
}

export async function boot(overrides: DeepPartial<RealmConfig> = {}, o: BootOptions = {}): Promise<Booted> {
  const dataDir = mkdtempSync(join(tmpdir(), "realmcore-"));
  const config = testConfig(o.pluginDirs ? deepMerge(overrides, { plugins: { dirs: o.pluginDirs } }) as DeepPartial<RealmConfig> : overrides, dataDir);
  const log = o.log ?? createLogger({ level: config.log.level, base: { test: true } });
  const realm = await startRealm({
    config,
    clock: o.clock,
    log,
    store: o.store,
    bus: o.bus,
    hub: o.hub,
    cache: o.cache,
    cacheShared: o.cacheShared,
    content: o.content,
    onExit: o.onExit,
  });
  const host = "127.0.0.1";
  return {
    realm,
    config,
    host,
    authPort: realm.ports.auth,
    worldPort: realm.ports.world,
    webPort: realm.ports.web,
    worldAddress: `${host}:${realm.ports.world}`,
    async createAccount(name, password, opts = {}) {
      const a = await realm.accounts.create(name, password, { actor: "test", ...opts });
      return { id: a.id, name: a.name };
    },
    async createCharacter(account, name, opts = {}) {
      const a = await realm.accounts.get(account);
      if (!a) throw new Error(`no account ${account}`);
      const row = await realm.store.characters.create(testCharacterRow(realm.content, { accountId: a.id, realmId: config.realm.id, name, now: realm.clock.now() }, opts));
      if (!row) throw new Error(`character name ${name} is taken`);
      return row;
    },
    async stop() {
      await realm.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
