// Saves: relog restores the position; the periodic save window (ManualClock); a realm
// process (`bun server/main.ts`, file SQLite under a temp data dir) killed with SIGKILL
// restarts at the last saved position, and SIGTERM saves everyone and exits 0.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { HeadlessClient } from "../../bench/client/headless-client.ts";
import { MoveFlags } from "../../bench/client/messages/movement.ts";
import { systemClock } from "../kernel/clock.ts";
import { silentLogger } from "../kernel/logger.ts";
import { Accounts } from "../ops/accounts.ts";
import { AuditLog } from "../ops/audit.ts";
import { openSqliteStore } from "../storage/sqlite.ts";
import { NORTHSHIRE, Opcode, startWorld, until } from "./world-helpers.ts";

const REPO = join(import.meta.dir, "..", "..");
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

/** Walks in steps the speed check accepts (the clock moves 1 s per 6 yards). */
async function walk(c: HeadlessClient, dx: number, advance: (ms: number) => void | Promise<void>): Promise<void> {
  const steps = Math.ceil(Math.abs(dx) / 6);
  for (let i = 0; i < steps; i++) {
    await advance(1000);
    c.move(Opcode.MSG_MOVE_HEARTBEAT, { x: c.movement.x + dx / steps }, MoveFlags.FORWARD);
  }
  c.move(Opcode.MSG_MOVE_STOP, {}, 0);
}

test("relog restores the position; the save window writes it while online", async () => {
  const w = await startWorld({ world: { saveIntervalMs: 30_000 } }, { manualClock: true });
  cleanup.push(() => w.stop());
  const row = await w.character("sv1", "Keepsake");
  const a = await w.enter("sv1");
  await walk(a, 30, (ms) => w.clock!.advance(ms));
  const target = a.movement.x;
  const host = w.b.realm.worldHost!;
  await until("the server has the new position", () => Math.abs(host.byGuid.get(row.guid)!.x - target) < 0.01);
  expect((await w.b.realm.store.characters.byGuid(row.guid))!.x).toBeCloseTo(NORTHSHIRE.x, 2);
  // within the save window (staggered, at most saveIntervalMs) the store has it
  w.advance(30_000);
  await until("the periodic save wrote the position", async () => Math.abs((await w.b.realm.store.characters.byGuid(row.guid))!.x - target) < 0.01);
  expect((await w.b.realm.store.characters.byGuid(row.guid))!.online).toBe(true);
  // walk further, log out, come back: the logout save has the last position
  await walk(a, -12, (ms) => w.clock!.advance(ms));
  const last = a.movement.x;
  await until("the server has the last position", () => Math.abs(host.byGuid.get(row.guid)!.x - last) < 0.01);
  const since = a.world!.nextSeq;
  a.world!.send(Opcode.CMSG_LOGOUT_REQUEST);
  await a.world!.waitFor(Opcode.SMSG_LOGOUT_RESPONSE, undefined, 3000, since);
  w.advance(20_000);
  await a.world!.waitFor(Opcode.SMSG_LOGOUT_COMPLETE, undefined, 3000, since);
  await until("the character is offline in the store", async () => (await w.b.realm.store.characters.byGuid(row.guid))!.online === false);
  await a.enumCharacters();
  const pos = await a.enterWorld(BigInt(row.guid));
  expect(pos.x).toBeCloseTo(last, 2);
  expect(a.state.positionOf(a.guid)!.x).toBeCloseTo(last, 2);
  a.close();
});

// ------------------------------------------------------------------ a realm process

interface Proc {
  p: Subprocess<"ignore", "pipe", "pipe">;
  auth: number;
  world: number;
  out: string[];
}

function realmEnv(dataDir: string): Record<string, string> {
  return {
    REALMCORE_DATA_DIR: dataDir,
    REALMCORE_AUTH__HOST: "127.0.0.1",
    REALMCORE_AUTH__PORT: "0",
    REALMCORE_GATEWAY__HOST: "127.0.0.1",
    REALMCORE_GATEWAY__PORT: "0",
    REALMCORE_WEB__HOST: "127.0.0.1",
    REALMCORE_WEB__PORT: "0",
    REALMCORE_WORLD__SAVE_INTERVAL_MS: "1000",
    REALMCORE_LOG__LEVEL: "warn",
    REALMCORE_BUS__SUBJECT_PREFIX: `t${Math.random().toString(36).slice(2, 8)}`,
    REALMCORE_PLUGINS__WATCH: "false",
  };
}

