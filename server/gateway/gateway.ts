// The world gateway (port 8085): handshake, header crypt, routing of every client
// packet over the bus, and per-session outbound buffers flushed with one socket write
// per session per flush.
import type { Socket, TCPSocketListener } from "bun";
import { ClientPacketBatcher } from "../bus/client-batch.ts";
import type { Bus } from "../bus/port.ts";
import { jsonBytes } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import type { Clock } from "../kernel/clock.ts";
import type { RealmConfig } from "../kernel/config.ts";
import { describeError } from "../kernel/errors.ts";
import { sessionLogger, type Logger } from "../kernel/logger.ts";
import type { Metrics } from "../kernel/metrics.ts";
import { IpLimiter } from "../net/ip-limiter.ts";
import { encodeBody, type MessageDef } from "../protocol/message.ts";
import { Opcode, opcodeName } from "../protocol/opcodes.ts";
import { Writer } from "../protocol/writer.ts";
import { frameError, type FrameErrorCode } from "../protocol/world-frame.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { Store } from "../storage/ports.ts";
import type { SessionEvent } from "../bus/session-control.ts";
import { GatewayAuth } from "./gateway-auth.ts";
import { GatewayBus } from "./gateway-bus.ts";
import { GatewayMetrics } from "./gateway-metrics.ts";
import { handleLocal } from "./local-opcodes.ts";
import { buildBudgetTable } from "./rate-limits.ts";
import { ANY_AUTHED_OPCODES, CHAR_SCREEN_OPCODES, RouteTable } from "./routes.ts";
import { WorldSession, type SessionData } from "./session.ts";

export interface GatewayDeps {
  config: RealmConfig;
  store: Store;
  cache: Cache;
  bus: Bus;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  nodeId: string;
}

const MAX_PENDING_WORLD = 64;

export class Gateway {
  /** numeric id used in subjects and envelopes */
  readonly id: number;
  readonly realmId: number;
  readonly routes = new RouteTable();
  readonly sessions = new Map<number, WorldSession>();
  private listener: TCPSocketListener<SessionData> | undefined;
  private nextSessionId = 1;
  private ipLimiter: IpLimiter;
  private timers: ReturnType<typeof setInterval>[] = [];
  private dirty: WorldSession[] = [];
  private flushScheduled = false;
  private backlog = new Set<WorldSession>();
  private budgets: Uint16Array;
  private writer = new Writer(1024);
  readonly m: GatewayMetrics;
  readonly auth: GatewayAuth;
  /** outbound batches, control subjects, routes, heartbeats, other gateways' liveness */
  readonly bus: GatewayBus;
  /** new logins are refused (shutdown in progress) */
  closing = false;

  /** client packets on their way to world hosts and services, batched per destination */
  private readonly inbound: ClientPacketBatcher;

  constructor(readonly d: GatewayDeps) {
    this.inbound = ClientPacketBatcher.forBus(d.bus);
    this.id = (crypto.getRandomValues(new Uint32Array(1))[0]! % 0x7fffffff) + 1;
    this.realmId = d.config.realm.id;
    this.ipLimiter = new IpLimiter(d.config.auth.maxUnauthPerIp);
    this.budgets = buildBudgetTable(d.config.gateway.rateLimits);
    this.m = new GatewayMetrics(d.metrics, this);
    this.auth = new GatewayAuth(this, this.budgets);
    this.bus = new GatewayBus(this);
  }

  get log(): Logger {
    return this.d.log;
  }
  get port(): number {
    return this.listener?.port ?? 0;
  }

  async start(): Promise<{ port: number }> {
    const g = this.d.config.gateway;
    const b = this.d.bus;
    this.bus.start();
    this.listener = Bun.listen<SessionData>({
      hostname: g.host,
      port: g.port,
      socket: {
        open: (s) => this.onOpen(s),
        data: (s, chunk) => this.onData(s.data.session, chunk),
        drain: (s) => this.onDrain(s.data.session),
        close: (s) => this.onClose(s.data?.session, "connection closed"),
        error: (s, e) => this.onClose(s.data?.session, `socket error: ${describeError(e)}`),
      },
    });
    b.publish(Subjects.routesHello(this.realmId), new Uint8Array(0));
    this.timers.push(setInterval(() => this.tick(), Math.max(10, g.flushMs)));
    this.timers.push(setInterval(() => this.sweep(), 1000));
    this.timers.push(setInterval(() => void this.auth.updateQueue(), g.loginQueueUpdateMs));
    this.d.log.info({ port: this.listener.port, gateway: this.id }, "world gateway listening");
    return { port: this.listener.port };
  }

