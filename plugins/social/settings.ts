// The social plugin's settings (plugins.settings.social in the realm config). Defaults
// follow the C++ cores' defaults where they exist (reliability.md §2.2, protocol.md §2).
import { s, type Infer } from "../../server/api/index.ts";

export const settingsSchema = s.object({
  sayRange: s.number(25, { min: 1, max: 500, doc: "yards a /say (and /emote, text emotes) reaches" }),
  yellRange: s.number(300, { min: 1, max: 2000, doc: "yards a /yell reaches" }),
  maxMessageBytes: s.int(255, { min: 16, max: 4000, doc: "longer chat lines are refused with a notification" }),
  flood: s.object({
    messageCount: s.int(10, { min: 0, max: 1000, doc: "messages sent less than messageDelayMs apart that trigger a mute (0 = no flood control)" }),
    messageDelayMs: s.int(1000, { min: 1, max: 60_000 }),
    muteMs: s.int(10_000, { min: 0, max: 3_600_000 }),
    gmExempt: s.bool(true, { doc: "GM accounts are never flood-muted" }),
  }),
  extraLanguages: s.list(s.int(0, { min: 0, max: 255 }), [], { doc: "languages every character may speak besides its race's (0 universal is always allowed)" }),
  crossFaction: s.object({
    whisper: s.bool(false, { doc: "whispers across factions (else SMSG_CHAT_WRONG_FACTION)" }),
    channels: s.bool(false, { doc: "one channel namespace for both factions (else custom and zone channels are per faction)" }),
    who: s.bool(false, { doc: "/who lists the other faction" }),
    groups: s.bool(false, { doc: "invite across factions (else PLAYER_WRONG_FACTION)" }),
    friends: s.bool(false, { doc: "befriend the other faction (else FRIEND_ENEMY)" }),
  }),
  gmChatTag: s.bool(true, { doc: "GM accounts speak with the GM tag (SMSG_GM_MESSAGECHAT)" }),
  whoMaxResults: s.int(49, { min: 1, max: 49, doc: "entries in a /who reply (design.md §6)" }),
  whoGmVisibleLevel: s.int(0, { min: 0, max: 4, doc: "GMs above this level are hidden from players' /who" }),
  maxFriends: s.int(50, { min: 1, max: 500 }),
  maxIgnores: s.int(50, { min: 1, max: 500 }),
  channelNameMax: s.int(31, { min: 1, max: 100, doc: "bytes in a custom channel name" }),
  zoneChannels: s.bool(true, { doc: "join General / LocalDefense (and Trade in cities) by zone" }),
  zonePollMs: s.int(1000, { min: 100, max: 60_000, doc: "how often zone changes are read from the presence table" }),
  inviteTtlMs: s.int(120_000, { min: 1000, max: 3_600_000, doc: "how long a group invitation stays valid" }),
  readyCheckMs: s.int(35_000, { min: 1000, max: 600_000, doc: "a ready check ends after this long" }),
  raidWarningInParty: s.bool(true, { doc: "party leaders may send raid warnings" }),
});

export type SocialSettings = Infer<typeof settingsSchema>;
