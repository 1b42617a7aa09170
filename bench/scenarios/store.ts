// Character saves per second through the Store port: one save per transaction
// (`saveBatch([save])`, what a logout does) against batches of 100 (`saveBatch` of 100,
// what the world's periodic save does), on bun:sqlite and on PostgreSQL.
//
// Baselines, all measured in this run:
// * single saves: the same UPDATE through the bare driver (a prepared bun:sqlite
//   statement in BEGIN/COMMIT; `pg` with BEGIN/UPDATE/COMMIT on a pooled client), i.e.
//   what the database allows without our store layer;
// * batched saves: the single-save figure of the same database.
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { CharacterSave, Store } from "../../server/storage/ports.ts";
import { openPostgresStore } from "../../server/storage/postgres.ts";
import { openSqliteStore } from "../../server/storage/sqlite.ts";
import { TEST_POSTGRES_URL, tcpAnswers, testPostgres } from "../../server/testing/services.ts";
import { figure, fmt, interleaved, type Figure, type Scenario } from "../harness.ts";

const CHARACTERS = 2000;
const BATCH = 100;
const PG_IN_FLIGHT = 10;
const EQUIPMENT = JSON.stringify(Array.from({ length: 23 }, (_, i) => (i < 19 ? 40_000 + i : 0)));
const ACTION_BUTTONS = JSON.stringify(Array.from({ length: 144 }, (_, i) => (i < 40 ? 133 + i * 7 : 0)));

let tick = 0;
/** A periodic save of one character: position, progress, money, played time, gear. */
function saveOf(guid: number): CharacterSave {
  const n = ++tick;
  return {
    guid,
    level: 1 + (n % 80),
    xp: n % 100_000,
    money: 1_000_000 + n,
    map: 0,
    zone: 12,
    x: -8949.95 + (n % 100),
    y: -132.49 + (n % 37),
    z: 83.53,
    orientation: (n % 628) / 100,
    playedTotal: n,
    playedLevel: n % 3600,
    online: true,
    savedAt: Date.now(),
    equipment: EQUIPMENT,
    actionButtons: ACTION_BUTTONS,
  };
}

const UPDATE_SQL_COLUMNS = ["level", "xp", "money", "map", "zone", "x", "y", "z", "orientation", "played_total", "played_level", "online", "saved_at", "equipment", "action_buttons"];
function rawValues(s: CharacterSave): (string | number | boolean)[] {
  return [s.level!, s.xp!, s.money!, s.map!, s.zone!, s.x!, s.y!, s.z!, s.orientation!, s.playedTotal!, s.playedLevel!, s.online!, s.savedAt!, s.equipment!, s.actionButtons!];
}

async function seed(store: Store): Promise<number[]> {
  await store.migrate();
  const a = await store.accounts.create({ name: "BENCH", salt: Buffer.alloc(32), verifier: Buffer.alloc(32), createdAt: Date.now() });
  const guids: number[] = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < CHARACTERS; i++) {
      const c = await tx.characters.create({
        accountId: a.id,
        realmId: 1,
        name: `Bench${i}`,
        nameKey: "",
        race: 1,
        class: 1,
        gender: 0,
        map: 0,
        zone: 12,
        x: 0,
        y: 0,
        z: 0,
        createdAt: Date.now(),
      });
      guids.push(c!.guid);
    }
  });
  return guids;
}

/** Saves per second with `workers` loops, each on its own slice of characters (no row contention). */
async function savesPerSecond(ms: number, guids: number[], workers: number, perOp: number, op: (saves: CharacterSave[]) => Promise<void> | void): Promise<number> {
  let saves = 0;
  const slice = Math.floor(guids.length / workers);
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const mine = guids.slice(w * slice, (w + 1) * slice);
      let i = 0;
      while (performance.now() < end) {
        const batch: CharacterSave[] = new Array(perOp);
        for (let k = 0; k < perOp; k++) batch[k] = saveOf(mine[i++ % mine.length]!);
        await op(batch);
        saves += perOp;
      }
    }),
  );
  return (saves * 1000) / (performance.now() - t0);
}