  async stop(): Promise<void> {
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const s of [...this.sessions.values()]) this.close(s, "gateway stopping");
    this.inbound.flush();
    this.bus.stop();
    this.listener?.stop(true);
    this.listener = undefined;
  }

  // ------------------------------------------------------------------ sockets

  private onOpen(socket: Socket<SessionData>): void {
    const now = this.d.clock.now();
    const ip = socket.remoteAddress;
    const s = new WorldSession(this.nextSessionId++, socket, ip, now, sessionLogger(this.d.log, { id: 0, ip }));
    socket.data = { session: s };
    s.log = sessionLogger(this.d.log, { id: s.id, ip });
    if (this.closing || !this.ipLimiter.acquire(ip)) {
      s.holdsIpSlot = false;
      s.state = "closed";
      socket.end();
      this.m.refused.inc({ reason: this.closing ? "closing" : "ip_limit" });
      return;
    }
    socket.setNoDelay(true);
    this.sessions.set(s.id, s);
    this.auth.sendChallenge(s);
    void this.auth.checkIpBan(s);
  }

  private onData(s: WorldSession | undefined, chunk: Uint8Array): void {
    if (!s || s.state === "closed") return;
    s.lastPacketAt = this.d.clock.now();
    if (!s.inbound.append(chunk)) return this.close(s, "inbound buffer over its cap");
    this.processFrames(s);
  }

  /** Handles complete frames, at most maxPacketsPerTick per session per tick. */
  processFrames(s: WorldSession): void {
    const cap = this.d.config.gateway.maxPacketsPerTick;
    const now = this.d.clock.now();
    while (s.state !== "closed" && !this.auth.isHandshaking(s)) {
      if (s.tickPackets >= cap) {
        if (!this.backlog.has(s)) {
          this.backlog.add(s);
          s.socket.pause();
        }
        return;
      }
      const ib = s.inbound;
      const n = s.frames.next(ib.buf, ib.start, ib.end);
      if (n === 0) return;
      if (n < 0) {
        this.m.badFrames.inc();
        s.log.warn({ err: frameError(n as FrameErrorCode, s.frames.size, s.frames.opcode).message }, "bad client header; closing");
        return this.close(s, "bad client header");
      }
      const opcode = s.frames.opcode;
      s.tickPackets++;
      try {
        // the payload is ib.buf[start + 6, start + n): a view is made only where one is needed
        this.handlePacket(s, opcode, ib.buf, ib.start + 6, ib.start + n, now);
      } catch (e) {
        s.log.error({ err: e, opcode: opcodeName(opcode) }, "packet handling failed");
      }
      ib.consume(n);
    }
  }

  private handlePacket(s: WorldSession, opcode: number, buf: Uint8Array, start: number, end: number, now: number): void {
    this.m.packetsIn.n++;
    if (s.state === "authing") {
      if (opcode !== Opcode.CMSG_AUTH_SESSION) return this.close(s, `${opcodeName(opcode)} before CMSG_AUTH_SESSION`);
      return this.auth.onAuthSession(s, buf.subarray(start, end));
    }
    if (s.state === "queued") return; // nothing but pings matter in the queue; the client sends none
    const limiter = s.limiter!;
    const verdict = opcode === Opcode.CMSG_PING ? limiter.checkPing(now) : limiter.check(opcode, now);
    if (verdict !== "ok") {
      this.m.rateLimited.inc({ opcode: opcodeName(opcode), action: verdict });
      if (verdict === "kick") {
        s.log.warn({ opcode: opcodeName(opcode) }, "opcode flood; kicking");
        return this.close(s, `flooding ${opcodeName(opcode)}`);
      }
      return;
    }
    const route = this.routes.route(opcode);
    if (route.kind === "none") {
      // read, logged, counted and skipped in every state (design.md §3 principle 4)
      this.m.unknown.inc({ opcode: opcodeName(opcode) });
      s.log.debug({ opcode: opcodeName(opcode), size: end - start }, "no handler for opcode; skipped");
      return;
    }
    if (CHAR_SCREEN_OPCODES.has(opcode)) {
      if (s.state !== "charscreen") return this.m.dropped.inc({ reason: "state" });
    } else if (!ANY_AUTHED_OPCODES.has(opcode) && s.state !== "world" && !(s.state === "loading" && route.kind === "world")) {
      return this.m.dropped.inc({ reason: "state" });
    }
    switch (route.kind) {
      case "gateway":
        return handleLocal(this, s, opcode, buf, start, end);
      case "enter":
        return this.auth.onPlayerLogin(s, buf.subarray(start, end));
      case "service": {
        const host = route.hosts[s.accountId % route.hosts.length]!;
        return this.forward(Subjects.svc(this.realmId, host), s, opcode, buf.subarray(start, end));
      }
      case "world":
        if (s.state === "loading") {
          if (s.pendingWorld.length < MAX_PENDING_WORLD) s.pendingWorld.push({ opcode, payload: buf.slice(start, end) });
          return;
        }
        return this.forward(Subjects.worldIn(this.realmId, s.worldHost), s, opcode, buf.subarray(start, end));
    }
  }

  /**
   * Sends a client packet to a world host or service. Over NATS, packets leave in one
   * CLIENT_BATCH per destination at the end of the event-loop turn (a lone packet as a
   * CLIENT_PACKET); on the in-process bus each goes at once.
   */
  forward(subject: string, s: WorldSession, opcode: number, payload: Uint8Array): void {
    this.inbound.add(subject, { gatewayId: this.id, sessionId: s.id, accountId: s.accountId, gmLevel: s.gmLevel, characterGuid: s.characterGuid, opcode }, payload);
  }

  /** Publishes a session event after the client packets forwarded before it (they must not be overtaken). */
  publishSessionEvent(ev: SessionEvent): void {
    this.inbound.flush();
    this.d.bus.publish(Subjects.sessionEvents(this.realmId), jsonBytes(ev));
  }

  private onDrain(s: WorldSession | undefined): void {
    if (!s || s.state === "closed") return;
    s.blocked = false;
    if (!s.outbound.flush(s.socket)) s.blocked = true;
    this.m.writes.inc();
  }

  /** Closes a connection (idempotent). */
  close(s: WorldSession, reason: string): void {
    if (s.state === "closed") return;
    this.onClose(s, reason);
    try {
      // what is queued may still go out (e.g. an error response)
      s.outbound.flush(s.socket);
      s.socket.end();
    } catch {
      // already gone
    }
  }

  private onClose(s: WorldSession | undefined, reason: string): void {
    if (!s || s.state === "closed") return;
    const wasAuthed = s.authenticated;
    const guid = s.characterGuid;
    const host = s.worldHost;
    s.state = "closed";
    s.closeReason = reason;
    this.sessions.delete(s.id);
    this.backlog.delete(s);
    if (s.holdsIpSlot) {
      s.holdsIpSlot = false;
      this.ipLimiter.release(s.ip);
    }
    s.log.debug({ reason }, "session closed");
    if (wasAuthed) {
      void this.auth.onSessionClosed(s);
      this.publishSessionEvent({ op: "closed", gatewayId: this.id, sessionId: s.id, accountId: s.accountId, guid, host, reason });
    }
  }

  // ------------------------------------------------------------------ outbound

  /** Queues a message for a session and schedules a flush. */
  send<T>(s: WorldSession, def: MessageDef<T>, value: T): void {
    this.sendRaw(s, def.opcode, encodeBody(def, value, this.writer));
  }

  sendRaw(s: WorldSession, opcode: number, body: Uint8Array): void {
    if (s.state === "closed") return;
    s.outbound.push(opcode, body, s.crypt);
    this.m.packetsOut.n++;
    if (s.outbound.pending > this.d.config.gateway.maxOutboundBytes) {
      this.m.refused.inc({ reason: "outbound_cap" });
      s.log.warn({ pending: s.outbound.pending }, "outbound buffer over its cap; disconnecting");
      s.outbound.clear();
      return this.close(s, "slow reader: outbound cap");
    }
    this.markDirty(s);
  }

  private markDirty(s: WorldSession): void {
    if (s.dirty) return;
    s.dirty = true;
    this.dirty.push(s);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushAll());
    }
  }

  /** One socket write per dirty session. */
  private flushAll(): void {
    this.flushScheduled = false;
    const list = this.dirty;
    this.dirty = [];
    let writes = 0;
    for (const s of list) {
      s.dirty = false;
      if (s.state === "closed" || s.blocked) continue;
      if (!s.outbound.flush(s.socket)) s.blocked = true;
      writes++;
    }
    this.m.flushes.inc();
    this.m.writes.inc(writes);
    this.m.lastFlushWrites = writes;
    this.m.lastFlushSessions = list.length;
  }

  // ------------------------------------------------------------------ periodic

  private tick(): void {
    for (const s of this.sessions.values()) s.tickPackets = 0;
    if (this.backlog.size === 0) return;
    const list = [...this.backlog];
    this.backlog.clear();
    for (const s of list) {
      if (s.state === "closed") continue;
      s.socket.resume();
      this.processFrames(s);
    }
  }

  /** Closes sessions past their timeouts (every second; tests call it after moving the clock). */
  sweep(): void {
    const now = this.d.clock.now();
    const g = this.d.config.gateway;
    for (const s of [...this.sessions.values()]) {
      const idle = now - s.lastPacketAt;
      if (s.state === "authing" && now - s.connectedAt > g.authTimeoutMs) this.close(s, "no CMSG_AUTH_SESSION in time");
      else if ((s.state === "charscreen" || s.state === "queued") && idle > g.idleCharScreenMs) this.close(s, "idle at the character screen");
      else if ((s.state === "world" || s.state === "loading") && idle > g.idleWorldMs) this.close(s, "idle in the world");
    }
    this.m.updateGauges();
  }

  releaseIpSlot(s: WorldSession): void {
    if (s.holdsIpSlot) {
      s.holdsIpSlot = false;
      this.ipLimiter.release(s.ip);
    }
  }

  /** Sessions by state (dashboards, `.server info`). */
  counts(): Record<string, number> {
    const c: Record<string, number> = { authing: 0, queued: 0, charscreen: 0, loading: 0, world: 0 };
    for (const s of this.sessions.values()) c[s.state] = (c[s.state] ?? 0) + 1;
    return c;
  }

  describe(e: unknown): string {
    return describeError(e);
  }
}
