// TEST ONLY: a tiny in-process login + world server built on the library's own codecs, so the
// socket plumbing (framing, both crypt directions, waits, auto-acks) can be tested end to end.
// It shares the client's reading of protocol.md, so it proves plumbing, not protocol conformance:
// that is what the vector tests and the integration tests against the real server are for.
import type { Socket, TCPSocketListener } from "bun";
import { deflateSync } from "node:zlib";
import { ByteReader, ByteWriter } from "../bytes.ts";
import { type Rc4, SEED_CLIENT_TO_SERVER, SEED_SERVER_TO_CLIENT, createHeaderStream } from "../header-crypt.ts";
import { ChatType, readClientMessageChat, writeServerMessageChat } from "../messages/chat.ts";
import { MOVEMENT_RELAY_OPCODES, writeMovementInfo } from "../messages/movement.ts";
import { Opcode } from "../messages/opcodes.ts";
import { readAuthSession } from "../messages/session.ts";
import { SRP_N_LE, computeM1, computeM2, computeReconnectR2, computeU, computeVerifier, digestEqual, computeWorldAuthDigest, interleaveS } from "../srp6.ts";
import { frameServerPacket } from "../world-framing.ts";
import { serverB, serverS } from "./srp6-server-math.ts";

export interface FakeChar {
  guid: bigint;
  name: string;
  race: number;
  class: number;
  gender: number;
  x: number;
  y: number;
  z: number;
  map: number;
}

interface Conn {
  s: Socket<undefined>;
  buf: Uint8Array;
  pending: Uint8Array[];
  // world
  account?: string;
  serverSeed?: number;
  enc?: Rc4;
  dec?: Rc4;
  hdrDecrypted?: boolean;
  char?: FakeChar;
  teleportCounter?: number;
  // login
  b?: Uint8Array;
  B?: Uint8Array;
  user?: string;
  reconnectChallenge?: Uint8Array;
}

const SALT = new Uint8Array(32).fill(0x5a);
const B_PRIV = new Uint8Array(32).fill(0x33);

function append(c: Conn, data: Uint8Array): void {
  const n = new Uint8Array(c.buf.length + data.length);
  n.set(c.buf);
  n.set(data, c.buf.length);
  c.buf = n;
}

function write(c: Conn, bytes: Uint8Array): void {
  if (c.pending.length) return void c.pending.push(bytes);
  const n = c.s.write(bytes);
  if (n < bytes.length) c.pending.push(bytes.subarray(Math.max(0, n)));
}

function drain(c: Conn): void {
  while (c.pending.length) {
    const h = c.pending[0] as Uint8Array;
    const n = c.s.write(h);
    if (n < h.length) return void (c.pending[0] = h.subarray(Math.max(0, n)));
    c.pending.shift();
  }
}

export class FakeRealm {
  auth!: TCPSocketListener<undefined>;
  world!: TCPSocketListener<undefined>;
  readonly accounts = new Map<string, { v: Uint8Array; K?: Uint8Array }>();
  readonly chars = new Map<string, FakeChar[]>();
  readonly received: { account: string; opcode: number; body: Uint8Array }[] = [];
  private readonly conns = new Map<Socket<undefined>, Conn>();
  private nextGuid = 1n;

  addAccount(user: string, password: string): void {
    this.accounts.set(user.toUpperCase(), { v: computeVerifier(user, password, SALT) });
  }

