// Random and mutated login input, and a runner that feeds it to the framing function, the
// guarded decoders and the session state machine (no socket). Used by fuzz.test.ts (a
// modest count) and bench/scenarios/fuzz-auth.ts (1,000,000 inputs).
//
// A "crash" is any of: an exception out of receive(); a handler error (the session closed
// with reason "error"); a reply that does not frame as a server message; a buffer above
// the message cap; a non-login input reaching AUTHED; a framing answer above the cap; an
// exception out of a decoder.
import { encodeBody, decode, type MessageDef } from "../protocol/message.ts";
import { AuthCmd } from "../protocol/opcodes.ts";
import {
  clientMessageLength,
  CMD_AUTH_LOGON_CHALLENGE_Client,
  CMD_AUTH_LOGON_CHALLENGE_Server,
  CMD_AUTH_LOGON_PROOF_Client,
  CMD_AUTH_RECONNECT_CHALLENGE_Client,
  CMD_AUTH_RECONNECT_PROOF_Client,
  CMD_REALM_LIST_Client,
  LOGIN_MESSAGE_CAP,
  serverMessageLength,
  type AuthLogonChallengeSuccess,
} from "../protocol/login/index.ts";
import { computeClientProof } from "../protocol/srp6.ts";
import type { AuthContext } from "./context.ts";
import type { CloseReason } from "./metrics.ts";
import { AuthSession, type SessionIO } from "./session.ts";
import { AuthState } from "./state.ts";

// ------------------------------------------------------------------ seeded random

/** mulberry32: small, fast, seedable. */
export class FuzzRng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number {
    return n <= 1 ? 0 : this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
}

// ------------------------------------------------------------------ inputs

/** Accounts the fuzz harness creates: name -> password. */
export const FUZZ_ACCOUNTS: Readonly<Record<string, string>> = { FUZZ: "fuzzpass", FUZZGM: "gmpass" };
const NAMES = ["FUZZ", "FUZZGM", "NOSUCH", "A", "ABCDEFGHIJKLMNOP", "fuzz", "F\u00dcZZ", "X-Y", ""];
const COMMANDS = [0x00, 0x01, 0x02, 0x03, 0x10, 0x30, 0x31, 0x32, 0x33, 0x34, 0xff];
const BUILDS = [12340, 12340, 12340, 8606, 0, 0xffff];

function challenge(rng: FuzzRng, cmd: number): Uint8Array {
  const name = rng.pick(NAMES) || "Q";
  const b = encodeBody(CMD_AUTH_LOGON_CHALLENGE_Client, {
    protocolVersion: rng.chance(0.9) ? 8 : rng.int(256),
    gameName: "WoW",
    versionMajor: 3,
    versionMinor: 3,
    versionPatch: 5,
    build: rng.pick(BUILDS),
    platform: "x86",
    os: rng.chance(0.8) ? "Win" : "OSX",
    locale: "enUS",
    timezoneBias: rng.u32(),
    clientIp: rng.u32(),
    accountName: name.length <= 16 ? name : name.slice(0, 16),
  }).slice();
  b[0] = cmd;
  return b;
}

function proof(rng: FuzzRng): Uint8Array {
  const security = rng.chance(0.1) ? { authenticator: { token: String(rng.int(1_000_000)) } } : rng.chance(0.05) ? { pin: { clientSalt: rng.bytes(16), hash: rng.bytes(20) } } : {};
  const keys = rng.chance(0.05) ? Array.from({ length: rng.int(4) }, () => ({ unknown1: rng.int(65536), unknown2: rng.u32(), unknown3: rng.bytes(4), cdKeyProof: rng.bytes(20) })) : [];
  const A = rng.chance(0.05) ? new Uint8Array(32) : rng.bytes(32);
  return encodeBody(CMD_AUTH_LOGON_PROOF_Client, { A, M1: rng.bytes(20), crcHash: rng.bytes(20), telemetryKeys: keys, security }).slice();
}

function seedMessage(rng: FuzzRng): Uint8Array {
  switch (rng.int(5)) {
    case 0:
      return challenge(rng, AuthCmd.CMD_AUTH_LOGON_CHALLENGE);
    case 1:
      return challenge(rng, AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE);
    case 2:
      return proof(rng);
    case 3:
      return encodeBody(CMD_AUTH_RECONNECT_PROOF_Client, { R1: rng.bytes(16), R2: rng.bytes(20), R3: rng.bytes(20), keyCount: rng.chance(0.9) ? 0 : rng.int(256) }).slice();
    default:
      return Uint8Array.of(0x10, 0, 0, 0, 0);
  }
}

