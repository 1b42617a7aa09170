// SMSG_MESSAGECHAT lines spoken by players (protocol.md §2.14): sender guid, the sender
// again as the target guid (what TrinityCore sends for player chat), the chat tag, and
// the GM variant (SMSG_GM_MESSAGECHAT with the sender's name) for GM-tagged speakers.
import { proto, type OnlinePlayer } from "../../../server/api/index.ts";
import type { Social } from "../social.ts";

export interface Speaker {
  guid: number;
  name: string;
  /** ChatTag bits */
  tag: number;
}

/** How a player speaks right now: AFK/DND from presence, the GM tag by setting. */
export function speakerOf(X: Social, p: OnlinePlayer): Speaker {
  let tag = 0;
  if (p.status & 1) tag |= proto.ChatTag.AFK;
  else if (p.status & 2) tag |= proto.ChatTag.DND;
  if (p.gmLevel > 0 && X.cfg.gmChatTag) tag |= proto.ChatTag.GM;
  return { guid: p.guid, name: p.name, tag };
}

export interface Line {
  opcode: number;
  body: Uint8Array;
}

export function chatLine(X: Social, type: number, language: number, sp: Speaker, text: string, channel = ""): Line {
  const gm = (sp.tag & proto.ChatTag.GM) !== 0;
  const def = gm ? proto.SMSG_GM_MESSAGECHAT : proto.SMSG_MESSAGECHAT;
  const guid = BigInt(sp.guid);
  const body = X.encode(def, proto.chatMessage({ type, language, senderGuid: guid, targetGuid: guid, senderName: gm ? sp.name : "", channelName: channel, message: text, chatTag: sp.tag }));
  return { opcode: def.opcode, body };
}

/** "<name> is ignoring you": type IGNORED from the ignoring player (protocol.md §2.14.2). */
export function ignoredLine(X: Social, ignoring: { guid: number; name: string }): Line {
  const g = BigInt(ignoring.guid);
  return { opcode: proto.Opcode.SMSG_MESSAGECHAT, body: X.encode(proto.SMSG_MESSAGECHAT, proto.chatMessage({ type: proto.ChatMsg.IGNORED, language: 0, senderGuid: g, targetGuid: g, message: ignoring.name })) };
}
