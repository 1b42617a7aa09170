// TEST ONLY: boots a login server on port 0 over an in-memory store and cache with a
// ManualClock, and a raw socket client that plays the 3.3.5a client with server/protocol's
// message definitions and computeClientProof.
import { expect } from "bun:test";
import type { Socket } from "bun";
import { ManualClock } from "../kernel/clock.ts";
import { loadConfig, type DeepPartial, type RealmConfig } from "../kernel/config.ts";
import { silentLogger } from "../kernel/logger.ts";
import { Metrics } from "../kernel/metrics.ts";
import { Accounts } from "../ops/accounts.ts";
import { AuditLog } from "../ops/audit.ts";
import { Bans } from "../ops/bans.ts";
import { decode, encodeBody, type MessageDef } from "../protocol/message.ts";
import { AuthCmd } from "../protocol/opcodes.ts";
import {
  CMD_AUTH_LOGON_CHALLENGE_Client,
  CMD_AUTH_LOGON_CHALLENGE_Server,
  CMD_AUTH_LOGON_PROOF_Client,
  CMD_AUTH_LOGON_PROOF_Server,
  CMD_AUTH_RECONNECT_PROOF_Client,
  CMD_REALM_LIST_Server,
  serverMessageLength,
  type AuthChallengeClient,
  type AuthLogonChallengeServer,
  type AuthLogonChallengeSuccess,
  type AuthLogonProofServer,
  type RealmListServer,
} from "../protocol/login/index.ts";
import { crcHash, reconnectChecksum, VERSION_CHECKSUM_12340_WINDOWS } from "../protocol/integrity.ts";
import { computeClientProof, reconnectProof } from "../protocol/srp6.ts";
import { MemoryCache } from "../storage/cache/memory.ts";
import type { Cache } from "../storage/cache/port.ts";
import type { Store } from "../storage/ports.ts";
import { openSqliteStore } from "../storage/sqlite.ts";
import { startAuthServer, type AuthServer } from "./server.ts";

export const TEST_SECRET = new TextEncoder().encode("auth-test-secret-0123456789abcdef");

export interface AuthHarness {
  server: AuthServer;
  port: number;
  config: RealmConfig;
  store: Store;
  cache: Cache;
  clock: ManualClock;
  metrics: Metrics;
  audit: AuditLog;
  accounts: Accounts;
  bans: Bans;
  /** Stops the server; closes the store and cache unless they were passed in. */
  stop(): Promise<void>;
}

export interface BootOptions {
  store?: Store;
  cache?: Cache;
  clock?: ManualClock;
  auth?: DeepPartial<RealmConfig["auth"]>;
  sweepIntervalMs?: number;
  secret?: Uint8Array;
}

export function testConfig(auth: DeepPartial<RealmConfig["auth"]> = {}): RealmConfig {
  return loadConfig({ file: null, env: {}, overrides: { auth: { host: "127.0.0.1", port: 0, ...auth }, log: { level: "silent" } } });
}

export async function bootAuth(o: BootOptions = {}): Promise<AuthHarness> {
  const config = testConfig(o.auth);
  const clock = o.clock ?? new ManualClock();
  const store = o.store ?? openSqliteStore({ path: ":memory:" });
  if (!o.store) await store.migrate();
  const cache = o.cache ?? new MemoryCache("", clock);
  const metrics = new Metrics({}, false);
  const audit = new AuditLog(store.audit, clock, config.realm.id);
  const server = await startAuthServer({
    config,
    store,
    cache,
    clock,
    log: silentLogger,
    metrics,
    audit,
    secret: o.secret ?? TEST_SECRET,
    sweepIntervalMs: o.sweepIntervalMs ?? 20,
  });
  return {
    server,
    port: server.port,
    config,
    store,
    cache,
    clock,
    metrics,
    audit,
    accounts: new Accounts(store.accounts, clock, audit),
    bans: new Bans(store, clock, audit),
    async stop() {
      await server.stop();
      if (!o.cache) await cache.close();
      if (!o.store) await store.close();
    },
  };
}

export const CTL = { actor: "ctl" } as const;

// ------------------------------------------------------------------ raw client

export class RawClient {
  private buf = new Uint8Array(4096);
  private len = 0;
  private waiters: (() => void)[] = [];
  private socket!: Socket<undefined>;
  isClosed = false;
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  private constructor() {
    this.closed = new Promise((r) => (this.markClosed = r));
  }

  static async connect(port: number, host = "127.0.0.1"): Promise<RawClient> {
    const c = new RawClient();
    c.socket = await Bun.connect({
      hostname: host,
      port,
      socket: {
        data: (_s, chunk) => c.onData(chunk),
        close: () => c.onClose(),
        error: () => c.onClose(),
      },
    });
    return c;
  }

