// The NATS adapter for the Bus port (cluster mode), over @nats-io/transport-node 3.x
// for core traffic and @nats-io/jetstream for DurableStreams.
//
// * Subjects: the configured prefix is prepended (`rc.world.1.in`), like the memory
//   adapter, so tests and several realms can share one server.
// * Headers: our flat Record<string, string> maps to NATS headers (first value wins
//   when a header repeats on the wire).
// * Request/reply: one reply subscription per connection, requests numbered in the
//   reply subject; no responders (the server's 503) and timeouts become RealmError
//   BUS_NO_RESPONDERS / BUS_TIMEOUT. `respond` publishes to the raw reply subject
//   (inboxes are not prefixed).
// * Durable streams: JetStream streams named `<prefix>_<stream>` (sanitised), file
//   storage, durable pull consumers with explicit acks; a handler that throws leaves
//   its message unacknowledged and JetStream redelivers it after ackWait.
// * Connection: the first connect retries with backoff and gives up with one line
//   (INFRA_UNREACHABLE "NATS at nats://host:port is unreachable: ..."). After that
//   nats.js reconnects by itself for ever; `healthy` follows the status stream and
//   `stats().reconnects` counts the reconnects.
import {
  connect,
  createInbox,
  headers as natsHeaders,
  nanos,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription as NatsSubscription,
} from "@nats-io/transport-node";
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import { RealmError } from "../kernel/errors.ts";
import { silentLogger, type Logger } from "../kernel/logger.ts";
import { connectWithRetry, oneLine, redactUrl, type RetryOptions } from "../kernel/retry.ts";
import type { Bus, BusMessage, DurableStreams, Headers, RequestOptions, SubscribeOptions, Subscription } from "./port.ts";

export interface NatsBusOptions extends RetryOptions {
  /** nats://host:port (several may be given comma-separated). */
  url: string;
  /** Subject prefix, e.g. "rc" (one or more tokens, no wildcards). */
  prefix: string;
  log?: Logger;
  /** Default request timeout when a call gives none. Default 5000. */
  requestTimeoutMs?: number;
  /** Wait between reconnect attempts after the first connection. Default 250 ms. */
  reconnectTimeWaitMs?: number;
  /** Client name shown by the server's monitoring. */
  name?: string;
}

/** Connects (retrying with backoff for `retryForMs`, default 30 s) and returns the bus. */
export async function connectNatsBus(o: NatsBusOptions): Promise<NatsBus> {
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(o.prefix)) {
    throw new RealmError("CFG_BAD_TYPE", `bus subject prefix "${o.prefix}" must be dot-separated tokens of letters, digits, _ and -`);
  }
  const log = o.log ?? silentLogger;
  const servers = o.url.split(",").map((s) => s.trim());
  const nc = await connectWithRetry(
    "NATS",
    o.url,
    () =>
      connect({
        servers,
        name: o.name,
        timeout: 5000,
        reconnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: o.reconnectTimeWaitMs ?? 250,
        reconnectJitter: 100,
        pingInterval: 10_000,
        maxPingOut: 3,
      }),
    { ...o, log: o.retryForMs === 0 ? undefined : log },
  );
  return new NatsBus(nc, o.prefix, o.url, log, o.requestTimeoutMs ?? 5000);
}

function toHeaders(h: Headers | undefined): MsgHdrs | undefined {
  if (!h) return undefined;
  const keys = Object.keys(h);
  if (keys.length === 0) return undefined;
  const out = natsHeaders();
  for (const k of keys) out.set(k, h[k]!);
  return out;
}

function fromHeaders(h: MsgHdrs | undefined): Headers | undefined {
  if (!h) return undefined;
  const keys = h.keys();
  if (keys.length === 0) return undefined;
  const out: Headers = {};
  for (const k of keys) out[k] = h.get(k);
  return out;
}

export class NatsBus implements Bus {
  readonly kind = "nats" as const;
  readonly streams: NatsStreams;
  private closed = false;
  private connected = true;
  private counts = { published: 0, delivered: 0, reconnects: 0 };
  private readonly dot: string;

