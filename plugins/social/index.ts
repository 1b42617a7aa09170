// The social plugin (issue 8): chat, channels, /who, friends and ignores, parties and
// raids. A plugin on the public API only: every packet it sends goes through
// ctx.sessions / ctx.world, every piece of state through ctx.data (persistent: contacts,
// groups) or ctx.cache (shared and volatile: channels, invitations, AFK/DND, locks), so
// players on different world hosts and services processes see one another.
import { definePlugin, proto } from "../../server/api/index.ts";
import { onChat, type ChatRoutes } from "./chat/chat.ts";
import { onEmote, onTextEmote } from "./chat/text-emotes.ts";
import { ignoredLine } from "./chat/packets.ts";
import { Channels } from "./channels/channels.ts";
import { registerChannelHandlers } from "./channels/handlers.ts";
import { ZoneChannels } from "./channels/zone-sync.ts";
import { registerCommands } from "./commands.ts";
import { Contacts } from "./contacts/contacts.ts";
import { Groups } from "./group/groups.ts";
import { registerGroupHandlers } from "./group/handlers.ts";
import { partyChat } from "./group/party-chat.ts";
import { groupZoneChanged } from "./group/presence.ts";
import { ReadyChecks } from "./group/ready-check.ts";
import { registerLifecycle } from "./lifecycle.ts";
import { settingsSchema } from "./settings.ts";
import { lowGuid, Social } from "./social.ts";
import { onWho } from "./who.ts";

export default definePlugin({
  name: "social",
  version: "1.0.0",
  description: "Chat, channels, who, friends and ignore, party and raid",
  config: settingsSchema,
  setup(ctx) {
    const X = new Social(ctx);
    X.flood.restore((ctx.restored as { flood?: unknown } | undefined)?.flood);
    const contacts = new Contacts(X);
    const channels = new Channels(X, contacts);
    const groups = new Groups(X, contacts);
    const ready = new ReadyChecks(groups);
    const zones = new ZoneChannels(X, channels, (p) => groupZoneChanged(groups, p));

    const routes: ChatRoutes = {
      contacts,
      groupChat: (s, me, type, language, text, sp) => partyChat(groups, contacts, s, me, type, language, text, sp),
      channelChat: (s, me, name, language, text, sp) => channels.say(s, me, name, language, text, sp),
    };
    ctx.onOpcode(proto.CMSG_MESSAGECHAT, (s, m) => onChat(X, routes, s, m));
    ctx.onOpcode(proto.CMSG_TEXT_EMOTE, (s, m) => onTextEmote(X, contacts, s, m));
    ctx.onOpcode(proto.CMSG_EMOTE, (s, m) => onEmote(X, s, m));
    ctx.onOpcode(proto.CMSG_CHAT_IGNORED, async (s, m) => {
      // a client that filtered a line itself: tell the speaker (protocol.md §2.14.2)
      const me = await X.me(s);
      const speaker = await X.player(lowGuid(m.guid));
      if (!me || !speaker) return;
      const l = ignoredLine(X, me);
      X.sendRaw(speaker, l.opcode, l.body);
    });
    ctx.onOpcode(proto.CMSG_WHO, (s, m) => onWho(X, s, m));

    ctx.onOpcode(proto.CMSG_CONTACT_LIST, async (s, m) => {
      if (s.characterGuid) await contacts.sendList(s, s.characterGuid, m.flags & 7 || 7);
    });
    const withMe = <T>(fn: (s: Parameters<Parameters<typeof ctx.onOpcode<T>>[1]>[0], me: NonNullable<Awaited<ReturnType<Social["me"]>>>, m: T) => Promise<void>) => async (s: Parameters<Parameters<typeof ctx.onOpcode<T>>[1]>[0], m: T) => {
      const me = await X.me(s);
      if (me) await fn(s, me, m);
    };
    ctx.onOpcode(proto.CMSG_ADD_FRIEND, withMe((s, me, m: proto.AddFriend) => contacts.addFriend(s, me, m.name, m.note)));
    ctx.onOpcode(proto.CMSG_DEL_FRIEND, withMe((s, me, m: proto.GuidBody) => contacts.removeFriend(s, me, m.guid)));
    ctx.onOpcode(proto.CMSG_SET_CONTACT_NOTES, withMe((_s, me, m: proto.ContactNote) => contacts.setNote(me, m.guid, m.note)));
    ctx.onOpcode(proto.CMSG_ADD_IGNORE, withMe((s, me, m: { name: string }) => contacts.addIgnore(s, me, m.name)));
    ctx.onOpcode(proto.CMSG_DEL_IGNORE, withMe((s, me, m: proto.GuidBody) => contacts.removeIgnore(s, me, m.guid)));

    registerChannelHandlers(ctx, X, channels, contacts);
    registerGroupHandlers(ctx, X, groups, ready);
    registerCommands(ctx, X, channels, groups);
    registerLifecycle(X, { contacts, channels, zones, groups });
    if (ctx.roles.includes("services")) ctx.timers.setInterval(() => X.background("zone poll", () => zones.poll()), X.cfg.zonePollMs);

    return {
      health: () => true,
      snapshot: () => ({ flood: X.flood.snapshot() }),
    };
  },
});
