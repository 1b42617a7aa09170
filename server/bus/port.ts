// The Bus port. Gateway, world and domain services talk only through it, in embedded
// mode too (the in-process adapter), so cluster mode is the same code with the NATS
// adapter.
//
// Subjects are dot-separated tokens; subscriptions may use `*` (one token) and `>`
// (one or more trailing tokens). Every adapter prepends its configured subject prefix,
// so callers use relative subjects and tests can share one NATS server.
//
// Payloads are bytes. Ownership passes to the bus on publish: the publisher must not
// modify the buffer afterwards (the in-process adapter hands the same buffer to the
// subscriber without copying).

export type Headers = Record<string, string>;

export interface BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: Headers | undefined;
  /** Set when the publisher expects a reply (request/reply). */
  readonly reply: string | undefined;
}

export interface Subscription {
  unsubscribe(): void;
}

export interface SubscribeOptions {
  /** Queue group: each message goes to one member of the group. */
  queue?: string;
}

export interface RequestOptions {
  timeoutMs?: number;
  headers?: Headers;
}

/** A durable, acknowledged stream (JetStream in cluster mode). */
export interface DurableStreams {
  /** Creates the stream if missing. Subjects are relative, like everything else. */
  ensure(stream: string, subjects: string[]): Promise<void>;
  /** Publishes and waits for the stream to store it; returns its sequence number. */
  publish(subject: string, data: Uint8Array, headers?: Headers): Promise<number>;
  /**
   * Consumes with a durable consumer: unacknowledged messages are redelivered after
   * `ackWaitMs`. The handler acks by resolving; a throw leaves it for redelivery.
   */
  consume(stream: string, durable: string, handler: (msg: BusMessage & { seq: number }) => Promise<void>, opts?: { ackWaitMs?: number }): Promise<Subscription>;
  /** Deletes the stream (tests). */
  remove(stream: string): Promise<void>;
}

export interface Bus {
  readonly kind: "memory" | "nats";
  publish(subject: string, data: Uint8Array, headers?: Headers): void;
  subscribe(subject: string, handler: (msg: BusMessage) => void, opts?: SubscribeOptions): Subscription;
  /** Publishes with a reply subject and resolves with the first reply. BUS_TIMEOUT / BUS_NO_RESPONDERS otherwise. */
  request(subject: string, data: Uint8Array, opts?: RequestOptions): Promise<BusMessage>;
  /** Answers a request message (no-op if it expected no reply). */
  respond(msg: BusMessage, data: Uint8Array, headers?: Headers): void;
  /** Resolves when everything published so far has reached the server (NATS) or subscribers (memory). */
  flush(): Promise<void>;
  readonly streams: DurableStreams;
  /** Health: connected and not closed. */
  readonly healthy: boolean;
  /** Adapter statistics (messages in/out, reconnects). */
  stats(): { published: number; delivered: number; reconnects: number };
  close(): Promise<void>;
}

/** Does a subject match a subscription pattern with `*` and `>` wildcards? */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject) return true;
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    const t = p[i];
    if (t === ">") return s.length > i;
    if (i >= s.length) return false;
    if (t !== "*" && t !== s[i]) return false;
  }
  return p.length === s.length;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** JSON helpers for low-rate control messages (never the packet hot path). */
export function jsonBytes(v: unknown): Uint8Array {
  return enc.encode(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? { $bigint: x.toString() } : x)));
}
export function parseJson<T>(b: Uint8Array): T {
  return JSON.parse(dec.decode(b), (_k, x) =>
    x !== null && typeof x === "object" && typeof x.$bigint === "string" && Object.keys(x).length === 1 ? BigInt(x.$bigint) : x,
  ) as T;
}
