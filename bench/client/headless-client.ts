// High-level facade: login -> realm -> world -> characters -> in world, with the automatic
// answers a real client gives (teleport acks, worldport ack, speed/root acks, time sync).
import { AuthClient } from "./auth-client.ts";
import { ByteReader } from "./bytes.ts";
import { type CharCreateRequest, type CharEnumEntry, readCharEnum, readResultByte, writeCharCreate, writeGuid } from "./messages/character.ts";
import { ChatType, Language, writeClientMessageChat } from "./messages/chat.ts";
import { type Realm, parseRealmAddress } from "./messages/login.ts";
import {
  FORCE_SPEED_ORDERS,
  MoveFlags,
  type MovementInfo,
  readForceRoot,
  readForceSpeedChange,
  speedAckOpcode,
  writeForceRootAck,
  writeForceSpeedChangeAck,
  writeMovePacket,
  writeSetActiveMover,
} from "./messages/movement.ts";
import { Opcode, opcodeName } from "./messages/opcodes.ts";
import {
  type CreatureTemplate,
  type GameObjectTemplate,
  type ItemTemplate,
  type NameQueryResponse,
  type Unknown,
  readCreatureQueryResponse,
  readGameObjectQueryResponse,
  readItemQueryResponse,
  readNameQueryResponse,
  writeEntryQuery,
  writeItemQuery,
  writeNameQuery,
} from "./messages/query.ts";
import {
  type AccountDataTimes,
  type AuthResponse,
  ResponseCode,
  readAccountDataTimes,
  readLogoutResponse,
  readQueryTimeResponse,
} from "./messages/session.ts";
import { type WorldPosition, readTeleportOrder, readWorldPosition, writeTeleportAck } from "./messages/teleport.ts";
import { type ReceivedPacket, WorldClient, type WorldClientOptions } from "./world-client.ts";
import { type Position, WorldState } from "./world-state.ts";

export class LoginRefusedError extends Error {
  override name = "LoginRefusedError";
  constructor(readonly stage: string, readonly result: number) {
    super(`login refused at ${stage}: result 0x${result.toString(16)}`);
  }
}

export class WorldRefusedError extends Error {
  override name = "WorldRefusedError";
  constructor(readonly what: string, readonly result: number) {
    super(`${what} refused: result 0x${result.toString(16)}`);
  }
}

export interface HeadlessOptions extends WorldClientOptions {
  /** Realm id to send in CMSG_AUTH_SESSION when connectWorld is given an address, not a Realm. */
  realmId?: number;
}

const HORDE_RACES = new Set([2, 5, 6, 8, 10]);
export const RUN_SPEED = 7.0;

export class HeadlessClient {
  auth: AuthClient | undefined;
  world: WorldClient | undefined;
  readonly state = new WorldState();
  account = "";
  sessionKey: Uint8Array | undefined;
  realms: Realm[] = [];
  characters: CharEnumEntry[] = [];
  /** The character we entered the world with. */
  character: CharEnumEntry | undefined;
  /** Own movement state sent with every movement packet. */
  readonly movement: MovementInfo = { flags: 0, flags2: 0, time: 0, x: 0, y: 0, z: 0, o: 0, fallTime: 0 };
  /** Incremented on every teleport/worldport order (movement loops stop when it changes). */
  teleports = 0;

  constructor(readonly opts: HeadlessOptions = {}) {}

  get timeoutMs(): number {
    return this.opts.timeoutMs ?? 10_000;
  }

  get guid(): bigint {
    const g = this.state.selfGuid ?? this.character?.guid;
    if (g === undefined) throw new Error("not in world: no own guid yet");
    return g;
  }

  private get w(): WorldClient {
    if (!this.world) throw new Error("not connected to a world server (call connectWorld first)");
    return this.world;
  }

