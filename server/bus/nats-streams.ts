// JetStream-backed DurableStreams for the NATS bus adapter (nats.ts): streams named
// `<prefix>_<stream>` (sanitised), file storage, durable pull consumers with explicit
// acks; a handler that throws leaves its message unacknowledged and JetStream
// redelivers it after ackWait.
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
import { nanos } from "@nats-io/transport-node";
import { RealmError } from "../kernel/errors.ts";
import { oneLine } from "../kernel/retry.ts";
import type { BusMessage, DurableStreams, Headers, Subscription } from "./port.ts";
import { fromHeaders, toHeaders } from "./nats-headers.ts";
import type { NatsBus } from "./nats.ts";

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
