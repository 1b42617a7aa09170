// Helpers for the character plugin's socket tests: the character screen of a headless
// client, create requests, a row count of the whole characters table, and the operator
// CLI run for real in a child process against the realm's database file.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadlessClient } from "../../bench/client/headless-client.ts";
import type { CharCreateRequest } from "../../bench/client/messages/character.ts";
import type { Booted } from "../../server/testing/boot.ts";

const REPO = join(import.meta.dir, "..", "..");

/** The character-screen budgets (3/s create and enum) are the gateway's tests; here they would only slow the tables down. */
export const NO_BUDGETS = { gateway: { rateLimits: { CMSG_CHAR_CREATE: 0, CMSG_CHAR_ENUM: 0, CMSG_CHAR_DELETE: 0, CMSG_CHAR_RENAME: 0, CMSG_CHAR_CUSTOMIZE: 0 } } };

/** Clients opened by `screen`, closed by the test file's afterEach. */
export const openClients: HeadlessClient[] = [];

export function closeClients(): void {
  for (const c of openClients.splice(0)) c.close();
}

/** Logs in (password "pw") and connects to the world: the client is at the character screen. */
export async function screen(b: Booted, user: string): Promise<HeadlessClient> {
  const c = new HeadlessClient({ timeoutMs: 5000 });
  openClients.push(c);
  const { realms } = await c.login({ host: b.host, port: b.authPort, user, password: "pw" });
  await c.connectWorld(realms[0]!);
  return c;
}

export const req = (name: string, race = 1, cls = 1, more: Partial<CharCreateRequest> = {}): CharCreateRequest => ({
  name,
  race,
  class: cls,
  gender: 0,
  skin: 1,
  face: 2,
  hairStyle: 3,
  hairColor: 4,
  facialHair: 5,
  outfitId: 0,
  ...more,
});

/** Every character row of the realm's table, live and deleted. */
export async function allRows(b: Booted): Promise<number> {
  const s = b.realm.store.characters;
  return (await s.search("", { limit: 10_000 })).length + (await s.search("", { limit: 10_000, deleted: true })).length;
}

/** A database file the realm and the CLI can both open (boot() alone uses :memory:). */
export function databaseFile(): { dir: string; path: string; config: { storage: { sqlitePath: string } } } {
  const dir = mkdtempSync(join(tmpdir(), "rc-charscreen-"));
  const path = join(dir, "realm.sqlite");
  return { dir, path, config: { storage: { sqlitePath: path } } };
}

/** `bun server/ctl.ts ...` against that database file. */
export async function ctl(db: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("REALMCORE_")) env[k] = v;
  const p = Bun.spawn(["bun", "server/ctl.ts", ...args], {
    cwd: REPO,
    env: { ...env, REALMCORE_DATA_DIR: join(db, ".."), REALMCORE_STORAGE__SQLITE_PATH: db, REALMCORE_CONFIG: "" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out: out.trim(), err: err.trim() };
}
