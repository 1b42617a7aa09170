// Channel operations across processes. Channel documents live in the shared cache (Redis
// in cluster mode) under `chan:<team>:<name>`; every change takes that channel's lock
// (KeyedLock: local chain + cache key), applies the rules of model.ts, writes the
// document back and sends the notifications it produced. Each character's channels are
// indexed under `chans:<guid>` (logout, reconnect, zone changes). Why not one owner
// process: any services host may serve any session (the gateway picks by account), and a
// shared document with a per-channel lock needs no election or failover.
import { proto, type OnlinePlayer, type SessionHandle } from "../../../server/api/index.ts";
import { chatLine, type Speaker } from "../chat/packets.ts";
import type { Contacts } from "../contacts/contacts.ts";
import type { Social } from "../social.ts";
import { teamOf } from "../state/faction.ts";
import { ChannelOps, newChannel, type Actor, type Channel, type Out } from "./model.ts";
import { constantChannel } from "./zone.ts";

const N = proto.ChannelNotifyType;
const REGISTRY = "channels";

export const playerChansKey = (g: number) => `chans:${g}`;

/** A valid channel name: 1..max bytes, no control characters or "|", no leading digit or space. */
export function validChannelName(name: string, max: number): boolean {
  if (name.length === 0 || Buffer.byteLength(name, "utf8") > max) return false;
  if (/^[\s\d]|\s$/.test(name)) return false;
  return !/[\x00-\x1f|]/.test(name);
}

export function actorOf(p: OnlinePlayer, s?: { gatewayId: number; sessionId: number }): Actor {
  return { guid: p.guid, name: p.name, gatewayId: s?.gatewayId ?? p.gatewayId, sessionId: s?.sessionId ?? p.sessionId, gm: p.gmLevel > 0 };
}

export class Channels {
  constructor(
    private X: Social,
    private contacts: Contacts,
  ) {}

  /** Channels are per faction unless crossFaction.channels. */
  key(name: string, race: number): string {
    const team = this.X.cfg.crossFaction.channels ? "x" : teamOf(race) === proto.Team.ALLIANCE ? "a" : "h";
    return `chan:${team}:${name.toLowerCase()}`;
  }

  get(key: string): Promise<Channel | undefined> {
    return this.X.vol.get<Channel>(key);
  }

  /** Sends what an operation produced (gateway 0 = nobody: a console GM, a gone player). */
  private deliver(out: Out[]): void {
    for (const o of out) {
      const body = this.X.encode(proto.SMSG_CHANNEL_NOTIFY, o.n);
      for (const to of o.to) if (to.gatewayId) this.X.sendRaw(to, proto.Opcode.SMSG_CHANNEL_NOTIFY, body);
    }
  }

  private async save(key: string, c: Channel): Promise<void> {
    if (c.members.length === 0) {
      await this.X.vol.delete(key);
      await this.registry(key, false);
    } else await this.X.vol.put(key, c);
  }

  private registry(key: string, add: boolean): Promise<void> {
    return this.X.lock.with(REGISTRY, async () => {
      const l = (await this.X.vol.get<string[]>(REGISTRY)) ?? [];
      if (add && !l.includes(key)) await this.X.vol.put(REGISTRY, [...l, key]);
      else if (!add && l.includes(key)) await this.X.vol.put(REGISTRY, l.filter((k) => k !== key));
    });
  }

  /** Every channel key (GM commands). */
  async all(): Promise<string[]> {
    return (await this.X.vol.get<string[]>(REGISTRY)) ?? [];
  }

  private index(guid: number, key: string, add: boolean): Promise<void> {
    return this.X.lock.with(playerChansKey(guid), async () => {
      const l = (await this.X.vol.get<string[]>(playerChansKey(guid))) ?? [];
      if (add && !l.includes(key)) await this.X.vol.put(playerChansKey(guid), [...l, key]);
      else if (!add && l.includes(key)) await this.X.vol.put(playerChansKey(guid), l.filter((k) => k !== key));
    });
  }

  /** The channels a character is in (document keys). */
  async of(guid: number): Promise<string[]> {
    return (await this.X.vol.get<string[]>(playerChansKey(guid))) ?? [];
  }

  /**
   * Runs an operation on an existing channel under its lock. `missing` runs when it does
   * not exist (NOT_MEMBER for the actor by default).
   */
  async op(key: string, name: string, a: Actor | undefined, fn: (o: ChannelOps, c: Channel) => void | Promise<void>): Promise<Channel | undefined> {
    const out: Out[] = [];
    let left: number[] = [];
    const c = await this.X.lock.with(key, async () => {
      const c = await this.get(key);
      if (!c) {
        if (a) out.push({ to: [a], n: proto.channelNotify(N.NOT_MEMBER, name) });
        return undefined;
      }
      const before = new Set(c.members.map((m) => m.guid));
      const o = new ChannelOps(c);
      await fn(o, c);
      out.push(...o.out);
      left = [...before].filter((g) => !c.members.some((m) => m.guid === g));
      await this.save(key, c);
      return c;
    });
    for (const g of left) await this.index(g, key, false);
    this.deliver(out);
    return c;
  }