  private onData(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + chunk.length));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    this.wake();
  }

  private onClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.markClosed();
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Bytes received and not read yet. */
  get pending(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private async until(ready: () => number, what: string, timeoutMs: number): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = ready();
      if (n > 0 && n <= this.len) {
        const out = this.buf.slice(0, n);
        this.buf.copyWithin(0, n, this.len);
        this.len -= n;
        return out;
      }
      if (this.isClosed) throw new Error(`closed while waiting for ${what} (have ${Buffer.from(this.pending).toString("hex")})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  read(n: number, timeoutMs = 3000): Promise<Uint8Array> {
    return this.until(() => n, `${n} bytes`, timeoutMs);
  }

  /** One server message, framed by serverMessageLength. */
  readMessage(timeoutMs = 3000): Promise<Uint8Array> {
    return this.until(() => serverMessageLength(this.buf, 0, this.len), "a server message", timeoutMs);
  }

  /** Resolves true when the server closes the socket within timeoutMs. */
  async waitClosed(timeoutMs = 3000): Promise<boolean> {
    if (this.isClosed) return true;
    let t: ReturnType<typeof setTimeout> | undefined;
    const r = await Promise.race([this.closed.then(() => true), new Promise<boolean>((res) => (t = setTimeout(() => res(false), timeoutMs)))]);
    clearTimeout(t);
    return r;
  }

  close(): void {
    this.socket.end();
  }
}

// ------------------------------------------------------------------ messages

export function decodeOk<T>(def: MessageDef<T>, bytes: Uint8Array): T {
  const r = decode(def, bytes);
  if (!r.ok) throw new Error(`${def.name}: ${r.error.message} in ${Buffer.from(bytes).toString("hex")}`);
  return r.value;
}

export function challengeFields(name: string, o: Partial<AuthChallengeClient> = {}): AuthChallengeClient {
  return {
    protocolVersion: 8,
    gameName: "WoW",
    versionMajor: 3,
    versionMinor: 3,
    versionPatch: 5,
    build: 12340,
    platform: "x86",
    os: "Win",
    locale: "enUS",
    timezoneBias: 60,
    clientIp: 0x7f000001,
    accountName: name,
    ...o,
  };
}

export function challengeBytes(name: string, o: Partial<AuthChallengeClient> = {}, cmd: number = AuthCmd.CMD_AUTH_LOGON_CHALLENGE): Uint8Array {
  const bytes = encodeBody(CMD_AUTH_LOGON_CHALLENGE_Client, challengeFields(name, o)).slice();
  bytes[0] = cmd;
  return bytes;
}

export function proofBytes(A: Uint8Array, M1: Uint8Array, crc: Uint8Array = crcHash(A, VERSION_CHECKSUM_12340_WINDOWS)): Uint8Array {
  return encodeBody(CMD_AUTH_LOGON_PROOF_Client, { A, M1, crcHash: crc, telemetryKeys: [], security: {} }).slice();
}

export const REALM_LIST_REQUEST = Uint8Array.of(0x10, 0, 0, 0, 0);

export async function readChallenge(c: RawClient): Promise<AuthLogonChallengeServer> {
  return decodeOk(CMD_AUTH_LOGON_CHALLENGE_Server, await c.readMessage());
}

export async function readProof(c: RawClient): Promise<AuthLogonProofServer> {
  return decodeOk(CMD_AUTH_LOGON_PROOF_Server, await c.readMessage());
}

export async function readRealmList(c: RawClient): Promise<{ bytes: Uint8Array; list: RealmListServer }> {
  const bytes = await c.readMessage();
  return { bytes, list: decodeOk(CMD_REALM_LIST_Server, bytes) };
}

export interface LoginRun {
  client: RawClient;
  challenge: AuthLogonChallengeServer;
  /** Undefined when the challenge was refused. */
  proof?: AuthLogonProofServer;
  /** The client's K (valid when proof.result is 0). */
  K?: Uint8Array;
  expectedM2?: Uint8Array;
}

/** Challenge + proof on a fresh connection. The connection stays open (closed by the server on refusal). */
export async function login(port: number, name: string, password: string, o: Partial<AuthChallengeClient> = {}): Promise<LoginRun> {
  const client = await RawClient.connect(port);
  client.send(challengeBytes(name, o));
  const challenge = await readChallenge(client);
  if (challenge.result !== 0) return { client, challenge };
  const ch = challenge as AuthLogonChallengeSuccess;
  const p = computeClientProof(name.toUpperCase(), password, ch.salt, ch.B);
  if (!p) throw new Error("server sent B = 0 mod N");
  client.send(proofBytes(p.A, p.M1));
  const proof = await readProof(client);
  return { client, challenge, proof, K: p.K, expectedM2: p.M2 };
}

/** Logs in and expects success; returns the still-open client and K. */
export async function loginOk(port: number, name: string, password: string): Promise<{ client: RawClient; K: Uint8Array }> {
  const r = await login(port, name, password);
  expect(r.challenge.result).toBe(0);
  expect(r.proof?.result).toBe(0);
  return { client: r.client, K: r.K! };
}

/** The result byte of a login attempt (challenge refusal or proof result). */
export async function loginResult(port: number, name: string, password: string): Promise<{ stage: "challenge" | "proof"; result: number }> {
  const r = await login(port, name, password);
  r.client.close();
  if (r.challenge.result !== 0) return { stage: "challenge", result: r.challenge.result };
  return { stage: "proof", result: r.proof!.result };
}

export function reconnectProofBytes(name: string, challengeData: Uint8Array, K: Uint8Array, R1: Uint8Array = crypto.getRandomValues(new Uint8Array(16))): Uint8Array {
  return encodeBody(CMD_AUTH_RECONNECT_PROOF_Client, {
    R1,
    R2: reconnectProof(name, R1, challengeData, K),
    R3: reconnectChecksum(R1),
    keyCount: 0,
  }).slice();
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** Polls until `f` is true (real time), or fails. */
export async function eventually(f: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await f()) return;
    await Bun.sleep(10);
  }
  throw new Error(`not true after ${timeoutMs} ms: ${what}`);
}
