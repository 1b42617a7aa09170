// The Store conformance suite against bun:sqlite: one database file per case in a
// temporary folder that is removed afterwards.
import { Database } from "bun:sqlite";
import { afterAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "./sqlite.ts";
import { storeConformance } from "./store.conformance.ts";

const dir = mkdtempSync(join(tmpdir(), "rc-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeConformance({
  name: "sqlite",
  async fresh() {
    const path = join(dir, `db${++n}.sqlite`);
    const store = openSqliteStore({ path });
    let side: Database | undefined;
    return {
      store,
      async raw(sql) {
        side ??= new Database(path, { strict: true });
        return side.query(sql).all() as Record<string, unknown>[];
      },
      async dispose() {
        side?.close();
        await store.close();
      },
    };
  },
});
