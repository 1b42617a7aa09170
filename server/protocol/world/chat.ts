// Chat (protocol.md §2.14, §2.14.1, §2.14.2): CMSG_MESSAGECHAT, SMSG_MESSAGECHAT and its GM
// variant with every type-specific branch, notifications, server messages, refusals,
// ignored whispers and emotes; `systemMessage` builds the §2.14.1 SYSTEM line.
import { defineMessage, type MessageDef } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { Limits, u32Message, u8Message } from "./common.ts";

const DOC = "protocol.md §2.14";

export const ChatMsg = {
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
  DEMONIC: 8,
  TITAN: 9,
  THALASSIAN: 10,
  DRACONIC: 11,
  KALIMAG: 12,
  GNOMISH: 13,
  TROLL: 14,
  GUTTERSPEAK: 33,
  DRAENEI: 35,
  ZOMBIE: 36,
  GNOMISH_BINARY: 37,
  GOBLIN_BINARY: 38,
  ADDON: 0xffffffff,
} as const;

/** Chat tag bits (cmangos/TC). */
export const ChatTag = { NONE: 0, AFK: 0x01, DND: 0x02, GM: 0x04, COMMENTATOR: 0x08, DEVELOPER: 0x10 } as const;

/** High 12 bits of a 3.3.5 guid (protocol.md §0.1). */
export function guidHighType(guid: bigint): number {
  return Number((guid >> 52n) & 0xfffn);
}
export const HighGuid = { PLAYER: 0x000, ITEM: 0x470, GAMEOBJECT: 0xf11, TRANSPORT: 0xf12, UNIT: 0xf13, PET: 0xf14, VEHICLE: 0xf15, DYNAMICOBJECT: 0xf10, CORPSE: 0xf50, MO_TRANSPORT: 0x1fc } as const;

type Branch = "monster" | "bg" | "achievement" | "default";

function branchOf(type: number): Branch {
  switch (type) {
    case ChatMsg.MONSTER_SAY:
    case ChatMsg.MONSTER_PARTY:
    case ChatMsg.MONSTER_YELL:
    case ChatMsg.MONSTER_WHISPER:
    case ChatMsg.MONSTER_EMOTE:
    case ChatMsg.RAID_BOSS_WHISPER:
    case ChatMsg.RAID_BOSS_EMOTE:
    case ChatMsg.BATTLENET:
    case ChatMsg.WHISPER_FOREIGN:
      return "monster";
    case ChatMsg.BG_SYSTEM_NEUTRAL:
    case ChatMsg.BG_SYSTEM_ALLIANCE:
    case ChatMsg.BG_SYSTEM_HORDE:
      return "bg";
    case ChatMsg.ACHIEVEMENT:
    case ChatMsg.GUILD_ACHIEVEMENT:
      return "achievement";
    default:
      return "default";
  }
}

/** Does this message carry a target name (by its type and target guid)? */
export function chatHasTargetName(type: number, targetGuid: bigint): boolean {
  if (targetGuid === 0n) return false;
  const high = guidHighType(targetGuid);
  const b = branchOf(type);
  if (b === "monster") return high !== HighGuid.PLAYER && high !== HighGuid.PET && type !== ChatMsg.WHISPER_FOREIGN;
  if (b === "bg") return high !== HighGuid.PLAYER;
  return false;
}

export interface ChatMessage {
  type: number;
  language: number;
  senderGuid: bigint;
  /** 0 */
  flags: number;
  /** monster-style types; in SMSG_GM_MESSAGECHAT also every other non-BG, non-achievement type */
  senderName: string;
  /** for player chat the sender (or for WHISPER_INFORM the receiver) */
  targetGuid: bigint;
  /** monster-style and BG types when chatHasTargetName */
  targetName: string;
  /** CHANNEL only */
  channelName: string;
  message: string;
  /** ChatTag bits */
  chatTag: number;
  /** ACHIEVEMENT / GUILD_ACHIEVEMENT only */
  achievementId: number;
}

export function chatMessage(init: Partial<ChatMessage> & { type: number; message: string }): ChatMessage {
  return {
    language: 0,
    senderGuid: 0n,
    flags: 0,
    senderName: "",
    targetGuid: 0n,
    targetName: "",
    channelName: "",
    chatTag: 0,
    achievementId: 0,
    ...init,
  };
}

