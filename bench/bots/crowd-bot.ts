// A lean load bot for the crowd benchmark: the real protocol (SRP6 login, realm list,
// world handshake with header crypt, character list, CMSG_PLAYER_LOGIN), then running
// legs between random points of a rectangle like a client: START_FORWARD, a heartbeat
// every 500 ms with the interpolated position, STOP, a short pause. It keeps no world
// state (thousands run in one process), counts what it receives, and obeys the server's
// position corrections (MSG_MOVE_TELEPORT_ACK). Movement is driven by step(now), called
// by the load process from one shared timer, so there is no timer per bot.
// Imports only bench/client (never server code).
import { AuthClient } from "../client/auth-client.ts";
import { ByteReader } from "../client/bytes.ts";
import { writeGuid } from "../client/messages/character.ts";
import { MoveFlags, type MovementInfo, writeMovePacket, writeSetActiveMover } from "../client/messages/movement.ts";
import { Opcode } from "../client/messages/opcodes.ts";
import { ResponseCode } from "../client/messages/session.ts";
import { readTeleportOrder, readWorldPosition, writeTeleportAck } from "../client/messages/teleport.ts";
import { WorldClient } from "../client/world-client.ts";

export interface Area {
  map: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  z: number;
}

export interface BotOptions {
  host: string;
  authPort: number;
  account: string;
  password: string;
  guid: bigint;
  area: Area;
  /** yards per second (the client's run speed is 7) */
  speed: number;
  heartbeatMs: number;
  maxPauseMs: number;
  random: () => number;
  timeoutMs: number;
}

export const RUN_SPEED = 7;

export class CrowdBot {
  world: WorldClient | undefined;
  readonly movement: MovementInfo = { flags: 0, flags2: 0, time: 0, x: 0, y: 0, z: 0, o: 0, fallTime: 0 };
  /** server corrections received (MSG_MOVE_TELEPORT_ACK) */
  corrections = 0;
  movesSent = 0;
  inWorld = false;
  private leg: { fx: number; fy: number; tx: number; ty: number; startAt: number; duration: number } | undefined;
  private nextAt = 0;

  constructor(readonly o: BotOptions) {}

  get packetsIn(): number {
    return this.world?.packetsIn ?? 0;
  }

  get closed(): boolean {
    return !this.world || this.world.isClosed;
  }

  /** SRP6 login and realm list, world handshake, character list, enter the world. */
  async login(): Promise<void> {
    const o = this.o;
    const auth = await AuthClient.connect(o.host, o.authPort, { timeoutMs: o.timeoutMs });
    let K: Uint8Array;
    let address: string;
    try {
      const r = await auth.login(o.account, o.password);
      if (!r.ok) throw new Error(`login refused at ${r.stage}: 0x${r.result.toString(16)}`);
      K = r.K;
      const list = await auth.realmList();
      const realm = list.realms[0];
      if (!realm) throw new Error("empty realm list");
      address = realm.address;
    } finally {
      auth.close();
    }
    const [host, port] = address.split(":");
    const w = await WorldClient.connect(host === "0.0.0.0" ? o.host : host!, Number(port), { logLimit: 0, timeoutMs: o.timeoutMs });
    this.world = w;
    const resp = await w.authenticate(o.account, K, { realmId: 1 });
    if (resp.result !== ResponseCode.AUTH_OK) throw new Error(`world auth refused: 0x${resp.result.toString(16)}`);
    const en = w.waitFor(Opcode.SMSG_CHAR_ENUM);
    w.send(Opcode.CMSG_CHAR_ENUM);
    await en;
    const verify = w.waitFor(Opcode.SMSG_LOGIN_VERIFY_WORLD);
    const failed = w.waitFor(Opcode.SMSG_CHARACTER_LOGIN_FAILED);
    failed.catch(() => undefined);
    verify.catch(() => undefined);
    w.packet(Opcode.CMSG_PLAYER_LOGIN, (b) => writeGuid(b, o.guid));
    const first = await Promise.race([verify, failed]);
    if (first.opcode === Opcode.SMSG_CHARACTER_LOGIN_FAILED) throw new Error(`CMSG_PLAYER_LOGIN refused: ${first.payload[0]}`);
    w.cancelWaits(Opcode.SMSG_CHARACTER_LOGIN_FAILED);
    const pos = readWorldPosition(new ByteReader(first.payload));
    Object.assign(this.movement, { x: pos.x, y: pos.y, z: pos.z, o: pos.o, flags: 0 });
    w.on(Opcode.MSG_MOVE_TELEPORT_ACK, (r) => {
      // the server put us back: acknowledge and continue from there
      const t = readTeleportOrder(r);
      this.corrections++;
      Object.assign(this.movement, { x: t.info.x, y: t.info.y, z: t.info.z, o: t.info.o, flags: 0 });
      this.leg = undefined;
      this.nextAt = 0;
      writeTeleportAck(w.begin(Opcode.MSG_MOVE_TELEPORT_ACK), t.guid, t.counter, w.clientTime());
      w.commit();
    });
    w.packet(Opcode.CMSG_SET_ACTIVE_MOVER, (b) => writeSetActiveMover(b, o.guid));
    this.inWorld = true;
  }

  private send(opcode: number, flags: number): void {
    const w = this.world!;
    const m = this.movement;
    m.flags = flags;
    m.time = w.clientTime();
    writeMovePacket(w.begin(opcode), this.o.guid, m);
    w.commit();
    this.movesSent++;
  }

  /** Advances this bot to `now` (ms, performance.now()): starts, beats or ends a leg. */
  step(now: number): void {
    if (!this.inWorld || this.closed || now < this.nextAt) return;
    const o = this.o;
    const leg = this.leg;
    if (!leg) {
      const a = o.area;
      const tx = a.minX + o.random() * (a.maxX - a.minX);
      const ty = a.minY + o.random() * (a.maxY - a.minY);
      const dist = Math.hypot(tx - this.movement.x, ty - this.movement.y);
      const facing = Math.atan2(ty - this.movement.y, tx - this.movement.x);
      this.movement.o = facing < 0 ? facing + 2 * Math.PI : facing;
      this.leg = { fx: this.movement.x, fy: this.movement.y, tx, ty, startAt: now, duration: (dist / o.speed) * 1000 };
      this.send(Opcode.MSG_MOVE_START_FORWARD, MoveFlags.FORWARD);
      this.nextAt = now + Math.min(o.heartbeatMs, this.leg.duration);
      return;
    }
    const f = Math.min(1, (now - leg.startAt) / leg.duration);
    this.movement.x = leg.fx + (leg.tx - leg.fx) * f;
    this.movement.y = leg.fy + (leg.ty - leg.fy) * f;
    if (f >= 1) {
      this.send(Opcode.MSG_MOVE_STOP, 0);
      this.leg = undefined;
      this.nextAt = now + o.random() * o.maxPauseMs;
      return;
    }
    this.send(Opcode.MSG_MOVE_HEARTBEAT, MoveFlags.FORWARD);
    this.nextAt = Math.min(now + o.heartbeatMs, leg.startAt + leg.duration);
  }

  /** Instant logout request (GM) or just close. */
  close(): void {
    this.inWorld = false;
    this.world?.close();
  }
}
