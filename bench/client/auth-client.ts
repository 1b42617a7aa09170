// Login-server client (protocol.md §1) over TCP. Refusals are returned, not thrown:
// `{ ok: false, stage, result }`. Transport problems (timeout, closed socket) throw.
import { randomBytes } from "node:crypto";
import { ByteWriter, bytesToHex } from "./bytes.ts";
import {
  AuthCmd,
  type LogonChallengeReply,
  type LogonChallengeRequest,
  LoginResult,
  type RealmList,
  expectedLoginReplyLength,
  readLogonChallengeReply,
  readLogonProofReply,
  readReconnectChallengeReply,
  readReconnectProofReply,
  readRealmList,
  writeLogonChallenge,
  writeLogonProof,
  writeRealmListRequest,
  writeReconnectProof,
} from "./messages/login.ts";
import {
  VERSION_CHECKSUM_12340_WIN,
  computeClientProof,
  computeCrcHash,
  computeReconnectR2,
  computeReconnectR3,
  digestEqual,
  normalizeCredential,
} from "./srp6.ts";
import { ConnectionClosedError, TcpConnection, TimeoutError } from "./tcp.ts";

export type LoginStage = "challenge" | "proof" | "server_proof";

export type LoginOutcome =
  | { ok: true; K: Uint8Array; M2: Uint8Array; accountFlags: number; challenge: LogonChallengeReply }
  | { ok: false; stage: LoginStage; result: number; detail?: string };

export type ReconnectOutcome = { ok: true } | { ok: false; stage: "challenge" | "proof"; result: number | null };

export interface AuthClientOptions {
  /** Per-step timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Fields of CMD_AUTH_LOGON_CHALLENGE other than the account (build, locale, ...). */
  challenge?: Omit<LogonChallengeRequest, "account" | "command">;
  /** File checksum used for crc_hash (default: the 12340 Windows checksum, §1.8). */
  versionChecksum?: Uint8Array;
  /** Fixed client private key (tests); random otherwise. */
  privateKey?: Uint8Array;
}

export class AuthClient {
  private buf = new Uint8Array(1024);
  private len = 0;
  private waiter: (() => void) | null = null;
  private readonly w = new ByteWriter(128);
  /** The last session key from a successful login (keep it for the world login / reconnect). */
  sessionKey: Uint8Array | undefined;
  account: string | undefined;

  private constructor(
    private conn: TcpConnection | null,
    private readonly opts: AuthClientOptions,
  ) {}

  static async connect(host: string, port: number, opts: AuthClientOptions = {}): Promise<AuthClient> {
    const client = new AuthClient(null, opts);
    client.conn = await TcpConnection.open(host, port, client.handlers(), opts.timeoutMs ?? 10_000);
    return client;
  }

