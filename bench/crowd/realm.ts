// The crowd benchmark's realm: one embedded realm process (this one, pinned to core 0 by
// the runner) with a file SQLite store in a temp dir, the default world settings, and
// the bench's own content rows merged over the base set: creature spawns spread over the
// bench area. Accounts and characters are written straight into the store (the bots log
// in with SRP6 and enter with these characters).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Area } from "../bots/crowd-bot.ts";
import { seededRandom } from "../client/bots/behaviours.ts";

export const BOT_PASSWORD = "crowdpw";
/** Our own creature template for the bench (entries outside the base set's range). */
export const BENCH_CREATURE = 99001;

export interface CrowdRealmOptions {
  bots: number;
  creatures: number;
  area: Area;
  seed: number;
  /** accounts are CROWD<i> with this prefix (distinct per configuration) */
  prefix: string;
}

/** Letters-only character names from an index (the name rules allow letters only). */
export function botName(i: number): string {
  let s = "";
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `Crowd${s}`;
}

export async function startCrowdRealm(o: CrowdRealmOptions) {
  // server code only here: the load process never imports this module
  const { loadConfig } = await import("../../server/kernel/config.ts");
  const { silentLogger } = await import("../../server/kernel/logger.ts");
  const { Content } = await import("../../server/content/content.ts");
  const { startRealm } = await import("../../server/realm.ts");

  const dir = mkdtempSync(join(tmpdir(), "rc-bench-crowd-"));
  const rnd = seededRandom(o.seed);
  const a = o.area;
  const spawns = Array.from({ length: o.creatures }, (_, i) => ({
    id: 1_000_000 + i,
    entry: BENCH_CREATURE,
    map: a.map,
    x: a.minX + rnd() * (a.maxX - a.minX),
    y: a.minY + rnd() * (a.maxY - a.minY),
    z: a.z,
    orientation: rnd() * Math.PI * 2,
    wanderRadius: 8,
    respawnMs: 60_000,
  }));
  const content = Content.base().merge({
    creatures: [{ entry: BENCH_CREATURE, name: "Crowd Critter", displayId: 447, level: 1, faction: 32, creatureType: 1, health: 40, walkSpeed: 2.5 }],
    spawns,
  });
  const config = loadConfig({
    file: null,
    env: {},
    overrides: {
      dataDir: dir,
      roles: ["auth", "gateway", "world", "orchestrator", "services"],
      realm: { address: "127.0.0.1:0", playerLimit: 100_000 },
      // one loopback address carries every bot: the per-IP cap for real clients is raised
      auth: { host: "127.0.0.1", port: 0, maxUnauthPerIp: 100_000 },
      gateway: { host: "127.0.0.1", port: 0 },
      log: { level: "silent" },
      plugins: { watch: false },
    },
  });
  const realm = await startRealm({ config, log: silentLogger, content });
  const bots: { account: string; guid: string }[] = [];
  for (let i = 0; i < o.bots; i++) {
    const account = `${o.prefix}${i}`;
    const acc = await realm.accounts.create(account, BOT_PASSWORD, { actor: "bench" });
    const x = a.minX + rnd() * (a.maxX - a.minX);
    const y = a.minY + rnd() * (a.maxY - a.minY);
    const name = botName(i);
    const row = await realm.store.characters.create({
      accountId: acc.id,
      realmId: config.realm.id,
      name,
      nameKey: name.toLowerCase(),
      race: 1 + (i % 2) * 1,
      class: 1,
      gender: i % 2,
      level: 1,
      map: a.map,
      zone: 12,
      x,
      y,
      z: a.z,
      orientation: 0,
      bindMap: a.map,
      bindZone: 12,
      bindX: x,
      bindY: y,
      bindZ: a.z,
      equipment: JSON.stringify(realm.content.outfit(1)),
      createdAt: Date.now(),
    });
    if (!row) throw new Error(`character ${name} could not be created`);
    bots.push({ account, guid: String(row.guid) });
  }
  return {
    realm,
    config,
    bots,
    async stop() {
      await realm.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type CrowdRealm = Awaited<ReturnType<typeof startCrowdRealm>>;
