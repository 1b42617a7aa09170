// One chat channel as a plain document and the rules of every operation on it, without
// I/O: each operation changes the document and returns the SMSG_CHANNEL_NOTIFY packets to
// send and to whom (addresses copied at that moment). Rules follow the cores' Channel.cpp
// (protocol.md §2.14): members, owner, moderators, mutes, bans, password, announcements,
// moderation. GMs act with owner rights. Unit-tested in model.test.ts.
import { proto } from "../../../server/api/index.ts";

const N = proto.ChannelNotifyType;
const MF = proto.ChannelMemberFlags;

export interface Member {
  guid: number;
  name: string;
  flags: number;
  /** where to send (refreshed on every join and reconnect) */
  gatewayId: number;
  sessionId: number;
}

export interface Channel {
  name: string;
  /** ChatChannels.dbc id; 0 = custom */
  id: number;
  flags: number;
  password: string;
  owner: number;
  announce: boolean;
  moderated: boolean;
  members: Member[];
  banned: number[];
}

export interface Actor {
  guid: number;
  name: string;
  gatewayId: number;
  sessionId: number;
  gm: boolean;
}

export interface Out {
  to: { gatewayId: number; sessionId: number }[];
  n: proto.ChannelNotify;
}

export function newChannel(name: string, id: number, flags: number): Channel {
  return { name, id, flags: id ? flags : flags | proto.ChannelFlags.CUSTOM, password: "", owner: 0, announce: id === 0, moderated: false, members: [], banned: [] };
}

export const isConstant = (c: Channel) => c.id !== 0;
const addr = (m: { gatewayId: number; sessionId: number }) => ({ gatewayId: m.gatewayId, sessionId: m.sessionId });
const all = (c: Channel) => c.members.map(addr);
const member = (c: Channel, guid: number) => c.members.find((m) => m.guid === guid);
const byName = (c: Channel, name: string) => c.members.find((m) => m.name.toLowerCase() === name.toLowerCase());
const note = (c: Channel, notify: number, f: Parameters<typeof proto.channelNotify>[2] = {}) => proto.channelNotify(notify, c.name, f);

export class ChannelOps {
  readonly out: Out[] = [];
  constructor(readonly c: Channel) {}

  private toActor(a: Pick<Actor, "gatewayId" | "sessionId">, notify: number, f: Parameters<typeof proto.channelNotify>[2] = {}): void {
    this.out.push({ to: [addr(a)], n: note(this.c, notify, f) });
  }
  private toAll(notify: number, f: Parameters<typeof proto.channelNotify>[2] = {}): void {
    if (this.c.members.length) this.out.push({ to: all(this.c), n: note(this.c, notify, f) });
  }
  private isMod(a: Actor): boolean {
    const m = member(this.c, a.guid);
    return a.gm || (!!m && (m.flags & (MF.OWNER | MF.MODERATOR)) !== 0);
  }
  private isOwner(a: Actor): boolean {
    return a.gm || this.c.owner === a.guid;
  }
  /** The common preamble: the actor must be a member (and a moderator). */
  private gate(a: Actor, needMod: boolean): boolean {
    if (!member(this.c, a.guid) && !a.gm) {
      this.toActor(a, N.NOT_MEMBER);
      return false;
    }
    if (needMod && !this.isMod(a)) {
      this.toActor(a, N.NOT_MODERATOR);
      return false;
    }
    return true;
  }

  private setFlags(m: Member, flags: number): void {
    if (m.flags === flags) return;
    const old = m.flags;
    m.flags = flags;
    this.toAll(N.MODE_CHANGE, { guid: BigInt(m.guid), oldFlags: old, newFlags: flags });
  }

  /** Makes `m` the owner (and moderator); the previous owner keeps moderator rights. */
  private setOwner(m: Member | undefined, exclaim: boolean): void {
    const prev = this.c.owner ? member(this.c, this.c.owner) : undefined;
    if (prev && prev !== m) this.setFlags(prev, prev.flags & ~MF.OWNER);
    this.c.owner = m?.guid ?? 0;
    if (!m) return;
    this.setFlags(m, m.flags | MF.OWNER | MF.MODERATOR);
    if (exclaim) this.toAll(N.OWNER_CHANGED, { guid: BigInt(m.guid) });
  }

  /** true when the actor is (now) a member. */
  join(a: Actor, password: string): boolean {
    const c = this.c;
    const m = member(c, a.guid);
    if (m) {
      m.gatewayId = a.gatewayId;
      m.sessionId = a.sessionId;
      if (!isConstant(c)) this.toActor(a, N.PLAYER_ALREADY_MEMBER, { guid: BigInt(a.guid) });
      return true;
    }
    if (c.banned.includes(a.guid) && !a.gm) {
      this.toActor(a, N.BANNED);
      return false;
    }
    if (c.password && password !== c.password) {
      this.toActor(a, N.WRONG_PASSWORD);
      return false;
    }
    if (c.announce) this.toAll(N.JOINED, { guid: BigInt(a.guid) });
    const nm: Member = { guid: a.guid, name: a.name, flags: 0, gatewayId: a.gatewayId, sessionId: a.sessionId };
    c.members.push(nm);
    this.toActor(a, N.YOU_JOINED, { channelFlags: c.flags, channelId: c.id });
    if (!isConstant(c) && !c.owner) this.setOwner(nm, c.members.length > 1);
    return true;
  }