function messageChat(name: string, opcode: number, gm: boolean): MessageDef<ChatMessage> {
  return defineMessage<ChatMessage>({
    name,
    opcode,
    direction: "s2c",
    doc: DOC,
    read(r) {
      const type = r.u8();
      const language = r.u32();
      const senderGuid = r.u64();
      const flags = r.u32();
      let senderName = "";
      let targetName = "";
      let channelName = "";
      let targetGuid = 0n;
      const branch = branchOf(type);
      if (branch === "monster") {
        senderName = r.sizedCString(Limits.NAME * 4);
        targetGuid = r.u64();
        if (chatHasTargetName(type, targetGuid)) targetName = r.sizedCString(Limits.NAME * 4);
      } else if (branch === "bg") {
        targetGuid = r.u64();
        if (chatHasTargetName(type, targetGuid)) targetName = r.sizedCString(Limits.NAME * 4);
      } else if (branch === "achievement") {
        targetGuid = r.u64();
      } else {
        if (gm) senderName = r.sizedCString(Limits.NAME * 4);
        if (type === ChatMsg.CHANNEL) channelName = r.cstring(Limits.NAME * 4);
        targetGuid = r.u64();
      }
      const message = r.sizedCString(Limits.CHAT);
      const chatTag = r.u8();
      const achievementId = branch === "achievement" ? r.u32() : 0;
      return { type, language, senderGuid, flags, senderName, targetGuid, targetName, channelName, message, chatTag, achievementId };
    },
    write(w, v) {
      w.u8(v.type).u32(v.language).u64(v.senderGuid).u32(v.flags);
      const branch = branchOf(v.type);
      if (branch === "monster") {
        w.sizedCString(v.senderName).u64(v.targetGuid);
        if (chatHasTargetName(v.type, v.targetGuid)) w.sizedCString(v.targetName);
      } else if (branch === "bg") {
        w.u64(v.targetGuid);
        if (chatHasTargetName(v.type, v.targetGuid)) w.sizedCString(v.targetName);
      } else if (branch === "achievement") {
        w.u64(v.targetGuid);
      } else {
        if (gm) w.sizedCString(v.senderName);
        if (v.type === ChatMsg.CHANNEL) w.cstring(v.channelName);
        w.u64(v.targetGuid);
      }
      w.sizedCString(v.message).u8(v.chatTag);
      if (branch === "achievement") w.u32(v.achievementId);
    },
  });
}

export const SMSG_MESSAGECHAT = messageChat("SMSG_MESSAGECHAT", Opcode.SMSG_MESSAGECHAT, false);
/** Same, plus the sender name for the ordinary types (sender has the GM chat tag). */
export const SMSG_GM_MESSAGECHAT = messageChat("SMSG_GM_MESSAGECHAT", Opcode.SMSG_GM_MESSAGECHAT, true);

/** A server SYSTEM line (§2.14.1): language 0, guids 0, tag 0; 31 + byte length of text. */
export function systemMessage(text: string): ChatMessage {
  return chatMessage({ type: ChatMsg.SYSTEM, message: text });
}

/** One SYSTEM line per output line (AzerothCore splits replies at "\n"). */
export function systemMessages(text: string): ChatMessage[] {
  return text.split("\n").map(systemMessage);
}

export interface ClientChat {
  type: number;
  language: number;
  /** WHISPER: player name, CHANNEL: channel name; "" otherwise (not on the wire) */
  target: string;
  /** AFK/DND: the away message ("" = toggle) */
  message: string;
}

function hasTarget(type: number): boolean {
  return type === ChatMsg.WHISPER || type === ChatMsg.CHANNEL;
}

export const CMSG_MESSAGECHAT = defineMessage<ClientChat>({
  name: "CMSG_MESSAGECHAT",
  opcode: Opcode.CMSG_MESSAGECHAT,
  direction: "c2s",
  doc: DOC,
  read(r) {
    const type = r.u32();
    const language = r.u32();
    const target = hasTarget(type) ? r.cstring(Limits.NAME * 4) : "";
    return { type, language, target, message: r.cstring(Limits.CHAT) };
  },
  write(w, v) {
    w.u32(v.type).u32(v.language);
    if (hasTarget(v.type)) w.cstring(v.target);
    w.cstring(v.message);
  },
});

