// World-server connection (protocol.md §2.0-2.5): handshake, header crypt, framing, dispatch.
// Hot path (load bots): payloads are views into the framer buffer handed to handlers together
// with one reusable ByteReader; only the packet log and waitFor() copy payloads.
import { randomBytes } from "node:crypto";
import { ByteReader, ByteWriter } from "./bytes.ts";
import { ClientHeaderCrypt } from "./header-crypt.ts";
import { Opcode, opcodeName } from "./messages/opcodes.ts";
import {
  type AddonBlock,
  type AuthChallenge,
  type AuthResponse,
  DEFAULT_ADDONS,
  ResponseCode,
  readAuthChallenge,
  readAuthResponse,
  readPong,
  readTimeSyncReq,
  writeAuthSession,
  writePing,
  writeTimeSyncResp,
} from "./messages/session.ts";
import { computeWorldAuthDigest, normalizeCredential } from "./srp6.ts";
import { ConnectionClosedError, TcpConnection, TimeoutError } from "./tcp.ts";
import { CLIENT_HEADER_SIZE, type PacketSink, ServerPacketFramer, writeClientHeader } from "./world-framing.ts";

export interface ReceivedPacket {
  /** Monotonic number of this packet on the connection (0 = first). */
  seq: number;
  opcode: number;
  name: string;
  /** A copy of the payload. */
  payload: Uint8Array;
  /** Date.now() at receipt. */
  at: number;
}

/** `r` is positioned at the payload start; `payload` is a view valid only during the call. */
export type PacketHandler = (r: ByteReader, opcode: number, payload: Uint8Array) => void;

export interface WorldClientOptions {
  /** Default timeout for awaited steps, ms (default 10 s). */
  timeoutMs?: number;
  /** Packets kept in `log` (default 5000; 0 keeps none - use for load bots). */
  logLimit?: number;
  /** Answer SMSG_TIME_SYNC_REQ automatically (default true). */
  autoTimeSync?: boolean;
}

export interface AuthSessionOptions {
  build?: number;
  realmId?: number;
  clientSeed?: number;
  regionId?: number;
  battlegroupId?: number;
  addons?: AddonBlock;
  /** Written verbatim after the digest instead of the addon block (lenient-parser tests). */
  addonBytes?: Uint8Array;
}

interface Waiter {
  opcode: number;
  predicate: ((p: ReceivedPacket) => boolean) | undefined;
  resolve: (p: ReceivedPacket) => void;
  reject: (e: Error) => void;
  what: string;
}

export class WorldClient implements PacketSink {
  private conn: TcpConnection | null = null;
  private readonly framer = new ServerPacketFramer(this);
  private readonly reader = new ByteReader();
  private readonly out = new ByteWriter(512);
  private readonly scratch = new ByteWriter(512);
  private readonly handlers = new Map<number, PacketHandler[]>();
  private readonly anyHandlers: PacketHandler[] = [];
  private waiters: Waiter[] = [];
  private crypt: ClientHeaderCrypt | null = null;
  private seq = 0;
  private pingSeq = 0;
  private lastLatency = 0;
  /** Received packets (copies), newest last, trimmed to `logLimit`. */
  readonly log: ReceivedPacket[] = [];
  readonly startedAt = performance.now();
  authChallenge: AuthChallenge | undefined;
  /** The CMSG_AUTH_SESSION packet exactly as sent (header included): replay tests. */
  sentAuthSession: Uint8Array | undefined;
  /** Set when the connection died on a protocol error. */
  error: Error | undefined;
  packetsIn = 0;
  packetsOut = 0;

  private constructor(private readonly opts: WorldClientOptions) {}

  static async connect(host: string, port: number, opts: WorldClientOptions = {}): Promise<WorldClient> {
    const c = new WorldClient(opts);
    c.conn = await TcpConnection.open(
      host,
      port,
      {
        onData: (chunk) => {
          // what handlers send while a read is handled goes out in one write afterwards
          c.conn?.cork();
          try {
            c.framer.feed(chunk);
          } catch (err) {
            c.error = err as Error;
            c.conn?.close();
          } finally {
            c.conn?.uncork();
          }
        },
        onClose: (err) => c.onClosed(err),
      },
      opts.timeoutMs ?? 10_000,
    );
    return c;
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs ?? 10_000;
  }

  get closed(): Promise<void> {
    return this.connection.closed;
  }

  get isClosed(): boolean {
    return this.connection.isClosed;
  }

  get encrypted(): boolean {
    return this.crypt !== null;
  }

  /** Milliseconds since this client started (the "client ticks" sent in time sync / movement). */
  clientTime(): number {
    return Math.floor(performance.now() - this.startedAt) >>> 0;
  }

  private get connection(): TcpConnection {
    if (!this.conn) throw new ConnectionClosedError("not connected");
    return this.conn;
  }

  // --- receiving --------------------------------------------------------------------------