/** Byte flips, truncation, junk tails, boundary values in the size / name-length fields. */
export function mutate(rng: FuzzRng, b: Uint8Array): Uint8Array {
  let out = b.slice();
  const edits = 1 + rng.int(4);
  for (let e = 0; e < edits; e++) {
    switch (rng.int(7)) {
      case 0:
        if (out.length) out[rng.int(out.length)] = rng.u32() & 0xff;
        break;
      case 1:
        out = out.slice(0, rng.int(out.length + 1));
        break;
      case 2: {
        const tail = rng.bytes(rng.int(64));
        const n = new Uint8Array(out.length + tail.length);
        n.set(out);
        n.set(tail, out.length);
        out = n;
        break;
      }
      case 3:
        if (out.length >= 4) {
          const size = rng.pick([0, 1, 30, 31, 46, 47, 0x7fff, 0xffff, rng.int(65536)]);
          out[2] = size & 0xff;
          out[3] = size >> 8;
        }
        break;
      case 4:
        if (out.length > 33) out[33] = rng.pick([0, 1, 16, 17, 255, rng.int(256)]);
        break;
      case 5:
        if (out.length) out[0] = rng.pick(COMMANDS);
        break;
      default:
        if (out.length > 74) out[73] = rng.pick([0, 1, 255, rng.int(256)]); // telemetry key count
        break;
    }
  }
  return out;
}

export type FuzzKind = "random" | "mutated" | "sequence" | "login";

