// A private PostgreSQL cluster on a free port, for restart tests and benchmarks: initdb
// in a temp dir (as the `postgres` user when we are root: initdb refuses root), trust
// authentication on 127.0.0.1 only, started with pg_ctl. `kill()` is a crash (SIGKILL of
// the postmaster, no shutdown checkpoint), `start()` brings it back on the same port with
// the same data (crash recovery), `stop()` removes everything.
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, waitForPort, type PrivateServer, type PrivateServerOptions } from "./services.ts";

const BIN_DIRS = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"];

/** The directory holding initdb and pg_ctl, if PostgreSQL's server binaries are installed. */
export function postgresBinDir(): string | undefined {
  for (const d of BIN_DIRS) if (existsSync(join(d, "initdb"))) return d;
  const initdb = Bun.which("initdb");
  return initdb ? join(initdb, "..") : undefined;
}

function uidGid(user: string): { uid: number; gid: number } | undefined {
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${user}:`));
  if (!line) return undefined;
  const f = line.split(":");
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

export async function startPrivatePostgres(port?: number, o: Omit<PrivateServerOptions, "port"> = {}): Promise<PrivateServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("PostgreSQL server binaries (initdb, pg_ctl) are not installed");
  const p = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), "rc-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? uidGid("postgres") : undefined;
  if (asRoot && !owner) throw new Error("running as root, and there is no postgres user to run initdb as");
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const as = (cmd: string[]) => (owner ? ["runuser", "-u", "postgres", "--", ...cmd] : cmd);
  const pin = (cmd: string[]) => (o.cpu !== undefined && Bun.which("taskset") ? ["taskset", "-c", String(o.cpu), ...cmd] : cmd);
  const run = async (cmd: string[], what: string) => {
    const r = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", stdin: "ignore", cwd: dir });
    const [out, err, code] = await Promise.all([new Response(r.stdout).text(), new Response(r.stderr).text(), r.exited]);
    if (code !== 0) throw new Error(`${what} failed (${code}): ${(err || out).slice(-600)}`);
  };
  await run(as([join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]), "initdb");
  let alive = false;
  const start = async () => {
    if (alive) return;
    const opts = `-p ${p} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    await run(pin(as([join(bin, "pg_ctl"), "-D", data, "-o", opts, "-l", join(dir, "server.log"), "-w", "-t", "30", "start"])), "pg_ctl start");
    await waitForPort("127.0.0.1", p, 10_000);
    alive = true;
  };
  const postmasterPid = (): number | undefined => {
    try {
      return Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    } catch {
      return undefined;
    }
  };
  const kill = async () => {
    const pid = postmasterPid();
    alive = false;
    if (!pid) return;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      return;
    }
    // the backends notice the postmaster is gone and exit; wait for the port to close
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      try {
        process.kill(pid, 0);
      } catch {
        break;
      }
      await Bun.sleep(20);
    }
    await Bun.sleep(100);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${p}/postgres`,
    port: p,
    kill,
    start,
    async stop() {
      if (alive) await run(as([join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]), "pg_ctl stop").catch(() => kill());
      alive = false;
      rmSync(dir, { recursive: true, force: true });
    },
    get running() {
      return alive;
    },
  };
}
