// Shared helpers for the gateway's socket tests: a booted realm, session keys from the
// real login server, world connections with the headless client (bench/client), polling
// for server-side effects, and metric values.
import { HeadlessClient, type HeadlessOptions } from "../../bench/client/headless-client.ts";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import { WorldClient, type AuthSessionOptions } from "../../bench/client/world-client.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { Booted } from "../testing/boot.ts";
import type { WorldSession } from "./session.ts";

export const TIMEOUT = 5000;

/** SRP6 login through the realm's login server; returns the 40-byte session key K. */
export async function sessionKey(b: Booted, user: string, password: string): Promise<Uint8Array> {
  const c = new HeadlessClient({ timeoutMs: TIMEOUT });
  const { K } = await c.login({ host: b.host, port: b.authPort, user, password });
  return K;
}

/** A TCP connection to the world port that has received SMSG_AUTH_CHALLENGE. */
export async function worldSocket(b: Booted, o: { logLimit?: number } = {}): Promise<WorldClient> {
  const w = await WorldClient.connect(b.host, b.worldPort, { timeoutMs: TIMEOUT, ...o });
  await w.waitFor(Opcode.SMSG_AUTH_CHALLENGE, undefined, TIMEOUT, 0);
  return w;
}

/** A world connection authenticated with `K` (or a fresh login); returns the AUTH result too. */
export async function authedSocket(
  b: Booted,
  user: string,
  password: string,
  o: AuthSessionOptions & { K?: Uint8Array; logLimit?: number } = {},
): Promise<{ w: WorldClient; result: number; queuePosition?: number; K: Uint8Array }> {
  const K = o.K ?? (await sessionKey(b, user, password));
  const w = await worldSocket(b, { logLimit: o.logLimit });
  const r = await w.authenticate(user, K, o);
  return { w, result: r.result, queuePosition: r.queuePosition, K };
}

/** The full headless flow (login server, world, character screen). */
export async function player(b: Booted, user: string, password: string, o: HeadlessOptions = {}): Promise<HeadlessClient> {
  const c = new HeadlessClient({ timeoutMs: TIMEOUT, ...o });
  const { realms } = await c.login({ host: b.host, port: b.authPort, user, password });
  await c.connectWorld(realms[0]!);
  return c;
}

/**
 * The session answers: CMSG_QUERY_TIME -> SMSG_QUERY_TIME_RESPONSE (no budget, unlike
 * pings, which are answered twice a second at most).
 */
export async function answers(w: WorldClient): Promise<void> {
  const since = w.nextSeq;
  w.send(Opcode.CMSG_QUERY_TIME);
  await w.waitFor(Opcode.SMSG_QUERY_TIME_RESPONSE, undefined, TIMEOUT, since);
}

/** Polls `cond` (every 10 ms) until it holds; throws naming `what` after `timeoutMs`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = TIMEOUT): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await Bun.sleep(10);
  }
}

/** Resolves true when the connection closes within `ms`, false otherwise. */
export async function closesWithin(w: { closed: Promise<void> }, ms: number): Promise<boolean> {
  return Promise.race([w.closed.then(() => true), Bun.sleep(ms).then(() => false)]);
}

/** Sum of a metric's values whose labels include `labels`. */
export async function metric(b: Booted, name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = b.realm.metrics.registry.getSingleMetric(name);
  if (!m) throw new Error(`no metric ${name}`);
  const v = await m.get();
  let sum = 0;
  for (const x of v.values) {
    const l = x.labels as Record<string, unknown>;
    if (Object.entries(labels).every(([k, want]) => String(l[k]) === want)) sum += x.value;
  }
  return sum;
}

/** The gateway's session for an account (by name), if connected. */
export function sessionOf(b: Booted, account: string): WorldSession | undefined {
  const name = account.toUpperCase();
  for (const s of b.realm.gateway!.sessions.values()) if (s.accountName === name) return s;
  return undefined;
}

/** A u32 little-endian body (ping sequence, realm id, slot). */
export function u32le(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint32(i * 4, x >>> 0, true));
  return out;
}

/** Makes one cache method reject while `when(key)` holds (a cache outage); returns the undo. */
export function failWhile(c: Cache, method: "get" | "set" | "hlen", when: (key: string) => boolean): () => void {
  const slot = c as unknown as Record<string, (key: string, ...rest: unknown[]) => Promise<unknown>>;
  const real = slot[method]!.bind(c);
  slot[method] = (key, ...rest) => (when(key) ? Promise.reject(new Error("cache down")) : real(key, ...rest));
  return () => void (slot[method] = real);
}
