// One cluster, two realms: one login server; each realm its own gateway, world host,
// orchestrator and services (realm.id 1 and 2, different names), all separate processes
// on one database, bus and cache. The realm list shows both with the account's character
// count on each; characters are per realm: a realm 1 character cannot enter the world
// through realm 2's gateway, and realm 2's character list holds only its own.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { HeadlessClient, WorldRefusedError } from "../../bench/client/headless-client.ts";
import { cluster, type Cluster } from "./cluster.ts";
import { FAST, GOLDSHIRE, PASSWORD } from "./cluster-players.ts";
import { serviceGate, TEST_NATS_URL, TEST_POSTGRES_URL, TEST_REDIS_URL } from "./services.ts";
import { until } from "./world-helpers.ts";

const up = (await serviceGate("postgres", TEST_POSTGRES_URL, 5432)) && (await serviceGate("nats", TEST_NATS_URL, 4222)) && (await serviceGate("redis", TEST_REDIS_URL, 6379));

describe.skipIf(!up)("cluster: two realms behind one login server", () => {
  let k: Cluster;
  const clients: HeadlessClient[] = [];
  const ACCOUNT = "TWOREALMS";
  const guids: Record<string, number> = {};

  beforeAll(async () => {
    const realmRoles = ["gateway", "world", "orchestrator", "services"] as const;
    k = await cluster({
      config: FAST,
      processes: [
        // the login server serves every realm; it registers none itself
        { name: "auth", roles: ["auth"], config: { realm: { register: false } } },
        { name: "stormwind", roles: [...realmRoles], config: { realm: { id: 1, name: "Stormwind" } } },
        { name: "ironforge", roles: [...realmRoles], config: { realm: { id: 2, name: "Ironforge" } } },
      ],
    });
    await k.createAccount(ACCOUNT, PASSWORD);
    for (const [name, realm] of [["Anduin", 1], ["Bolvar", 1], ["Magni", 2]] as const) guids[name] = (await k.createCharacter(ACCOUNT, name, { ...GOLDSHIRE, realm })).guid;
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await k?.stop();
  }, 30_000);

  async function login(): Promise<HeadlessClient> {
    const c = new HeadlessClient({ timeoutMs: 8000 });
    clients.push(c);
    await c.login({ host: "127.0.0.1", port: k.authPort, user: ACCOUNT, password: PASSWORD });
    return c;
  }

  test("the realm list shows both realms, each with its gateway's address and the account's characters there", async () => {
    await until("both realms are registered", async () => (await k.store.realms.list()).length === 2, 8000);
    const c = await login();
    const realms = c.realms.map((r) => ({ id: r.id, name: r.name, address: r.address, characters: r.characters })).sort((a, b) => a.id - b.id);
    expect(realms).toEqual([
      { id: 1, name: "Stormwind", address: k.proc("stormwind").worldAddress, characters: 2 },
      { id: 2, name: "Ironforge", address: k.proc("ironforge").worldAddress, characters: 1 },
    ]);
  }, 20_000);

  test("each realm's gateway lists only its own characters, and each enters the world on its own realm", async () => {
    const c = await login();
    const r2 = c.realms.find((r) => r.id === 2)!;
    await c.connectWorld(r2);
    expect((await c.enumCharacters()).map((x) => x.name)).toEqual(["Magni"]);
    await c.enterWorld(BigInt(guids.Magni!));
    const row = (await k.store.registry.players(2)).find((r) => r.guid === guids.Magni);
    expect(row?.host).toBe("ironforge");
    expect(await k.store.registry.players(1)).toEqual([]);
    c.close();
  }, 20_000);

  test("a realm 1 character cannot log in through realm 2's gateway", async () => {
    const c = await login();
    await c.connectWorld(c.realms.find((r) => r.id === 2)!);
    await c.enumCharacters();
    const err = await c.enterWorld(BigInt(guids.Anduin!)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorldRefusedError);
    expect((await k.store.characters.byGuid(guids.Anduin!))!.online).toBe(false);
    // and through its own realm's gateway it can
    const d = await login();
    await d.connectWorld(d.realms.find((r) => r.id === 1)!);
    await d.enumCharacters();
    await d.enterWorld(BigInt(guids.Anduin!));
    await until("Anduin is in realm 1's registry", async () => (await k.store.registry.players(1)).some((r) => r.guid === guids.Anduin && r.host === "stormwind"));
  }, 20_000);
});