/** Starts `bun server/main.ts` (in the repository, for plugins/) and reads the ports from its "running" line. */
async function startProcess(dataDir: string): Promise<Proc> {
  const p = Bun.spawn([process.execPath, join(REPO, "server", "main.ts"), "--no-console"], {
    cwd: REPO,
    env: { ...process.env, ...realmEnv(dataDir), REALMCORE_CONFIG: "" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const out: string[] = [];
  const proc: Proc = { p, auth: 0, world: 0, out };
  cleanup.push(() => {
    if (p.exitCode === null) p.kill("SIGKILL");
  });
  void new Response(p.stderr).text().then((t) => out.push(t));
  const reader = p.stdout.getReader();
  const deadline = Date.now() + 20_000;
  let text = "";
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    const m = /running: login (\d+), world (\d+)/.exec(text);
    if (m) {
      proc.auth = Number(m[1]);
      proc.world = Number(m[2]);
      reader.releaseLock();
      return proc;
    }
  }
  throw new Error(`the realm process did not start: ${text}${out.join("")}`);
}

async function prepareData(dataDir: string): Promise<number> {
  const store = openSqliteStore({ path: join(dataDir, "realm.sqlite") });
  await store.migrate();
  const accounts = new Accounts(store.accounts, systemClock, new AuditLog(store.audit, systemClock, 1, silentLogger));
  const acc = await accounts.create("PROC", "pw", { actor: "test" });
  const row = await store.characters.create({
    accountId: acc.id,
    realmId: 1,
    name: "Survivor",
    nameKey: "survivor",
    race: 1,
    class: 1,
    gender: 0,
    level: 1,
    map: NORTHSHIRE.map,
    zone: 9,
    x: NORTHSHIRE.x,
    y: NORTHSHIRE.y,
    z: NORTHSHIRE.z,
    orientation: 0,
    bindMap: 0,
    bindZone: 9,
    bindX: NORTHSHIRE.x,
    bindY: NORTHSHIRE.y,
    bindZ: NORTHSHIRE.z,
    equipment: "[]",
    createdAt: Date.now(),
  });
  await store.close();
  return row!.guid;
}

async function readRow(dataDir: string, guid: number) {
  const store = openSqliteStore({ path: join(dataDir, "realm.sqlite") });
  try {
    return (await store.characters.byGuid(guid))!;
  } finally {
    await store.close();
  }
}

async function enter(p: Proc, guid: number): Promise<HeadlessClient> {
  const c = new HeadlessClient({ timeoutMs: 8000 });
  cleanup.push(() => c.close());
  await c.login({ host: "127.0.0.1", port: p.auth, user: "PROC", password: "pw" });
  await c.connectWorld(`127.0.0.1:${p.world}`);
  await c.enumCharacters();
  await c.enterWorld(BigInt(guid));
  return c;
}

test("a realm process killed with SIGKILL restarts at the last saved position; SIGTERM saves everyone and exits 0", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "realmcore-proc-"));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const guid = await prepareData(dataDir);

  let p = await startProcess(dataDir);
  let c = await enter(p, guid);
  // 8 yards in 1.5 s of real time: well inside the speed check
  await Bun.sleep(1500);
  c.move(Opcode.MSG_MOVE_HEARTBEAT, { x: NORTHSHIRE.x + 8 }, MoveFlags.FORWARD);
  c.move(Opcode.MSG_MOVE_STOP, {}, 0);
  // the save window is 1 s (staggered 0.5-1 s): wait until a save wrote it, then kill
  await until("the periodic save wrote the move", async () => Math.abs((await readRow(dataDir, guid)).x - (NORTHSHIRE.x + 8)) < 0.01, 10_000);
  p.p.kill("SIGKILL");
  expect(await p.p.exited).not.toBe(0);
  c.close();

  p = await startProcess(dataDir);
  c = await enter(p, guid);
  expect(c.state.positionOf(c.guid)!.x).toBeCloseTo(NORTHSHIRE.x + 8, 2);
  // move again and stop the process at once: SIGTERM saves before exiting
  await Bun.sleep(1200);
  c.move(Opcode.MSG_MOVE_HEARTBEAT, { x: NORTHSHIRE.x + 14 }, MoveFlags.FORWARD);
  // a ping round trip behind the move: the gateway has handed the move to the world
  await c.world!.ping();
  p.p.kill("SIGTERM");
  expect(await p.p.exited).toBe(0);
  const row = await readRow(dataDir, guid);
  expect(row.x).toBeCloseTo(NORTHSHIRE.x + 14, 2);
  expect(row.online).toBe(false);
  c.close();
}, 60_000);