  /** `notifySelf` false: the leaver is gone (logout), no YOU_LEFT. */
  leave(a: Pick<Actor, "guid" | "gatewayId" | "sessionId">, notifySelf = true): boolean {
    const c = this.c;
    const m = member(c, a.guid);
    if (!m) {
      if (notifySelf) this.out.push({ to: [addr(a)], n: note(c, N.NOT_MEMBER) });
      return false;
    }
    if (notifySelf) this.out.push({ to: [addr(a)], n: note(c, N.YOU_LEFT, { channelId: c.id }) });
    c.members = c.members.filter((x) => x !== m);
    if (c.announce) this.toAll(N.LEFT, { guid: BigInt(a.guid) });
    if (c.owner === a.guid) {
      c.owner = 0;
      if (!isConstant(c) && c.members.length) this.setOwner(c.members[0], true);
    }
    return true;
  }

  /** true when the actor may speak; otherwise the refusal was queued. */
  canSpeak(a: Actor): boolean {
    const m = member(this.c, a.guid);
    if (!m) {
      this.toActor(a, N.NOT_MEMBER);
      return false;
    }
    if (!a.gm && ((m.flags & MF.MUTED) !== 0 || (this.c.moderated && !this.isMod(a)))) {
      this.toActor(a, N.MUTED);
      return false;
    }
    return true;
  }

  password(a: Actor, pw: string): void {
    if (!this.gate(a, true)) return;
    this.c.password = pw;
    this.toAll(N.PASSWORD_CHANGED, { guid: BigInt(a.guid) });
  }

  changeOwner(a: Actor, targetName: string): void {
    if (!this.gate(a, false)) return;
    if (!this.isOwner(a) || isConstant(this.c)) return void this.toActor(a, N.NOT_OWNER);
    const t = byName(this.c, targetName);
    if (!t) return void this.toActor(a, N.PLAYER_NOT_FOUND, { name: targetName });
    this.setOwner(t, true);
  }

  whoOwns(a: Actor): void {
    if (!this.gate(a, false)) return;
    const o = this.c.owner ? member(this.c, this.c.owner) : undefined;
    this.toActor(a, N.CHANNEL_OWNER, { name: o?.name ?? "Nobody" });
  }

  /** Moderator or mute flag on a member. */
  setMode(a: Actor, targetName: string, flag: number, on: boolean): void {
    if (!this.gate(a, true)) return;
    const t = byName(this.c, targetName);
    if (!t) return void this.toActor(a, N.PLAYER_NOT_FOUND, { name: targetName });
    if (t.guid === this.c.owner && !this.isOwner(a)) return void this.toActor(a, N.NOT_OWNER);
    this.setFlags(t, on ? t.flags | flag : t.flags & ~flag);
  }

  /** Kick or ban; returns the removed member (its YOU_LEFT is queued). */
  kick(a: Actor, targetName: string, ban: boolean): Member | undefined {
    if (!this.gate(a, true)) return undefined;
    const t = byName(this.c, targetName);
    if (!t) return void this.toActor(a, N.PLAYER_NOT_FOUND, { name: targetName });
    if (t.guid === this.c.owner && !this.isOwner(a)) return void this.toActor(a, N.NOT_OWNER);
    if (ban && !this.c.banned.includes(t.guid)) this.c.banned.push(t.guid);
    this.toAll(ban ? N.PLAYER_BANNED : N.PLAYER_KICKED, { guid: BigInt(t.guid), by: BigInt(a.guid) });
    this.leave(t, true);
    return t;
  }

  unban(a: Actor, targetName: string, targetGuid: number | undefined): void {
    if (!this.gate(a, true)) return;
    if (targetGuid === undefined || !this.c.banned.includes(targetGuid)) return void this.toActor(a, N.PLAYER_NOT_BANNED, { name: targetName });
    this.c.banned = this.c.banned.filter((g) => g !== targetGuid);
    this.toAll(N.PLAYER_UNBANNED, { guid: BigInt(targetGuid), by: BigInt(a.guid) });
  }

  toggleAnnounce(a: Actor): void {
    if (!this.gate(a, true)) return;
    this.c.announce = !this.c.announce;
    this.toAll(this.c.announce ? N.ANNOUNCEMENTS_ON : N.ANNOUNCEMENTS_OFF, { guid: BigInt(a.guid) });
  }

  toggleModerate(a: Actor): void {
    if (!this.gate(a, true)) return;
    this.c.moderated = !this.c.moderated;
    this.toAll(this.c.moderated ? N.MODERATION_ON : N.MODERATION_OFF, { guid: BigInt(a.guid) });
  }

  /**
   * An invitation: the target (online, resolved by the caller) gets INVITE unless it
   * ignores the actor; the actor gets PLAYER_INVITED or the reason it failed.
   */
  invite(a: Actor, targetName: string, target: Actor | undefined, opts: { sameTeam: boolean; ignoresActor: boolean }): void {
    if (!this.gate(a, false)) return;
    if (!target) return void this.toActor(a, N.PLAYER_NOT_FOUND, { name: targetName });
    if (this.c.banned.includes(target.guid)) return void this.toActor(a, N.PLAYER_INVITE_BANNED, { name: target.name });
    if (!opts.sameTeam && !a.gm) return void this.toActor(a, N.INVITE_WRONG_FACTION);
    if (member(this.c, target.guid)) return void this.toActor(a, N.PLAYER_ALREADY_MEMBER, { guid: BigInt(target.guid) });
    if (!opts.ignoresActor) this.out.push({ to: [addr(target)], n: note(this.c, N.INVITE, { guid: BigInt(a.guid) }) });
    this.toActor(a, N.PLAYER_INVITED, { name: target.name });
  }

  list(a: Actor): proto.ChannelList | undefined {
    if (!this.gate(a, false)) return undefined;
    return { display: 1, channel: this.c.name, channelFlags: this.c.flags, members: this.c.members.map((m) => ({ guid: BigInt(m.guid), flags: m.flags })) };
  }
}
