// What the cluster-mode scenarios share: private backing servers pinned to core 1
// (nats-server with JetStream, redis-server, a PostgreSQL cluster), one database on it per
// run, and realm processes (`bun server/main.ts --config <file>`) started from a config
// object, embedded (file SQLite, in-process bus, memory cache) or cluster (PostgreSQL,
// NATS, Redis), pinned where the scenario says.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig, type DeepPartial, type RealmConfig } from "../../server/kernel/config.ts";
import { deepMerge } from "../../server/kernel/schema.ts";
import { spawnRealmProcess, type ClusterProcess } from "../../server/testing/cluster.ts";
import { postgresBinDir, startPrivatePostgres } from "../../server/testing/private-postgres.ts";
import { randomToken, startPrivateNats, startPrivateRedis, testPostgres, type PrivateServer, type TestDatabase } from "../../server/testing/services.ts";
import { hasTaskset, requirePrograms } from "../harness.ts";

const REPO = join(import.meta.dir, "..", "..");

export interface Backing {
  dir: string;
  nats: PrivateServer;
  redis: PrivateServer;
  pg: PrivateServer;
  db: TestDatabase;
  prefix: string;
  /** the config of a realm process in `mode`, merged with `over` */
  config(mode: "embedded" | "cluster", name: string, over?: DeepPartial<RealmConfig>): RealmConfig;
  /** starts a realm process from a config (pinned to `cpus` when taskset exists) */
  start(name: string, cfg: RealmConfig, cpus?: string): Promise<ClusterProcess>;
  stop(): Promise<void>;
}

export async function startBacking(): Promise<Backing> {
  requirePrograms([
    { bin: "nats-server", package: "nats-server" },
    { bin: "redis-server", package: "redis-server" },
    { bin: "initdb", package: "postgresql", found: () => postgresBinDir() !== undefined },
  ]);
  const dir = mkdtempSync(join(tmpdir(), "rc-bench-cluster-"));
  const [nats, redis, pg] = await Promise.all([startPrivateNats(undefined, { cpu: 1 }), startPrivateRedis(undefined, { cpu: 1 }), startPrivatePostgres(undefined, { cpu: 1 })]);
  const db = await testPostgres(pg.url);
  const prefix = `bench${randomToken(6)}`;
  const procs: ClusterProcess[] = [];
  return {
    dir,
    nats,
    redis,
    pg,
    db,
    prefix,
    config(mode, name, over = {}) {
      const base: DeepPartial<RealmConfig> = {
        mode,
        nodeId: name,
        dataDir: join(dir, name),
        realm: { address: "127.0.0.1:0", playerLimit: 100_000 },
        // one loopback address carries every bot: the per-IP cap for real clients is raised
        auth: { host: "127.0.0.1", port: 0, maxUnauthPerIp: 100_000 },
        gateway: { host: "127.0.0.1", port: 0 },
        web: { host: "127.0.0.1", port: 0 },
        log: { level: "warn" },
        plugins: { dirs: [join(REPO, "plugins")], watch: false },
        ...(mode === "cluster"
          ? {
              storage: { dialect: "postgresql", postgresUrl: db.url },
              bus: { adapter: "nats", natsUrl: nats.url, subjectPrefix: prefix },
              cache: { adapter: "redis", redisUrl: redis.url, keyPrefix: `${prefix}:` },
            }
          : { storage: { dialect: "sqlite", sqlitePath: join(dir, `${name}.sqlite`) } }),
      };
      return deepMerge(deepMerge(defaultConfig(), base), over) as RealmConfig;
    },
    async start(name, cfg, cpus) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(cfg));
      const p = await spawnRealmProcess({ name, cpus: hasTaskset() ? cpus : undefined }, file);
      procs.push(p);
      return p;
    },
    async stop() {
      for (const p of procs) p.proc.kill("SIGTERM");
      const hard = setTimeout(() => procs.forEach((p) => p.proc.kill("SIGKILL")), 8000);
      await Promise.all(procs.map((p) => p.exited));
      clearTimeout(hard);
      await db.cleanup().catch(() => {});
      await Promise.all([nats.stop(), redis.stop(), pg.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