export interface FuzzInput {
  kind: FuzzKind;
  /** The stream, or for "login" what follows a real login. */
  stream: Uint8Array;
  /** Split points (ascending) where the stream is cut into separate reads. */
  cuts: number[];
  /** "login": which account, and whether its proof is mutated. */
  account?: string;
  badProof?: boolean;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function fuzzInput(rng: FuzzRng): FuzzInput {
  const roll = rng.int(100);
  let kind: FuzzKind;
  let stream: Uint8Array;
  if (roll < 20) {
    kind = "random";
    const b = rng.bytes(rng.int(160));
    if (b.length && rng.chance(0.7)) b[0] = rng.pick(COMMANDS);
    stream = b;
  } else if (roll < 55) {
    kind = "mutated";
    stream = mutate(rng, seedMessage(rng));
  } else if (roll < 85) {
    kind = "sequence";
    const parts: Uint8Array[] = [];
    const n = 1 + rng.int(4);
    for (let i = 0; i < n; i++) parts.push(rng.chance(0.3) ? mutate(rng, seedMessage(rng)) : seedMessage(rng));
    stream = concat(parts);
  } else {
    kind = "login";
    const parts: Uint8Array[] = [];
    const n = rng.int(4);
    for (let i = 0; i < n; i++) parts.push(rng.chance(0.5) ? Uint8Array.of(0x10, 0, 0, 0, 0) : mutate(rng, seedMessage(rng)));
    stream = concat(parts);
    return { kind, stream, cuts: cutsFor(rng, stream.length), account: rng.pick(Object.keys(FUZZ_ACCOUNTS)), badProof: rng.chance(0.3) };
  }
  return { kind, stream, cuts: cutsFor(rng, stream.length) };
}

function cutsFor(rng: FuzzRng, length: number): number[] {
  if (length < 2 || rng.chance(0.5)) return [];
  const cuts = new Set<number>();
  const n = 1 + rng.int(Math.min(6, length - 1));
  for (let i = 0; i < n; i++) cuts.add(1 + rng.int(length - 1));
  return [...cuts].sort((a, b) => a - b);
}

// ------------------------------------------------------------------ decoders

const CLIENT_DEFS = [CMD_AUTH_LOGON_CHALLENGE_Client, CMD_AUTH_RECONNECT_CHALLENGE_Client, CMD_AUTH_LOGON_PROOF_Client, CMD_AUTH_RECONNECT_PROOF_Client, CMD_REALM_LIST_Client] as MessageDef<unknown>[];
const EXPECTED_SETS: (number | number[])[] = [[0x00, 0x02], 0x01, 0x03, 0x10, [0x00, 0x01, 0x02, 0x03, 0x10, 0x32, 0x33, 0x34]];

/** Framing and every client decoder on one input; returns a crash description or undefined. */
export function fuzzDecodersOnce(bytes: Uint8Array): string | undefined {
  try {
    for (const expected of EXPECTED_SETS) {
      for (let end = Math.min(bytes.length, 4); end <= bytes.length; end += Math.max(1, bytes.length >> 2)) {
        const n = clientMessageLength(bytes, 0, end, expected, LOGIN_MESSAGE_CAP);
        if (n > LOGIN_MESSAGE_CAP) return `framing asked for ${n} bytes (cap ${LOGIN_MESSAGE_CAP})`;
        if (end === bytes.length) break;
      }
    }
    for (const def of CLIENT_DEFS) decode(def, bytes);
    return undefined;
  } catch (e) {
    return `decoder threw: ${String(e)}`;
  }
}

// ------------------------------------------------------------------ sessions

export interface SessionRun {
  crash?: string;
  closed?: CloseReason;
  authed: boolean;
}

/** Checks that the concatenated replies frame exactly as server messages. */
function framesCleanly(out: Uint8Array[]): boolean {
  const all = concat(out);
  let at = 0;
  while (at < all.length) {
    const n = serverMessageLength(all, at, all.length);
    if (n <= 0 || at + n > all.length) return false;
    at += n;
  }
  return true;
}

let sessionCounter = 0;

/** Runs one input through a fresh in-memory session. */
export async function fuzzSessionOnce(ctx: AuthContext, input: FuzzInput): Promise<SessionRun> {
  const out: Uint8Array[] = [];
  let closed: CloseReason | undefined;
  const io: SessionIO = { send: (b) => void out.push(b.slice()), close: (r) => void (closed = r) };
  const n = ++sessionCounter;
  const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const s = new AuthSession(ctx, io, ip, Promise.resolve({ banned: false }));
  let expectAuthed = false;
  try {
    if (input.kind === "login") {
      const name = input.account!;
      const ch = challengeFor(name);
      s.receive(ch);
      await s.settled();
      const reply = out.length ? decode(CMD_AUTH_LOGON_CHALLENGE_Server, out[out.length - 1]!) : undefined;
      if (!reply?.ok || reply.value.result !== 0) return { crash: `login challenge for ${name} was not answered`, closed, authed: false };
      const c = reply.value as AuthLogonChallengeSuccess;
      const p = computeClientProof(name, FUZZ_ACCOUNTS[name]!, c.salt, c.B)!;
      const M1 = p.M1.slice();
      if (input.badProof) M1[0]! ^= 0xff;
      s.receive(encodeBody(CMD_AUTH_LOGON_PROOF_Client, { A: p.A, M1, crcHash: new Uint8Array(20), telemetryKeys: [], security: {} }));
      await s.settled();
      expectAuthed = !input.badProof;
      if (expectAuthed && s.state !== AuthState.AUTHED) return { crash: `a correct login of ${name} was refused (closed: ${closed})`, closed, authed: false };
    }
    let at = 0;
    for (const cut of [...input.cuts, input.stream.length]) {
      if (cut > at) s.receive(input.stream.subarray(at, cut));
      at = cut;
      await s.settled();
    }
  } catch (e) {
    return { crash: `receive threw: ${String(e)}`, closed, authed: false };
  } finally {
    // leave nothing behind
    if (!s.closed) s.close("client");
  }
  const authed = s.account !== undefined;
  if (closed === "error") return { crash: "a handler failed (closed with reason error)", closed, authed };
  if (s.buffered.capacity > ctx.messageCap) return { crash: `buffer grew to ${s.buffered.capacity}`, closed, authed };
  if (authed && !expectAuthed) return { crash: "a fuzz input reached AUTHED", closed, authed };
  if (!framesCleanly(out)) return { crash: "a reply does not frame as a server message", closed, authed };
  return { closed, authed };
}

const challengeCache = new Map<string, Uint8Array>();
function challengeFor(name: string): Uint8Array {
  let b = challengeCache.get(name);
  if (!b) {
    b = encodeBody(CMD_AUTH_LOGON_CHALLENGE_Client, {
      protocolVersion: 8,
      gameName: "WoW",
      versionMajor: 3,
      versionMinor: 3,
      versionPatch: 5,
      build: 12340,
      platform: "x86",
      os: "Win",
      locale: "enUS",
      timezoneBias: 0,
      clientIp: 0x7f000001,
      accountName: name,
    }).slice();
    challengeCache.set(name, b);
  }
  return b;
}

export interface FuzzReport {
  inputs: number;
  crashes: number;
  /** Up to 10 crashes with the input that caused them (hex) and its index. */
  samples: { index: number; kind: FuzzKind; crash: string; hex: string }[];
  byKind: Record<FuzzKind, number>;
  closedBy: Partial<Record<CloseReason | "open", number>>;
  authed: number;
  elapsedMs: number;
}

/** Feeds `count` inputs from `seed` to the decoders and to fresh sessions over `ctx`. */
export async function runAuthFuzz(ctx: AuthContext, count: number, seed: number): Promise<FuzzReport> {
  const rng = new FuzzRng(seed);
  const report: FuzzReport = { inputs: 0, crashes: 0, samples: [], byKind: { random: 0, mutated: 0, sequence: 0, login: 0 }, closedBy: {}, authed: 0, elapsedMs: 0 };
  const t0 = performance.now();
  const fail = (index: number, input: FuzzInput, crash: string) => {
    report.crashes++;
    if (report.samples.length < 10) report.samples.push({ index, kind: input.kind, crash, hex: Buffer.from(input.stream).toString("hex") });
  };
  for (let i = 0; i < count; i++) {
    const input = fuzzInput(rng);
    report.inputs++;
    report.byKind[input.kind]++;
    const d = fuzzDecodersOnce(input.stream);
    if (d) fail(i, input, d);
    const r = await fuzzSessionOnce(ctx, input);
    if (r.crash) fail(i, input, r.crash);
    const key = r.closed ?? "open";
    report.closedBy[key] = (report.closedBy[key] ?? 0) + 1;
    if (r.authed) report.authed++;
  }
  report.elapsedMs = performance.now() - t0;
  return report;
}