  start(): this {
    const handlers = (onData: (c: Conn) => void, onOpen?: (c: Conn) => void) => ({
      open: (s: Socket<undefined>) => {
        const c: Conn = { s, buf: new Uint8Array(0), pending: [] };
        this.conns.set(s, c);
        onOpen?.(c);
      },
      data: (s: Socket<undefined>, d: Uint8Array) => {
        const c = this.conns.get(s) as Conn;
        append(c, d);
        onData(c);
      },
      drain: (s: Socket<undefined>) => drain(this.conns.get(s) as Conn),
      close: (s: Socket<undefined>) => {
        const c = this.conns.get(s);
        this.conns.delete(s);
        if (c?.char) this.leaveWorld(c);
      },
    });
    this.auth = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: handlers((c) => this.onAuthData(c)) });
    this.world = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: handlers((c) => this.onWorldData(c), (c) => this.sendChallenge(c)) });
    return this;
  }

  stop(): void {
    this.auth.stop(true);
    this.world.stop(true);
  }

  // --- login server ---------------------------------------------------------------------------

  private onAuthData(c: Conn): void {
    for (;;) {
      const b = c.buf;
      if (b.length === 0) return;
      const cmd = b[0] as number;
      let used = 0;
      if (cmd === 0 || cmd === 2) {
        if (b.length < 4) return;
        const size = (b[2] as number) | ((b[3] as number) << 8);
        if (b.length < 4 + size) return;
        used = 4 + size;
        const nameLen = b[33] as number;
        const user = new TextDecoder().decode(b.subarray(34, 34 + nameLen));
        const acc = this.accounts.get(user);
        c.user = user;
        if (cmd === 2) {
          if (!acc?.K) write(c, Uint8Array.of(2, 0x04));
          else {
            c.reconnectChallenge = new Uint8Array(16).fill(0x42);
            write(c, new ByteWriter().u8(2).u8(0).bytes(c.reconnectChallenge).zeros(16).toBytes());
          }
        } else if (!acc) {
          write(c, Uint8Array.of(0, 0, 0x04));
        } else {
          c.b = B_PRIV;
          c.B = serverB(acc.v, B_PRIV);
          const w = new ByteWriter().u8(0).u8(0).u8(0).bytes(c.B).u8(1).u8(7).u8(32);
          w.bytes(SRP_N_LE);
          w.bytes(SALT).zeros(16).u8(0);
          write(c, w.toBytes());
        }
      } else if (cmd === 1) {
        if (b.length < 75) return;
        used = 75;
        const A = b.slice(1, 33);
        const M1 = b.slice(33, 53);
        const acc = this.accounts.get(c.user ?? "");
        if (!acc || !c.B || !c.b) return void c.s.end();
        const K = interleaveS(serverS(A, acc.v, computeU(A, c.B), c.b));
        if (!digestEqual(M1, computeM1(c.user as string, SALT, A, c.B, K))) {
          write(c, Uint8Array.of(1, 0x04, 0, 0));
        } else {
          acc.K = K;
          write(c, new ByteWriter().u8(1).u8(0).bytes(computeM2(A, M1, K)).u32(0x800000).u32(0).u16(0).toBytes());
        }
      } else if (cmd === 3) {
        if (b.length < 58) return;
        used = 58;
        const acc = this.accounts.get(c.user ?? "");
        const ok = acc?.K && c.reconnectChallenge && digestEqual(b.subarray(17, 37), computeReconnectR2(c.user as string, b.subarray(1, 17), c.reconnectChallenge, acc.K));
        write(c, ok ? Uint8Array.of(3, 0, 0, 0) : Uint8Array.of(3, 0x0e, 0, 0));
      } else if (cmd === 0x10) {
        if (b.length < 5) return;
        used = 5;
        const addr = `127.0.0.1:${this.world.port}`;
        const body = new ByteWriter().u32(0).u16(1).u8(1).u8(0).u8(0).cstring("Fake").cstring(addr).f32(0).u8(1).u8(1).u8(1).u16(0x10);
        write(c, new ByteWriter().u8(0x10).u16(body.length).bytes(body.toBytes()).toBytes());
      } else {
        return void c.s.end();
      }
      c.buf = c.buf.subarray(used);
    }
  }

  // --- world server ---------------------------------------------------------------------------

  private sendChallenge(c: Conn): void {
    c.serverSeed = 0xdeadbeef;
    this.send(c, Opcode.SMSG_AUTH_CHALLENGE, new ByteWriter().u32(1).u32(c.serverSeed).zeros(32).toBytes());
  }

  send(c: Conn, opcode: number, body: Uint8Array): void {
    const out = frameServerPacket(opcode, body);
    c.enc?.process(out, 0, out.length - body.length);
    write(c, out);
  }

  private onWorldData(c: Conn): void {
    for (;;) {
      if (c.buf.length < 6) return;
      if (c.dec && !c.hdrDecrypted) {
        c.dec.process(c.buf, 0, 6);
        c.hdrDecrypted = true;
      }
      const size = ((c.buf[0] as number) << 8) | (c.buf[1] as number);
      const opcode = new DataView(c.buf.buffer, c.buf.byteOffset).getUint32(2, true);
      if (c.buf.length < 2 + size) return;
      const body = c.buf.slice(6, 2 + size);
      c.buf = c.buf.subarray(2 + size);
      c.hdrDecrypted = false;
      this.received.push({ account: c.account ?? "", opcode, body });
      this.onWorldPacket(c, opcode, new ByteReader(body));
    }
  }

  private inWorld(): Conn[] {
    return [...this.conns.values()].filter((x) => x.char);
  }

  private onWorldPacket(c: Conn, op: number, r: ByteReader): void {
    switch (op) {
      case Opcode.CMSG_AUTH_SESSION: {
        const s = readAuthSession(r);
        const acc = this.accounts.get(s.account);
        if (!acc?.K || !digestEqual(s.digest, computeWorldAuthDigest(s.account, s.clientSeed, c.serverSeed as number, acc.K))) {
          this.send(c, Opcode.SMSG_AUTH_RESPONSE, Uint8Array.of(0x0d)); // plain failure
          c.s.end();
          return;
        }
        c.account = s.account;
        c.enc = createHeaderStream(SEED_SERVER_TO_CLIENT, acc.K);
        c.dec = createHeaderStream(SEED_CLIENT_TO_SERVER, acc.K);
        this.send(c, Opcode.SMSG_AUTH_RESPONSE, new ByteWriter().u8(0x0c).u32(0).u8(0).u32(0).u8(2).toBytes());
        return;
      }
      case Opcode.CMSG_CHAR_ENUM: {
        const list = this.chars.get(c.account as string) ?? [];
        const w = new ByteWriter().u8(list.length);
        for (const ch of list) {
          w.u64(ch.guid).cstring(ch.name).u8(ch.race).u8(ch.class).u8(ch.gender).zeros(5).u8(1).u32(12).u32(ch.map);
          w.f32(ch.x).f32(ch.y).f32(ch.z).u32(0).u32(0).u32(0).u8(0).zeros(12).zeros(23 * 9);
        }
        return this.send(c, Opcode.SMSG_CHAR_ENUM, w.toBytes());
      }
      case Opcode.CMSG_CHAR_CREATE: {
        const name = r.cstring();
        const [race, cls, gender] = [r.u8(), r.u8(), r.u8()];
        const all = [...this.chars.values()].flat();
        if (all.some((x) => x.name === name)) return this.send(c, Opcode.SMSG_CHAR_CREATE, Uint8Array.of(0x32));
        const list = this.chars.get(c.account as string) ?? [];
        list.push({ guid: this.nextGuid++, name, race, class: cls, gender, x: -8949.95, y: -132.493, z: 83.5312, map: 0 });
        this.chars.set(c.account as string, list);
        return this.send(c, Opcode.SMSG_CHAR_CREATE, Uint8Array.of(0x2f));
      }
      case Opcode.CMSG_CHAR_DELETE: {
        const guid = r.u64();
        const list = this.chars.get(c.account as string) ?? [];
        this.chars.set(c.account as string, list.filter((x) => x.guid !== guid));
        return this.send(c, Opcode.SMSG_CHAR_DELETE, Uint8Array.of(list.some((x) => x.guid === guid) ? 0x47 : 0x48));
      }
      case Opcode.CMSG_PLAYER_LOGIN: {
        const guid = r.u64();
        const ch = (this.chars.get(c.account as string) ?? []).find((x) => x.guid === guid);
        if (!ch) return this.send(c, Opcode.SMSG_CHARACTER_LOGIN_FAILED, Uint8Array.of(1));
        c.char = ch;
        this.send(c, Opcode.SMSG_LOGIN_VERIFY_WORLD, new ByteWriter().u32(ch.map).f32(ch.x).f32(ch.y).f32(ch.z).f32(0).toBytes());
        this.send(c, Opcode.SMSG_TIME_SYNC_REQ, new ByteWriter().u32(0).toBytes());
        // Self create block, compressed (exercises SMSG_COMPRESSED_UPDATE_OBJECT).
        const self = this.createBlock(ch, true);
        this.send(c, Opcode.SMSG_COMPRESSED_UPDATE_OBJECT, new ByteWriter().u32(self.length).bytes(deflateSync(self)).toBytes());
        for (const o of this.inWorld()) {
          if (o === c) continue;
          this.send(c, Opcode.SMSG_UPDATE_OBJECT, this.createBlock(o.char as FakeChar, false));
          this.send(o, Opcode.SMSG_UPDATE_OBJECT, this.createBlock(ch, false));
        }
        return;
      }
      case Opcode.CMSG_NAME_QUERY: {
        const guid = r.u64();
        const ch = [...this.chars.values()].flat().find((x) => x.guid === guid);
        const w = new ByteWriter().packedGuid(guid);
        if (!ch) w.u8(1);
        else w.u8(0).cstring(ch.name).cstring("").u8(ch.race).u8(ch.gender).u8(ch.class).u8(0);
        return this.send(c, Opcode.SMSG_NAME_QUERY_RESPONSE, w.toBytes());
      }
      case Opcode.CMSG_PING:
        return this.send(c, Opcode.SMSG_PONG, new ByteWriter().u32(r.u32()).toBytes());
      case Opcode.CMSG_REALM_SPLIT:
        return this.send(c, Opcode.SMSG_REALM_SPLIT, new ByteWriter().u32(r.u32()).u32(0).cstring("01/01/01").toBytes());
      case Opcode.CMSG_MESSAGECHAT:
        return this.onChat(c, readClientMessageChat(r));
      case Opcode.CMSG_LOGOUT_REQUEST:
        this.send(c, Opcode.SMSG_LOGOUT_RESPONSE, new ByteWriter().u32(0).u8(1).toBytes());
        this.send(c, Opcode.SMSG_LOGOUT_COMPLETE, new Uint8Array(0));
        return this.leaveWorld(c);
      default:
        if (MOVEMENT_RELAY_OPCODES.has(op) && c.char) {
          const guid = r.packedGuid();
          const rest = r.rest();
          const info = new ByteReader(rest);
          info.skip(10);
          c.char.x = info.f32();
          c.char.y = info.f32();
          c.char.z = info.f32();
          const out = new ByteWriter().packedGuid(guid).bytes(rest).toBytes();
          for (const o of this.inWorld()) if (o !== c) this.send(o, op, out);
        }
    }
  }

  private onChat(c: Conn, m: { type: number; message: string; target?: string }): void {
    const ch = c.char as FakeChar;
    const msg = (type: number, sender: bigint, text: string) => {
      const w = new ByteWriter();
      writeServerMessageChat(w, { type, language: 0, senderGuid: sender, flags: 0, targetGuid: sender, message: text, chatTag: 0 });
      return w.toBytes();
    };
    if (m.message === ".tele") {
      c.teleportCounter = (c.teleportCounter ?? 0) + 1;
      const w = new ByteWriter().packedGuid(ch.guid).u32(c.teleportCounter);
      writeMovementInfo(w, { flags: 0, flags2: 0, time: 0, x: 100, y: 200, z: 30, o: 1, fallTime: 0 });
      return this.send(c, Opcode.MSG_MOVE_TELEPORT_ACK, w.toBytes());
    }
    if (m.message === ".port") {
      this.send(c, Opcode.SMSG_TRANSFER_PENDING, new ByteWriter().u32(1).toBytes());
      return this.send(c, Opcode.SMSG_NEW_WORLD, new ByteWriter().u32(1).f32(1.5).f32(2.5).f32(3.5).f32(0).toBytes());
    }
    if (m.message === ".big") return this.send(c, Opcode.SMSG_WARDEN_DATA, new Uint8Array(40000).fill(0xab));
    if (m.type === ChatType.WHISPER) {
      const to = this.inWorld().find((o) => o.char?.name === m.target);
      if (!to) return this.send(c, Opcode.SMSG_CHAT_PLAYER_NOT_FOUND, new ByteWriter().cstring(m.target ?? "").toBytes());
      this.send(to, Opcode.SMSG_MESSAGECHAT, msg(ChatType.WHISPER, ch.guid, m.message));
      return this.send(c, Opcode.SMSG_MESSAGECHAT, msg(ChatType.WHISPER_INFORM, (to.char as FakeChar).guid, m.message));
    }
    for (const o of this.inWorld()) this.send(o, Opcode.SMSG_MESSAGECHAT, msg(m.type, ch.guid, m.message));
  }

  private leaveWorld(c: Conn): void {
    const ch = c.char;
    c.char = undefined;
    if (!ch) return;
    for (const o of this.inWorld()) this.send(o, Opcode.SMSG_DESTROY_OBJECT, new ByteWriter().u64(ch.guid).u8(0).toBytes());
  }

  /** SMSG_UPDATE_OBJECT body with one CREATE_OBJECT2 player block. */
  private createBlock(ch: FakeChar, self: boolean): Uint8Array {
    const w = new ByteWriter().u32(1).u8(3).packedGuid(ch.guid).u8(4).u16(self ? 0x21 : 0x20);
    writeMovementInfo(w, { flags: 0, flags2: 0, time: 0, x: ch.x, y: ch.y, z: ch.z, o: 0, fallTime: 0 });
    for (const s of [2.5, 7, 4.5, 4.722222, 2.5, 7, 4.5, 3.14159, 3.14159]) w.f32(s);
    // mask: fields 0,1 (guid), 2 (type), 55 (faction), 67/68 (display)
    w.u8(3).u32(0b111).u32((1 << (55 - 32)) >>> 0).u32((1 << (67 - 64)) | (1 << (68 - 64)));
    w.u64(ch.guid).u32(0x19).u32(1).u32(49).u32(49);
    return w.toBytes();
  }
}