  onPacket(opcode: number, payload: Uint8Array): void {
    const seq = this.seq++;
    this.packetsIn++;
    if (opcode === Opcode.SMSG_AUTH_CHALLENGE && !this.authChallenge) {
      this.authChallenge = readAuthChallenge(this.reader.reset(payload));
    }
    const limit = this.opts.logLimit ?? 5000;
    let copy: ReceivedPacket | undefined;
    if (limit > 0) {
      copy = received(seq, opcode, payload);
      this.log.push(copy);
      if (this.log.length > limit + (limit >> 1)) this.log.splice(0, this.log.length - limit);
    }
    if (opcode === Opcode.SMSG_TIME_SYNC_REQ && this.opts.autoTimeSync !== false && payload.length >= 4) {
      const counter = readTimeSyncReq(this.reader.reset(payload));
      writeTimeSyncResp(this.begin(Opcode.CMSG_TIME_SYNC_RESP), counter, this.clientTime());
      this.commit();
    }
    const list = this.handlers.get(opcode);
    if (list) {
      for (let i = 0; i < list.length; i++) this.callHandler(list[i] as PacketHandler, opcode, payload);
    }
    for (let i = 0; i < this.anyHandlers.length; i++) this.callHandler(this.anyHandlers[i] as PacketHandler, opcode, payload);
    if (this.waiters.length > 0) {
      for (const w of this.waiters.slice()) {
        if (w.opcode !== opcode) continue;
        copy ??= received(seq, opcode, payload);
        let ok = true;
        try {
          ok = w.predicate ? w.predicate(copy) : true;
        } catch {
          ok = false;
        }
        if (ok) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(copy);
        }
      }
    }
  }

  private callHandler(h: PacketHandler, opcode: number, payload: Uint8Array): void {
    try {
      h(this.reader.reset(payload), opcode, payload);
    } catch (err) {
      this.error ??= err as Error;
    }
  }

  private onClosed(err?: Error): void {
    if (err) this.error ??= err;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) {
      w.reject(new ConnectionClosedError(`connection closed while waiting for ${w.what}${this.error ? ` (${this.error.message})` : ""}`));
    }
  }

  /** Register a handler for one opcode; returns an unsubscribe function. */
  on(opcode: number, handler: PacketHandler): () => void {
    let list = this.handlers.get(opcode);
    if (!list) this.handlers.set(opcode, (list = []));
    list.push(handler);
    return () => {
      const l = this.handlers.get(opcode);
      if (l) this.handlers.set(opcode, l.filter((h) => h !== handler));
    };
  }

  /** Handler for every packet. */
  onAny(handler: PacketHandler): () => void {
    this.anyHandlers.push(handler);
    return () => {
      const i = this.anyHandlers.indexOf(handler);
      if (i >= 0) this.anyHandlers.splice(i, 1);
    };
  }

  /**
   * Resolve with the next packet of `opcode` (matching `predicate`) that arrives after the call,
   * or - with `since` - the first one in the log with seq >= since.
   */
  waitFor(
    opcode: number,
    predicate?: (p: ReceivedPacket) => boolean,
    timeoutMs = this.timeoutMs,
    since?: number,
  ): Promise<ReceivedPacket> {
    const what = opcodeName(opcode);
    if (since !== undefined) {
      for (const p of this.log) {
        if (p.seq >= since && p.opcode === opcode && (!predicate || predicate(p))) return Promise.resolve(p);
      }
    }
    if (this.connection.isClosed) return Promise.reject(new ConnectionClosedError(`connection closed before waiting for ${what}`));
    return new Promise<ReceivedPacket>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const w: Waiter = {
        opcode,
        predicate,
        what,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(w);
    });
  }

  /** Reject (with a "cancelled" error) every pending waitFor for `opcode`. */
  cancelWaits(opcode: number): void {
    const mine = this.waiters.filter((w) => w.opcode === opcode);
    this.waiters = this.waiters.filter((w) => w.opcode !== opcode);
    for (const w of mine) w.reject(new Error(`wait for ${w.what} cancelled`));
  }

  /** Sequence number the next received packet will get (use as `since` for waitFor). */
  get nextSeq(): number {
    return this.seq;
  }

  // --- sending ----------------------------------------------------------------------------

  /** Start a packet in the reusable writer; write the body, then call commit(). */
  begin(opcode: number): ByteWriter {
    this.pendingOpcode = opcode;
    return this.out.reset().zeros(CLIENT_HEADER_SIZE);
  }
  private pendingOpcode = -1;

  commit(): void {
    const opcode = this.pendingOpcode;
    if (opcode < 0) throw new Error("commit() without begin()");
    this.pendingOpcode = -1;
    const bytes = this.out.view0();
    writeClientHeader(bytes, 0, opcode, bytes.length - CLIENT_HEADER_SIZE);
    this.crypt?.encrypt(bytes, 0, CLIENT_HEADER_SIZE);
    this.packetsOut++;
    this.connection.write(bytes);
  }

  send(opcode: number, body: Uint8Array = new Uint8Array(0)): void {
    this.begin(opcode).bytes(body);
    this.commit();
  }

  /** Convenience: build a body with a callback (not for hot paths). */
  packet(opcode: number, write: (w: ByteWriter) => void): void {
    write(this.begin(opcode));
    this.commit();
  }

  /** Send raw bytes exactly as given (no header, no crypt) - fuzz-like tests. */
  sendRaw(bytes: Uint8Array): void {
    this.connection.write(bytes);
  }

  /**
   * Send a header with an arbitrary size field and opcode (encrypted like any other header
   * once the crypt is on), followed by `body` - malformed-header tests. A correct header
   * has size = body length + 4.
   */
  sendHeader(sizeField: number, opcode: number, body: Uint8Array = new Uint8Array(0)): void {
    const bytes = new Uint8Array(CLIENT_HEADER_SIZE + body.length);
    const header = new DataView(bytes.buffer);
    header.setUint16(0, sizeField & 0xffff, false);
    header.setUint32(2, opcode >>> 0, true);
    bytes.set(body, CLIENT_HEADER_SIZE);
    this.crypt?.encrypt(bytes, 0, CLIENT_HEADER_SIZE);
    this.packetsOut++;
    this.sendRaw(bytes);
  }

  /** Stop reading from the socket (a slow reader); the server's writes back up. */
  pauseReading(): void {
    this.connection.pause();
  }

  resumeReading(): void {
    this.connection.resume();
  }

  // --- handshake --------------------------------------------------------------------------

  /**
   * SMSG_AUTH_CHALLENGE -> CMSG_AUTH_SESSION -> SMSG_AUTH_RESPONSE. Header crypt starts right
   * after CMSG_AUTH_SESSION (a plain single-byte failure reply is recognised, §2.3).
   * Returns the parsed response; never throws on a refusal.
   */
  async authenticate(account: string, sessionKey: Uint8Array, o: AuthSessionOptions = {}): Promise<AuthResponse> {
    // onPacket parses the challenge before any waiter for it resolves
    if (!this.authChallenge) await this.waitFor(Opcode.SMSG_AUTH_CHALLENGE);
    const challenge = this.authChallenge as AuthChallenge;
    const name = normalizeCredential(account);
    const clientSeed = o.clientSeed ?? new DataView(randomBytes(4).buffer).getUint32(0, true);
    const w = this.begin(Opcode.CMSG_AUTH_SESSION);
    writeAuthSession(
      w,
      {
        build: o.build ?? 12340,
        loginServerId: 0,
        account: name,
        loginServerType: 0,
        clientSeed,
        regionId: o.regionId ?? 0,
        battlegroupId: o.battlegroupId ?? 0,
        realmId: o.realmId ?? 1,
        dosResponse: 0n,
        digest: computeWorldAuthDigest(name, clientSeed, challenge.serverSeed, sessionKey),
        addons: o.addons ?? { addons: [...DEFAULT_ADDONS], timestamp: 0 },
        addonBytes: o.addonBytes,
      },
      this.scratch,
    );
    const since = this.nextSeq;
    this.sentAuthSession = this.out.view0().slice();
    writeClientHeader(this.sentAuthSession, 0, Opcode.CMSG_AUTH_SESSION, this.sentAuthSession.length - CLIENT_HEADER_SIZE);
    this.commit();
    this.crypt = new ClientHeaderCrypt(sessionKey);
    this.framer.enableCrypt(this.crypt, true);
    return readAuthResponse(new ByteReader((await this.waitFor(Opcode.SMSG_AUTH_RESPONSE, undefined, this.timeoutMs, since)).payload));
  }

  /** Wait until the queue releases us (AUTH_WAIT_QUEUE followed by AUTH_OK). */
  async waitForAuthOk(timeoutMs = this.timeoutMs): Promise<AuthResponse> {
    const p = await this.waitFor(Opcode.SMSG_AUTH_RESPONSE, (x) => x.payload[0] === ResponseCode.AUTH_OK, timeoutMs);
    return readAuthResponse(new ByteReader(p.payload));
  }

  /** CMSG_PING -> SMSG_PONG round trip in ms. */
  async ping(timeoutMs = this.timeoutMs): Promise<number> {
    const seq = ++this.pingSeq >>> 0;
    const t0 = performance.now();
    const pong = this.waitFor(Opcode.SMSG_PONG, (p) => readPong(new ByteReader(p.payload)) === seq, timeoutMs);
    writePing(this.begin(Opcode.CMSG_PING), seq, this.lastLatency);
    this.commit();
    await pong;
    const ms = performance.now() - t0;
    this.lastLatency = Math.round(ms);
    return ms;
  }

  /** Everything `fn` sends leaves in one TCP write (the server reads it as one chunk). */
  inOneWrite(fn: () => void): void {
    this.conn?.cork();
    try {
      fn();
    } finally {
      this.conn?.uncork();
    }
  }

  close(): void {
    this.conn?.close();
  }
}

/** A log entry for one received packet (copies the payload). */
function received(seq: number, opcode: number, payload: Uint8Array): ReceivedPacket {
  return { seq, opcode, name: opcodeName(opcode), payload: payload.slice(), at: Date.now() };
}
