// Load process for the gateway-throughput scenario (started pinned to core 1): CONNS
// connections, each keeping INFLIGHT messages outstanding, counting round trips.
//
//   bun bench/load/gateway-load.ts echo    HOST PORT     CONNS INFLIGHT WARMUP_MS MEASURE_MS
//   bun bench/load/gateway-load.ts gateway HOST AUTHPORT CONNS INFLIGHT WARMUP_MS MEASURE_MS PREFIX PASSWORD
//
// echo: raw TCP, 14-byte messages (the size of a CMSG_PING frame) echoed back as they are.
// gateway: the real 3.3.5 protocol with bench/client's pieces (SRP6 login per account
// PREFIX0.., world handshake, ARC4 headers): CMSG_PING -> SMSG_PONG, the next ping sent as
// each pong arrives (what one read brings is answered in one write).
// Prints {"phase":"measuring"} when the measured window starts, then one JSON line:
// { mode, conns, inflight, perSecond, rttP50Us, rttP99Us, measuredMs, cpu } (cpu: this
// process's CPU time over the measured window, 1 = one core busy).
import type { Socket } from "bun";
import { AuthClient } from "../client/auth-client.ts";
import { ByteWriter } from "../client/bytes.ts";
import { ClientHeaderCrypt } from "../client/header-crypt.ts";
import { Opcode } from "../client/messages/opcodes.ts";
import { DEFAULT_ADDONS, ResponseCode, writeAuthSession } from "../client/messages/session.ts";
import { computeWorldAuthDigest } from "../client/srp6.ts";
import { CLIENT_HEADER_SIZE, writeClientHeader } from "../client/world-framing.ts";

const MSG = 14;
const PING_FRAME = 14;
const RING = 1024;

interface Counter {
  n: number;
  measuring: boolean;
  rtts: number[];
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Samples one round trip in 16 (keeps the sample array small at a million a second). */
function sample(c: Counter, seq: number, rtt: number): void {
  if (c.measuring && (seq & 15) === 0 && c.rtts.length < 200_000) c.rtts.push(rtt);
}

async function echoLoad(host: string, port: number, conns: number, inflight: number, c: Counter): Promise<() => void> {
  const burst = new Uint8Array(MSG * inflight).map((_, i) => (i * 7 + 1) & 0xff);
  const sockets: Socket<{ got: number; sent: number; at: Float64Array }>[] = [];
  for (let i = 0; i < conns; i++) {
    const s = await Bun.connect<{ got: number; sent: number; at: Float64Array }>({
      hostname: host,
      port,
      socket: {
        data(sock, chunk) {
          const d = sock.data;
          const before = Math.floor(d.got / MSG);
          d.got += chunk.length;
          const done = Math.floor(d.got / MSG) - before;
          if (done === 0) return;
          const now = performance.now();
          for (let k = 0; k < done; k++) {
            const seq = before + k;
            sample(c, seq, now - d.at[seq % RING]!);
          }
          c.n += done;
          for (let k = 0; k < done; k++) d.at[(d.sent + k) % RING] = now;
          d.sent += done;
          sock.write(burst.subarray(0, done * MSG));
        },
      },
    });
    s.setNoDelay(true);
    s.data = { got: 0, sent: inflight, at: new Float64Array(RING) };
    sockets.push(s);
  }
  const t = performance.now();
  for (const s of sockets) {
    s.data.at.fill(t, 0, inflight);
    s.write(burst);
  }
  return () => {
    for (const s of sockets) s.end();
  };
}

/**
 * One world connection on a raw socket, lean on purpose (the load must not be the
 * bottleneck): its own small framer (4/5-byte server headers decrypted in place with
 * bench/client's header crypt, payloads read where they lie), bench/client's message
 * writers for the handshake, no packet log. Pings answered by one read go out in one write.
 */
class PingSession {
  private buf = new Uint8Array(64 * 1024);
  /** unconsumed bytes are buf[head, end) */
  private head = 0;
  private end = 0;
  /** header bytes at `start` already decrypted */
  private decrypted = 0;
  private crypt: ClientHeaderCrypt | null = null;
  private out = new Uint8Array(64 * PING_FRAME);
  private outLen = 0;
  private seq = 0;
  private at = new Float64Array(RING);
  private started = false;
  socket!: Socket<undefined>;

