// Connecting to a cluster service (PostgreSQL, NATS, Redis) at start-up: try, wait
// with exponential backoff and jitter, try again, and give up after a bounded time
// with ONE line that names the service and its address (RealmError INFRA_UNREACHABLE).
// Operators see "NATS at nats://10.0.0.5:4222 is unreachable: connection refused",
// never a stack trace. Reconnecting after a later outage is each client's own job
// (nats.js and ioredis both do it); this helper is only for the first connection.
import { RealmError } from "./errors.ts";

/** The subset of a pino logger the retry loop writes to. */
export interface RetryLog {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface RetryOptions {
  /** Keep trying this long before giving up (ms). 0 = one attempt. Default 30 s. */
  retryForMs?: number;
  /** First wait between attempts (ms). Default 200. */
  initialDelayMs?: number;
  /** Longest wait between attempts (ms). Default 5000. */
  maxDelayMs?: number;
  log?: RetryLog;
}

export const DEFAULT_CONNECT_RETRY_MS = 30_000;

/** "connect ECONNREFUSED 127.0.0.1:4222" from whatever was thrown, on one line. */
export function oneLine(e: unknown): string {
  let msg: string;
  if (e instanceof Error) {
    msg = e.message || e.name;
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message && !msg.includes(cause.message)) msg = `${msg} (${cause.message})`;
  } else msg = String(e);
  return msg.replace(/\s*\n\s*/g, " ").trim();
}

/** The address without a password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}

export function unreachable(service: string, address: string, e: unknown): RealmError {
  if (e instanceof RealmError && e.code === "INFRA_UNREACHABLE") return e;
  return new RealmError("INFRA_UNREACHABLE", `${service} at ${redactUrl(address)} is unreachable: ${oneLine(e)}`, { service, address: redactUrl(address) });
}

/**
 * Runs `attempt` until it resolves or `retryForMs` has passed. Each failure is logged
 * as one warning line; the final failure is thrown as INFRA_UNREACHABLE.
 * Errors that are not about reachability (`isFatal`) are rethrown at once.
 */
export async function connectWithRetry<T>(
  service: string,
  address: string,
  attempt: () => Promise<T>,
  o: RetryOptions & { isFatal?: (e: unknown) => boolean } = {},
): Promise<T> {
  const retryFor = o.retryForMs ?? DEFAULT_CONNECT_RETRY_MS;
  const maxDelay = o.maxDelayMs ?? 5000;
  let delay = o.initialDelayMs ?? 200;
  const deadline = Date.now() + retryFor;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (o.isFatal?.(e)) throw e;
      const err = unreachable(service, address, e);
      const left = deadline - Date.now();
      if (left <= 0) throw err;
      const wait = Math.min(delay + Math.floor(Math.random() * delay * 0.2), left, maxDelay);
      o.log?.warn({ code: err.code, service, attempt: n, retryInMs: wait }, `${err.message}; retrying in ${wait} ms`);
      await Bun.sleep(wait);
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
