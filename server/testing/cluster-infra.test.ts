// Infrastructure restarts under a running cluster: a private nats-server is killed and
// started again on the same port, then a private PostgreSQL cluster is killed (SIGKILL of
// the postmaster) and started again. The realm processes reconnect by themselves (no
// restart of any of them): players already in the world keep talking, new logins enter
// the world, and no world host is declared lost because of the outage.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cluster, type Cluster } from "./cluster.ts";
import { ChatType, enterVia, FAST, GOLDSHIRE, waitChat, type ClusterPlayer } from "./cluster-players.ts";
import { postgresBinDir, startPrivatePostgres } from "./private-postgres.ts";
import { binaryGate, serviceGate, startPrivateNats, TEST_REDIS_URL, type PrivateServer } from "./services.ts";
import { until } from "./world-helpers.ts";

const up = binaryGate("nats-server") && (await serviceGate("redis", TEST_REDIS_URL, 6379)) && (postgresBinDir() !== undefined || binaryGate("initdb"));

describe.skipIf(!up)("cluster: NATS and PostgreSQL restarts", () => {
  let nats: PrivateServer;
  let pg: PrivateServer;
  let k: Cluster;
  let fay: ClusterPlayer;
  let gus: ClusterPlayer;
  const near = { ...GOLDSHIRE, x: GOLDSHIRE.x + 3 };

  /** Fay says a line and Gus hears it (world traffic through gateway, services and world host). */
  async function talk(text: string, timeoutMs = 10_000): Promise<void> {
    const end = performance.now() + timeoutMs;
    for (;;) {
      const since = gus.c.world!.nextSeq;
      fay.c.say(text);
      try {
        await waitChat(gus.c, (m) => m.type === ChatType.SAY && m.message === text, since, 1000);
        return;
      } catch (e) {
        if (performance.now() > end) throw e;
      }
    }
  }

  function lostHosts(): string[] {
    return k.proc("core").lines.filter((l) => l.includes("world host lost"));
  }

  beforeAll(async () => {
    nats = await startPrivateNats();
    pg = await startPrivatePostgres();
    k = await cluster({
      natsUrl: nats.url,
      postgresAdminUrl: pg.url,
      config: FAST,
      processes: [
        { name: "core", roles: ["orchestrator", "services"], config: { log: { level: "info" } } },
        { name: "world", roles: ["world"] },
        { name: "front", roles: ["auth", "gateway"] },
      ],
    });
    await until("the world host is live", async () => (await k.orchestrator("instances")).hosts.length === 1, 10_000);
    fay = await enterVia(k, "front", "Fay");
    gus = await enterVia(k, "front", "Gus", near);
    await talk("before any restart");
  }, 60_000);
  afterAll(async () => {
    fay?.c.close();
    gus?.c.close();
    await k?.stop();
    await nats?.stop();
    await pg?.stop();
  }, 30_000);

  test("NATS killed and started again on the same port: traffic and logins work again, nobody declared lost", async () => {
    const pids = [...k.procs.values()].map((p) => p.proc.pid);
    await nats.kill();
    await Bun.sleep(1000);
    const t0 = performance.now();
    await nats.start();
    await talk("after the NATS restart", 15_000);
    console.log(`[cluster-infra] NATS restarted: say delivered again ${(performance.now() - t0).toFixed(0)} ms after the server was back`);
    const hal = await enterVia(k, "front", "Hal", near);
    await until("Hal and Fay see each other", () => hal.c.state.sees(BigInt(fay.guid)) && fay.c.state.sees(BigInt(hal.guid)), 8000);
    hal.c.close();
    expect([...k.procs.values()].map((p) => p.proc.pid)).toEqual(pids);
    expect(lostHosts()).toEqual([]);
  }, 40_000);

  test("PostgreSQL killed and started again: the lease comes back, logins and saves work again", async () => {
    const pids = [...k.procs.values()].map((p) => p.proc.pid);
    const since = k.proc("core").lines.length;
    await pg.kill();
    await Bun.sleep(1000);
    const t0 = performance.now();
    await pg.start();
    // a login needs the store (SRP6 verifier, session key, character list, placement)
    const ivy = await enterVia(k, "front", "Ivy", near);
    console.log(`[cluster-infra] PostgreSQL restarted: a new login entered the world ${(performance.now() - t0).toFixed(0)} ms after the server was back`);
    await until("Ivy and Gus see each other", () => ivy.c.state.sees(BigInt(gus.guid)) && gus.c.state.sees(BigInt(ivy.guid)), 8000);
    await talk("after the PostgreSQL restart");
    // the orchestrator lost its lease with the connection and took it again
    expect(k.proc("core").lines.slice(since).some((l) => l.includes("leadership acquired"))).toBe(true);
    // a save goes through: .saveall is not needed, a logout saves
    ivy.c.close();
    await until("Ivy's disconnect is written (offline after the grace period)", async () => (await k.store.characters.byGuid(ivy.guid))?.online === false, 10_000);
    expect([...k.procs.values()].map((p) => p.proc.pid)).toEqual(pids);
    expect(lostHosts()).toEqual([]);
  }, 40_000);
});
