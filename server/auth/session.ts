// One login connection as a state machine (protocol.md §1.1), with no socket in it: bytes
// go in through receive(), replies and the close come out through SessionIO. The server
// wires it to Bun.listen; tests and the fuzzer can drive it directly.
//
//   CHALLENGE   accepts 0x00 LOGON_CHALLENGE or 0x02 RECONNECT_CHALLENGE
//   LOGON_PROOF accepts 0x01 LOGON_PROOF (exactly one; any refusal closes)
//   RECON_PROOF accepts 0x03 RECONNECT_PROOF
//   AUTHED      accepts 0x10 REALM_LIST, any number of times
//
// Anything else, in any state, closes the socket: a command the state does not accept, a
// declared size over the cap (checked by clientMessageLength before the buffer grows), a
// message that does not decode, more buffered bytes than one message may take.
// Messages are handled one at a time; bytes that arrive meanwhile wait in the buffer.
// Nothing here throws: an error in a handler is logged, answered FAIL_DB_BUSY where the
// state has a failure form, and the socket is closed.
import { describeError } from "../kernel/errors.ts";
import { decode, encodeBody, type MessageDef } from "../protocol/message.ts";
import { AuthCmd } from "../protocol/opcodes.ts";
import { clientMessageLength } from "../protocol/login/framing.ts";
import { CMD_AUTH_LOGON_CHALLENGE_Client, CMD_AUTH_RECONNECT_CHALLENGE_Client } from "../protocol/login/logon-challenge.ts";
import { CMD_AUTH_LOGON_PROOF_Client } from "../protocol/login/logon-proof.ts";
import { CMD_AUTH_RECONNECT_PROOF_Client } from "../protocol/login/reconnect.ts";
import { CMD_REALM_LIST_Client, CMD_REALM_LIST_Server } from "../protocol/login/realm-list.ts";
import { LoginResult } from "../protocol/login/result.ts";
import type { ServerChallenge } from "../protocol/srp6.ts";
import type { AccountRow, IpBanRow } from "../storage/ports.ts";
import { AUTHED_IDLE_MS, type AuthContext } from "./context.ts";
import { handleLogonChallenge, handleLogonProof } from "./logon.ts";
import type { CloseReason } from "./metrics.ts";
import { realmListFrom } from "./realm-list.ts";
import { handleReconnectChallenge, handleReconnectProof } from "./reconnect.ts";
import { failureReply } from "./replies.ts";
import { AUTH_STATE_NAMES, AuthState, EXPECTED_COMMANDS } from "./state.ts";

export { AuthState, AUTH_STATE_NAMES } from "./state.ts";

export interface SessionIO {
  /** Writes bytes; the view is only valid during the call (copy what cannot be written now). */
  send(bytes: Uint8Array): void;
  /** Flushes what was sent, then closes. Called once. */
  close(reason: CloseReason): void;
}

/** The IP ban check started at accept: its outcome is awaited by the first challenge. */
export type IpBanCheck = { banned: false } | { banned: true; ban: IpBanRow } | { error: unknown; banned: false };

export interface PendingLogon {
  /** Upper-case name as hashed. */
  name: string;
  account: AccountRow | undefined;
  challenge: ServerChallenge;
  build: number;
  os: string;
}

export interface PendingReconnect {
  name: string;
  challengeData: Uint8Array;
  build: number;
  os: string;
}

const INITIAL_BUFFER = 256;

export class AuthSession {
  state: AuthState = AuthState.CHALLENGE;
  /** Close when the injected clock passes this (ms). */
  deadline: number;
  logon: PendingLogon | undefined;
  recon: PendingReconnect | undefined;
  /** Set when authenticated. */
  account: { id: number; name: string } | undefined;
  /** Why the session closed (set once). */
  closeReason: CloseReason | undefined;
  /** Called once when the session authenticates (the server frees the per-IP slot). */
  onAuthenticated: (() => void) | undefined;