  async join(s: { gatewayId: number; sessionId: number }, me: OnlinePlayer, name: string, password: string, channelId: number): Promise<void> {
    const cc = channelId ? constantChannel(channelId) : undefined;
    if ((channelId && !cc) || !validChannelName(name, cc ? proto.CHANNEL_NAME_MAX : this.X.cfg.channelNameMax)) {
      return this.X.send(s, proto.SMSG_CHANNEL_NOTIFY, proto.channelNotify(N.INVALID_NAME, name));
    }
    const key = this.key(name, me.race);
    const a = actorOf(me, s);
    const out: Out[] = [];
    let joined = false;
    let created = false;
    await this.X.lock.with(key, async () => {
      let c = await this.get(key);
      if (!c) {
        c = newChannel(name, cc?.id ?? 0, cc?.flags ?? 0);
        created = true;
      }
      const o = new ChannelOps(c);
      joined = o.join(a, password);
      out.push(...o.out);
      if (joined || !created) await this.save(key, c);
    });
    if (created && joined) await this.registry(key, true);
    if (joined) await this.index(me.guid, key, true);
    this.deliver(out);
  }

  async leave(s: { gatewayId: number; sessionId: number }, me: OnlinePlayer, name: string): Promise<void> {
    await this.op(this.key(name, me.race), name, actorOf(me, s), (o) => void o.leave(actorOf(me, s)));
  }

  /** Leaves every channel (logout: nobody to tell the leaver); `keep` skips some. */
  async leaveAll(guid: number, keep?: (key: string) => boolean): Promise<void> {
    for (const key of await this.of(guid)) {
      if (keep?.(key)) continue;
      const c = await this.op(key, "", undefined, (o) => void o.leave({ guid, gatewayId: 0, sessionId: 0 }, false));
      if (!c) await this.index(guid, key, false);
    }
  }

  /** After a reconnect: new session address in every channel, YOU_JOINED again. */
  async rejoinAll(s: { gatewayId: number; sessionId: number }, me: OnlinePlayer): Promise<void> {
    for (const key of await this.of(me.guid)) {
      await this.op(key, "", undefined, (o, c) => {
        const m = c.members.find((x) => x.guid === me.guid);
        if (!m) return;
        m.gatewayId = s.gatewayId;
        m.sessionId = s.sessionId;
        o.out.push({ to: [s], n: proto.channelNotify(N.YOU_JOINED, c.name, { channelFlags: c.flags, channelId: c.id }) });
      });
    }
  }

  /** CMSG_MESSAGECHAT type CHANNEL: members who ignore the speaker do not get it. */
  async say(s: SessionHandle, me: OnlinePlayer, name: string, language: number, text: string, sp: Speaker): Promise<void> {
    const key = this.key(name, me.race);
    const c = await this.get(key);
    const a = actorOf(me, s);
    if (!c) return this.X.send(s, proto.SMSG_CHANNEL_NOTIFY, proto.channelNotify(N.NOT_MEMBER, name));
    const o = new ChannelOps(c);
    if (!o.canSpeak(a)) return this.deliver(o.out);
    const ignoring = new Set(await this.contacts.store.ignoredBy(me.guid));
    const l = chatLine(this.X, proto.ChatMsg.CHANNEL, language, sp, text, c.name);
    for (const m of c.members) if (!ignoring.has(m.guid)) this.X.sendRaw(m, l.opcode, l.body);
  }

  /** SMSG_CHANNEL_LIST to the actor. */
  async list(s: SessionHandle, me: OnlinePlayer, name: string): Promise<void> {
    const c = await this.get(this.key(name, me.race));
    if (!c) return this.X.send(s, proto.SMSG_CHANNEL_NOTIFY, proto.channelNotify(N.NOT_MEMBER, name));
    const o = new ChannelOps(c);
    const l = o.list(actorOf(me, s));
    if (l) this.X.send(s, proto.SMSG_CHANNEL_LIST, l);
    else this.deliver(o.out);
  }

  async memberCount(s: SessionHandle, me: OnlinePlayer, name: string): Promise<void> {
    const c = await this.get(this.key(name, me.race));
    if (c) this.X.send(s, proto.SMSG_CHANNEL_MEMBER_COUNT, { channel: c.name, channelFlags: c.flags, count: c.members.length });
  }
}
