// crowd in cluster mode beside embedded mode, in the same run: 500 bots moving inside
// 300 × 300 yd (G7's crowd) over the real protocol from the crowd load process on core 1,
// first against one embedded realm in this process (core 0; the crowd scenario's own
// measurement), then against the roles as separate processes: the world host and the
// gateway pinned to core 0 (where the embedded realm ran), the login server, orchestrator
// and services on core 1 beside nats-server, PostgreSQL and Redis (private, core 1) and
// the bots. The world process's tick samples come over the bus (world ctl `ticks`).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { connectNatsBus } from "../../server/bus/nats.ts";
import { jsonBytes, parseJson } from "../../server/bus/port.ts";
import { Subjects } from "../../server/bus/subjects.ts";
import { systemClock } from "../../server/kernel/clock.ts";
import { silentLogger } from "../../server/kernel/logger.ts";
import { AuditLog } from "../../server/ops/audit.ts";
import { Accounts } from "../../server/ops/accounts.ts";
import { Content } from "../../server/content/content.ts";
import { openStore } from "../../server/storage/index.ts";
import { seededRandom } from "../client/bots/behaviours.ts";
import { startBacking } from "../cluster/backing.ts";
import { BOT_PASSWORD, botName } from "../crowd/realm.ts";
import { linesOf } from "../../server/testing/lines.ts";
import { runCrowdConfig, thirds, type CrowdConfig, type TickStats } from "../crowd/run-config.ts";
import type { CrowdLoadConfig, CrowdLoadResult } from "../load/crowd-bots.ts";
import { figure, spawnPinned, type Figure, type Scenario } from "../harness.ts";

const AREA = { map: 0, minX: -150, minY: -150, maxX: 150, maxY: 150, z: 0 };

interface ClusterCrowd {
  ticks: TickStats;
  minRadius: number;
  load: CrowdLoadResult;
}

async function runCluster(cfg: CrowdConfig, log: (s: string) => void): Promise<ClusterCrowd> {
  const b = await startBacking();
  let child: ReturnType<typeof Bun.spawn> | undefined;
  try {
    const core = b.config("cluster", "core", { roles: ["auth", "orchestrator", "services"] });
    const store = await openStore(core.storage, core.dataDir, silentLogger, { migrate: true });
    const bots: { account: string; guid: string }[] = [];
    try {
      const accounts = new Accounts(store.accounts, systemClock, new AuditLog(store.audit, systemClock, 1, silentLogger));
      const outfit = JSON.stringify(Content.base().outfit(1));
      const rnd = seededRandom(cfg.seed);
      for (let i = 0; i < cfg.bots; i++) {
        const account = `CCROWD${i}`;
        const acc = await accounts.create(account, BOT_PASSWORD, { actor: "bench" });
        const x = AREA.minX + rnd() * (AREA.maxX - AREA.minX);
        const y = AREA.minY + rnd() * (AREA.maxY - AREA.minY);
        const name = botName(i);
        const row = await store.characters.create({ accountId: acc.id, realmId: 1, name, nameKey: name.toLowerCase(), race: 1 + (i % 2), class: 1, gender: i % 2, level: 1, map: 0, zone: 12, x, y, z: 0, orientation: 0, bindMap: 0, bindZone: 12, bindX: x, bindY: y, bindZ: 0, equipment: outfit, createdAt: Date.now() });
        if (!row) throw new Error(`character ${name} could not be created`);
        bots.push({ account, guid: String(row.guid) });
      }
    } finally {
      await store.close();
    }
    const authPort = (await b.start("core", core, "1")).ports.auth;
    await b.start("world", b.config("cluster", "world", { roles: ["world"] }), "0");
    await b.start("gateway", b.config("cluster", "gateway", { roles: ["gateway"] }), "0");
    const bus = await connectNatsBus({ url: b.nats.url, prefix: b.prefix, retryForMs: 5000 });
    const ticksSince = async (since: number) => parseJson<{ next: number; ms: number[]; late: number[]; radius: number | null }>((await bus.request(Subjects.worldCtl(1, "world"), jsonBytes({ op: "ticks", since }), { timeoutMs: 5000 })).data);
    log(`  cluster: ${cfg.bots} characters written; processes up (world + gateway on core 0; auth, orchestrator, services, NATS, PostgreSQL, Redis, bots on core 1)`);

    const loadCfg: CrowdLoadConfig = { host: "127.0.0.1", authPort, password: BOT_PASSWORD, bots, area: AREA, seed: cfg.seed, loginConcurrency: 32, warmupMs: cfg.warmupMs, measureMs: cfg.measureMs, heartbeatMs: 500, maxPauseMs: 1000 };
    const file = join(b.dir, "crowd-load.json");
    writeFileSync(file, JSON.stringify(loadCfg));
    const argv = [process.execPath, join(import.meta.dir, "..", "load", "crowd-bots.ts"), file];
    child = spawnPinned(argv, 1, { stdout: "pipe", stderr: "pipe" });
    const stderr = new Response(child.stderr as ReadableStream<Uint8Array>).text();
    const ms: number[] = [];
    const late: number[] = [];
    let mark = 0;
    let minRadius = Number.POSITIVE_INFINITY;
    let poller: ReturnType<typeof setInterval> | undefined;
    const collect = async () => {
      const t = await ticksSince(mark);
      mark = t.next;
      ms.push(...t.ms);
      late.push(...t.late);
      if (t.radius !== null) minRadius = Math.min(minRadius, t.radius);
    };
    let result: CrowdLoadResult | undefined;
    for await (const l of linesOf(child.stdout as ReadableStream<Uint8Array>)) {
      if (l.startsWith("LOGGEDIN ")) {
        const li = JSON.parse(l.slice(9)) as { ok: number; failed: number; ms: number; firstError?: string };
        log(`  cluster: ${li.ok} bots in the world in ${(li.ms / 1000).toFixed(1)} s${li.failed ? `, ${li.failed} failed (${li.firstError})` : ""}`);
      } else if (l === "MEASURE_START") {
        mark = (await ticksSince(Number.MAX_SAFE_INTEGER)).next;
        poller = setInterval(() => void collect().catch(() => {}), 10_000);
        log(`  cluster: measuring for ${cfg.measureMs / 1000} s`);
      } else if (l === "MEASURE_END") {
        clearInterval(poller);
        await collect();
      } else if (l.startsWith("RESULT ")) {
        result = JSON.parse(l.slice(7)) as CrowdLoadResult;
      }
    }
    const code = await child.exited;
    await bus.close();
    if (!result || code !== 0) throw new Error(`crowd load process exited ${code}: ${(await stderr).slice(-1500)}`);
    return { ticks: thirds(ms, late), minRadius, load: result };
  } finally {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await b.stop();
  }
}

