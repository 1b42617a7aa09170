// `ctl run "<command>"` for real: the CLI in a child process talks to a booted realm's
// control socket (server/ctl-socket.ts), prints the reply lines, and exits 0 or 1; with
// no realm on the socket it says so and exits 1.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCtlSocket } from "../ctl-socket.ts";
import { boot, type Booted } from "../testing/boot.ts";

const ROOT = join(import.meta.dir, "..", "..");
let b: Booted;
let socket: ReturnType<typeof startCtlSocket>;

beforeAll(async () => {
  b = await boot({ realm: { name: "Runland" } });
  socket = startCtlSocket(b.realm);
});
afterAll(async () => {
  socket?.stop();
  await b.stop();
});

async function ctl(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("REALMCORE_")) base[k] = v;
  const p = Bun.spawn(["bun", "server/ctl.ts", ...args], { cwd: ROOT, env: { ...base, REALMCORE_CONFIG: "", ...env }, stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out: out.trim(), err: err.trim() };
}
const inRealm = (...args: string[]) => ctl({ REALMCORE_DATA_DIR: b.config.dataDir }, ...args);

describe("ctl run", () => {
  test("runs a command in the running realm and prints its lines (exit 0)", async () => {
    expect(socket?.path).toBe(join(b.config.dataDir, "ctl.sock"));
    const r = await inRealm("run", "server info");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("Runland (RealmCore 0.1.0, realm 1)");
    expect(lines[1]).toMatch(/^Players online: 0\. Uptime: /);
    expect(r.err).toBe("");
  });

  test("the words may come unquoted, and with the in-game dot", async () => {
    const r = await inRealm("run", ".server", "motd");
    expect(r.code).toBe(0);
    expect(r.out).toContain(b.config.world.motd);
  });

  test("a command that changes the realm: set motd, then read it back in the store", async () => {
    const r = await inRealm("run", "server set motd Welcome from ctl");
    expect(r.code).toBe(0);
    expect(await b.realm.store.pluginData.get("core", "motd")).toBe("Welcome from ctl");
  });

  test("an unknown command: the realm's answer, then exit 1 naming the failure", async () => {
    const r = await inRealm("run", "frobnicate the realm");
    expect(r.code).toBe(1);
    expect(r.out).toBe("There is no such command.");
    expect(r.err).toBe("error: the command failed (CMD_UNKNOWN)");
  });

  test("wrong arguments: the command's usage, exit 1 (CMD_USAGE)", async () => {
    const r = await inRealm("run", "kick");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Usage: \.kick/);
    expect(r.err).toContain("CMD_USAGE");
  });

  test("no realm running: a clear message and exit 1 (no socket, and a stale socket file)", async () => {
    const dir = join(b.config.dataDir, "elsewhere");
    const none = await ctl({ REALMCORE_DATA_DIR: dir }, "run", "server info");
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^error: the realm is not running \(nothing answers on .*elsewhere\/ctl\.sock: ENOENT\)/);
    const stale = join(b.config.dataDir, "stale.sock");
    writeFileSync(stale, "");
    const r = await ctl({ REALMCORE_DATA_DIR: dir, REALMCORE_CTL__SOCKET: stale }, "run", "server info");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: the realm is not running \(nothing answers on .*stale\.sock/);
  });

  test("run without a command is a usage error", async () => {
    const r = await inRealm("run");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing/);
  });
});
