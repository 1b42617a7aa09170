// Cluster mode end to end: auth, two gateways, two world processes, the services and the
// orchestrator as SEPARATE processes over PostgreSQL, NATS and Redis (a database, subject
// prefix and key prefix of this run). The embedded scenarios (login, enter the world, see
// each other, say and whisper, a teleport across maps on different world processes), then
// draining a world host, killing a world process (SIGKILL) and killing a gateway.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cluster, type Cluster } from "./cluster.ts";
import { ChatType, connectVia, enterVia, FAST, Opcode, GOLDSHIRE, ORGRIMMAR, waitChat, waitNewWorld, type ClusterPlayer } from "./cluster-players.ts";
import { serviceGate, TEST_NATS_URL, TEST_POSTGRES_URL, TEST_REDIS_URL } from "./services.ts";
import { command, created, until } from "./world-helpers.ts";

const up = (await serviceGate("postgres", TEST_POSTGRES_URL, 5432)) && (await serviceGate("nats", TEST_NATS_URL, 4222)) && (await serviceGate("redis", TEST_REDIS_URL, 6379));

describe.skipIf(!up)("cluster: every role its own process", () => {
  let k: Cluster;
  let alice: ClusterPlayer;
  let bob: ClusterPlayer;
  let carol: ClusterPlayer;
  const hostOf = async (guid: number) => (await k.store.registry.players(1)).find((r) => r.guid === guid)?.host;

  beforeAll(async () => {
    k = await cluster({
      config: { ...FAST, orchestrator: { ...FAST.orchestrator, pinMaps: { "0": "world-1", "1": "world-2" } } },
      processes: [
        { name: "auth", roles: ["auth"] },
        { name: "orch", roles: ["orchestrator"] },
        { name: "services", roles: ["services"] },
        { name: "world-1", roles: ["world"] },
        { name: "world-2", roles: ["world"] },
        { name: "gw-1", roles: ["gateway"] },
        { name: "gw-2", roles: ["gateway"] },
      ],
    });
    await until("both world hosts are live", async () => (await k.orchestrator("instances")).hosts.length === 2, 10_000);
  }, 60_000);
  afterAll(async () => {
    for (const p of [alice, bob, carol]) p?.c.close();
    await k?.stop();
  }, 30_000);

  test("login and enter the world through two gateways; map 0 and map 1 run on different world processes", async () => {
    alice = await enterVia(k, "gw-1", "Alice", GOLDSHIRE, { gmLevel: 3 });
    bob = await enterVia(k, "gw-2", "Bob", { ...GOLDSHIRE, x: GOLDSHIRE.x + 4 });
    carol = await enterVia(k, "gw-2", "Carol", ORGRIMMAR);
    await until("the registry places Alice and Bob on world-1, Carol on world-2", async () => (await hostOf(alice.guid)) === "world-1" && (await hostOf(bob.guid)) === "world-1" && (await hostOf(carol.guid)) === "world-2");
    const inst = await k.orchestrator("instances");
    expect(inst.placements.map((p) => [p.map, p.host]).sort()).toEqual([
      [0, "world-1"],
      [1, "world-2"],
    ]);
    expect((await k.store.registry.instances(1)).map((r) => [r.map, r.host]).sort()).toEqual([
      [0, "world-1"],
      [1, "world-2"],
    ]);
  }, 30_000);

  test("two players on different gateways see each other", async () => {
    await until("Alice and Bob see each other", () => alice.c.state.sees(BigInt(bob.guid)) && bob.c.state.sees(BigInt(alice.guid)), 8000);
  }, 15_000);

  test("say reaches the player nearby; whispers cross gateways and world processes both ways", async () => {
    const sb = bob.c.world!.nextSeq;
    alice.c.say("hello from gw-1");
    await waitChat(bob.c, (m) => m.type === ChatType.SAY && m.message === "hello from gw-1", sb);
    const sa = alice.c.world!.nextSeq;
    bob.c.whisper("Alice", "back from gw-2");
    await waitChat(alice.c, (m) => m.type === ChatType.WHISPER && m.message === "back from gw-2", sa);
    const sc = carol.c.world!.nextSeq;
    alice.c.whisper("Carol", "to the other world process");
    await waitChat(carol.c, (m) => m.type === ChatType.WHISPER && m.message === "to the other world process", sc);
  }, 20_000);

  test("a teleport across maps hands the player to the other world process", async () => {
    const sa = alice.c.world!.nextSeq;
    const sb = bob.c.world!.nextSeq;
    await command(alice.c, ".tele Orgrimmar", /Teleported/);
    const pos = await waitNewWorld(alice.c, sa);
    expect(pos.map).toBe(1);
    await until("Alice is on world-2 in the registry", async () => (await hostOf(alice.guid)) === "world-2");
    await until("Alice and Carol see each other", () => alice.c.state.sees(BigInt(carol.guid)) && carol.c.state.sees(BigInt(alice.guid)), 8000);
    await until("Bob saw Alice leave", () => !bob.c.state.sees(BigInt(alice.guid)), 8000);
    expect(bob.c.world!.log.some((p) => p.seq >= sb && (p.opcode === Opcode.SMSG_DESTROY_OBJECT || p.opcode === Opcode.SMSG_UPDATE_OBJECT))).toBe(true);
  }, 20_000);

  test(".server drain moves the host's players to the other one with SMSG_TRANSFER_PENDING / SMSG_NEW_WORLD at their position", async () => {
    const before = { alice: alice.c.state.positionOf(alice.c.guid)!, carol: carol.c.state.positionOf(carol.c.guid)! };
    const [sa, sc] = [alice.c.world!.nextSeq, carol.c.world!.nextSeq];
    const reply = await command(alice.c, ".server drain world-2", /drained/, 30_000);
    expect(reply.join()).toContain("2 player(s) moved");
    for (const [p, s, b] of [[alice, sa, before.alice], [carol, sc, before.carol]] as const) {
      const pos = await waitNewWorld(p.c, s);
      expect(pos.map).toBe(1);
      expect(Math.hypot(pos.x - b.x, pos.y - b.y)).toBeLessThan(0.5);
      expect(p.c.world!.log.some((x) => x.seq >= s && x.opcode === Opcode.SMSG_TRANSFER_PENDING)).toBe(true);
    }
    await until("both are on world-1", async () => (await hostOf(alice.guid)) === "world-1" && (await hostOf(carol.guid)) === "world-1");
    await until("they see each other on the new host", () => created(alice.c, sa).includes(BigInt(carol.guid)) && created(carol.c, sc).includes(BigInt(alice.guid)), 8000);
    const inst = await k.orchestrator("instances");
    expect(inst.draining).toEqual(["world-2"]);
    expect(inst.placements.find((p) => p.map === 1)?.host).toBe("world-1");
    expect((await command(alice.c, ".server drain world-2 off", /takes players again/)).join()).toContain("world-2 takes players again");
  }, 40_000);

  test("SIGKILL of a world process: its players are back in the world on the other one at their last saved position, sessions kept", async () => {
    // everyone is on world-1 now; its saves are in the store
    const saved = new Map<number, { x: number; y: number; map: number }>();
    for (const p of [alice, bob, carol]) {
      const row = (await k.store.characters.byGuid(p.guid))!;
      saved.set(p.guid, { x: row.x, y: row.y, map: row.map });
    }
    // Dave is on world-1 too, and his client goes away while world-1 is down
    const dave = await enterVia(k, "gw-1", "Dave", { ...GOLDSHIRE, x: GOLDSHIRE.x - 6 });
    await until("Dave is registered on world-1", async () => (await hostOf(dave.guid)) === "world-1");
    const seq = [alice, bob, carol].map((p) => p.c.world!.nextSeq);
    const t0 = performance.now();
    await k.kill("world-1", "SIGKILL");
    dave.c.close();
    const back = await Promise.all([alice, bob, carol].map((p, i) => waitNewWorld(p.c, seq[i]!, 20_000)));
    const ms = Math.max(...back.map((b) => b.at - t0));
    console.log(`[cluster] world-1 SIGKILL -> 3 players back in the world on world-2 in ${ms.toFixed(0)} ms (host timeout ${FAST.orchestrator.hostTimeoutMs} ms, heartbeats every ${FAST.world.heartbeatMs} ms)`);
    const lost = await k.waitLog("orch", (l) => typeof l.msg === "string" && l.msg.includes("world-1 lost"));
    console.log(`[cluster] orchestrator: ${String(lost.msg)}`);
    [alice, bob, carol].forEach((p, i) => {
      const s = saved.get(p.guid)!;
      expect(back[i]!.map).toBe(s.map);
      expect(Math.hypot(back[i]!.x - s.x, back[i]!.y - s.y)).toBeLessThan(0.01);
    });
    // an upper bound with generous slack: detection (2.5 s) + resume
    expect(ms).toBeLessThan(15_000);
    for (const p of [alice, bob, carol]) expect(await hostOf(p.guid)).toBe("world-2");
    for (const p of [alice, bob, carol]) expect((await k.store.characters.byGuid(p.guid))!.online).toBe(true);
    // Dave could not be resumed (no connection): offline in the store, out of the registry, not lost
    expect(String(lost.msg)).toContain("3 player(s) moved to live hosts, 1 marked offline");
    const daveRow = await k.store.characters.byGuid(dave.guid);
    expect(daveRow?.online).toBe(false);
    expect(await hostOf(dave.guid)).toBeUndefined();
    // the sessions are the same TCP connections and work: a whisper across
    const sb = bob.c.world!.nextSeq;
    carol.c.whisper("Bob", "still here");
    await waitChat(bob.c, (m) => m.message === "still here", sb).catch((e) => {
      console.log(carol.c.receivedSummary().slice(-400));
      throw e;
    });
    await k.restart("world-1");
  }, 45_000);

  test("killing a gateway drops only its sessions: their characters leave the world after the grace period", async () => {
    // Alice and Carol are in Orgrimmar (map 1), Bob in Goldshire (map 0), all on world-2
    await until("Alice sees Carol", () => alice.c.state.sees(BigInt(carol.guid)), 8000);
    await k.kill("gw-2", "SIGKILL");
    await until("Carol left Alice's view", () => !alice.c.state.sees(BigInt(carol.guid)), 15_000);
    await until("Bob and Carol are offline in the store and out of the registry", async () => {
      const rows = await Promise.all([bob, carol].map((p) => k.store.characters.byGuid(p.guid)));
      const reg = (await k.store.registry.players(1)).map((r) => r.guid);
      return rows.every((r) => r && !r.online) && !reg.includes(bob.guid) && !reg.includes(carol.guid);
    });
    // Alice (gw-1) is untouched
    expect((await k.store.characters.byGuid(alice.guid))!.online).toBe(true);
    await until("world-2's heartbeat counts Alice alone", async () => (await k.orchestrator("instances")).hosts.find((h) => h.host === "world-2")?.players === 1);
    const reply = await command(alice.c, ".server hosts", /player/);
    expect(reply.join("\n")).toMatch(/world-2: 1 player/);
    // gw-2 comes back and Bob logs in again
    await k.restart("gw-2");
    bob.c.close();
    const again = await connectVia(k, "gw-2", bob.account);
    await again.enumCharacters();
    await again.enterWorld(BigInt(bob.guid));
    bob = { ...bob, c: again };
    await until("Bob is in the world again", async () => (await hostOf(bob.guid)) !== undefined);
  }, 40_000);
});
