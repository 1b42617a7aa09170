// Brute-force throttling shared by every login path (the login server here, the web
// portal's login later). Counters and locks live in the Cache port, so several auth
// processes and web replicas see the same numbers (Redis in cluster mode).
//
// Two kinds of subject: "account" (the upper-case account name) and "ip" (the remote
// address). For each, `failures` failed proofs within `windowMs` lock the subject for
// `lockMs` (defaults: account 5 in 15 min -> 15 min; IP 20 in 15 min -> 60 min).
//
// Time comes from the injected Clock only. Redis expires keys on its own (real) clock,
// so nothing here relies on a key's TTL for correctness:
// * failures are counted in buckets keyed by their index, floor(now / width), with
//   width = windowMs / buckets; a count sums the buckets that overlap the window, so a
//   clock moved forward simply reads other (empty) keys;
// * a lock's value is its expiry timestamp (ms since the epoch), compared with now.
// TTLs only collect garbage.
//
// Key formats (relative to the cache's own prefix):
//   lockout:<kind>:<subject>:lock         "<untilMs>"
//   lockout:<kind>:<subject>:f:<bucket>   integer counter
import type { Clock } from "../kernel/clock.ts";
import type { RealmConfig } from "../kernel/config.ts";
import type { Cache } from "../storage/cache/port.ts";

export type LockoutKind = "account" | "ip";

export interface LockoutRule {
  /** Failures within the window that lock the subject. */
  failures: number;
  windowMs: number;
  lockMs: number;
}

export interface LockoutPolicy {
  account: LockoutRule;
  ip: LockoutRule;
  /** Buckets per window (granularity of the sliding count). Default 5. */
  buckets: number;
}

/** What every counter function needs; the web plane builds one from its own context. */
export interface LockoutContext {
  cache: Cache;
  clock: Clock;
  policy: LockoutPolicy;
}

export interface LockState {
  locked: boolean;
  /** Lock expiry (ms since the epoch), 0 when not locked. */
  until: number;
}

export interface FailureOutcome {
  /** Failures counted in the window, this one included (0 after a lock reset the count). */
  failures: number;
  /** The subject is locked now. */
  locked: boolean;
  /** This failure placed the lock (exactly one caller sees true per lock, across processes). */
  newlyLocked: boolean;
  until: number;
}

export const DEFAULT_LOCKOUT_BUCKETS = 5;
const MINUTE = 60_000;
/** Extra TTL on every key so that a slightly fast peer clock never reads a collected key. */
const TTL_SLACK_MS = 60_000;

/** The policy from config section `auth.lockout`. */
export function lockoutPolicy(cfg: RealmConfig["auth"]["lockout"], buckets = DEFAULT_LOCKOUT_BUCKETS): LockoutPolicy {
  return {
    account: { failures: cfg.accountFailures, windowMs: cfg.accountWindowMin * MINUTE, lockMs: cfg.accountLockMin * MINUTE },
    ip: { failures: cfg.ipFailures, windowMs: cfg.ipWindowMin * MINUTE, lockMs: cfg.ipLockMin * MINUTE },
    buckets: Math.max(1, Math.floor(buckets)),
  };
}

/** The subject as keyed: account names upper-case, IPv4-mapped IPv6 addresses as plain IPv4. */
export function lockoutSubject(kind: LockoutKind, subject: string): string {
  if (kind === "account") return subject.trim().toUpperCase();
  return normalizeIp(subject);
}

/** "::ffff:1.2.3.4" -> "1.2.3.4"; IPv6 lower-case. */
export function normalizeIp(ip: string): string {
  const t = ip.trim().toLowerCase();
  return t.startsWith("::ffff:") && t.includes(".") ? t.slice(7) : t;
}

export function lockKey(kind: LockoutKind, subject: string): string {
  return `lockout:${kind}:${lockoutSubject(kind, subject)}:lock`;
}

export function failureKey(kind: LockoutKind, subject: string, bucket: number): string {
  return `lockout:${kind}:${lockoutSubject(kind, subject)}:f:${bucket}`;
}

function bucketWidth(rule: LockoutRule, policy: LockoutPolicy): number {
  return Math.max(1, Math.ceil(rule.windowMs / policy.buckets));
}

/** Bucket indices [first, last] overlapping the window that ends now. */
function window(ctx: LockoutContext, rule: LockoutRule): { first: number; last: number; width: number } {
  const width = bucketWidth(rule, ctx.policy);
  const now = ctx.clock.now();
  return { first: Math.floor((now - rule.windowMs) / width), last: Math.floor(now / width), width };
}

function ruleOf(ctx: LockoutContext, kind: LockoutKind): LockoutRule {
  return kind === "account" ? ctx.policy.account : ctx.policy.ip;
}

