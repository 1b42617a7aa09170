// openStore picks the adapter from the configuration; PostgreSQL unreachable is one line.
import { readJournal } from "./migrate.ts";
import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig } from "../kernel/config.ts";
import { isRealmError } from "../kernel/errors.ts";
import { freePort, serviceGate, testPostgres, TEST_POSTGRES_URL } from "../testing/services.ts";
import { openStore, sqlitePathOf } from "./index.ts";

test("embedded default: bun:sqlite under the data dir, migrated on request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rc-open-"));
  try {
    const cfg = defaultConfig().storage;
    expect(sqlitePathOf(cfg, dir)).toBe(join(dir, "realm.sqlite"));
    const store = await openStore(cfg, dir, undefined, { migrate: true });
    expect(store.dialect).toBe("sqlite");
    expect(await store.accounts.count()).toBe(0);
    await store.close();
    expect(await Bun.file(join(dir, "realm.sqlite")).exists()).toBe(true);
    const mem = await openStore({ ...cfg, sqlitePath: ":memory:" }, dir);
    expect(await mem.migrate()).toEqual(readJournal("sqlite").entries.map((e) => e.tag));
    await mem.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("PostgreSQL on a closed port: one INFRA_UNREACHABLE line, password hidden", async () => {
  const port = await freePort();
  const cfg = { ...defaultConfig().storage, dialect: "postgresql" as const, postgresUrl: `postgres://rc:secret@127.0.0.1:${port}/realmcore` };
  try {
    await openStore(cfg, "./data", undefined, { retryForMs: 0 });
    throw new Error("expected a rejection");
  } catch (e) {
    expect(isRealmError(e, "INFRA_UNREACHABLE")).toBe(true);
    const msg = (e as Error).message;
    expect(msg).toStartWith(`PostgreSQL at postgres://rc:***@127.0.0.1:${port}/realmcore is unreachable: `);
    expect(msg).not.toContain("secret");
    expect(msg).not.toContain("\n");
  }
});

if (await serviceGate("PostgreSQL", TEST_POSTGRES_URL, 5432)) {
  test("cluster: PostgreSQL from the configuration, in its schema", async () => {
    const db = await testPostgres();
    try {
      const cfg = { ...defaultConfig().storage, dialect: "postgresql" as const, postgresUrl: db.url, postgresSchema: "realm_a" };
      const store = await openStore(cfg, "./data", undefined, { migrate: true, retryForMs: 0 });
      expect(store.dialect).toBe("postgresql");
      await store.accounts.create({ name: "CFG", salt: Buffer.alloc(32), verifier: Buffer.alloc(32), createdAt: 1 });
      expect(await store.accounts.count()).toBe(1);
      await store.close();
    } finally {
      await db.cleanup();
    }
  });
}
