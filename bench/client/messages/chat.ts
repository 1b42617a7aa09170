// Chat, notifications, emotes, zone update (protocol.md §2.14).
import type { ByteReader, ByteWriter } from "../bytes.ts";

export const ChatType = {
  SYSTEM: 0x00,
  SAY: 0x01,
  PARTY: 0x02,
  RAID: 0x03,
  GUILD: 0x04,
  OFFICER: 0x05,
  YELL: 0x06,
  WHISPER: 0x07,
  WHISPER_FOREIGN: 0x08,
  WHISPER_INFORM: 0x09,
  EMOTE: 0x0a,
  TEXT_EMOTE: 0x0b,
  MONSTER_SAY: 0x0c,
  MONSTER_PARTY: 0x0d,
  MONSTER_YELL: 0x0e,
  MONSTER_WHISPER: 0x0f,
  MONSTER_EMOTE: 0x10,
  CHANNEL: 0x11,
  CHANNEL_JOIN: 0x12,
  CHANNEL_LEAVE: 0x13,
  CHANNEL_LIST: 0x14,
  CHANNEL_NOTICE: 0x15,
  CHANNEL_NOTICE_USER: 0x16,
  AFK: 0x17,
  DND: 0x18,
  IGNORED: 0x19,
  SKILL: 0x1a,
  LOOT: 0x1b,
  MONEY: 0x1c,
  OPENING: 0x1d,
  TRADESKILLS: 0x1e,
  PET_INFO: 0x1f,
  COMBAT_MISC_INFO: 0x20,
  COMBAT_XP_GAIN: 0x21,
  COMBAT_HONOR_GAIN: 0x22,
  COMBAT_FACTION_CHANGE: 0x23,
  BG_SYSTEM_NEUTRAL: 0x24,
  BG_SYSTEM_ALLIANCE: 0x25,
  BG_SYSTEM_HORDE: 0x26,
  RAID_LEADER: 0x27,
  RAID_WARNING: 0x28,
  RAID_BOSS_EMOTE: 0x29,
  RAID_BOSS_WHISPER: 0x2a,
  FILTERED: 0x2b,
  BATTLEGROUND: 0x2c,
  BATTLEGROUND_LEADER: 0x2d,
  RESTRICTED: 0x2e,
  BATTLENET: 0x2f,
  ACHIEVEMENT: 0x30,
  GUILD_ACHIEVEMENT: 0x31,
  ARENA_POINTS: 0x32,
  PARTY_LEADER: 0x33,
} as const;

export const Language = {
  UNIVERSAL: 0,
  ORCISH: 1,
  DARNASSIAN: 2,
  TAURAHE: 3,
  DWARVISH: 6,
  COMMON: 7,
  THALASSIAN: 10,
  GNOMISH: 13,
  TROLL: 14,
  GUTTERSPEAK: 33,
  DRAENEI: 35,
  ADDON: 0xffffffff,
} as const;

export const ChatTag = { NONE: 0, AFK: 0x01, DND: 0x02, GM: 0x04, COMMENTATOR: 0x08, DEVELOPER: 0x10 } as const;

/** Chat types whose type-specific part starts with a SizedCString sender name. */
const NAMED_SENDER = new Set<number>([
  ChatType.MONSTER_SAY,
  ChatType.MONSTER_PARTY,
  ChatType.MONSTER_YELL,
  ChatType.MONSTER_WHISPER,
  ChatType.MONSTER_EMOTE,
  ChatType.RAID_BOSS_WHISPER,
  ChatType.RAID_BOSS_EMOTE,
  ChatType.BATTLENET,
  ChatType.WHISPER_FOREIGN,
]);

const BG_SYSTEM = new Set<number>([ChatType.BG_SYSTEM_NEUTRAL, ChatType.BG_SYSTEM_ALLIANCE, ChatType.BG_SYSTEM_HORDE]);

function isAchievement(type: number): boolean {
  return type === ChatType.ACHIEVEMENT || type === ChatType.GUILD_ACHIEVEMENT;
}

/** High GUID type (bits 52..63): 0x000 player, 0xF14 pet (protocol.md §0.1). */
export function isPlayerOrPetGuid(guid: bigint): boolean {
  const high = Number((guid >> 52n) & 0xfffn);
  return high === 0 || high === 0xf14;
}

/** CMSG_MESSAGECHAT: u32 type, u32 language, [CString target for WHISPER / CHANNEL], CString message. */
export function writeClientMessageChat(w: ByteWriter, type: number, language: number, message: string, target?: string): void {
  w.u32(type).u32(language);
  if (type === ChatType.WHISPER || type === ChatType.CHANNEL) w.cstring(target ?? "");
  w.cstring(message);
}

export interface ClientMessageChat {
  type: number;
  language: number;
  target?: string;
  message: string;
}