  /** Login server: SRP6 + realm list. Throws LoginRefusedError on a refusal. */
  async login(o: { host: string; port: number; user: string; password: string }): Promise<{ realms: Realm[]; K: Uint8Array }> {
    this.auth = await AuthClient.connect(o.host, o.port, { timeoutMs: this.timeoutMs });
    try {
      const r = await this.auth.login(o.user, o.password);
      if (!r.ok) throw new LoginRefusedError(r.stage, r.result);
      this.account = o.user.toUpperCase();
      this.sessionKey = r.K;
      this.realms = (await this.auth.realmList()).realms;
      return { realms: this.realms, K: r.K };
    } finally {
      this.auth.close();
    }
  }

  /** Connect to a world server ("host:port" or a realm entry) and authenticate with K. */
  async connectWorld(realm: string | Realm, o: { account?: string; sessionKey?: Uint8Array } = {}): Promise<AuthResponse> {
    const address = typeof realm === "string" ? realm : realm.address;
    const realmId = typeof realm === "string" ? (this.opts.realmId ?? 1) : realm.id;
    const key = o.sessionKey ?? this.sessionKey;
    if (!key) throw new Error("connectWorld: no session key (call login first)");
    if (o.account) this.account = o.account.toUpperCase();
    const { host, port } = parseRealmAddress(address);
    this.world = await WorldClient.connect(host, port, this.opts);
    this.state.attach(this.world);
    this.installAutoAnswers(this.world);
    let resp = await this.world.authenticate(this.account, key, { realmId });
    if (resp.result === ResponseCode.AUTH_WAIT_QUEUE) resp = await this.world.waitForAuthOk(this.timeoutMs * 6);
    if (resp.result !== ResponseCode.AUTH_OK) throw new WorldRefusedError("CMSG_AUTH_SESSION", resp.result);
    return resp;
  }

  private installAutoAnswers(w: WorldClient): void {
    w.on(Opcode.MSG_MOVE_TELEPORT_ACK, (r) => {
      const t = readTeleportOrder(r);
      this.teleports++;
      this.movement.flags = 0;
      Object.assign(this.movement, { x: t.info.x, y: t.info.y, z: t.info.z, o: t.info.o });
      writeTeleportAck(w.begin(Opcode.MSG_MOVE_TELEPORT_ACK), t.guid, t.counter, w.clientTime());
      w.commit();
    });
    w.on(Opcode.SMSG_NEW_WORLD, (r) => {
      const p = readWorldPosition(r);
      this.teleports++;
      this.movement.flags = 0;
      Object.assign(this.movement, { x: p.x, y: p.y, z: p.z, o: p.o });
      w.begin(Opcode.MSG_MOVE_WORLDPORT_ACK);
      w.commit();
    });
    for (const [op] of FORCE_SPEED_ORDERS) {
      w.on(op, (r, opcode) => {
        const s = readForceSpeedChange(r, opcode);
        this.movement.time = w.clientTime();
        writeForceSpeedChangeAck(w.begin(speedAckOpcode(opcode)), s.guid, s.counter, this.movement, s.speed);
        w.commit();
      });
    }
    for (const op of [Opcode.SMSG_FORCE_MOVE_ROOT, Opcode.SMSG_FORCE_MOVE_UNROOT]) {
      w.on(op, (r, opcode) => {
        const o = readForceRoot(r);
        if (opcode === Opcode.SMSG_FORCE_MOVE_ROOT) this.movement.flags = MoveFlags.ROOT;
        else this.movement.flags &= ~MoveFlags.ROOT;
        this.movement.time = w.clientTime();
        writeForceRootAck(w.begin(opcode + 1), o.guid, o.counter, this.movement);
        w.commit();
      });
    }
  }

  /**
   * Send a request with `send` and wait for the `reply` opcode; the wait starts before sending,
   * so a reply in the same TCP read as earlier packets is not missed.
   */
  request(reply: number, send: (w: WorldClient) => void, timeoutMs = this.timeoutMs): Promise<ReceivedPacket> {
    const w = this.w;
    const since = w.nextSeq;
    send(w);
    return w.waitFor(reply, undefined, timeoutMs, since);
  }

