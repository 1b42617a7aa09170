// Chat refusals that chat.ts does not define (protocol.md §3 "Chat, channels, emotes"):
// a whisper to the other faction and an ambiguous name.
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { emptyMessage } from "./common.ts";

/** Empty body: "You cannot whisper to the other faction" (TC SendWrongFactionNotice). */
export const SMSG_CHAT_WRONG_FACTION = emptyMessage("SMSG_CHAT_WRONG_FACTION", Opcode.SMSG_CHAT_WRONG_FACTION, "s2c", "protocol.md §3; TrinityCore SendWrongFactionNotice");

/** `CString name`: more than one character matches (TC SendChatPlayerAmbiguous). */
export const SMSG_CHAT_PLAYER_AMBIGUOUS = defineMessage<{ name: string }>({
  name: "SMSG_CHAT_PLAYER_AMBIGUOUS",
  opcode: Opcode.SMSG_CHAT_PLAYER_AMBIGUOUS,
  direction: "s2c",
  doc: "protocol.md §3; TrinityCore SendChatPlayerAmbiguous",
  read: (r) => ({ name: r.cstring(64) }),
  write: (w, v) => void w.cstring(v.name),
});
