// Chat channels (protocol.md §2.14 "Channels", opcodes §3): join/leave, the moderation
// requests (0x09C-0x0A8), member lists and counts, and SMSG_CHANNEL_NOTIFY with the
// type-specific tail of every notify the client knows (0x00-0x21).
import { defineMessage, type MessageDef } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";

const DOC = "protocol.md §2.14 (channels)";

/** Channel and player names inside channel messages (zone channels: "General - Elwynn Forest"). */
export const CHANNEL_NAME_MAX = 128;
export const CHANNEL_PASSWORD_MAX = 128;
const PLAYER_NAME_MAX = 64;

/** SMSG_CHANNEL_NOTIFY types (cmangos/TC ChatNotify). */
export const ChannelNotifyType = {
  JOINED: 0x00,
  LEFT: 0x01,
  YOU_JOINED: 0x02,
  YOU_LEFT: 0x03,
  WRONG_PASSWORD: 0x04,
  NOT_MEMBER: 0x05,
  NOT_MODERATOR: 0x06,
  PASSWORD_CHANGED: 0x07,
  OWNER_CHANGED: 0x08,
  PLAYER_NOT_FOUND: 0x09,
  NOT_OWNER: 0x0a,
  CHANNEL_OWNER: 0x0b,
  MODE_CHANGE: 0x0c,
  ANNOUNCEMENTS_ON: 0x0d,
  ANNOUNCEMENTS_OFF: 0x0e,
  MODERATION_ON: 0x0f,
  MODERATION_OFF: 0x10,
  MUTED: 0x11,
  PLAYER_KICKED: 0x12,
  BANNED: 0x13,
  PLAYER_BANNED: 0x14,
  PLAYER_UNBANNED: 0x15,
  PLAYER_NOT_BANNED: 0x16,
  PLAYER_ALREADY_MEMBER: 0x17,
  INVITE: 0x18,
  INVITE_WRONG_FACTION: 0x19,
  WRONG_FACTION: 0x1a,
  INVALID_NAME: 0x1b,
  NOT_MODERATED: 0x1c,
  PLAYER_INVITED: 0x1d,
  PLAYER_INVITE_BANNED: 0x1e,
  THROTTLED: 0x1f,
  NOT_IN_AREA: 0x20,
  NOT_IN_LFG: 0x21,
} as const;

/** Channel flags (YOU_JOINED, SMSG_CHANNEL_LIST). */
export const ChannelFlags = { NONE: 0, CUSTOM: 0x01, TRADE: 0x04, NOT_LFG: 0x08, GENERAL: 0x10, CITY: 0x20, LFG: 0x40, VOICE: 0x80 } as const;

/** Member flags (MODE_CHANGE, SMSG_CHANNEL_LIST). */
export const ChannelMemberFlags = { NONE: 0, OWNER: 0x01, MODERATOR: 0x02, VOICED: 0x04, MUTED: 0x08, CUSTOM: 0x10, MIC_MUTED: 0x20 } as const;

/** Which tail a notify type carries. */
type Tail = "none" | "guid" | "guid2" | "name" | "youJoined" | "youLeft" | "mode";

function tailOf(notify: number): Tail {
  const N = ChannelNotifyType;
  switch (notify) {
    case N.JOINED:
    case N.LEFT:
    case N.PASSWORD_CHANGED:
    case N.OWNER_CHANGED:
    case N.ANNOUNCEMENTS_ON:
    case N.ANNOUNCEMENTS_OFF:
    case N.MODERATION_ON:
    case N.MODERATION_OFF:
    case N.PLAYER_ALREADY_MEMBER:
    case N.INVITE:
      return "guid";
    case N.PLAYER_KICKED:
    case N.PLAYER_BANNED:
    case N.PLAYER_UNBANNED:
      return "guid2";
    case N.PLAYER_NOT_FOUND:
    case N.CHANNEL_OWNER:
    case N.PLAYER_NOT_BANNED:
    case N.PLAYER_INVITED:
    case N.PLAYER_INVITE_BANNED:
      return "name";
    case N.YOU_JOINED:
      return "youJoined";
    case N.YOU_LEFT:
      return "youLeft";
    case N.MODE_CHANGE:
      return "mode";
    default:
      return "none";
  }
}

export interface ChannelNotify {
  notify: number;
  channel: string;
  /** JOINED, LEFT, *_CHANGED, ANNOUNCEMENTS_*, MODERATION_*, ALREADY_MEMBER, INVITE, MODE_CHANGE; victim of KICKED/BANNED/UNBANNED */
  guid: bigint;
  /** KICKED/BANNED/UNBANNED: who did it */
  by: bigint;
  /** PLAYER_NOT_FOUND, CHANNEL_OWNER, PLAYER_NOT_BANNED, PLAYER_INVITED, PLAYER_INVITE_BANNED */
  name: string;
  /** YOU_JOINED: channel flags */
  channelFlags: number;
  /** YOU_JOINED / YOU_LEFT: ChatChannels.dbc id (0 custom) */
  channelId: number;
  /** MODE_CHANGE */
  oldFlags: number;
  newFlags: number;
}

