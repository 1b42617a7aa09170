// Orchestrator high availability and the process driver, with every role its own process:
// two orchestrator replicas (one leader through the PostgreSQL lease), world processes
// started by the leader's process driver. A crashed world process is restarted and its
// player comes back; killing the leader hands over to the other replica, logins keep
// working, and the new leader replaces a lost world process it did not start.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cluster, type Cluster } from "./cluster.ts";
import { enterVia, FAST, waitNewWorld, type ClusterPlayer } from "./cluster-players.ts";
import { serviceGate, TEST_NATS_URL, TEST_POSTGRES_URL, TEST_REDIS_URL } from "./services.ts";
import { until } from "./world-helpers.ts";

const up = (await serviceGate("postgres", TEST_POSTGRES_URL, 5432)) && (await serviceGate("nats", TEST_NATS_URL, 4222)) && (await serviceGate("redis", TEST_REDIS_URL, 6379));

const acquired = (l: Record<string, unknown>) => l.msg === "orchestrator leadership acquired";

describe.skipIf(!up)("cluster: orchestrator replicas and the process driver", () => {
  let k: Cluster;
  let dana: ClusterPlayer;
  let leader = "";
  const hosts = async () => (await k.orchestrator("instances")).hosts;

  beforeAll(async () => {
    const orch = { roles: ["orchestrator" as const], config: { log: { level: "info" as const } } };
    k = await cluster({
      config: { ...FAST, orchestrator: { ...FAST.orchestrator, driver: "process", worldProcesses: 1 } },
      processes: [
        { name: "orch-a", ...orch },
        { name: "orch-b", ...orch },
        { name: "services", roles: ["services"] },
        { name: "front", roles: ["auth", "gateway"] },
      ],
    });
    await until("one replica leads", () => ["orch-a", "orch-b"].some((n) => k.proc(n).lines.some((l) => l.includes("leadership acquired"))), 10_000);
    leader = ["orch-a", "orch-b"].find((n) => k.proc(n).lines.some((l) => l.includes("leadership acquired")))!;
    await until("the leader's driver started a world process", async () => (await hosts()).length === 1, 15_000);
  }, 60_000);
  afterAll(async () => {
    dana?.c.close();
    await k?.stop();
  }, 30_000);

  test("only one replica leads; its driver runs the world process", async () => {
    const follower = leader === "orch-a" ? "orch-b" : "orch-a";
    expect(k.proc(follower).lines.some((l) => l.includes("leadership acquired"))).toBe(false);
    const [h] = await hosts();
    expect(h!.host.startsWith(`${leader}-w`)).toBe(true);
    dana = await enterVia(k, "front", "Dana");
  }, 20_000);

  test("a crashed world process is restarted by the driver and its player is back in the world", async () => {
    const [h] = await hosts();
    const pid = k.worldPids.get(h!.host)!;
    const seq = dana.c.world!.nextSeq;
    const t0 = performance.now();
    process.kill(pid, "SIGKILL");
    const back = await waitNewWorld(dana.c, seq, 20_000);
    console.log(`[cluster-ha] world process SIGKILL -> restarted by the process driver, Dana back in the world in ${(back.at - t0).toFixed(0)} ms`);
    await until("the host runs with a new pid", () => (k.worldPids.get(h!.host) ?? pid) !== pid, 5000);
    expect((await hosts()).map((x) => x.host)).toEqual([h!.host]);
    expect((await k.store.characters.byGuid(dana.guid))!.online).toBe(true);
    expect(back.at - t0).toBeLessThan(15_000);
  }, 30_000);

  test("SIGKILL of the leader: the other replica takes over, logins keep working, no extra world process", async () => {
    const follower = leader === "orch-a" ? "orch-b" : "orch-a";
    const since = k.proc(follower).lines.length;
    const t0 = performance.now();
    await k.kill(leader, "SIGKILL");
    await k.waitLog(follower, acquired, 10_000, since);
    const takeover = performance.now() - t0;
    const eve = await enterVia(k, "front", "Eve", { map: 0, x: -9464, y: 66, z: 56, zone: 12 });
    const login = performance.now() - t0;
    console.log(`[cluster-ha] leader ${leader} SIGKILL -> ${follower} leads after ${takeover.toFixed(0)} ms; a new login entered the world ${login.toFixed(0)} ms after the kill`);
    expect(takeover).toBeLessThan(10_000);
    // the old leader's world process kept running and the new leader adopted it
    await Bun.sleep(FAST.world.heartbeatMs * 3 + 500);
    expect((await hosts()).length).toBe(1);
    await until("Dana and Eve see each other", () => dana.c.state.sees(BigInt(eve.guid)) && eve.c.state.sees(BigInt(dana.guid)), 8000);
    eve.c.close();
    leader = follower;
  }, 30_000);

  test("the new leader replaces a lost world process it did not start, and moves its player there", async () => {
    const [h] = await hosts();
    const seq = dana.c.world!.nextSeq;
    const t0 = performance.now();
    process.kill(k.worldPids.get(h!.host)!, "SIGKILL");
    const back = await waitNewWorld(dana.c, seq, 25_000);
    console.log(`[cluster-ha] orphaned world process SIGKILL -> the new leader started one and Dana is back in ${(back.at - t0).toFixed(0)} ms`);
    const now = await hosts();
    expect(now.length).toBe(1);
    expect(now[0]!.host.startsWith(`${leader}-w`)).toBe(true);
  }, 40_000);
});