  async enumCharacters(): Promise<CharEnumEntry[]> {
    const p = await this.request(Opcode.SMSG_CHAR_ENUM, (w) => w.send(Opcode.CMSG_CHAR_ENUM));
    this.characters = readCharEnum(new ByteReader(p.payload));
    return this.characters;
  }

  /** Returns the SMSG_CHAR_CREATE result code (0x2F = success). */
  async createCharacter(c: CharCreateRequest): Promise<number> {
    const p = await this.request(Opcode.SMSG_CHAR_CREATE, (w) => w.packet(Opcode.CMSG_CHAR_CREATE, (b) => writeCharCreate(b, c)));
    return readResultByte(new ByteReader(p.payload));
  }

  /** Returns the SMSG_CHAR_DELETE result code (0x47 = success). */
  async deleteCharacter(guid: bigint): Promise<number> {
    const p = await this.request(Opcode.SMSG_CHAR_DELETE, (w) => w.packet(Opcode.CMSG_CHAR_DELETE, (b) => writeGuid(b, guid)));
    return readResultByte(new ByteReader(p.payload));
  }

  /**
   * CMSG_PLAYER_LOGIN, then wait for SMSG_LOGIN_VERIFY_WORLD and the self create block, then
   * CMSG_SET_ACTIVE_MOVER. Throws WorldRefusedError on SMSG_CHARACTER_LOGIN_FAILED.
   */
  async enterWorld(guid: bigint, timeoutMs = this.timeoutMs): Promise<WorldPosition> {
    const w = this.w;
    this.character = this.characters.find((c) => c.guid === guid);
    this.state.reset();
    const since = w.nextSeq;
    w.packet(Opcode.CMSG_PLAYER_LOGIN, (b) => writeGuid(b, guid));
    const verify = w.waitFor(Opcode.SMSG_LOGIN_VERIFY_WORLD, undefined, timeoutMs, since);
    const failed = w.waitFor(Opcode.SMSG_CHARACTER_LOGIN_FAILED, undefined, timeoutMs, since);
    verify.catch(() => undefined);
    failed.catch(() => undefined);
    // The self create block may arrive in the same TCP read as LOGIN_VERIFY_WORLD: wait for it now.
    const selfCreated = this.state.waitSelf(timeoutMs);
    selfCreated.catch(() => undefined);
    const first = await Promise.race([verify, failed]);
    w.cancelWaits(first.opcode === Opcode.SMSG_LOGIN_VERIFY_WORLD ? Opcode.SMSG_CHARACTER_LOGIN_FAILED : Opcode.SMSG_LOGIN_VERIFY_WORLD);
    if (first.opcode === Opcode.SMSG_CHARACTER_LOGIN_FAILED) {
      throw new WorldRefusedError("CMSG_PLAYER_LOGIN", first.payload[0] ?? -1);
    }
    const pos = readWorldPosition(new ByteReader(first.payload));
    Object.assign(this.movement, { flags: 0, x: pos.x, y: pos.y, z: pos.z, o: pos.o });
    await selfCreated;
    w.packet(Opcode.CMSG_SET_ACTIVE_MOVER, (b) => writeSetActiveMover(b, this.guid));
    const self = this.state.positionOf(this.guid);
    if (self) Object.assign(this.movement, { x: self.x, y: self.y, z: self.z, o: self.o });
    return pos;
  }

  /** Send one movement packet (`PackedGuid + MovementInfo`) from the given position. */
  move(opcode: number, position: Partial<Position> = {}, flags?: number): void {
    const m = this.movement;
    if (position.x !== undefined) m.x = position.x;
    if (position.y !== undefined) m.y = position.y;
    if (position.z !== undefined) m.z = position.z;
    if (position.o !== undefined) m.o = position.o;
    if (flags !== undefined) m.flags = flags;
    m.time = this.w.clientTime();
    writeMovePacket(this.w.begin(opcode), this.guid, m);
    this.w.commit();
    this.state.setOwnPosition(m);
  }

