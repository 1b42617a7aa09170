// The Store conformance suite against PostgreSQL. The run creates its own database
// (rc_test_<random>) through the `postgres` database and drops it afterwards; each
// case gets a fresh schema inside it.
import { afterAll } from "bun:test";
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
}