  constructor(
    /** The underlying connection (tests, tools). */
    readonly nc: NatsConnection,
    readonly prefix: string,
    private readonly url: string,
    private readonly log: Logger,
    private readonly defaultTimeoutMs: number,
  ) {
    this.dot = `${prefix}.`;
    this.streams = new NatsStreams(this);
    void this.watchStatus();
    void nc.closed().then(() => {
      this.closed = true;
      this.connected = false;
    });
  }

  private async watchStatus(): Promise<void> {
    const where = redactUrl(this.url);
    for await (const s of this.nc.status()) {
      switch (s.type) {
        case "disconnect":
          if (this.connected) this.log.warn({ code: "INFRA_UNREACHABLE", service: "NATS" }, `NATS at ${where} disconnected; reconnecting`);
          this.connected = false;
          break;
        case "reconnect":
          this.connected = true;
          this.counts.reconnects++;
          this.log.info({ service: "NATS", reconnects: this.counts.reconnects }, `NATS at ${where} reconnected`);
          break;
        case "error":
          this.log.warn({ service: "NATS" }, `NATS at ${where}: ${oneLine(s.error)}`);
          break;
        case "close":
          this.connected = false;
          return;
        default:
          break;
      }
    }
  }

  /** Relative subject -> subject on the wire. */
  full(subject: string): string {
    return this.dot + subject;
  }
  /** Subject on the wire -> relative subject. */
  rel(subject: string): string {
    return subject.startsWith(this.dot) ? subject.slice(this.dot.length) : subject;
  }

  get healthy(): boolean {
    return !this.closed && this.connected && !this.nc.isClosed();
  }

  stats() {
    return { ...this.counts };
  }

  /** Counts a delivery to a handler (the durable consumers use it too). */
  countDelivery(): void {
    this.counts.delivered++;
  }

  message(m: Msg): BusMessage {
    return { subject: this.rel(m.subject), data: m.data, headers: fromHeaders(m.headers), reply: m.reply || undefined };
  }

  publish(subject: string, data: Uint8Array, headers?: Headers): void {
    if (this.closed) return;
    this.counts.published++;
    const h = toHeaders(headers);
    this.nc.publish(this.full(subject), data, h ? { headers: h } : undefined);
  }

  subscribe(subject: string, handler: (msg: BusMessage) => void, opts: SubscribeOptions = {}): Subscription {
    if (this.closed) return { unsubscribe() {} };
    const sub: NatsSubscription = this.nc.subscribe(this.full(subject), {
      queue: opts.queue,
      callback: (err, m) => {
        if (err) {
          this.log.warn({ subject }, `NATS subscription ${subject}: ${oneLine(err)}`);
          return;
        }
        this.counts.delivered++;
        try {
          handler(this.message(m));
        } catch (e) {
          // a subscriber's exception is its own business; the bus keeps going
          this.log.debug({ subject, err: oneLine(e) }, "bus handler threw");
        }
      },
    });
    return {
      unsubscribe: () => {
        if (!sub.isClosed()) sub.unsubscribe();
      },
    };
  }