function parseUntil(v: string | undefined): number {
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** Is the subject locked at the clock's now? One cache read. */
export async function isLocked(ctx: LockoutContext, kind: LockoutKind, subject: string): Promise<LockState> {
  const until = parseUntil(await ctx.cache.get(lockKey(kind, subject)));
  return until > ctx.clock.now() ? { locked: true, until } : { locked: false, until: 0 };
}

/** Failures counted in the current window. */
export async function failureCount(ctx: LockoutContext, kind: LockoutKind, subject: string): Promise<number> {
  const { first, last } = window(ctx, ruleOf(ctx, kind));
  const reads: Promise<string | undefined>[] = [];
  for (let b = first; b <= last; b++) reads.push(ctx.cache.get(failureKey(kind, subject, b)));
  let n = 0;
  for (const v of await Promise.all(reads)) n += v === undefined ? 0 : Number(v) || 0;
  return n;
}

/**
 * Records one failed proof. When the count in the window reaches the rule's threshold the
 * subject is locked until now + lockMs and its counters are cleared (after the lock ends
 * it gets a fresh allowance).
 */
export async function recordFailure(ctx: LockoutContext, kind: LockoutKind, subject: string): Promise<FailureOutcome> {
  const rule = ruleOf(ctx, kind);
  const { first, last, width } = window(ctx, rule);
  const ttl = (ctx.policy.buckets + 2) * width + TTL_SLACK_MS;
  const reads: Promise<string | undefined>[] = [];
  for (let b = first; b < last; b++) reads.push(ctx.cache.get(failureKey(kind, subject, b)));
  const [current, older] = await Promise.all([ctx.cache.incr(failureKey(kind, subject, last), 1, ttl), Promise.all(reads)]);
  let failures = current;
  for (const v of older) failures += v === undefined ? 0 : Number(v) || 0;
  if (failures < rule.failures) {
    const state = await isLocked(ctx, kind, subject);
    return { failures, locked: state.locked, newlyLocked: false, until: state.until };
  }
  const now = ctx.clock.now();
  const until = now + rule.lockMs;
  const key = lockKey(kind, subject);
  const lockTtl = rule.lockMs + TTL_SLACK_MS;
  let newlyLocked = await ctx.cache.setNX(key, String(until), lockTtl);
  let lockedUntil = until;
  if (!newlyLocked) {
    const existing = parseUntil(await ctx.cache.get(key));
    if (existing > now) {
      lockedUntil = existing;
    } else {
      // a lock that expired by the injected clock but not yet by the cache's TTL
      await ctx.cache.set(key, String(until), lockTtl);
      newlyLocked = true;
    }
  }
  if (newlyLocked) await clearFailures(ctx, kind, subject);
  return { failures: newlyLocked ? 0 : failures, locked: true, newlyLocked, until: lockedUntil };
}

/** Forgets the subject's failures in the window (a successful login resets the account). */
export async function clearFailures(ctx: LockoutContext, kind: LockoutKind, subject: string): Promise<void> {
  const { first, last } = window(ctx, ruleOf(ctx, kind));
  const dels: Promise<boolean>[] = [];
  for (let b = first; b <= last; b++) dels.push(ctx.cache.del(failureKey(kind, subject, b)));
  await Promise.all(dels);
}

/** Lifts a lock and clears the counters (operator action). True when a lock was in force. */
export async function unlock(ctx: LockoutContext, kind: LockoutKind, subject: string): Promise<boolean> {
  const state = await isLocked(ctx, kind, subject);
  await Promise.all([ctx.cache.del(lockKey(kind, subject)), clearFailures(ctx, kind, subject)]);
  return state.locked;
}

/** The same functions bound to one context. */
export class Lockout {
  readonly ctx: LockoutContext;
  constructor(cache: Cache, clock: Clock, policy: LockoutPolicy) {
    this.ctx = { cache, clock, policy };
  }
  get policy(): LockoutPolicy {
    return this.ctx.policy;
  }
  isLocked(kind: LockoutKind, subject: string): Promise<LockState> {
    return isLocked(this.ctx, kind, subject);
  }
  recordFailure(kind: LockoutKind, subject: string): Promise<FailureOutcome> {
    return recordFailure(this.ctx, kind, subject);
  }
  failureCount(kind: LockoutKind, subject: string): Promise<number> {
    return failureCount(this.ctx, kind, subject);
  }
  clearFailures(kind: LockoutKind, subject: string): Promise<void> {
    return clearFailures(this.ctx, kind, subject);
  }
  unlock(kind: LockoutKind, subject: string): Promise<boolean> {
    return unlock(this.ctx, kind, subject);
  }
}
