// The channel opcodes (protocol.md §2.14 "Channels"): join/leave, moderation requests,
// lists and counts, each mapped onto Channels.
import { proto, type PluginContext, type SessionHandle } from "../../../server/api/index.ts";
import type { Social } from "../social.ts";
import { findCharacter, type Contacts } from "../contacts/contacts.ts";
import { sameTeam } from "../state/faction.ts";
import { actorOf, type Channels } from "./channels.ts";
import type { ChannelOps } from "./model.ts";

const MF = proto.ChannelMemberFlags;

export function registerChannelHandlers(ctx: PluginContext<any>, X: Social, ch: Channels, contacts: Contacts): void {
  const on = <T>(def: proto.MessageDef<T>, fn: (s: SessionHandle, me: NonNullable<Awaited<ReturnType<Social["me"]>>>, m: T) => Promise<void>) =>
    ctx.onOpcode(def, async (s, m) => {
      const me = await X.me(s);
      if (me) await fn(s, me, m);
    });
  /** A moderation request on a named channel. */
  const mod = (def: proto.MessageDef<proto.ChannelPlayer>, f: (o: ChannelOps, a: ReturnType<typeof actorOf>, name: string) => void) =>
    on(def, async (s, me, m) => void (await ch.op(ch.key(m.channel, me.race), m.channel, actorOf(me, s), (o) => f(o, actorOf(me, s), m.name))));
  const simple = (def: proto.MessageDef<proto.ChannelOnly>, f: (o: ChannelOps, a: ReturnType<typeof actorOf>) => void) =>
    on(def, async (s, me, m) => void (await ch.op(ch.key(m.channel, me.race), m.channel, actorOf(me, s), (o) => f(o, actorOf(me, s)))));

  on(proto.CMSG_JOIN_CHANNEL, (s, me, m) => ch.join(s, me, m.name, m.password, m.channelId));
  on(proto.CMSG_LEAVE_CHANNEL, (s, me, m) => ch.leave(s, me, m.name));
  on(proto.CMSG_CHANNEL_LIST, (s, me, m) => ch.list(s, me, m.channel));
  on(proto.CMSG_CHANNEL_DISPLAY_LIST, (s, me, m) => ch.list(s, me, m.channel));
  on(proto.CMSG_GET_CHANNEL_MEMBER_COUNT, (s, me, m) => ch.memberCount(s, me, m.channel));
  on(proto.CMSG_CHANNEL_PASSWORD, async (s, me, m) => void (await ch.op(ch.key(m.channel, me.race), m.channel, actorOf(me, s), (o) => o.password(actorOf(me, s), m.password))));
  simple(proto.CMSG_CHANNEL_OWNER, (o, a) => o.whoOwns(a));
  simple(proto.CMSG_CHANNEL_ANNOUNCEMENTS, (o, a) => o.toggleAnnounce(a));
  simple(proto.CMSG_CHANNEL_MODERATE, (o, a) => o.toggleModerate(a));
  mod(proto.CMSG_CHANNEL_SET_OWNER, (o, a, n) => o.changeOwner(a, n));
  mod(proto.CMSG_CHANNEL_MODERATOR, (o, a, n) => o.setMode(a, n, MF.MODERATOR, true));
  mod(proto.CMSG_CHANNEL_UNMODERATOR, (o, a, n) => o.setMode(a, n, MF.MODERATOR, false));
  mod(proto.CMSG_CHANNEL_MUTE, (o, a, n) => o.setMode(a, n, MF.MUTED, true));
  mod(proto.CMSG_CHANNEL_UNMUTE, (o, a, n) => o.setMode(a, n, MF.MUTED, false));
  mod(proto.CMSG_CHANNEL_KICK, (o, a, n) => void o.kick(a, n, false));
  mod(proto.CMSG_CHANNEL_BAN, (o, a, n) => void o.kick(a, n, true));
  on(proto.CMSG_CHANNEL_UNBAN, async (s, me, m) => {
    const t = await findCharacter(X, m.name);
    await ch.op(ch.key(m.channel, me.race), m.channel, actorOf(me, s), (o) => o.unban(actorOf(me, s), m.name, t?.guid));
  });
  on(proto.CMSG_CHANNEL_INVITE, async (s, me, m) => {
    const t = await X.ctx.sessions.byName(m.name);
    const ignores = t ? await contacts.store.isIgnoring(t.guid, me.guid) : false;
    await ch.op(ch.key(m.channel, me.race), m.channel, actorOf(me, s), (o) => o.invite(actorOf(me, s), m.name, t ? actorOf(t) : undefined, { sameTeam: !t || X.cfg.crossFaction.channels || sameTeam(me, t), ignoresActor: ignores }));
  });
  on(proto.CMSG_DECLINE_CHANNEL_INVITE, async () => {});
}