  private buf: Uint8Array | null = null;
  private start = 0;
  private end = 0;
  private busy = false;
  /** Command byte of the message being handled (-1 between messages). */
  private handling = -1;
  private idleWaiters: (() => void)[] | null = null;
  private readonly resume = () => {
    this.busy = false;
    this.handling = -1;
    this.ctx.metrics.stats.inFlight--;
    this.pump();
    if (!this.busy) this.wakeIdle();
  };
  private readonly crash = (e: unknown) => {
    const cmd = this.handling;
    this.busy = false;
    this.handling = -1;
    this.ctx.metrics.stats.inFlight--;
    this.internalError(e, cmd);
    this.wakeIdle();
  };

  constructor(
    readonly ctx: AuthContext,
    private readonly io: SessionIO,
    readonly ip: string,
    readonly ipBan: Promise<IpBanCheck>,
  ) {
    this.deadline = ctx.deps.clock.now() + ctx.config.idleTimeoutMs;
  }

  get closed(): boolean {
    return this.state === AuthState.CLOSED;
  }

  /** Bytes currently buffered, and the buffer's capacity (tests check the cap holds). */
  get buffered(): { bytes: number; capacity: number } {
    return { bytes: this.end - this.start, capacity: this.buf?.length ?? 0 };
  }

  /** Resolves when no message is being handled (tests, the fuzzer). */
  settled(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((r) => (this.idleWaiters ??= []).push(r));
  }

  private wakeIdle(): void {
    const w = this.idleWaiters;
    this.idleWaiters = null;
    if (w) for (const f of w) f();
  }

  /** Feeds bytes from the socket. Never throws. */
  receive(chunk: Uint8Array): void {
    if (this.state === AuthState.CLOSED || chunk.length === 0) return;
    try {
      const have = this.end - this.start;
      if (have + chunk.length > this.ctx.messageCap) {
        // no client message is longer than the cap, and a client never sends a second
        // message before the answer to the first: this is junk
        this.close("overflow");
        return;
      }
      this.append(chunk);
      if (!this.busy) this.pump();
    } catch (e) {
      this.internalError(e, this.handling);
    }
  }

