// run "<command>": one command line for the RUNNING realm, through its control socket
// (server/ctl-socket.ts: `ctl.socket`, or <dataDir>/ctl.sock). The realm runs it in its
// command registry at the console level and streams the reply lines back; they are
// printed as they come. Exit 0 when the command succeeded, 1 when it failed or when no
// realm answers on the socket.
import { ctlSocketPath } from "../../ctl-socket.ts";
import { RealmError } from "../../kernel/errors.ts";
import { parseCommandArgs, parseIntArg } from "../args.ts";
import type { CtlEnv } from "../env.ts";
import { defineCommands, type CtlCommand } from "../registry.ts";

interface Done {
  ok: boolean;
  code?: string;
  error?: string;
}

/** Sends one command line and resolves with the final reply (lines go to `out` as they arrive). */
export function runOnSocket(path: string, line: string, out: (l: string) => void, timeoutMs: number): Promise<Done> {
  return new Promise<Done>((resolve, reject) => {
    let buf = "";
    let done: Done | undefined;
    const decoder = new TextDecoder();
    const timer = setTimeout(() => reject(new RealmError("CMD_FAILED", `no answer from the realm within ${timeoutMs / 1000} s`)), timeoutMs);
    const finish = (e?: Error) => {
      clearTimeout(timer);
      if (done) resolve(done);
      else reject(e ?? new RealmError("CMD_FAILED", "the realm closed the control socket before the command finished"));
    };
    const take = (text: string) => {
      buf += text;
      for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
        const raw = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!raw.trim()) continue;
        let msg: { line?: unknown; done?: unknown; ok?: unknown; code?: unknown; error?: unknown };
        try {
          msg = JSON.parse(raw) as typeof msg;
        } catch {
          out(raw);
          continue;
        }
        if (typeof msg.line === "string") out(msg.line);
        if (msg.done) done = { ok: msg.ok === true, code: typeof msg.code === "string" ? msg.code : undefined, error: typeof msg.error === "string" ? msg.error : undefined };
      }
    };
    Bun.connect({
      unix: path,
      socket: {
        open(s) {
          s.write(`${JSON.stringify({ run: line })}\n`);
        },
        data(_s, chunk) {
          take(decoder.decode(chunk, { stream: true }));
        },
        close() {
          finish();
        },
        error(_s, e) {
          finish(e);
        },
        connectError(_s, e) {
          finish(e);
        },
      },
    }).catch((e: unknown) => finish(e as Error));
  });
}

const notRunning = (path: string, e: unknown) =>
  new RealmError("CMD_FAILED", `the realm is not running (nothing answers on ${path}: ${(e as { code?: string }).code ?? (e as Error).message}); start it with npm start, or point ctl.socket (REALMCORE_CTL__SOCKET) or REALMCORE_DATA_DIR at the running realm's`);

const run: CtlCommand = {
  name: "run",
  usage: 'run "<command>" [--timeout SECONDS]',
  summary: "run a server command (as in the console) in the running realm, through its control socket",
  async run(args, env: CtlEnv) {
    const { positionals, flags } = parseCommandArgs(run, args, { flags: ["timeout"], min: 1, max: Number.POSITIVE_INFINITY });
    const timeoutMs = (flags.timeout === undefined ? 60 : parseIntArg(run, "timeout", flags.timeout, 1, 3600)) * 1000;
    const line = positionals.join(" ").trim();
    const path = ctlSocketPath({ config: env.config });
    let done: Done;
    try {
      done = await runOnSocket(path, line, (l) => env.out(l), timeoutMs);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "ENOENT" || code === "ECONNREFUSED" || code === "ENOTSOCK") throw notRunning(path, e);
      throw e;
    }
    if (done.ok) return 0;
    env.err(`error: the command failed${done.code ? ` (${done.code})` : ""}${done.error ? `: ${done.error}` : ""}`);
    return 1;
  },
};

export default defineCommands(run);
