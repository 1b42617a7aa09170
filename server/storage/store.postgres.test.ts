// The Store conformance suite against PostgreSQL. The run creates its own database
// (rc_test_<random>) through the `postgres` database and drops it afterwards; each
// case gets a fresh schema inside it.
import { afterAll, expect, test } from "bun:test";
import pg from "pg";
import { serviceGate, testPostgres, TEST_POSTGRES_URL } from "../testing/services.ts";
import { openPostgresStore } from "./postgres.ts";
import { storeConformance } from "./store.conformance.ts";

if (await serviceGate("PostgreSQL", TEST_POSTGRES_URL, 5432)) {
  const db = await testPostgres(TEST_POSTGRES_URL);
  afterAll(() => db.cleanup());
  let n = 0;
  storeConformance({
    name: "postgresql",
    async fresh() {
      const schema = `s${++n}`;
      const store = await openPostgresStore({ url: db.url, schema, poolSize: 12 });
      let side: pg.Client | undefined;
      return {
        store,
        async raw(sql) {
          if (!side) {
            side = new pg.Client({ connectionString: db.url, options: `-c search_path=${schema}` });
            await side.connect();
          }
          return (await side.query(sql)).rows as Record<string, unknown>[];
        },
        async dispose() {
          await side?.end();
          await store.close();
        },
      };
    },
  });

  test("leadership: one holder at a time across connections; released on release or when the holder's connection dies", async () => {
    const a = await openPostgresStore({ url: db.url, schema: "lease" });
    const b = await openPostgresStore({ url: db.url, schema: "lease" });
    const la = a.leadership("orchestrator");
    const lb = b.leadership("orchestrator");
    expect(await la.tryAcquire()).toBe(true);
    expect(await lb.tryAcquire()).toBe(false);
    await la.release();
    expect(await lb.tryAcquire()).toBe(true);
    expect(await la.tryAcquire()).toBe(false);
    // the holder's process goes away: PostgreSQL frees the lock with its session
    await lb.release();
    const lc = a.leadership("orchestrator");
    expect(await lc.tryAcquire()).toBe(true);
    await lc.release();
    await a.close();
    await b.close();
  });
}
