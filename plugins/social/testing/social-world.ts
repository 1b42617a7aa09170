// Test support for the social plugin's socket tests: a booted realm (server/testing
// world helpers), players logged in with the headless client (bench/client), and decoded
// views of what each one received. Waits poll the packet log; "nothing arrived" checks use
// a later packet that must arrive after it (a barrier) instead of sleeping.
import { ByteReader, type ByteWriter } from "../../../bench/client/bytes.ts";
import type { HeadlessClient } from "../../../bench/client/headless-client.ts";
import { readChannelList, readChannelNotify, writeChannelRequest, writeJoinChannel, type ChannelNotifyMessage } from "../../../bench/client/messages/channels.ts";
import { ChatType, readCString, readServerMessageChat, type ServerMessageChat } from "../../../bench/client/messages/chat.ts";
import { readGroupInvite, readGroupList, readPartyCommandResult, writeGroupInvite, type GroupListMessage } from "../../../bench/client/messages/group.ts";
import { Opcode } from "../../../bench/client/messages/opcodes.ts";
import { readContactList, readFriendStatus, type FriendStatusMessage } from "../../../bench/client/messages/social.ts";
import { startWorld, type World } from "../../../server/testing/world-helpers.ts";

export { ChatType, Opcode };

/** The orchestrator's cache key for a character's group (ARCHITECTURE.md, server/ops/group-of.ts). */
export const groupOfKey = (guid: number | bigint) => `group-of:${guid}`;

/** The social settings tests use: zone changes noticed quickly. */
export const TEST_SETTINGS = { zonePollMs: 100 };

export const HUMAN = 1;
export const ORC = 2;
export const DARNASSUS = { map: 1, x: 9949.56, y: 2284.21, z: 1341.4, zone: 1657 };
export const GOLDSHIRE = { map: 0, x: -9464, y: 62, z: 56, zone: 12 };

type Decoder<T> = (r: ByteReader) => T;

export class Pc {
  constructor(
    readonly c: HeadlessClient,
    readonly name: string,
    readonly account: string,
  ) {}

  get guid(): bigint {
    return this.c.guid;
  }
  get log() {
    return this.c.world!.log;
  }
  /** Sequence number of the next packet (pass as `since`). */
  mark(): number {
    return this.c.world!.nextSeq;
  }

  send(opcode: number, write: (w: ByteWriter) => void = () => {}): void {
    this.c.world!.packet(opcode, write);
  }

  chat(type: number, text: string, target?: string, language?: number): void {
    this.c.chat(type, text, target, language);
  }

  /** Every packet of `opcode` since `since`, decoded. */
  all<T>(opcode: number, decode: Decoder<T>, since = 0): T[] {
    return this.log.filter((p) => p.seq >= since && p.opcode === opcode).map((p) => decode(new ByteReader(p.payload)));
  }

  /** The first packet of `opcode` at or after `since` that matches, decoded (waits up to timeoutMs). */
  async wait<T>(opcode: number, decode: Decoder<T>, pred: (v: T) => boolean = () => true, since = 0, timeoutMs = 4000): Promise<T> {
    const p = await this.c.world!.waitFor(opcode, (x) => pred(decode(new ByteReader(x.payload))), timeoutMs, since).catch((e: Error) => {
      throw new Error(`${this.name}: ${e.message}; got ${this.c.receivedSummary().split(", ").slice(-15).join(", ")}`);
    });
    return decode(new ByteReader(p.payload));
  }