export const SMSG_NOTIFICATION = defineMessage<{ text: string }>({
  name: "SMSG_NOTIFICATION",
  opcode: Opcode.SMSG_NOTIFICATION,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ text: r.cstring(Limits.TEXT) }),
  write: (w, v) => void w.cstring(v.text),
});
export type Notification = { text: string };

export const ServerMessageType = {
  SHUTDOWN_TIME: 1,
  RESTART_TIME: 2,
  CUSTOM: 3,
  SHUTDOWN_CANCELLED: 4,
  RESTART_CANCELLED: 5,
  BATTLEGROUND_SHUTDOWN: 6,
  BATTLEGROUND_RESTART: 7,
  INSTANCE_SHUTDOWN: 8,
  INSTANCE_RESTART: 9,
} as const;

export interface ServerMessage {
  type: number;
  text: string;
}

export const SMSG_SERVER_MESSAGE = defineMessage<ServerMessage>({
  name: "SMSG_SERVER_MESSAGE",
  opcode: Opcode.SMSG_SERVER_MESSAGE,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ type: r.u32(), text: r.cstring(Limits.TEXT) }),
  write: (w, v) => void w.u32(v.type).cstring(v.text),
});

export const SMSG_CHAT_PLAYER_NOT_FOUND = defineMessage<{ name: string }>({
  name: "SMSG_CHAT_PLAYER_NOT_FOUND",
  opcode: Opcode.SMSG_CHAT_PLAYER_NOT_FOUND,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ name: r.cstring(Limits.NAME * 4) }),
  write: (w, v) => void w.cstring(v.name),
});
export type ChatPlayerNotFound = { name: string };

export const ChatRestriction = { CHAT_RESTRICTED: 0, CHAT_THROTTLED: 1, USER_SQUELCHED: 2, YELL_RESTRICTED: 3 } as const;
export const SMSG_CHAT_RESTRICTED = u8Message("SMSG_CHAT_RESTRICTED", Opcode.SMSG_CHAT_RESTRICTED, "s2c", "protocol.md §2.14.2", "restriction");
export type ChatRestricted = { restriction: number };

export interface ChatIgnored {
  guid: bigint;
  unknown: number;
}

export const CMSG_CHAT_IGNORED = defineMessage<ChatIgnored>({
  name: "CMSG_CHAT_IGNORED",
  opcode: Opcode.CMSG_CHAT_IGNORED,
  direction: "c2s",
  doc: "protocol.md §2.14.2",
  read: (r) => ({ guid: r.u64(), unknown: r.u8() }),
  write: (w, v) => void w.u64(v.guid).u8(v.unknown),
});

export interface TextEmoteRequest {
  textEmote: number;
  emoteNumber: number;
  target: bigint;
}

export const CMSG_TEXT_EMOTE = defineMessage<TextEmoteRequest>({
  name: "CMSG_TEXT_EMOTE",
  opcode: Opcode.CMSG_TEXT_EMOTE,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ textEmote: r.u32(), emoteNumber: r.u32(), target: r.u64() }),
  write: (w, v) => void w.u32(v.textEmote).u32(v.emoteNumber).u64(v.target),
});

export interface TextEmote {
  guid: bigint;
  textEmote: number;
  emoteNumber: number;
  targetName: string;
}

export const SMSG_TEXT_EMOTE = defineMessage<TextEmote>({
  name: "SMSG_TEXT_EMOTE",
  opcode: Opcode.SMSG_TEXT_EMOTE,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ guid: r.u64(), textEmote: r.u32(), emoteNumber: r.u32(), targetName: r.sizedCString(Limits.NAME * 4) }),
  write: (w, v) => void w.u64(v.guid).u32(v.textEmote).u32(v.emoteNumber).sizedCString(v.targetName),
});

export const CMSG_EMOTE = u32Message("CMSG_EMOTE", Opcode.CMSG_EMOTE, "c2s", DOC, "emote");
export type EmoteRequest = { emote: number };

export interface Emote {
  emote: number;
  guid: bigint;
}

export const SMSG_EMOTE = defineMessage<Emote>({
  name: "SMSG_EMOTE",
  opcode: Opcode.SMSG_EMOTE,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ emote: r.u32(), guid: r.u64() }),
  write: (w, v) => void w.u32(v.emote).u64(v.guid),
});
