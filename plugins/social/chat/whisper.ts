// Whispers (protocol.md §2.14, §2.14.2): unknown names get SMSG_CHAT_PLAYER_NOT_FOUND;
// the other faction SMSG_CHAT_WRONG_FACTION (unless crossFaction.whisper, or a GM is
// involved); a receiver who ignores the sender gets nothing and the sender gets the
// IGNORED line (the server filters, design.md §6). Otherwise the receiver gets WHISPER,
// the sender WHISPER_INFORM from the receiver, and if the receiver is AFK or DND, its
// away message as an AFK/DND line.
import { proto, type OnlinePlayer, type SessionHandle } from "../../../server/api/index.ts";
import type { Contacts } from "../contacts/contacts.ts";
import type { Social } from "../social.ts";
import { sameTeam } from "../state/faction.ts";
import { AWAY_AFK, getAway } from "./away.ts";
import { chatLine, ignoredLine, speakerOf, type Speaker } from "./packets.ts";

const T = proto.ChatMsg;

export async function whisper(X: Social, contacts: Contacts, s: SessionHandle, me: OnlinePlayer, name: string, language: number, text: string, sp: Speaker): Promise<void> {
  const to = await X.ctx.sessions.byName(name);
  if (!to) return X.send(s, proto.SMSG_CHAT_PLAYER_NOT_FOUND, { name });
  if (!X.cfg.crossFaction.whisper && me.gmLevel === 0 && to.gmLevel === 0 && !sameTeam(me, to)) return X.send(s, proto.SMSG_CHAT_WRONG_FACTION, {});
  if (await contacts.store.isIgnoring(to.guid, me.guid)) {
    const l = ignoredLine(X, to);
    return X.sendRaw(s, l.opcode, l.body);
  }
  const w = chatLine(X, T.WHISPER, language, sp, text);
  X.sendRaw(to, w.opcode, w.body);
  const receiver = speakerOf(X, to);
  const inform = chatLine(X, T.WHISPER_INFORM, language, receiver, text);
  X.sendRaw(s, inform.opcode, inform.body);
  if (to.status & 3) {
    const a = await getAway(X, to.guid);
    if (a) {
      const reply = chatLine(X, a.kind === AWAY_AFK ? T.AFK : T.DND, 0, receiver, a.message);
      X.sendRaw(s, reply.opcode, reply.body);
    }
  }
}
