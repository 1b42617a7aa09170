// The CLI run for real: `bun server/ctl.ts ...` in a child process against a SQLite file
// in a temp dir (REALMCORE_DATA_DIR / REALMCORE_STORAGE__SQLITE_PATH), checking exit codes,
// output lines, and what landed in the store (through the same store API).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { computeVerifier } from "../protocol/srp6.ts";
import { openSqliteStore } from "../storage/sqlite.ts";

const ROOT = join(import.meta.dir, "..", "..");
let dir = "";
let db = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rc-ctl-"));
  db = join(dir, "realm.sqlite");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ctl(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("REALMCORE_")) env[k] = v;
  const p = Bun.spawn(["bun", "server/ctl.ts", ...args], {
    cwd: ROOT,
    env: { ...env, REALMCORE_DATA_DIR: dir, REALMCORE_STORAGE__SQLITE_PATH: db, REALMCORE_CONFIG: "" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out: out.trim(), err: err.trim() };
}

async function withStore<T>(f: (s: ReturnType<typeof openSqliteStore>) => Promise<T>): Promise<T> {
  const s = openSqliteStore({ path: db });
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

describe("ctl", () => {
  test("db migrate applies the schema, then reports it up to date", async () => {
    const first = await ctl("db", "migrate");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^applied \d+ migrations? to SQLite: /);
    const again = await ctl("db", "migrate");
    expect(again).toMatchObject({ code: 0, out: "SQLite database is up to date" });
  });

  test("account create: upper-cased name, SRP verifier for the password, email and GM level, audited as ctl", async () => {
    const r = await ctl("account", "create", "alice", "Secret1", "--email", "alice@example.org", "--gm", "2");
    expect(r.code).toBe(0);
    expect(r.out).toBe("created account ALICE (id 1, GM level 2, email alice@example.org)");
    await withStore(async (s) => {
      const a = (await s.accounts.byName("ALICE"))!;
      expect(a.gmLevel).toBe(2);
      expect(a.email).toBe("alice@example.org");
      expect(Buffer.from(computeVerifier(a.salt, "ALICE", "SECRET1")).equals(a.verifier)).toBe(true);
      const audit = await s.audit.list({ action: "account.create" });
      expect(audit[0]).toMatchObject({ actor: "ctl", target: "ALICE" });
    });
  });

  test("bad input exits 1 with a message naming the problem", async () => {
    const cases: [string[], RegExp][] = [
      [["account", "create", "al-ice", "pw"], /account name may only hold letters A-Z and digits 0-9/],
      [["account", "create", "abcdefghijklmnopq", "pw"], /longer than 16 characters/],
      [["account", "create", "bob", "12345678901234567"], /password is longer than 16 characters/],
      [["account", "create", "bob", "pässword"], /printable ASCII/],
      [["account", "create", "bob"], /missing PASSWORD/],
      [["account", "create", "bob", "pw", "--gm", "7"], /GM level must be a whole number from 0 to 4/],
      [["account", "create", "bob", "pw", "--colour", "red"], /unknown option '--colour'/],
      [["account", "create", "alice", "pw"], /account ALICE already exists/],
      [["account", "set-gm", "nobody", "1"], /no account named NOBODY/],
      [["account", "ban", "alice", "soon"], /cannot read duration "soon"/],
      [["account", "frobnicate"], /unknown command "account frobnicate"/],
      [["account"], /"account" needs a subcommand/],
      [["realm", "set", "2", "--flags", "0x40"], /realm 2 does not exist; give --name and --address/],
      [["realm", "set", "1", "--name", "X", "--address", "nohost"], /address must be HOST:PORT/],
      [["realm", "set", "300", "--name", "X"], /realm id must be a whole number from 1 to 255/],
    ];
    const results = await Promise.all(cases.map(([args]) => ctl(...args)));
    results.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(" ")).toBe(1);
      expect(r.err, cases[i]![0].join(" ")).toMatch(cases[i]![1]);
    });
  });

  test("set-password and set-gm", async () => {
    expect(await ctl("account", "set-password", "alice", "n3w")).toMatchObject({ code: 0, out: "changed the password of ALICE" });
    expect(await ctl("account", "set-gm", "ALICE", "0")).toMatchObject({ code: 0, out: "ALICE now has GM level 0" });
    await withStore(async (s) => {
      const a = (await s.accounts.byName("ALICE"))!;
      expect(Buffer.from(computeVerifier(a.salt, "ALICE", "N3W")).equals(a.verifier)).toBe(true);
      expect(a.gmLevel).toBe(0);
    });
  });

  test("ban with a duration and reason, list shows it, unban lifts it", async () => {
    const ban = await ctl("account", "ban", "alice", "4d20h", "gold", "selling");
    expect(ban.code).toBe(0);
    expect(ban.out).toMatch(/^banned ALICE for 4d 20h \(until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\): gold selling$/);
    const listed = await ctl("account", "list");
    expect(listed.out).toMatch(/ALICE .*BANNED until/);
    await withStore(async (s) => {
      const a = (await s.accounts.byName("ALICE"))!;
      const b = (await s.bans.activeAccountBan(a.id, Date.now()))!;
      expect(b.reason).toBe("gold selling");
      expect(b.bannedBy).toBe("ctl");
      expect(b.expiresAt - b.bannedAt).toBe((4 * 24 + 20) * 3600_000);
    });
    expect(await ctl("account", "unban", "alice")).toMatchObject({ code: 0, out: "lifted the ban on ALICE" });
    expect(await ctl("account", "unban", "alice")).toMatchObject({ code: 0, out: "ALICE was not banned" });
    const perm = await ctl("account", "ban", "alice", "perm");
    expect(perm.out).toBe("banned ALICE permanently");
    await ctl("account", "unban", "alice");
  });

  test("lock on with a reason, off", async () => {
    expect(await ctl("account", "lock", "alice", "chargeback", "pending")).toMatchObject({ code: 0, out: "locked ALICE: chargeback pending" });
    await withStore(async (s) => expect((await s.accounts.byName("ALICE"))!).toMatchObject({ locked: true, lockReason: "chargeback pending" }));
    expect((await ctl("account", "list", "ali")).out).toMatch(/ALICE .*LOCKED \(chargeback pending\)/);
    expect(await ctl("account", "lock", "alice", "off")).toMatchObject({ code: 0, out: "unlocked ALICE" });
    await withStore(async (s) => expect((await s.accounts.byName("ALICE"))!.locked).toBe(false));
  });

  test("list with a search: one line per account and a count", async () => {
    await ctl("account", "create", "bob", "pw");
    await ctl("account", "create", "bobby", "pw");
    const r = await ctl("account", "list", "bob");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines.length).toBe(3);
    expect(lines[0]).toMatch(/^\s*\d+ {2}BOB\s+gm=0 {2}last login never$/);
    expect(lines[1]).toMatch(/BOBBY/);
    expect(lines[2]).toBe('2 accounts matching "bob"');
  });

  test("realm set creates and updates a realm; realm list shows it", async () => {
    const created = await ctl("realm", "set", "2", "--name", "Second", "--address", "10.0.0.5:8086", "--type", "1", "--flags", "0x40", "--limit", "500");
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^created realm 2 {2}Second {2}10\.0\.0\.5:8086 {2}type 1 \(PvP\) {2}flags 0x40 .* limit 500 {2}offline/);
    const updated = await ctl("realm", "set", "2", "--name", "Renamed", "--population", "1.5");
    expect(updated.out).toMatch(/^updated realm 2 {2}Renamed .*population 1\.5/);
    const list = await ctl("realm", "list");
    expect(list.out.split("\n").at(-1)).toBe("1 realm");
    await withStore(async (s) => expect(await s.realms.get(2)).toMatchObject({ name: "Renamed", address: "10.0.0.5:8086", type: 1, flags: 0x40, playerLimit: 500, population: 1.5 }));
  });

  test("help lists every command; no arguments prints usage and exits 1", async () => {
    const help = await ctl("help");
    expect(help.code).toBe(0);
    for (const c of ["account create", "account set-password", "account set-gm", "account ban", "account unban", "account lock", "account list", "db migrate", "realm list", "realm set", "character list", "character restore", "character set-flags", "run"]) {
      expect(help.out).toContain(c);
    }
    expect((await ctl()).code).toBe(1);
  });
});