const scenario: Scenario = {
  name: "store",
  description: "character saves/s: one per transaction vs saveBatch of 100, bun:sqlite (WAL, NORMAL) and PostgreSQL",
  goal: "bun:sqlite single saves ≥ 10k/s and PostgreSQL ≥ 2k/s with 10 in flight (G10); batches of 100 ≥ 2× single saves on each",
  async run({ short, log }) {
    const ms = short ? 400 : 2000;
    const reps = 3;
    const figures: Figure[] = [];
    const notes: string[] = [];

    // ------------------------------------------------------------ bun:sqlite
    const dir = mkdtempSync(join(tmpdir(), "rc-bench-store-"));
    try {
      const store = openSqliteStore({ path: join(dir, "store.sqlite") });
      const guids = await seed(store);
      const rawStore = openSqliteStore({ path: join(dir, "raw.sqlite") });
      const rawGuids = await seed(rawStore);
      await rawStore.close();
      const raw = new Database(join(dir, "raw.sqlite"), { strict: true });
      raw.run("PRAGMA journal_mode = WAL");
      raw.run("PRAGMA synchronous = NORMAL");
      const upd = raw.prepare(`UPDATE characters SET ${UPDATE_SQL_COLUMNS.map((c) => `${c} = ?`).join(", ")} WHERE guid = ?`);
      const rawSave = (s: CharacterSave) => {
        raw.run("BEGIN");
        upd.run(...(rawValues(s) as never[]), s.guid as never);
        raw.run("COMMIT");
      };

      // warm-up, then the median of `reps` runs each
      await savesPerSecond(100, rawGuids, 1, 1, (b) => rawSave(b[0]!));
      await savesPerSecond(100, guids, 1, 1, (b) => store.characters.saveBatch(b));
      const [rawSingle, single, batched] = await interleaved(reps, [
        () => savesPerSecond(ms, rawGuids, 1, 1, (b) => rawSave(b[0]!)),
        () => savesPerSecond(ms, guids, 1, 1, (b) => store.characters.saveBatch(b)),
        () => savesPerSecond(ms, guids, 1, BATCH, (b) => store.characters.saveBatch(b)),
      ]);
      log(`bun:sqlite: raw ${fmt(rawSingle)}/s, store single ${fmt(single)}/s, store batch ${fmt(batched)}/s`);
      raw.close();
      await store.close();
      figures.push(
        figure({
          name: "sqlite.single",
          label: "bun:sqlite, 1 save per transaction",
          value: single,
          unit: "saves/s",
          baseline: { label: "bare bun:sqlite prepared UPDATE per transaction", value: rawSingle },
          goal: "≥ 10,000 saves/s",
          met: (v) => v >= 10_000,
        }),
        figure({
          name: "sqlite.batch100",
          label: "bun:sqlite, saveBatch of 100",
          value: batched,
          unit: "saves/s",
          baseline: { label: "bun:sqlite 1 save per transaction", value: single },
          goal: "≥ 2× single saves",
          met: (_v, r) => r >= 2,
        }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // ------------------------------------------------------------ PostgreSQL
    const u = new URL(TEST_POSTGRES_URL);
    if (!(await tcpAnswers(u.hostname, Number(u.port || 5432)))) {
      notes.push(`PostgreSQL figures skipped: nothing answers at ${TEST_POSTGRES_URL} (set REALMCORE_TEST_POSTGRES_URL)`);
      log(notes[notes.length - 1]!);
      return { figures, notes };
    }
    const db = await testPostgres();
    try {
      const store = await openPostgresStore({ url: db.url, poolSize: PG_IN_FLIGHT, onError: (e) => log(`PostgreSQL pool: ${e.message}`) });
      const guids = await seed(store);
      const pool = new pg.Pool({ connectionString: db.url, max: PG_IN_FLIGHT });
      pool.on("error", (e) => log(`PostgreSQL raw pool: ${e.message}`));
      const version = (await pool.query("SHOW server_version")).rows[0]?.server_version as string;
      const text = `UPDATE characters SET ${UPDATE_SQL_COLUMNS.map((c, i) => `${c} = $${i + 1}`).join(", ")} WHERE guid = $${UPDATE_SQL_COLUMNS.length + 1}`;
      const rawSave = async (s: CharacterSave) => {
        const c = await pool.connect();
        try {
          await c.query("BEGIN");
          await c.query(text, [...rawValues(s), s.guid]);
          await c.query("COMMIT");
        } finally {
          c.release();
        }
      };
      await savesPerSecond(200, guids, PG_IN_FLIGHT, 1, (b) => rawSave(b[0]!));
      await savesPerSecond(200, guids, PG_IN_FLIGHT, 1, (b) => store.characters.saveBatch(b));
      const [rawSingle, single, batched] = await interleaved(reps, [
        () => savesPerSecond(ms, guids, PG_IN_FLIGHT, 1, (b) => rawSave(b[0]!)),
        () => savesPerSecond(ms, guids, PG_IN_FLIGHT, 1, (b) => store.characters.saveBatch(b)),
        () => savesPerSecond(ms, guids, PG_IN_FLIGHT, BATCH, (b) => store.characters.saveBatch(b)),
      ]);
      log(`PostgreSQL ${version}: raw ${fmt(rawSingle)}/s, store single ${fmt(single)}/s, store batch ${fmt(batched)}/s (${PG_IN_FLIGHT} in flight)`);
      notes.push(`PostgreSQL ${version} at ${u.host} (the machine's shared server, not pinned), pool of ${PG_IN_FLIGHT}, ${PG_IN_FLIGHT} saves or batches in flight`);
      await pool.end();
      await store.close();
      figures.push(
        figure({
          name: "postgres.single",
          label: `PostgreSQL, 1 save per transaction, ${PG_IN_FLIGHT} in flight`,
          value: single,
          unit: "saves/s",
          baseline: { label: "bare pg BEGIN/UPDATE/COMMIT, same concurrency", value: rawSingle },
          goal: "≥ 2,000 saves/s",
          met: (v) => v >= 2_000,
        }),
        figure({
          name: "postgres.batch100",
          label: `PostgreSQL, saveBatch of 100, ${PG_IN_FLIGHT} in flight`,
          value: batched,
          unit: "saves/s",
          baseline: { label: "PostgreSQL 1 save per transaction", value: single },
          goal: "≥ 2× single saves",
          met: (_v, r) => r >= 2,
        }),
      );
    } finally {
      await db.cleanup();
    }
    return { figures, notes };
  },
};

export default scenario;