  /** Chat lines (SMSG_MESSAGECHAT and the GM variant) since `since`. */
  chats(since = 0): ServerMessageChat[] {
    return [...this.all(Opcode.SMSG_MESSAGECHAT, (r) => readServerMessageChat(r), since), ...this.all(Opcode.SMSG_GM_MESSAGECHAT, (r) => readServerMessageChat(r, true), since)];
  }
  async waitChat(pred: (m: ServerMessageChat) => boolean, since = 0, timeoutMs = 4000): Promise<ServerMessageChat> {
    const gm = this.wait(Opcode.SMSG_GM_MESSAGECHAT, (r) => readServerMessageChat(r, true), pred, since, timeoutMs);
    const normal = this.wait(Opcode.SMSG_MESSAGECHAT, (r) => readServerMessageChat(r), pred, since, timeoutMs);
    gm.catch(() => undefined);
    normal.catch(() => undefined);
    return Promise.any([normal, gm]).catch(() => normal);
  }
  heard(text: string, since = 0): ServerMessageChat[] {
    return this.chats(since).filter((m) => m.message === text);
  }
  notifications(since = 0): string[] {
    return this.all(Opcode.SMSG_NOTIFICATION, readCString, since);
  }
  waitNotification(re: RegExp, since = 0): Promise<string> {
    return this.wait(Opcode.SMSG_NOTIFICATION, readCString, (t) => re.test(t), since);
  }
  channelNotes(since = 0): ChannelNotifyMessage[] {
    return this.all(Opcode.SMSG_CHANNEL_NOTIFY, readChannelNotify, since);
  }
  waitChannel(pred: (n: ChannelNotifyMessage) => boolean, since = 0): Promise<ChannelNotifyMessage> {
    return this.wait(Opcode.SMSG_CHANNEL_NOTIFY, readChannelNotify, pred, since);
  }
  join(channel: string, password = "", id = 0): void {
    this.send(Opcode.CMSG_JOIN_CHANNEL, (w) => writeJoinChannel(w, channel, password, id));
  }
  channelOp(opcode: number, channel: string, arg?: string): void {
    this.send(opcode, (w) => writeChannelRequest(w, channel, arg));
  }
  waitChannelList(channel: string, since = 0) {
    return this.wait(Opcode.SMSG_CHANNEL_LIST, readChannelList, (l) => l.channel === channel, since);
  }
  partyResults(since = 0) {
    return this.all(Opcode.SMSG_PARTY_COMMAND_RESULT, readPartyCommandResult, since);
  }
  waitPartyResult(pred: (r: ReturnType<typeof readPartyCommandResult>) => boolean, since = 0) {
    return this.wait(Opcode.SMSG_PARTY_COMMAND_RESULT, readPartyCommandResult, pred, since);
  }
  groupLists(since = 0): GroupListMessage[] {
    return this.all(Opcode.SMSG_GROUP_LIST, readGroupList, since);
  }
  waitGroupList(pred: (l: GroupListMessage) => boolean = () => true, since = 0): Promise<GroupListMessage> {
    return this.wait(Opcode.SMSG_GROUP_LIST, readGroupList, pred, since);
  }
  invite(name: string): void {
    this.send(Opcode.CMSG_GROUP_INVITE, (w) => writeGroupInvite(w, name));
  }
  waitInvite(since = 0) {
    return this.wait(Opcode.SMSG_GROUP_INVITE, readGroupInvite, () => true, since);
  }
  waitFriend(pred: (f: FriendStatusMessage) => boolean, since = 0): Promise<FriendStatusMessage> {
    return this.wait(Opcode.SMSG_FRIEND_STATUS, readFriendStatus, pred, since);
  }
  waitContactList(since = 0) {
    return this.wait(Opcode.SMSG_CONTACT_LIST, readContactList, () => true, since);
  }
  /** Types a GM command and waits for a SYSTEM reply matching `re`. */
  async command(line: string, re: RegExp): Promise<string[]> {
    const since = this.mark();
    this.c.say(line);
    await this.waitChat((m) => m.type === ChatType.SYSTEM && re.test(m.message), since);
    return this.chats(since).filter((m) => m.type === ChatType.SYSTEM).map((m) => m.message);
  }
  close(): void {
    this.c.close();
  }
}

export interface SocialWorld extends World {
  /** A new account with one character, logged in and in the world. */
  player(name: string, opts?: { race?: number; class?: number; gmLevel?: number; map?: number; x?: number; y?: number; z?: number; zone?: number; level?: number }): Promise<Pc>;
  /** Logs an existing character in again (new connection). */
  relog(p: Pc): Promise<Pc>;
  /** A full logout (needs the ManualClock: moves it past the 20 s wait), then closes the connection. */
  logout(p: Pc): Promise<void>;
}

let seq = 0;

export async function socialWorld(overrides: NonNullable<Parameters<typeof startWorld>[0]> = {}, o: Parameters<typeof startWorld>[1] = {}): Promise<SocialWorld> {
  const settings = (overrides.plugins?.settings as Record<string, unknown> | undefined)?.social ?? {};
  const w = await startWorld({ ...overrides, roles: ["auth", "gateway", "world", "orchestrator", "services"], plugins: { ...overrides.plugins, settings: { ...overrides.plugins?.settings, social: { ...TEST_SETTINGS, ...(settings as object) } } } }, o);
  const sw = w as SocialWorld;
  sw.player = async (name, opts = {}) => {
    const account = `S${process.pid % 1000}${++seq}`.toUpperCase().slice(0, 16);
    const { race = HUMAN, class: cls = 1, gmLevel = 0, ...at } = opts;
    await w.character(account, name, { race, class: cls, gmLevel, ...(at.map !== undefined ? {} : GOLDSHIRE), ...at });
    const c = await w.enter(account, name);
    return new Pc(c, name, account);
  };
  sw.relog = async (p) => new Pc(await w.enter(p.account, p.name), p.name, p.account);
  sw.logout = async (p) => {
    const since = p.mark();
    p.send(Opcode.CMSG_LOGOUT_REQUEST);
    await p.wait(Opcode.SMSG_LOGOUT_RESPONSE, (r) => r.u32(), () => true, since);
    w.advance(20_000);
    await p.wait(Opcode.SMSG_LOGOUT_COMPLETE, () => 1, () => true, since);
    p.close();
  };
  return sw;
}