  private append(chunk: Uint8Array): void {
    const have = this.end - this.start;
    if (!this.buf) this.buf = new Uint8Array(Math.max(INITIAL_BUFFER, chunk.length));
    if (this.end + chunk.length > this.buf.length) {
      if (have + chunk.length <= this.buf.length) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        // have + chunk.length <= messageCap was checked by the caller
        const next = new Uint8Array(Math.min(this.ctx.messageCap, Math.max(this.buf.length * 2, have + chunk.length)));
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.start = 0;
      this.end = have;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Handles every complete message in the buffer, one at a time. */
  private pump(): void {
    while (this.state !== AuthState.CLOSED && !this.busy && this.end > this.start) {
      const buf = this.buf!;
      const expected = EXPECTED_COMMANDS[this.state]!;
      const n = clientMessageLength(buf, this.start, this.end, expected, this.ctx.messageCap);
      if (n < 0) {
        this.close("junk");
        return;
      }
      if (this.end - this.start < n) return; // wait for the rest (n <= cap, and the buffer may grow to it)
      const msg = buf.subarray(this.start, this.start + n);
      this.start += n;
      if (this.start === this.end) this.start = this.end = 0;
      // decode synchronously (values are copies), so later appends may reuse the buffer
      this.handling = msg[0]!;
      const work = this.dispatch(msg);
      if (work) {
        this.busy = true;
        this.ctx.metrics.stats.inFlight++;
        work.then(this.resume, this.crash);
      } else {
        this.handling = -1;
      }
    }
  }

  private dispatch(msg: Uint8Array): Promise<void> | undefined {
    switch (msg[0]) {
      case AuthCmd.CMD_AUTH_LOGON_CHALLENGE: {
        const c = this.decodeOrClose(CMD_AUTH_LOGON_CHALLENGE_Client, msg);
        return c && handleLogonChallenge(this, c);
      }
      case AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE: {
        const c = this.decodeOrClose(CMD_AUTH_RECONNECT_CHALLENGE_Client, msg);
        return c && handleReconnectChallenge(this, c);
      }
      case AuthCmd.CMD_AUTH_LOGON_PROOF: {
        const p = this.decodeOrClose(CMD_AUTH_LOGON_PROOF_Client, msg);
        return p && handleLogonProof(this, p);
      }
      case AuthCmd.CMD_AUTH_RECONNECT_PROOF: {
        const p = this.decodeOrClose(CMD_AUTH_RECONNECT_PROOF_Client, msg);
        return p && handleReconnectProof(this, p);
      }
      case AuthCmd.CMD_REALM_LIST: {
        const r = this.decodeOrClose(CMD_REALM_LIST_Client, msg);
        return r && this.sendRealmList();
      }
      default:
        this.close("junk");
        return undefined;
    }
  }

  private decodeOrClose<T>(def: MessageDef<T>, msg: Uint8Array): T | undefined {
    const r = decode(def, msg);
    if (r.ok) return r.value;
    this.ctx.deps.log.debug({ ip: this.ip, err: r.error.message }, "undecodable login message");
    this.close("junk");
    return undefined;
  }

  private async sendRealmList(): Promise<void> {
    const account = this.account!;
    this.deadline = this.ctx.deps.clock.now() + AUTHED_IDLE_MS;
    const [rows, counts] = await Promise.all([this.ctx.realms.rows(), this.ctx.deps.store.characters.countsByAccount(account.id)]);
    if (this.closed) return;
    this.ctx.metrics.realmList();
    this.sendMessage(CMD_REALM_LIST_Server, realmListFrom(rows, counts, this.ctx.deps.clock.now()));
  }

  // ------------------------------------------------------------ used by the handlers

  send(bytes: Uint8Array): void {
    if (this.state !== AuthState.CLOSED) this.io.send(bytes);
  }

  sendMessage<T>(def: MessageDef<T>, value: T): void {
    if (this.state === AuthState.CLOSED) return;
    this.io.send(encodeBody(def, value, this.ctx.writer));
  }

  /** Sends a refusal and closes: the connection's one attempt is used. */
  refuse(bytes: Uint8Array): void {
    this.send(bytes);
    this.close("refused");
  }

  /** The session authenticated as `account`: realm lists are allowed from now on. */
  authenticate(account: { id: number; name: string }): void {
    this.account = account;
    this.state = AuthState.AUTHED;
    this.deadline = this.ctx.deps.clock.now() + AUTHED_IDLE_MS;
    this.onAuthenticated?.();
    this.onAuthenticated = undefined;
  }

  close(reason: CloseReason): void {
    if (this.state === AuthState.CLOSED) return;
    this.state = AuthState.CLOSED;
    this.closeReason = reason;
    this.logon = undefined;
    this.recon = undefined;
    this.buf = null;
    this.start = this.end = 0;
    try {
      this.io.close(reason);
    } catch (e) {
      this.ctx.deps.log.warn({ err: e, ip: this.ip }, "closing a login socket failed");
    }
  }

  /** The peer went away (the socket closed under us). */
  closedByPeer(): void {
    if (this.state === AuthState.CLOSED) return;
    this.state = AuthState.CLOSED;
    this.closeReason = "client";
    this.logon = undefined;
    this.recon = undefined;
    this.buf = null;
  }

  /**
   * Logs, answers "could not log in at this time" (FAIL_DB_BUSY) in the failure form of the
   * command being handled when it has one (the realm list has none), and closes.
   */
  internalError(e: unknown, cmd: number): void {
    this.ctx.deps.log.error({ err: e, ip: this.ip, state: AUTH_STATE_NAMES[this.state] }, `login server error: ${describeError(e)}`);
    if (this.state === AuthState.CLOSED) return;
    const reply = cmd >= 0 ? failureReply(cmd, LoginResult.FAIL_DB_BUSY) : undefined;
    if (reply) {
      if (cmd === AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE || cmd === AuthCmd.CMD_AUTH_RECONNECT_PROOF) this.ctx.metrics.reconnect(LoginResult.FAIL_DB_BUSY);
      else this.ctx.metrics.login(LoginResult.FAIL_DB_BUSY);
      this.send(reply);
    }
    this.close("error");
  }
}