/** A notify with every unused field zeroed. */
export function channelNotify(notify: number, channel: string, f: Partial<Omit<ChannelNotify, "notify" | "channel">> = {}): ChannelNotify {
  return { notify, channel, guid: 0n, by: 0n, name: "", channelFlags: 0, channelId: 0, oldFlags: 0, newFlags: 0, ...f };
}

export const SMSG_CHANNEL_NOTIFY = defineMessage<ChannelNotify>({
  name: "SMSG_CHANNEL_NOTIFY",
  opcode: Opcode.SMSG_CHANNEL_NOTIFY,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const notify = r.u8();
    const v = channelNotify(notify, r.cstring(CHANNEL_NAME_MAX));
    switch (tailOf(notify)) {
      case "guid":
        v.guid = r.u64();
        break;
      case "guid2":
        v.guid = r.u64();
        v.by = r.u64();
        break;
      case "name":
        v.name = r.cstring(PLAYER_NAME_MAX);
        break;
      case "youJoined":
        v.channelFlags = r.u8();
        v.channelId = r.u32();
        r.u32();
        break;
      case "youLeft":
        v.channelId = r.u32();
        r.u8();
        break;
      case "mode":
        v.guid = r.u64();
        v.oldFlags = r.u8();
        v.newFlags = r.u8();
        break;
      case "none":
        break;
    }
    return v;
  },
  write(w, v) {
    w.u8(v.notify).cstring(v.channel);
    switch (tailOf(v.notify)) {
      case "guid":
        w.u64(v.guid);
        break;
      case "guid2":
        w.u64(v.guid).u64(v.by);
        break;
      case "name":
        w.cstring(v.name);
        break;
      case "youJoined":
        w.u8(v.channelFlags).u32(v.channelId).u32(0);
        break;
      case "youLeft":
        w.u32(v.channelId).u8(0);
        break;
      case "mode":
        w.u64(v.guid).u8(v.oldFlags).u8(v.newFlags);
        break;
      case "none":
        break;
    }
  },
});

export interface JoinChannel {
  /** ChatChannels.dbc id; 0 for a custom channel */
  channelId: number;
  unknown1: number;
  unknown2: number;
  name: string;
  password: string;
}

export const CMSG_JOIN_CHANNEL = defineMessage<JoinChannel>({
  name: "CMSG_JOIN_CHANNEL",
  opcode: Opcode.CMSG_JOIN_CHANNEL,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ channelId: r.u32(), unknown1: r.u8(), unknown2: r.u8(), name: r.cstring(CHANNEL_NAME_MAX), password: r.cstring(CHANNEL_PASSWORD_MAX) }),
  write: (w, v) => void w.u32(v.channelId).u8(v.unknown1).u8(v.unknown2).cstring(v.name).cstring(v.password),
});

export interface LeaveChannel {
  unknown: number;
  name: string;
}

export const CMSG_LEAVE_CHANNEL = defineMessage<LeaveChannel>({
  name: "CMSG_LEAVE_CHANNEL",
  opcode: Opcode.CMSG_LEAVE_CHANNEL,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ unknown: r.u32(), name: r.cstring(CHANNEL_NAME_MAX) }),
  write: (w, v) => void w.u32(v.unknown).cstring(v.name),
});

export interface ChannelOnly {
  channel: string;
}

function channelOnly(name: string, opcode: number): MessageDef<ChannelOnly> {
  return defineMessage<ChannelOnly>({
    name,
    opcode,
    direction: "c2s",
    doc: DOC,
    read: (r) => ({ channel: r.cstring(CHANNEL_NAME_MAX) }),
    write: (w, v) => void w.cstring(v.channel),
  });
}

export interface ChannelPlayer {
  channel: string;
  name: string;
}

function channelPlayer(name: string, opcode: number): MessageDef<ChannelPlayer> {
  return defineMessage<ChannelPlayer>({
    name,
    opcode,
    direction: "c2s",
    doc: DOC,
    read: (r: Reader) => ({ channel: r.cstring(CHANNEL_NAME_MAX), name: r.cstring(PLAYER_NAME_MAX) }),
    write: (w: Writer, v) => void w.cstring(v.channel).cstring(v.name),
  });
}

