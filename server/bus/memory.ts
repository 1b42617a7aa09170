// The in-process bus (embedded mode): no serialisation, no copies. A published buffer
// is handed to each subscriber as is. Delivery is asynchronous (a microtask), in
// publish order per subscriber, so the semantics match NATS: a publisher never runs a
// subscriber's code inside its own call.
import { RealmError } from "../kernel/errors.ts";
import type { Bus, BusMessage, DurableStreams, Headers, RequestOptions, SubscribeOptions, Subscription } from "./port.ts";
import { subjectMatches } from "./port.ts";

interface Sub {
  pattern: string;
  handler: (m: BusMessage) => void;
  queue: string | undefined;
  active: boolean;
}

/** Several MemoryBus instances may share one hub (two "processes" in one test). */
export class MemoryHub {
  readonly exact = new Map<string, Sub[]>();
  readonly wild: Sub[] = [];
  private rr = new Map<string, number>();
  /** durable streams: name -> { subjects, log } */
  readonly streams = new Map<string, { subjects: string[]; log: { seq: number; subject: string; data: Uint8Array; headers: Headers | undefined }[] }>();
  private consumers = new Map<string, number>();

  add(s: Sub): void {
    if (s.pattern.includes("*") || s.pattern.includes(">")) this.wild.push(s);
    else {
      const l = this.exact.get(s.pattern);
      if (l) l.push(s);
      else this.exact.set(s.pattern, [s]);
    }
  }

  remove(s: Sub): void {
    s.active = false;
    if (s.pattern.includes("*") || s.pattern.includes(">")) {
      const i = this.wild.indexOf(s);
      if (i >= 0) this.wild.splice(i, 1);
    } else {
      const l = this.exact.get(s.pattern);
      if (!l) return;
      const i = l.indexOf(s);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) this.exact.delete(s.pattern);
    }
  }

  /** The subscriptions a message goes to (one per queue group). */
  targets(subject: string): Sub[] {
    const direct = this.exact.get(subject);
    let all: Sub[] | undefined;
    if (this.wild.length === 0) {
      if (!direct) return [];
      all = direct;
    } else {
      all = direct ? direct.slice() : [];
      for (const w of this.wild) if (subjectMatches(w.pattern, subject)) all.push(w);
    }
    let hasQueue = false;
    for (const s of all) if (s.queue) hasQueue = true;
    if (!hasQueue) return all;
    const out: Sub[] = [];
    const groups = new Map<string, Sub[]>();
    for (const s of all) {
      if (!s.queue) out.push(s);
      else {
        const g = groups.get(s.queue);
        if (g) g.push(s);
        else groups.set(s.queue, [s]);
      }
    }
    for (const [q, members] of groups) {
      const key = `${q}\u0000${subject}`;
      const n = (this.rr.get(key) ?? 0) % members.length;
      this.rr.set(key, n + 1);
      out.push(members[n]!);
    }
    return out;
  }

  consumerOffset(key: string): number {
    return this.consumers.get(key) ?? 0;
  }
  setConsumerOffset(key: string, v: number): void {
    this.consumers.set(key, v);
  }
}

let inboxCounter = 0;

export class MemoryBus implements Bus {
  readonly kind = "memory" as const;
  private closed = false;
  private mine = new Set<Sub>();
  private counts = { published: 0, delivered: 0, reconnects: 0 };
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  readonly streams: DurableStreams;

  constructor(
    private readonly prefix = "rc",
    readonly hub: MemoryHub = new MemoryHub(),
  ) {
    this.streams = new MemoryStreams(this, hub, prefix);
  }

  private full(subject: string): string {
    return `${this.prefix}.${subject}`;
  }
  private rel(subject: string): string {
    return subject.startsWith(`${this.prefix}.`) ? subject.slice(this.prefix.length + 1) : subject;
  }

  get healthy(): boolean {
    return !this.closed;
  }

  publish(subject: string, data: Uint8Array, headers?: Headers, reply?: string): void {
    if (this.closed) return;
    this.counts.published++;
    const full = this.full(subject);
    const targets = this.hub.targets(full);
    if (targets.length === 0) return;
    const msg: BusMessage = { subject, data, headers, reply };
    for (const s of targets) {
      this.pending++;
      queueMicrotask(() => {
        this.pending--;
        if (s.active) {
          this.counts.delivered++;
          try {
            s.handler(msg);
          } catch {
            // a subscriber's exception is its own business; the bus keeps going
          }
        }
        if (this.pending === 0) this.wakeIdle();
      });
    }
  }

