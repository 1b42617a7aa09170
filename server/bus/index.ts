// The bus module's front door: `openBus` picks the adapter the configuration names
// (in-process in embedded mode, NATS in cluster mode), plus re-exports. NATS is a
// cluster service: the first connection is retried with backoff and gives up with one
// INFRA_UNREACHABLE line (see kernel/retry.ts).
import type { RealmConfig } from "../kernel/config.ts";
import { silentLogger, type Logger } from "../kernel/logger.ts";
import type { RetryOptions } from "../kernel/retry.ts";
import { MemoryBus, MemoryHub } from "./memory.ts";
import { connectNatsBus } from "./nats.ts";
import type { Bus } from "./port.ts";

export type BusConfig = RealmConfig["bus"];

export interface OpenBusOptions extends Pick<RetryOptions, "retryForMs" | "initialDelayMs" | "maxDelayMs"> {
  /** Memory adapter: share a hub between buses (several "processes" in one test). */
  hub?: MemoryHub;
  /** NATS client name for the server's monitoring (e.g. the node id). */
  name?: string;
}

/** Opens the configured bus. */
export async function openBus(cfg: BusConfig, log: Logger = silentLogger, opts: OpenBusOptions = {}): Promise<Bus> {
  if (cfg.adapter === "memory") return new MemoryBus(cfg.subjectPrefix, opts.hub ?? new MemoryHub());
  return connectNatsBus({
    url: cfg.natsUrl,
    prefix: cfg.subjectPrefix,
    requestTimeoutMs: cfg.requestTimeoutMs,
    log,
    name: opts.name,
    retryForMs: opts.retryForMs,
    initialDelayMs: opts.initialDelayMs,
    maxDelayMs: opts.maxDelayMs,
  });
}

export * from "./port.ts";
export { MemoryBus, MemoryHub } from "./memory.ts";
export { NatsBus, connectNatsBus, type NatsBusOptions } from "./nats.ts";
export { NatsStreams } from "./nats-streams.ts";
export * from "./packet-envelope.ts";
