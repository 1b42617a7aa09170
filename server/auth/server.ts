// The login server on Bun.listen: one AuthSession per socket, plus what only the socket
// layer can do: the per-IP cap on unauthenticated sockets (excess closed at accept), the
// IP ban lookup started at accept (against a snapshot at most 2 s old), TCP_NODELAY, the idle sweep (deadlines read the
// injected clock), write backpressure, and an orderly stop.
import type { Socket, TCPSocketListener } from "bun";
import type { IpBanRow } from "../storage/ports.ts";
import { createAuthContext, type AuthDeps } from "./context.ts";
import { normalizeIp } from "./lockout.ts";
import type { AuthStats, CloseReason } from "./metrics.ts";
import { AuthSession, type IpBanCheck, type SessionIO } from "./session.ts";

export interface AuthServer {
  /** The bound port (config port 0 picks a free one). */
  readonly port: number;
  /** Closes every socket and the listener; waits (up to 5 s) for handlers in flight. */
  stop(): Promise<void>;
  stats(): AuthStats;
}

interface Conn {
  ip: string;
  session: AuthSession | null;
  /** Holds one of the IP's unauthenticated slots. */
  slot: boolean;
  authed: boolean;
  /** Bytes the kernel did not take yet. */
  out: Uint8Array | null;
  ending: boolean;
  reason: CloseReason | undefined;
  /** Refused at accept: not counted as open. */
  rejected: boolean;
}

const DEFAULT_SWEEP_MS = 1000;
const STOP_WAIT_MS = 5000;

export async function startAuthServer(deps: AuthDeps): Promise<AuthServer> {
  const ctx = createAuthContext(deps);
  const { config: cfg, metrics } = ctx;
  const { log, clock } = deps;
  const unauthPerIp = new Map<string, number>();
  const live = new Set<Socket<Conn>>();
  let stopping = false;

  const releaseSlot = (c: Conn): void => {
    if (!c.slot) return;
    c.slot = false;
    const n = unauthPerIp.get(c.ip) ?? 0;
    if (n <= 1) unauthPerIp.delete(c.ip);
    else unauthPerIp.set(c.ip, n - 1);
  };

  const checkIpBan = (ip: string): Promise<IpBanCheck> =>
    ctx.ipBans.active(ip).then(
      (ban: IpBanRow | undefined) => (ban ? { banned: true, ban } : { banned: false }),
      (error: unknown) => ({ banned: false, error }),
    );

  const io = (socket: Socket<Conn>): SessionIO => ({
    send(bytes) {
      const c = socket.data;
      if (c.ending) return;
      if (c.out) {
        const next = new Uint8Array(c.out.length + bytes.length);
        next.set(c.out);
        next.set(bytes, c.out.length);
        c.out = next;
        return;
      }
      const n = socket.write(bytes);
      if (n >= 0 && n < bytes.length) c.out = bytes.slice(n);
    },
    close(reason) {
      const c = socket.data;
      if (c.ending) return;
      c.ending = true;
      c.reason = reason;
      if (!c.out) socket.end();
    },
  });

  const listener: TCPSocketListener<Conn> = Bun.listen<Conn>({
    hostname: cfg.host,
    port: cfg.port,
    socket: {
      open(socket) {
        const ip = normalizeIp(socket.remoteAddress ?? "");
        const c: Conn = { ip, session: null, slot: false, authed: false, out: null, ending: false, reason: undefined, rejected: false };
        socket.data = c;
        try {
          const held = unauthPerIp.get(ip) ?? 0;
          if (stopping || held >= cfg.maxUnauthPerIp) {
            c.rejected = true;
            metrics.refusedAtAccept(stopping ? "shutdown" : "per_ip_limit");
            socket.terminate();
            return;
          }
          unauthPerIp.set(ip, held + 1);
          c.slot = true;
          live.add(socket);
          metrics.accepted();
          socket.setNoDelay(true);
          const session = new AuthSession(ctx, io(socket), ip, checkIpBan(ip));
          session.onAuthenticated = () => {
            c.authed = true;
            releaseSlot(c);
            metrics.authenticated();
          };
          c.session = session;
        } catch (e) {
          log.error({ err: e, ip }, "login socket open failed");
          try {
            socket.terminate();
          } catch {
            // already gone
          }
        }
      },
      data(socket, chunk) {
        socket.data?.session?.receive(chunk);
      },
      drain(socket) {
        const c = socket.data;
        if (!c?.out) return;
        try {
          const out = c.out;
          const n = socket.write(out);
          if (n < 0) c.out = null;
          else c.out = n < out.length ? out.slice(n) : null;
          if (!c.out && c.ending) socket.end();
        } catch (e) {
          log.warn({ err: e, ip: c.ip }, "login socket drain failed");
        }
      },
      close(socket) {
        const c = socket.data;
        if (!c || c.rejected) return;
        try {
          if (!live.delete(socket)) return;
          releaseSlot(c);
          c.session?.closedByPeer();
          metrics.closed(c.reason ?? "client", c.authed);
        } catch (e) {
          log.warn({ err: e }, "login socket close bookkeeping failed");
        }
      },
      error(socket, err) {
        log.debug({ err, ip: socket.data?.ip }, "login socket error");
      },
    },
  });

  const sweep = setInterval(() => {
    try {
      const now = clock.now();
      for (const socket of live) {
        const s = socket.data.session;
        if (s && !s.closed && s.deadline <= now) s.close("idle");
      }
    } catch (e) {
      log.error({ err: e }, "login idle sweep failed");
    }
  }, deps.sweepIntervalMs ?? DEFAULT_SWEEP_MS);
  sweep.unref?.();

  log.info({ host: cfg.host, port: listener.port, builds: [...ctx.builds] }, "login server listening");

  return {
    port: listener.port,
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(sweep);
      for (const socket of live) socket.data.session?.close("shutdown");
      listener.stop(true);
      const until = Date.now() + STOP_WAIT_MS;
      while (metrics.stats.inFlight > 0 && Date.now() < until) await Bun.sleep(5);
    },
    stats: () => metrics.snapshot(),
  };
}
