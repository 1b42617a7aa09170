// Chat channels (protocol.md §2.14 "Channels"): join/leave, the moderation requests
// (CString channel [, CString player]), SMSG_CHANNEL_NOTIFY with the tail each notify type
// carries, and SMSG_CHANNEL_LIST.
import type { ByteReader, ByteWriter } from "../bytes.ts";

/** SMSG_CHANNEL_NOTIFY types (protocol.md §2.14). */
export const ChannelNotify = {
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

export interface ChannelNotifyMessage {
  notify: number;
  channel: string;
  guid?: bigint;
  by?: bigint;
  name?: string;
  channelFlags?: number;
  channelId?: number;
  oldFlags?: number;
  newFlags?: number;
}

const ONE_GUID = new Set<number>([0x00, 0x01, 0x07, 0x08, 0x0d, 0x0e, 0x0f, 0x10, 0x17, 0x18]);
const TWO_GUIDS = new Set<number>([0x12, 0x14, 0x15]);
const A_NAME = new Set<number>([0x09, 0x0b, 0x16, 0x1d, 0x1e]);

export function readChannelNotify(r: ByteReader): ChannelNotifyMessage {
  const notify = r.u8();
  const out: ChannelNotifyMessage = { notify, channel: r.cstring() };
  if (ONE_GUID.has(notify)) out.guid = r.u64();
  else if (TWO_GUIDS.has(notify)) {
    out.guid = r.u64();
    out.by = r.u64();
  } else if (A_NAME.has(notify)) out.name = r.cstring();
  else if (notify === ChannelNotify.YOU_JOINED) {
    out.channelFlags = r.u8();
    out.channelId = r.u32();
    r.u32();
  } else if (notify === ChannelNotify.YOU_LEFT) {
    out.channelId = r.u32();
    r.u8();
  } else if (notify === ChannelNotify.MODE_CHANGE) {
    out.guid = r.u64();
    out.oldFlags = r.u8();
    out.newFlags = r.u8();
  }
  return out;
}

/** CMSG_JOIN_CHANNEL: u32 channel id (0 custom), u8, u8, CString name, CString password. */
export function writeJoinChannel(w: ByteWriter, name: string, password = "", channelId = 0): void {
  w.u32(channelId).u8(0).u8(0).cstring(name).cstring(password);
}

/** CMSG_LEAVE_CHANNEL: u32 unknown, CString name. */
export function writeLeaveChannel(w: ByteWriter, name: string): void {
  w.u32(0).cstring(name);
}

/** The moderation requests: CString channel, then CString player (or password) when given. */
export function writeChannelRequest(w: ByteWriter, channel: string, arg?: string): void {
  w.cstring(channel);
  if (arg !== undefined) w.cstring(arg);
}

export interface ChannelListMessage {
  display: number;
  channel: string;
  flags: number;
  members: { guid: bigint; flags: number }[];
}

/** SMSG_CHANNEL_LIST: u8 display, CString name, u8 flags, u32 count, {u64 guid, u8 flags}[]. */
export function readChannelList(r: ByteReader): ChannelListMessage {
  const display = r.u8();
  const channel = r.cstring();
  const flags = r.u8();
  const n = r.u32();
  const members: { guid: bigint; flags: number }[] = [];
  for (let i = 0; i < n; i++) members.push({ guid: r.u64(), flags: r.u8() });
  return { display, channel, flags, members };
}