const scenario: Scenario = {
  name: "crowd-cluster",
  description: "500 bots in 300 × 300 yd over the real protocol: the roles as separate processes (world + gateway on core 0, the rest and NATS/PostgreSQL/Redis on core 1) beside one embedded realm, same run",
  goal: "cluster world tick p99 < 100 ms (G7) with no session lost; report the ratio to embedded mode",
  async run({ short, log }) {
    const cfg: CrowdConfig = { key: "crowd500", label: "500 bots in 300 × 300 yd", bots: 500, creatures: 0, area: AREA, warmupMs: short ? 5000 : 8000, measureMs: short ? 15_000 : 60_000, visibilityReps: 3, heapSampleMs: 0, seed: 11 };
    log(`embedded: ${cfg.label}, warm-up ${cfg.warmupMs / 1000} s, window ${cfg.measureMs / 1000} s`);
    const emb = await runCrowdConfig(cfg, log);
    log(`cluster: ${cfg.label}, warm-up ${cfg.warmupMs / 1000} s, window ${cfg.measureMs / 1000} s`);
    const cl = await runCluster(cfg, log);
    const lost = cl.load.disconnects + cl.load.loginFailed;
    const figures: Figure[] = [
      figure({ name: "crowd500.cluster.tick_p99", label: `${cfg.label}, cluster mode: world tick p99 (world process)`, value: cl.ticks.p99, unit: "ms", baseline: { label: "embedded realm, same bots, same run", value: emb.ticks.p99 }, goal: "< 100 ms (G7)", met: (v) => v < 100 }),
      figure({ name: "crowd500.cluster.tick_p50", label: `${cfg.label}, cluster mode: world tick p50`, value: cl.ticks.p50, unit: "ms", baseline: { label: "embedded tick p50", value: emb.ticks.p50 }, goal: "report", met: () => true }),
      figure({ name: "crowd500.cluster.lateness_p99", label: `${cfg.label}, cluster mode: tick-start lateness p99`, value: cl.ticks.latenessP99, unit: "ms", baseline: { label: "embedded lateness p99", value: emb.ticks.latenessP99 }, goal: "report", met: () => true }),
      figure({ name: "crowd500.cluster.packets_in", label: `${cfg.label}, cluster mode: packets each second the bots received (all bots)`, value: cl.load.packetsInPerSecond, unit: "pkts/s", baseline: { label: "embedded, same bots", value: emb.load.packetsInPerSecond }, goal: "report", met: () => true }),
      figure({ name: "crowd500.cluster.radius_min", label: `${cfg.label}, cluster mode: smallest visibility radius seen`, value: cl.minRadius, unit: "yd", baseline: { label: "embedded smallest radius", value: emb.minRadius }, goal: "≥ 60 yd floor", met: (v) => v >= 60 - 1e-6 }),
      figure({ name: "crowd500.cluster.disconnects", label: `${cfg.label}, cluster mode: sessions lost (disconnects + failed logins)`, value: lost, unit: "sessions", baseline: { label: "bots", value: cfg.bots }, goal: "0", met: () => lost === 0 }),
    ];
    const notes = [
      `cluster: ${cl.load.inWorld}/${cl.load.bots} bots in the world after ${(cl.load.loginMs / 1000).toFixed(1)} s; ${cl.ticks.count} ticks in the window, max ${cl.ticks.max.toFixed(1)} ms; the load process used ${(cl.load.cpuShare * 100).toFixed(0)} % of core 1 (shared with the login server, orchestrator, services, NATS, PostgreSQL and Redis), its movement timer late by ${cl.load.stepLatenessP99.toFixed(1)} ms at p99`,
      `embedded: ${emb.load.inWorld}/${emb.load.bots} bots in the world after ${(emb.load.loginMs / 1000).toFixed(1)} s; tick max ${emb.ticks.max.toFixed(1)} ms; load process ${(emb.load.cpuShare * 100).toFixed(0)} % of core 1`,
      "cluster figures come from the world process itself (tick samples over the bus); in cluster mode every client packet crosses NATS to the world process and every outbound batch crosses back, where embedded mode hands buffers over in memory",
      "tick figures: the median over three equal parts of the window of each part's percentile",
    ];
    return { figures, notes };
  },
};

export default scenario;