  /**
   * Request/reply over one reply subscription per connection (`_INBOX.<nuid>.*`), with
   * the request's number as the last token: cheaper than nats.js's request() (about 2x
   * the rate with 100 in flight). The server answers a request nobody listens to with a
   * 503 status message on the reply subject: BUS_NO_RESPONDERS.
   */
  request(subject: string, data: Uint8Array, opts: RequestOptions = {}): Promise<BusMessage> {
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    if (this.closed) return Promise.reject(new RealmError("INFRA_UNREACHABLE", `NATS at ${redactUrl(this.url)}: the bus is closed`));
    const inbox = this.inbox ?? this.openInbox();
    const id = ++inbox.next;
    const h = toHeaders(opts.headers);
    this.counts.published++;
    return new Promise<BusMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (inbox.pending.delete(id)) reject(new RealmError("BUS_TIMEOUT", `no reply to ${subject} within ${timeoutMs} ms`));
      }, timeoutMs);
      inbox.pending.set(id, { resolve, reject, timer, subject });
      try {
        this.nc.publish(this.full(subject), data, h ? { reply: inbox.prefix + id, headers: h } : { reply: inbox.prefix + id });
      } catch (e) {
        inbox.pending.delete(id);
        clearTimeout(timer);
        reject(mapRequestError(e, subject, timeoutMs, this.url));
      }
    });
  }

  private inbox: { prefix: string; next: number; pending: Map<number, PendingRequest>; sub: NatsSubscription } | undefined;

  private openInbox(): NonNullable<NatsBus["inbox"]> {
    const prefix = `${createInbox()}.`;
    const pending = new Map<number, PendingRequest>();
    const sub = this.nc.subscribe(`${prefix}*`, {
      callback: (err, m) => {
        if (err) return;
        const id = Number(m.subject.slice(prefix.length));
        const p = pending.get(id);
        if (!p) return; // late reply after a timeout
        pending.delete(id);
        clearTimeout(p.timer);
        if (m.data.length === 0 && m.headers?.code === 503) p.reject(new RealmError("BUS_NO_RESPONDERS", `no responders for ${p.subject}`));
        else p.resolve(this.message(m));
      },
    });
    this.inbox = { prefix, next: 0, pending, sub };
    return this.inbox;
  }

  private failPending(e: Error): void {
    if (!this.inbox) return;
    for (const p of this.inbox.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.inbox.pending.clear();
  }

  respond(msg: BusMessage, data: Uint8Array, headers?: Headers): void {
    if (!msg.reply || this.closed) return;
    this.counts.published++;
    const h = toHeaders(headers);
    this.nc.publish(msg.reply, data, h ? { headers: h } : undefined);
  }

  async flush(): Promise<void> {
    if (this.closed) return;
    await this.nc.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.streams.stopAll();
    this.closed = true;
    this.failPending(new RealmError("INFRA_UNREACHABLE", `NATS at ${redactUrl(this.url)}: the bus was closed while waiting for a reply`));
    const draining = this.connected ? this.nc.drain().catch(() => {}) : Promise.resolve();
    // a drain cannot finish while disconnected; do not hang a shutdown on it
    await Promise.race([draining, Bun.sleep(2000)]);
    if (!this.nc.isClosed()) await this.nc.close().catch(() => {});
  }
}

interface PendingRequest {
  resolve(m: BusMessage): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
  subject: string;
}