  constructor(
    private account: string,
    private K: Uint8Array,
    private inflight: number,
    private c: Counter,
    private ready: () => void,
    private fail: (e: Error) => void,
  ) {}

  feed(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.head;
      if (live + chunk.length > this.buf.length) {
        const next = new Uint8Array((live + chunk.length) * 2);
        next.set(this.buf.subarray(this.head, this.end));
        this.buf = next;
      } else {
        this.buf.copyWithin(0, this.head, this.end);
      }
      this.head = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
    this.drain();
    this.flush();
  }

  private drain(): void {
    const b = this.buf;
    for (;;) {
      const s = this.head;
      const avail = this.end - s;
      if (avail < 4) return;
      if (this.crypt && this.decrypted < 4) {
        this.crypt.decrypt(b, s + this.decrypted, 4 - this.decrypted);
        this.decrypted = 4;
      }
      let h = 4;
      let size: number;
      let opcode: number;
      if (b[s]! & 0x80) {
        if (avail < 5) return;
        if (this.crypt && this.decrypted < 5) {
          this.crypt.decrypt(b, s + 4, 1);
          this.decrypted = 5;
        }
        h = 5;
        size = ((b[s]! & 0x7f) << 16) | (b[s + 1]! << 8) | b[s + 2]!;
        opcode = b[s + 3]! | (b[s + 4]! << 8);
      } else {
        size = (b[s]! << 8) | b[s + 1]!;
        opcode = b[s + 2]! | (b[s + 3]! << 8);
      }
      const total = h + size - 2;
      if (avail < total) return;
      this.head = s + total;
      this.decrypted = 0;
      this.onPacket(opcode, s + h);
      if (this.head === this.end) {
        this.head = 0;
        this.end = 0;
        return;
      }
    }
  }

  private onPacket(opcode: number, p: number): void {
    const b = this.buf;
    if (opcode === Opcode.SMSG_PONG) {
      const s = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
      sample(this.c, s, performance.now() - this.at[s % RING]!);
      this.c.n++;
      this.ping();
    } else if (opcode === Opcode.SMSG_AUTH_CHALLENGE && !this.crypt) {
      this.authSession(new DataView(b.buffer, b.byteOffset + p).getUint32(4, true));
    } else if (opcode === Opcode.SMSG_AUTH_RESPONSE) {
      if (b[p] !== ResponseCode.AUTH_OK) return this.fail(new Error(`${this.account}: world login refused 0x${b[p]!.toString(16)}`));
      this.ready();
    }
  }

  private authSession(serverSeed: number): void {
    const clientSeed = (Math.random() * 0xffffffff) >>> 0;
    const w = new ByteWriter(512).zeros(CLIENT_HEADER_SIZE);
    writeAuthSession(
      w,
      {
        build: 12340,
        loginServerId: 0,
        account: this.account,
        loginServerType: 0,
        clientSeed,
        regionId: 0,
        battlegroupId: 0,
        realmId: 1,
        dosResponse: 0n,
        digest: computeWorldAuthDigest(this.account, clientSeed, serverSeed, this.K),
        addons: { addons: [...DEFAULT_ADDONS], timestamp: 0 },
      },
      new ByteWriter(512),
    );
    const bytes = w.toBytes();
    writeClientHeader(bytes, 0, Opcode.CMSG_AUTH_SESSION, bytes.length - CLIENT_HEADER_SIZE);
    this.socket.write(bytes);
    // everything after the challenge is encrypted (a refusal would come plain: the load
    // then fails on a garbled header, which is fine for a benchmark)
    this.crypt = new ClientHeaderCrypt(this.K);
  }

  start(): void {
    this.started = true;
    for (let k = 0; k < this.inflight; k++) this.ping();
    this.flush();
  }