  subscribe(subject: string, handler: (msg: BusMessage) => void, opts: SubscribeOptions = {}): Subscription {
    const s: Sub = { pattern: this.full(subject), handler, queue: opts.queue, active: true };
    if (this.closed) return { unsubscribe() {} };
    this.hub.add(s);
    this.mine.add(s);
    return {
      unsubscribe: () => {
        this.hub.remove(s);
        this.mine.delete(s);
      },
    };
  }

  request(subject: string, data: Uint8Array, opts: RequestOptions = {}): Promise<BusMessage> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    if (this.hub.targets(this.full(subject)).length === 0) {
      return Promise.reject(new RealmError("BUS_NO_RESPONDERS", `no responders for ${subject}`));
    }
    const inbox = `_INBOX.${process.pid}.${++inboxCounter}`;
    return new Promise<BusMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.unsubscribe();
        reject(new RealmError("BUS_TIMEOUT", `no reply to ${subject} within ${timeoutMs} ms`));
      }, timeoutMs);
      const sub = this.subscribe(inbox, (m) => {
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(m);
      });
      this.publish(subject, data, opts.headers, inbox);
    });
  }

  respond(msg: BusMessage, data: Uint8Array, headers?: Headers): void {
    if (msg.reply) this.publish(this.rel(msg.reply), data, headers);
  }

  flush(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private wakeIdle(): void {
    const w = this.idleWaiters.splice(0);
    for (const f of w) f();
  }

  stats() {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.mine) this.hub.remove(s);
    this.mine.clear();
    this.wakeIdle();
  }
}

/** In-memory durable streams: a log per stream and an offset per durable consumer. */
class MemoryStreams implements DurableStreams {
  constructor(
    private bus: MemoryBus,
    private hub: MemoryHub,
    private prefix: string,
  ) {}

  async ensure(stream: string, subjects: string[]): Promise<void> {
    if (!this.hub.streams.has(stream)) this.hub.streams.set(stream, { subjects: subjects.map((s) => `${this.prefix}.${s}`), log: [] });
  }

  async publish(subject: string, data: Uint8Array, headers?: Headers): Promise<number> {
    const full = `${this.prefix}.${subject}`;
    for (const st of this.hub.streams.values()) {
      if (st.subjects.some((p) => subjectMatches(p, full))) {
        const seq = st.log.length + 1;
        st.log.push({ seq, subject, data, headers });
        this.bus.publish(`$stream.${seq}.${subject}`, data, headers);
        return seq;
      }
    }
    throw new RealmError("BUS_NO_RESPONDERS", `no stream stores ${subject}`);
  }

  async consume(stream: string, durable: string, handler: (m: BusMessage & { seq: number }) => Promise<void>, opts: { ackWaitMs?: number } = {}): Promise<Subscription> {
    const st = this.hub.streams.get(stream);
    if (!st) throw new RealmError("BUS_NO_RESPONDERS", `no stream ${stream}`);
    const key = `${stream}/${durable}`;
    let stopped = false;
    let busy = false;
    const pump = async () => {
      if (busy || stopped) return;
      busy = true;
      try {
        while (!stopped) {
          const next = st.log[this.hub.consumerOffset(key)];
          if (!next) break;
          try {
            await handler({ subject: next.subject, data: next.data, headers: next.headers, reply: undefined, seq: next.seq });
            this.hub.setConsumerOffset(key, this.hub.consumerOffset(key) + 1);
          } catch {
            // not acknowledged: try again after the ack wait
            await Bun.sleep(opts.ackWaitMs ?? 1000);
          }
        }
      } finally {
        busy = false;
      }
    };
    const sub = this.bus.subscribe(`$stream.*.>`, () => void pump());
    void pump();
    return {
      unsubscribe() {
        stopped = true;
        sub.unsubscribe();
      },
    };
  }

  async remove(stream: string): Promise<void> {
    this.hub.streams.delete(stream);
  }
}