  private handlers() {
    return {
      onData: (chunk: Uint8Array) => {
        if (this.len + chunk.length > this.buf.length) {
          const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + chunk.length));
          next.set(this.buf.subarray(0, this.len));
          this.buf = next;
        }
        this.buf.set(chunk, this.len);
        this.len += chunk.length;
        this.wake();
      },
      onClose: () => this.wake(),
    };
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private get timeout(): number {
    return this.opts.timeoutMs ?? 10_000;
  }

  get closed(): Promise<void> {
    return this.connection.closed;
  }

  get isClosed(): boolean {
    return this.connection.isClosed;
  }

  private get connection(): TcpConnection {
    if (!this.conn) throw new ConnectionClosedError("not connected");
    return this.conn;
  }

  /** Send arbitrary bytes (fuzz-like tests). */
  sendRaw(bytes: Uint8Array): void {
    this.connection.write(bytes);
  }

  /** Bytes received and not yet consumed. */
  get bufferedBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private take(n: number): Uint8Array {
    const out = this.buf.slice(0, n);
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    return out;
  }

  /** Wait until `ready(buffered)` returns a byte count > 0, then consume and return those bytes. */
  private async readUntil(what: string, ready: (b: Uint8Array) => number, timeoutMs = this.timeout): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = ready(this.buf.subarray(0, this.len));
      if (n > 0 && n <= this.len) return this.take(n);
      if (this.connection.isClosed) {
        throw new ConnectionClosedError(`connection closed while waiting for ${what} (have ${bytesToHex(this.buf.subarray(0, this.len))})`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Read exactly n raw bytes. */
  readRaw(n: number, timeoutMs = this.timeout): Promise<Uint8Array> {
    return this.readUntil(`${n} raw bytes`, () => n, timeoutMs);
  }

  /** Read one complete server reply framed by its layout (§1.1). */
  readReply(what = "login server reply", timeoutMs = this.timeout): Promise<Uint8Array> {
    return this.readUntil(what, (b) => {
      const n = expectedLoginReplyLength(b);
      // Short failure forms: a 2-byte proof failure (`01 err`) or reconnect proof failure
      // followed by a close (cmangos) - accept what there is once the socket is closed.
      if (n > b.length && this.connection.isClosed && b.length >= 2 && (b[0] === AuthCmd.LOGON_PROOF || b[0] === AuthCmd.RECONNECT_PROOF) && b[1] !== 0) {
        return b.length;
      }
      return n;
    }, timeoutMs);
  }

  private flushWriter(): void {
    this.connection.write(this.w.view0());
  }

  async logonChallenge(account: string, command: number = AuthCmd.LOGON_CHALLENGE): Promise<Uint8Array> {
    this.w.reset();
    writeLogonChallenge(this.w, { ...this.opts.challenge, account: normalizeCredential(account), command });
    this.flushWriter();
    return this.readReply(command === AuthCmd.LOGON_CHALLENGE ? "CMD_AUTH_LOGON_CHALLENGE reply" : "CMD_AUTH_RECONNECT_CHALLENGE reply");
  }

  /** Full SRP6 login. Returns `{ ok: false, stage, result }` for any refusal. */
  async login(username: string, password: string): Promise<LoginOutcome> {
    const account = normalizeCredential(username);
    const challenge = readLogonChallengeReply(await this.logonChallenge(account));
    if (challenge.result !== LoginResult.SUCCESS || !challenge.B || !challenge.salt) {
      return { ok: false, stage: "challenge", result: challenge.result };
    }
    const proof = computeClientProof({ username: account, password, salt: challenge.salt, B: challenge.B, a: this.opts.privateKey });
    const crcHash = computeCrcHash(proof.A, this.opts.versionChecksum ?? VERSION_CHECKSUM_12340_WIN);
    this.w.reset();
    writeLogonProof(this.w, { A: proof.A, M1: proof.M1, crcHash });
    this.flushWriter();
    const reply = readLogonProofReply(await this.readReply("CMD_AUTH_LOGON_PROOF reply"));
    if (reply.result !== LoginResult.SUCCESS || !reply.M2) return { ok: false, stage: "proof", result: reply.result };
    if (!digestEqual(reply.M2, proof.expectedM2)) {
      return { ok: false, stage: "server_proof", result: reply.result, detail: "server M2 does not match" };
    }
    this.sessionKey = proof.K;
    this.account = account;
    return { ok: true, K: proof.K, M2: reply.M2, accountFlags: reply.accountFlags ?? 0, challenge };
  }

  /** CMD_REALM_LIST request and parsed reply (allowed after a successful login or reconnect). */
  async realmList(): Promise<RealmList> {
    this.w.reset();
    writeRealmListRequest(this.w);
    this.flushWriter();
    return readRealmList(await this.readReply("CMD_REALM_LIST reply"));
  }

  /** Reconnect with a still-valid session key (§1.10). */
  async reconnect(username: string, K: Uint8Array, R1: Uint8Array = new Uint8Array(randomBytes(16))): Promise<ReconnectOutcome> {
    const account = normalizeCredential(username);
    const ch = readReconnectChallengeReply(await this.logonChallenge(account, AuthCmd.RECONNECT_CHALLENGE));
    if (ch.result !== 0 || !ch.challenge) return { ok: false, stage: "challenge", result: ch.result };
    this.w.reset();
    writeReconnectProof(this.w, R1, computeReconnectR2(account, R1, ch.challenge, K), computeReconnectR3(R1));
    this.flushWriter();
    let bytes: Uint8Array;
    try {
      bytes = await this.readReply("CMD_AUTH_RECONNECT_PROOF reply");
    } catch (err) {
      if (err instanceof ConnectionClosedError) return { ok: false, stage: "proof", result: null };
      throw err;
    }
    const r = readReconnectProofReply(bytes);
    if (r.result !== 0) return { ok: false, stage: "proof", result: r.result };
    this.sessionKey = K;
    this.account = account;
    return { ok: true };
  }

  close(): void {
    this.conn?.close();
  }
}
