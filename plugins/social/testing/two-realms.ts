// Two realm "processes" in one test: A runs every role but the web, B runs a gateway, a
// world host and a services host. They share the in-process bus hub, the cache map and
// the store, as separate processes share NATS, Redis and PostgreSQL in cluster mode.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadlessClient } from "../../../bench/client/headless-client.ts";
import { MemoryHub } from "../../../server/bus/memory.ts";
import { MemoryCache } from "../../../server/storage/cache/memory.ts";
import { openStore } from "../../../server/storage/index.ts";
import type { Store } from "../../../server/storage/ports.ts";
import { boot, testConfig, type Booted } from "../../../server/testing/boot.ts";
import { GOLDSHIRE, Pc, TEST_SETTINGS } from "./social-world.ts";

export interface TwoRealms {
  a: Booted;
  b: Booted;
  store: Store;
  /** An account with one character, logged in through A's login server, in the world through `via`'s gateway. */
  player(name: string, via: "a" | "b", opts?: { map?: number; x?: number; y?: number; z?: number; zone?: number; race?: number }): Promise<Pc>;
  stop(): Promise<void>;
}

let n = 0;

export async function twoRealms(): Promise<TwoRealms> {
  const dir = mkdtempSync(join(tmpdir(), "rc-social-"));
  const store = await openStore(testConfig().storage, dir);
  await store.migrate();
  const hub = new MemoryHub();
  const cacheShared = MemoryCache.sharedMap();
  const prefix = `t${Math.random().toString(36).slice(2, 8)}`;
  const common = { bus: { subjectPrefix: prefix }, plugins: { settings: { social: TEST_SETTINGS } } };
  const a = await boot({ ...common, roles: ["auth", "gateway", "world", "orchestrator", "services"] }, { store, hub, cacheShared });
  const b = await boot({ ...common, roles: ["gateway", "world", "services"] }, { store, hub, cacheShared });
  const clients: HeadlessClient[] = [];
  return {
    a,
    b,
    store,
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
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