  private ping(): void {
    if (!this.started) return;
    if (this.outLen + PING_FRAME > this.out.length) this.flush();
    const o = this.outLen;
    const b = this.out;
    const seq = this.seq++ >>> 0;
    this.at[seq % RING] = performance.now();
    writeClientHeader(b, o, Opcode.CMSG_PING, 8);
    this.crypt!.encrypt(b, o, CLIENT_HEADER_SIZE);
    b[o + 6] = seq & 0xff;
    b[o + 7] = (seq >>> 8) & 0xff;
    b[o + 8] = (seq >>> 16) & 0xff;
    b[o + 9] = seq >>> 24;
    b[o + 10] = b[o + 11] = b[o + 12] = b[o + 13] = 0;
    this.outLen += PING_FRAME;
  }

  private flush(): void {
    if (this.outLen === 0) return;
    const n = this.socket.write(this.out, 0, this.outLen);
    if (n !== this.outLen) this.fail(new Error(`${this.account}: short write (${n} of ${this.outLen})`));
    this.outLen = 0;
  }
}

async function gatewayLoad(host: string, authPort: number, conns: number, inflight: number, prefix: string, password: string, c: Counter): Promise<() => void> {
  // session keys from the real login server (SRP6), a few logins at a time
  const keys: Uint8Array[] = [];
  const login = async (i: number) => {
    const a = await AuthClient.connect(host, authPort, { timeoutMs: 15_000 });
    try {
      const r = await a.login(`${prefix}${i}`, password);
      if (!r.ok) throw new Error(`login ${prefix}${i} refused at ${r.stage}: 0x${r.result.toString(16)}`);
      keys[i] = r.K;
      const realm = (await a.realmList()).realms[0]!;
      worldAddress ??= realm.address;
    } finally {
      a.close();
    }
  };
  let worldAddress: string | undefined;
  for (let i = 0; i < conns; i += 10) await Promise.all(Array.from({ length: Math.min(10, conns - i) }, (_, k) => login(i + k)));
  const [wHost = host, wPort] = worldAddress!.split(":");
  const sessions: PingSession[] = [];
  await Promise.all(
    keys.map(
      (K, i) =>
        new Promise<void>((resolve, reject) => {
          const ps = new PingSession(`${prefix}${i}`.toUpperCase(), K, inflight, c, resolve, reject);
          sessions.push(ps);
          Bun.connect<undefined>({
            hostname: wHost,
            port: Number(wPort),
            socket: {
              open(sock) {
                sock.setNoDelay(true);
              },
              data(_sock, chunk) {
                try {
                  ps.feed(chunk);
                } catch (e) {
                  reject(e as Error);
                }
              },
              close() {
                reject(new Error(`${prefix}${i}: world connection closed`));
              },
            },
          }).then((sock) => (ps.socket = sock), reject);
        }),
    ),
  );
  for (const s of sessions) s.start();
  return () => {
    for (const s of sessions) s.socket.end();
  };
}

async function main(): Promise<void> {
  const [mode, host, portText, connsText, inflightText, warmupText, measureText, prefix, password] = Bun.argv.slice(2);
  const port = Number(portText);
  const conns = Number(connsText);
  const inflight = Number(inflightText);
  const c: Counter = { n: 0, measuring: false, rtts: [] };
  const stop = mode === "echo" ? await echoLoad(host!, port, conns, inflight, c) : await gatewayLoad(host!, port, conns, inflight, prefix!, password!, c);
  await Bun.sleep(Number(warmupText));
  process.stdout.write(`${JSON.stringify({ phase: "measuring" })}\n`);
  c.n = 0;
  c.measuring = true;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Bun.sleep(Number(measureText));
  const n = c.n;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  c.measuring = false;
  stop();
  const out = { mode, conns, inflight, perSecond: (n * 1000) / ms, rttP50Us: percentile(c.rtts, 50) * 1000, rttP99Us: percentile(c.rtts, 99) * 1000, measuredMs: ms, cpu: (cpu.user + cpu.system) / 1000 / ms };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`gateway-load: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
