// The operator socket of a running realm: `npm run ctl -- run "<command>"` sends one
// command line and reads the replies. A Unix socket under the data folder (mode 0600 in
// a 0700 folder), so only the owner of the data folder can use it. It runs the same
// command registry as the in-game dot-commands, at the console level (4).
//
// Protocol: one JSON line {"run": "<command line>"}; replies are JSON lines
// {"line": "..."} and a final {"done": true, "ok": bool, "code": "..."}.
import { chmodSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { UnixSocketListener } from "bun";
import type { CommandInvoker } from "./api/plugin.ts";
import type { Realm } from "./realm.ts";

export function ctlSocketPath(realm: Pick<Realm, "config">): string {
  return resolve(realm.config.ctl.socket || join(realm.config.dataDir, "ctl.sock"));
}

export function startCtlSocket(realm: Realm): { path: string; stop(): void } | undefined {
  const runtime = realm.runtime;
  if (!runtime) return undefined;
  const path = ctlSocketPath(realm);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (existsSync(path)) rmSync(path);
  const listener: UnixSocketListener<{ buf: string }> = Bun.listen<{ buf: string }>({
    unix: path,
    socket: {
      open(s) {
        s.data = { buf: "" };
      },
      data(s, chunk) {
        s.data.buf += new TextDecoder().decode(chunk);
        const nl = s.data.buf.indexOf("\n");
        if (nl < 0) {
          if (s.data.buf.length > 65_536) s.end();
          return;
        }
        const lineText = s.data.buf.slice(0, nl);
        s.data.buf = "";
        let req: { run?: unknown };
        try {
          req = JSON.parse(lineText) as { run?: unknown };
        } catch {
          s.write(`${JSON.stringify({ done: true, ok: false, code: "CMD_USAGE", error: "not JSON" })}\n`);
          return void s.end();
        }
        if (typeof req.run !== "string") return void s.end();
        const inv: CommandInvoker = {
          kind: "ctl",
          level: 4,
          actor: "ctl",
          accountId: 0,
          reply: (line) => void s.write(`${JSON.stringify({ line })}\n`),
        };
        void runtime.commands.run(req.run, inv).then(
          (r) => {
            s.write(`${JSON.stringify({ done: true, ok: r.ok, code: r.code })}\n`);
            s.end();
          },
          (e) => {
            s.write(`${JSON.stringify({ done: true, ok: false, error: String(e) })}\n`);
            s.end();
          },
        );
      },
    },
  });
  chmodSync(path, 0o600);
  return {
    path,
    stop() {
      listener.stop(true);
      if (existsSync(path)) rmSync(path);
    },
  };
}