  /**
   * Run in a straight line to (x, y, z): START_FORWARD, heartbeats every `heartbeatMs` with
   * interpolated positions, STOP at the destination. Stops early (returns false) on a teleport,
   * a closed connection or an aborted signal.
   */
  async moveTo(x: number, y: number, z: number, o: { speed?: number; heartbeatMs?: number; signal?: AbortSignal } = {}): Promise<boolean> {
    const speed = o.speed ?? RUN_SPEED;
    const hb = o.heartbeatMs ?? 500;
    const sx = this.movement.x;
    const sy = this.movement.y;
    const sz = this.movement.z;
    const dist = Math.hypot(x - sx, y - sy, z - sz);
    const facing = Math.atan2(y - sy, x - sx);
    const orientation = facing < 0 ? facing + 2 * Math.PI : facing;
    if (dist < 0.01) return true;
    const tp = this.teleports;
    const total = (dist / speed) * 1000;
    const t0 = performance.now();
    this.move(Opcode.MSG_MOVE_START_FORWARD, { o: orientation }, MoveFlags.FORWARD);
    for (;;) {
      const elapsed = performance.now() - t0;
      const wait = Math.min(hb, total - elapsed);
      if (wait > 0) await Bun.sleep(wait);
      if (this.teleports !== tp || this.world?.isClosed || o.signal?.aborted) return false;
      const f = Math.min(1, (performance.now() - t0) / total);
      const pos = { x: sx + (x - sx) * f, y: sy + (y - sy) * f, z: sz + (z - sz) * f };
      if (f >= 1) {
        this.move(Opcode.MSG_MOVE_STOP, pos, 0);
        return true;
      }
      this.move(Opcode.MSG_MOVE_HEARTBEAT, pos, MoveFlags.FORWARD);
    }
  }

  /** The language a character of this race speaks by default. */
  defaultLanguage(): number {
    return this.character && HORDE_RACES.has(this.character.race) ? Language.ORCISH : Language.COMMON;
  }

  chat(type: number, text: string, target?: string, language = this.defaultLanguage()): void {
    this.w.packet(Opcode.CMSG_MESSAGECHAT, (b) => writeClientMessageChat(b, type, language, text, target));
  }

  say(text: string): void {
    this.chat(ChatType.SAY, text);
  }

  yell(text: string): void {
    this.chat(ChatType.YELL, text);
  }

  whisper(name: string, text: string): void {
    this.chat(ChatType.WHISPER, text, name);
  }

  /** CMSG_NAME_QUERY -> the SMSG_NAME_QUERY_RESPONSE for that guid (answers for other guids are skipped). */
  async nameQuery(guid: bigint, timeoutMs = this.timeoutMs): Promise<NameQueryResponse> {
    const w = this.w;
    const since = w.nextSeq;
    w.packet(Opcode.CMSG_NAME_QUERY, (b) => writeNameQuery(b, guid));
    const p = await w
      .waitFor(Opcode.SMSG_NAME_QUERY_RESPONSE, (x) => readNameQueryResponse(new ByteReader(x.payload)).guid === guid, timeoutMs, since)
      .catch((err: Error) => {
        throw new Error(`nameQuery(${guid}): ${err.message}`);
      });
    return readNameQueryResponse(new ByteReader(p.payload));
  }

  /**
   * CMSG_LOGOUT_REQUEST -> SMSG_LOGOUT_RESPONSE; when accepted, wait for SMSG_LOGOUT_COMPLETE
   * (instant, or about 20 s later). Returns the response; `completed` tells whether we are back
   * at the character screen.
   */
  async logout(timeoutMs = 30_000): Promise<{ reason: number; instant: boolean; completed: boolean }> {
    const w = this.w;
    const since = w.nextSeq;
    // Both waits are registered before sending: RESPONSE and COMPLETE can share one TCP read.
    const respP = w.waitFor(Opcode.SMSG_LOGOUT_RESPONSE, undefined, this.timeoutMs, since);
    const completeP = w.waitFor(Opcode.SMSG_LOGOUT_COMPLETE, undefined, timeoutMs, since);
    completeP.catch(() => undefined);
    w.send(Opcode.CMSG_LOGOUT_REQUEST);
    const resp = readLogoutResponse(new ByteReader((await respP).payload));
    if (resp.reason !== 0) {
      w.cancelWaits(Opcode.SMSG_LOGOUT_COMPLETE);
      return { ...resp, completed: false };
    }
    await completeP;
    this.state.reset();
    this.character = undefined;
    return { ...resp, completed: true };
  }

