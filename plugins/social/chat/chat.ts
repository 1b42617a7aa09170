// CMSG_MESSAGECHAT (protocol.md §2.14): checks, then delivery by chat type. Order of the
// checks: length (> maxMessageBytes refused), the flood mute (in memory, before any
// lookup), AFK/DND toggles (allowed while muted), the account mute (`.mute`), the
// language, the links, the flood count, the chat.message transform hook. Every refusal
// tells the sender and delivers nothing.
// GM command lines never get here (services-role runs them first).
import { CoreHooks, proto, SocialHooks, type ChatEvent, type OnlinePlayer, type SessionHandle } from "../../../server/api/index.ts";
import type { Contacts } from "../contacts/contacts.ts";
import type { Social } from "../social.ts";
import { onAway } from "./away.ts";
import { formatWait } from "./flood.ts";
import { canSpeak, LANG_ADDON } from "./languages.ts";
import { checkLinks } from "./links.ts";
import { chatLine, speakerOf, type Speaker } from "./packets.ts";
import { whisper } from "./whisper.ts";

const T = proto.ChatMsg;

export interface ChatRoutes {
  contacts: Contacts;
  /** PARTY, PARTY_LEADER, RAID, RAID_LEADER, RAID_WARNING */
  groupChat(s: SessionHandle, me: OnlinePlayer, type: number, language: number, text: string, sp: Speaker): Promise<void>;
  /** CHANNEL */
  channelChat(s: SessionHandle, me: OnlinePlayer, channel: string, language: number, text: string, sp: Speaker): Promise<void>;
}

const GROUP_TYPES = new Set<number>([T.PARTY, T.PARTY_LEADER, T.RAID, T.RAID_LEADER, T.RAID_WARNING]);
/** Types an addon message (language 0xFFFFFFFF) may use. */
const ADDON_TYPES = new Set<number>([T.PARTY, T.RAID, T.GUILD, T.OFFICER, T.WHISPER, T.BATTLEGROUND, T.CHANNEL]);

export const TOO_LONG = (max: number) => `Your message is too long (at most ${max} bytes).`;
export const NOT_LEARNED = "You don't know that language.";
export const BAD_LINK = "Your message contains an invalid link and was not sent.";
export const waitText = (ms: number) => `You must wait ${formatWait(ms)} before speaking again.`;

/** Ms left on the speaker's account mute (`.mute`; 0 = none). */
async function accountMutedFor(X: Social, s: SessionHandle): Promise<number> {
  const account = await X.ctx.accounts.byId(s.accountId);
  const now = X.now();
  return account && account.muteUntil > now ? account.muteUntil - now : 0;
}

export async function onChat(X: Social, r: ChatRoutes, s: SessionHandle, m: proto.ClientChat): Promise<void> {
  if (!s.characterGuid) return;
  const bytes = Buffer.byteLength(m.message, "utf8");
  if (bytes > X.cfg.maxMessageBytes) return X.notify(s, TOO_LONG(X.cfg.maxMessageBytes));
  const addon = m.language === LANG_ADDON;
  if (addon && !ADDON_TYPES.has(m.type)) return;
  const away = m.type === T.AFK || m.type === T.DND;
  // a flood-muted speaker is refused before any lookup: a flood costs the server little
  const flooded = away || addon ? 0 : X.flood.mutedFor(s.characterGuid, X.now());
  if (flooded > 0) return X.notify(s, waitText(flooded));
  const me = await X.me(s);
  if (!me) return;
  if (away) return onAway(X, s, me, m.type, m.message);
  const wait = await accountMutedFor(X, s);
  if (wait > 0) return X.notify(s, waitText(wait));
  if (!addon) {
    if (!canSpeak(m.language, X.ctx.content.languages(me.race), s.gmLevel, X.cfg.extraLanguages)) return X.notify(s, NOT_LEARNED);
    const links = checkLinks(m.message, { item: (e) => X.ctx.content.items.get(e) });
    if (!links.ok) {
      X.ctx.log.debug({ guid: me.guid, reason: links.reason }, "chat line with a malformed link dropped");
      return X.notify(s, BAD_LINK);
    }
    if (!(X.cfg.flood.gmExempt && s.gmLevel > 0)) {
      const f = X.flood.hit(me.guid, X.now());
      if (f > 0) return X.notify(s, waitText(f));
    }
  }
  let text = m.message;
  if (!addon) {
    const ev: ChatEvent = { sender: { guid: me.guid, name: me.name, accountId: me.accountId, race: me.race, class: me.class, gender: me.gender, level: me.level, map: me.map, zone: me.zone, gmLevel: me.gmLevel }, type: m.type, language: m.language, target: m.target, text };
    text = X.ctx.hooks.run(CoreHooks.chatMessage, ev).text;
    if (text === "") return;
  }
  const sp = speakerOf(X, me);
  switch (m.type) {
    case T.SAY:
    case T.YELL:
    case T.EMOTE: {
      if (addon) return;
      const range = m.type === T.YELL ? X.cfg.yellRange : X.cfg.sayRange;
      const exclude = await r.contacts.store.ignoredBy(me.guid);
      const l = chatLine(X, m.type, m.language, sp, text);
      await X.ctx.world.sendNear(me.guid, range, l.opcode, l.body, { includeSelf: true, exclude });
      return;
    }
    case T.WHISPER:
      return whisper(X, r.contacts, s, me, m.target, m.language, text, sp);
    case T.CHANNEL:
      return r.channelChat(s, me, m.target, m.language, text, sp);
    case T.GUILD:
    case T.OFFICER: {
      const handled = X.ctx.hooks.run(SocialHooks.guildChat, {
        sender: { guid: me.guid, name: me.name, accountId: me.accountId, race: me.race, class: me.class, gender: me.gender, level: me.level, map: me.map, zone: me.zone, gmLevel: me.gmLevel, guildId: me.guildId },
        type: m.type,
        language: m.language,
        text,
        chatTag: sp.tag,
        ignoredBy: await r.contacts.store.ignoredBy(me.guid),
      });
      if (handled !== true && !addon) X.system(s, "You are not in a guild.");
      return;
    }
    default:
      if (GROUP_TYPES.has(m.type)) return r.groupChat(s, me, m.type, m.language, text, sp);
      X.ctx.log.debug({ type: m.type }, "chat type not handled");
  }
}
