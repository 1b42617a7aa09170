// Two realm "processes" in one test: A runs every role but the web, B runs a gateway, a
// world host and a services host. B uses A's bus, cache and store adapters, as separate
// processes share NATS, Redis and PostgreSQL in cluster mode; nothing else is shared.
import { HeadlessClient } from "../../../bench/client/headless-client.ts";
import { boot, type Booted } from "../../../server/testing/boot.ts";
import { GOLDSHIRE, Pc, TEST_SETTINGS } from "./social-world.ts";

export interface TwoRealms {
  a: Booted;
  b: Booted;
  /** An account with one character, logged in through A's login server, in the world through `via`'s gateway. */
  player(name: string, via: "a" | "b", opts?: { map?: number; x?: number; y?: number; z?: number; zone?: number; race?: number }): Promise<Pc>;
  stop(): Promise<void>;
}

let n = 0;

export async function twoRealms(): Promise<TwoRealms> {
  const common = { plugins: { settings: { social: TEST_SETTINGS } } };
  const a = await boot({ ...common, roles: ["auth", "gateway", "world", "orchestrator", "services"] });
  const b = await boot({ ...common, roles: ["gateway", "world", "services"], realm: { register: false } }, { store: a.realm.store, bus: a.realm.bus, cache: a.realm.cache });
  const clients: HeadlessClient[] = [];
  return {
    a,
    b,
    async player(name, via, opts = {}) {
      const account = `TWO${process.pid % 1000}${++n}`;
      await a.createAccount(account, "pw");
      const row = await a.createCharacter(account, name, { ...GOLDSHIRE, race: opts.race ?? 1, ...opts });
      const c = new HeadlessClient({ timeoutMs: 5000 });
      clients.push(c);
      await c.login({ host: a.host, port: a.authPort, user: account, password: "pw" });
      await c.connectWorld((via === "a" ? a : b).worldAddress);
      await c.enumCharacters();
      await c.enterWorld(BigInt(row.guid));
      return new Pc(c, name, account);
    },
    async stop() {
      for (const c of clients) c.close();
      await b.stop();
      await a.stop();
    },
  };
}