export function readClientMessageChat(r: ByteReader): ClientMessageChat {
  const type = r.u32();
  const language = r.u32();
  const out: ClientMessageChat = { type, language, message: "" };
  if (type === ChatType.WHISPER || type === ChatType.CHANNEL) out.target = r.cstring();
  out.message = r.cstring();
  return out;
}

export interface ServerMessageChat {
  type: number;
  language: number;
  senderGuid: bigint;
  flags: number;
  senderName?: string;
  targetGuid: bigint;
  targetName?: string;
  channel?: string;
  message: string;
  chatTag: number;
  achievementId?: number;
}

/** SMSG_MESSAGECHAT (gm = false) and SMSG_GM_MESSAGECHAT (gm = true). */
export function readServerMessageChat(r: ByteReader, gm = false): ServerMessageChat {
  const type = r.u8();
  const out: ServerMessageChat = { type, language: r.u32(), senderGuid: r.u64(), flags: r.u32(), targetGuid: 0n, message: "", chatTag: 0 };
  if (NAMED_SENDER.has(type)) {
    out.senderName = r.sizedCString();
    out.targetGuid = r.u64();
    if (out.targetGuid !== 0n && !isPlayerOrPetGuid(out.targetGuid) && type !== ChatType.WHISPER_FOREIGN) {
      out.targetName = r.sizedCString();
    }
  } else if (BG_SYSTEM.has(type)) {
    out.targetGuid = r.u64();
    if (out.targetGuid !== 0n && !isPlayerOrPetGuid(out.targetGuid)) out.targetName = r.sizedCString();
  } else if (isAchievement(type)) {
    out.targetGuid = r.u64();
  } else if (type === ChatType.CHANNEL) {
    out.channel = r.cstring();
    out.targetGuid = r.u64();
  } else {
    if (gm) out.senderName = r.sizedCString();
    out.targetGuid = r.u64();
  }
  out.message = r.sizedCString();
  out.chatTag = r.u8();
  if (isAchievement(type)) out.achievementId = r.u32();
  return out;
}

/** Encoder for the server form (fake servers, round-trip tests). */
export function writeServerMessageChat(w: ByteWriter, m: ServerMessageChat, gm = false): void {
  const type = m.type;
  w.u8(type).u32(m.language).u64(m.senderGuid).u32(m.flags);
  if (NAMED_SENDER.has(type)) {
    w.sizedCString(m.senderName ?? "").u64(m.targetGuid);
    if (m.targetGuid !== 0n && !isPlayerOrPetGuid(m.targetGuid) && type !== ChatType.WHISPER_FOREIGN) {
      w.sizedCString(m.targetName ?? "");
    }
  } else if (BG_SYSTEM.has(type)) {
    w.u64(m.targetGuid);
    if (m.targetGuid !== 0n && !isPlayerOrPetGuid(m.targetGuid)) w.sizedCString(m.targetName ?? "");
  } else if (isAchievement(type)) {
    w.u64(m.targetGuid);
  } else if (type === ChatType.CHANNEL) {
    w.cstring(m.channel ?? "").u64(m.targetGuid);
  } else {
    if (gm) w.sizedCString(m.senderName ?? "");
    w.u64(m.targetGuid);
  }
  w.sizedCString(m.message).u8(m.chatTag);
  if (isAchievement(type)) w.u32(m.achievementId ?? 0);
}

/** SMSG_CHAT_PLAYER_NOT_FOUND / SMSG_NOTIFICATION: one CString. */
export function readCString(r: ByteReader): string {
  return r.cstring();
}

/** SMSG_SERVER_MESSAGE: u32 type (1 shutdown, 2 restart, 3 custom, ...), CString text. */
export function readServerMessage(r: ByteReader): { type: number; text: string } {
  return { type: r.u32(), text: r.cstring() };
}

/** CMSG_TEXT_EMOTE: u32 text emote id, u32 emote number, u64 target. */
export function writeTextEmote(w: ByteWriter, textEmote: number, emoteNumber: number, target: bigint): void {
  w.u32(textEmote).u32(emoteNumber).u64(target);
}

/** SMSG_TEXT_EMOTE: u64 sender, u32 text emote, u32 emote number, SizedCString target name. */
export function readServerTextEmote(r: ByteReader): { sender: bigint; textEmote: number; emoteNumber: number; targetName: string } {
  return { sender: r.u64(), textEmote: r.u32(), emoteNumber: r.u32(), targetName: r.sizedCString() };
}

/** SMSG_EMOTE: u32 emote id, u64 sender. */
export function readServerEmote(r: ByteReader): { emoteId: number; sender: bigint } {
  return { emoteId: r.u32(), sender: r.u64() };
}

/** CMSG_EMOTE: u32 emote id. */
export function writeEmote(w: ByteWriter, emoteId: number): void {
  w.u32(emoteId);
}

/** CMSG_ZONEUPDATE: u32 area. */
export function writeZoneUpdate(w: ByteWriter, area: number): void {
  w.u32(area);
}