function mapRequestError(e: unknown, subject: string, timeoutMs: number, url: string): Error {
  const err = e as Error & { isNoResponders?: () => boolean; cause?: unknown };
  const name = err?.name ?? "";
  const causeName = (err?.cause as Error | undefined)?.name ?? "";
  if (typeof err?.isNoResponders === "function" && err.isNoResponders()) return new RealmError("BUS_NO_RESPONDERS", `no responders for ${subject}`);
  if (name === "NoRespondersError" || causeName === "NoRespondersError") return new RealmError("BUS_NO_RESPONDERS", `no responders for ${subject}`);
  if (name === "TimeoutError" || causeName === "TimeoutError") return new RealmError("BUS_TIMEOUT", `no reply to ${subject} within ${timeoutMs} ms`);
  if (name === "ClosedConnectionError" || name === "DrainingConnectionError") {
    return new RealmError("INFRA_UNREACHABLE", `NATS at ${redactUrl(url)}: ${oneLine(e)}`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** Stream names may not hold `.`, `*`, `>` or whitespace. */
function streamNameOf(prefix: string, stream: string): string {
  return `${prefix}_${stream}`.replace(/[^A-Za-z0-9_-]/g, "_");
}

function isApiCode(e: unknown, code: number): boolean {
  return e instanceof JetStreamApiError && e.code === code;
}

/** JetStream-backed durable streams. */
export class NatsStreams implements DurableStreams {
  private jsm: Promise<JetStreamManager> | undefined;
  private js: JetStreamClient | undefined;
  private live = new Set<ConsumerMessages>();
  private loops = new Set<Promise<void>>();

  constructor(private readonly bus: NatsBus) {}

  /** The JetStream stream name used for a relative stream name. */
  nameOf(stream: string): string {
    return streamNameOf(this.bus.prefix, stream);
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= jetstreamManager(this.bus.nc).catch((e) => {
      this.jsm = undefined;
      throw new RealmError("INFRA_UNREACHABLE", `JetStream is not available on this NATS server: ${oneLine(e)}`);
    });
    return this.jsm;
  }
  private client(): JetStreamClient {
    this.js ??= jetstream(this.bus.nc);
    return this.js;
  }

  async ensure(stream: string, subjects: string[]): Promise<void> {
    const jsm = await this.manager();
    const name = this.nameOf(stream);
    const full = subjects.map((s) => this.bus.full(s));
    try {
      const info = await jsm.streams.info(name);
      const have = new Set(info.config.subjects ?? []);
      if (full.some((s) => !have.has(s))) await jsm.streams.update(name, { subjects: [...new Set([...have, ...full])] });
    } catch (e) {
      if (!isApiCode(e, JetStreamApiCodes.StreamNotFound)) throw e;
      await jsm.streams.add({ name, subjects: full, storage: StorageType.File });
    }
  }

  async publish(subject: string, data: Uint8Array, headers?: Headers): Promise<number> {
    const h = toHeaders(headers);
    try {
      const ack = await this.client().publish(this.bus.full(subject), data, h ? { headers: h } : undefined);
      return ack.seq;
    } catch (e) {
      const err = e as Error & { isNoResponders?: () => boolean; code?: number };
      const noStream =
        (typeof err.isNoResponders === "function" && err.isNoResponders()) ||
        err.name === "NoRespondersError" ||
        // nats.js reports the 503 of a subject no stream listens on as "jetstream is not enabled"
        err.name === "JetStreamNotEnabled" ||
        (err.cause as Error | undefined)?.name === "NoRespondersError" ||
        /no responders|no stream/i.test(err.message ?? "");
      if (noStream) throw new RealmError("BUS_NO_RESPONDERS", `no stream stores ${subject}`);
      throw e;
    }
  }

  async consume(
    stream: string,
    durable: string,
    handler: (msg: BusMessage & { seq: number }) => Promise<void>,
    opts: { ackWaitMs?: number } = {},
  ): Promise<Subscription> {
    const jsm = await this.manager();
    const name = this.nameOf(stream);
    const ackWait = nanos(opts.ackWaitMs ?? 30_000);
    try {
      const info = await jsm.consumers.info(name, durable);
      if (info.config.ack_wait !== ackWait) await jsm.consumers.update(name, durable, { ack_wait: ackWait });
    } catch (e) {
      if (isApiCode(e, JetStreamApiCodes.StreamNotFound)) throw new RealmError("BUS_NO_RESPONDERS", `no stream ${stream}`);
      if (!isApiCode(e, JetStreamApiCodes.ConsumerNotFound)) throw e;
      await jsm.consumers.add(name, { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: ackWait });
    }
    const consumer = await this.client().consumers.get(name, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    this.live.add(messages);
    const loop = (async () => {
      for await (const m of messages) {
        this.bus.countDelivery();
        try {
          await handler(this.message(m));
          m.ack();
        } catch {
          // not acknowledged: JetStream redelivers it after ackWait
        }
      }
    })().finally(() => {
      this.live.delete(messages);
      this.loops.delete(loop);
    });
    this.loops.add(loop);
    return {
      unsubscribe: () => {
        if (this.live.delete(messages)) void messages.close().catch(() => {});
      },
    };
  }

  private message(m: JsMsg): BusMessage & { seq: number } {
    return { subject: this.bus.rel(m.subject), data: m.data, headers: fromHeaders(m.headers), reply: undefined, seq: m.seq };
  }

  async remove(stream: string): Promise<void> {
    const jsm = await this.manager();
    try {
      await jsm.streams.delete(this.nameOf(stream));
    } catch (e) {
      if (!isApiCode(e, JetStreamApiCodes.StreamNotFound)) throw e;
    }
  }

  /** Stops every consumer loop (on close). */
  async stopAll(): Promise<void> {
    const closing = [...this.live].map((m) => m.close().catch(() => {}));
    this.live.clear();
    await Promise.race([Promise.all([...closing, ...this.loops]), Bun.sleep(2000)]);
  }
}