  /** CMSG_LOGOUT_CANCEL -> SMSG_LOGOUT_CANCEL_ACK. */
  async cancelLogout(): Promise<void> {
    await this.request(Opcode.SMSG_LOGOUT_CANCEL_ACK, (w) => w.send(Opcode.CMSG_LOGOUT_CANCEL));
  }

  /** CMSG_READY_FOR_ACCOUNT_DATA_TIMES -> SMSG_ACCOUNT_DATA_TIMES (what the client sends after AUTH_OK). */
  async accountDataTimes(): Promise<AccountDataTimes> {
    const p = await this.request(Opcode.SMSG_ACCOUNT_DATA_TIMES, (w) => w.send(Opcode.CMSG_READY_FOR_ACCOUNT_DATA_TIMES));
    return readAccountDataTimes(new ByteReader(p.payload));
  }

  /** CMSG_QUERY_TIME -> SMSG_QUERY_TIME_RESPONSE. */
  async queryTime(): Promise<{ unixTime: number; dailyResetIn: number }> {
    const p = await this.request(Opcode.SMSG_QUERY_TIME_RESPONSE, (w) => w.send(Opcode.CMSG_QUERY_TIME));
    return readQueryTimeResponse(new ByteReader(p.payload));
  }

  /** CMSG_CREATURE_QUERY -> SMSG_CREATURE_QUERY_RESPONSE (the reply for this entry). */
  async creatureQuery(entry: number, guid = 0n): Promise<CreatureTemplate | Unknown> {
    const p = await this.entryReply(Opcode.SMSG_CREATURE_QUERY_RESPONSE, entry, () => this.w.packet(Opcode.CMSG_CREATURE_QUERY, (b) => writeEntryQuery(b, entry, guid)));
    return readCreatureQueryResponse(new ByteReader(p.payload));
  }

  async gameObjectQuery(entry: number, guid = 0n): Promise<GameObjectTemplate | Unknown> {
    const p = await this.entryReply(Opcode.SMSG_GAMEOBJECT_QUERY_RESPONSE, entry, () => this.w.packet(Opcode.CMSG_GAMEOBJECT_QUERY, (b) => writeEntryQuery(b, entry, guid)));
    return readGameObjectQueryResponse(new ByteReader(p.payload));
  }

  async itemQuery(entry: number): Promise<ItemTemplate | Unknown> {
    const p = await this.entryReply(Opcode.SMSG_ITEM_QUERY_SINGLE_RESPONSE, entry, () => this.w.packet(Opcode.CMSG_ITEM_QUERY_SINGLE, (b) => writeItemQuery(b, entry)));
    return readItemQueryResponse(new ByteReader(p.payload));
  }

  /** Wait for a query reply whose first u32 is `entry` (or entry | 0x80000000). */
  private entryReply(opcode: number, entry: number, send: () => void) {
    const p = this.w.waitFor(opcode, (x) => x.payload.length >= 4 && (new DataView(x.payload.buffer, x.payload.byteOffset).getUint32(0, true) & 0x7fffffff) === entry);
    send();
    return p;
  }

  async ping(): Promise<number> {
    return this.w.ping();
  }

  /** Human-readable summary of received opcodes (debugging failed tests). */
  receivedSummary(): string {
    return (this.world?.log ?? []).map((p) => opcodeName(p.opcode)).join(", ");
  }

  /** Everything `fn` sends on the world connection leaves in one TCP write. */
  inOneWrite(fn: () => void): void {
    this.w.inOneWrite(fn);
  }

  close(): void {
    this.auth?.close();
    this.world?.close();
  }
}