export const CMSG_CHANNEL_LIST = channelOnly("CMSG_CHANNEL_LIST", Opcode.CMSG_CHANNEL_LIST);
export const CMSG_CHANNEL_DISPLAY_LIST = channelOnly("CMSG_CHANNEL_DISPLAY_LIST", Opcode.CMSG_CHANNEL_DISPLAY_LIST);
export const CMSG_CHANNEL_OWNER = channelOnly("CMSG_CHANNEL_OWNER", Opcode.CMSG_CHANNEL_OWNER);
export const CMSG_CHANNEL_ANNOUNCEMENTS = channelOnly("CMSG_CHANNEL_ANNOUNCEMENTS", Opcode.CMSG_CHANNEL_ANNOUNCEMENTS);
export const CMSG_CHANNEL_MODERATE = channelOnly("CMSG_CHANNEL_MODERATE", Opcode.CMSG_CHANNEL_MODERATE);
export const CMSG_GET_CHANNEL_MEMBER_COUNT = channelOnly("CMSG_GET_CHANNEL_MEMBER_COUNT", Opcode.CMSG_GET_CHANNEL_MEMBER_COUNT);
export const CMSG_DECLINE_CHANNEL_INVITE = channelOnly("CMSG_DECLINE_CHANNEL_INVITE", Opcode.CMSG_DECLINE_CHANNEL_INVITE);

export interface ChannelPassword {
  channel: string;
  password: string;
}

export const CMSG_CHANNEL_PASSWORD = defineMessage<ChannelPassword>({
  name: "CMSG_CHANNEL_PASSWORD",
  opcode: Opcode.CMSG_CHANNEL_PASSWORD,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ channel: r.cstring(CHANNEL_NAME_MAX), password: r.cstring(CHANNEL_PASSWORD_MAX) }),
  write: (w, v) => void w.cstring(v.channel).cstring(v.password),
});

export const CMSG_CHANNEL_SET_OWNER = channelPlayer("CMSG_CHANNEL_SET_OWNER", Opcode.CMSG_CHANNEL_SET_OWNER);
export const CMSG_CHANNEL_MODERATOR = channelPlayer("CMSG_CHANNEL_MODERATOR", Opcode.CMSG_CHANNEL_MODERATOR);
export const CMSG_CHANNEL_UNMODERATOR = channelPlayer("CMSG_CHANNEL_UNMODERATOR", Opcode.CMSG_CHANNEL_UNMODERATOR);
export const CMSG_CHANNEL_MUTE = channelPlayer("CMSG_CHANNEL_MUTE", Opcode.CMSG_CHANNEL_MUTE);
export const CMSG_CHANNEL_UNMUTE = channelPlayer("CMSG_CHANNEL_UNMUTE", Opcode.CMSG_CHANNEL_UNMUTE);
export const CMSG_CHANNEL_INVITE = channelPlayer("CMSG_CHANNEL_INVITE", Opcode.CMSG_CHANNEL_INVITE);
export const CMSG_CHANNEL_KICK = channelPlayer("CMSG_CHANNEL_KICK", Opcode.CMSG_CHANNEL_KICK);
export const CMSG_CHANNEL_BAN = channelPlayer("CMSG_CHANNEL_BAN", Opcode.CMSG_CHANNEL_BAN);
export const CMSG_CHANNEL_UNBAN = channelPlayer("CMSG_CHANNEL_UNBAN", Opcode.CMSG_CHANNEL_UNBAN);

export interface ChannelListMember {
  guid: bigint;
  flags: number;
}

export interface ChannelList {
  /** 1 = list in the chat frame */
  display: number;
  channel: string;
  channelFlags: number;
  members: ChannelListMember[];
}

export const SMSG_CHANNEL_LIST = defineMessage<ChannelList>({
  name: "SMSG_CHANNEL_LIST",
  opcode: Opcode.SMSG_CHANNEL_LIST,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const display = r.u8();
    const channel = r.cstring(CHANNEL_NAME_MAX);
    const channelFlags = r.u8();
    const n = r.count(r.u32(), 10_000, 9, "channel members");
    const members: ChannelListMember[] = [];
    for (let i = 0; i < n; i++) members.push({ guid: r.u64(), flags: r.u8() });
    return { display, channel, channelFlags, members };
  },
  write(w, v) {
    w.u8(v.display).cstring(v.channel).u8(v.channelFlags).u32(v.members.length);
    for (const m of v.members) w.u64(m.guid).u8(m.flags);
  },
});

export interface ChannelMemberCount {
  channel: string;
  channelFlags: number;
  count: number;
}

export const SMSG_CHANNEL_MEMBER_COUNT = defineMessage<ChannelMemberCount>({
  name: "SMSG_CHANNEL_MEMBER_COUNT",
  opcode: Opcode.SMSG_CHANNEL_MEMBER_COUNT,
  direction: "s2c",
  doc: "TrinityCore HandleGetChannelMemberCount (protocol.md §3 lists the opcode only)",
  read: (r) => ({ channel: r.cstring(CHANNEL_NAME_MAX), channelFlags: r.u8(), count: r.u32() }),
  write: (w, v) => void w.cstring(v.channel).u8(v.channelFlags).u32(v.count),
});
