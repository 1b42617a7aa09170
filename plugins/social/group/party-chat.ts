// Party and raid chat (protocol.md §2.14): PARTY goes to the whole party, or in a raid to
// the speaker's subgroup; PARTY_LEADER only from the leader; RAID and RAID_LEADER need a
// raid (RAID_LEADER: leader or assistant); RAID_WARNING needs leader/assistant rights in a
// raid (or in a party when raidWarningInParty). Members who ignore the speaker get nothing.
import { proto, type OnlinePlayer, type SessionHandle } from "../../../server/api/index.ts";
import { chatLine, type Speaker } from "../chat/packets.ts";
import type { Contacts } from "../contacts/contacts.ts";
import type { Groups } from "./groups.ts";
import * as M from "./model.ts";

const T = proto.ChatMsg;

export async function partyChat(G: Groups, contacts: Contacts, s: SessionHandle, me: OnlinePlayer, type: number, language: number, text: string, sp: Speaker): Promise<void> {
  const g = await G.store.of(me.guid);
  if (!g) return G.result(s, proto.PartyOperation.INVITE, "", proto.PartyResult.NOT_IN_GROUP);
  const manage = M.isLeader(g, me.guid) || M.isAssistant(g, me.guid);
  let to = g.members;
  switch (type) {
    case T.PARTY:
    case T.PARTY_LEADER: {
      if (type === T.PARTY_LEADER && !M.isLeader(g, me.guid)) return;
      const mine = M.memberOf(g, me.guid)?.subgroup ?? 0;
      if (M.isRaid(g)) to = g.members.filter((m) => m.subgroup === mine);
      break;
    }
    case T.RAID:
    case T.RAID_LEADER:
      if (!M.isRaid(g)) return;
      if (type === T.RAID_LEADER && !manage) return;
      break;
    case T.RAID_WARNING:
      if (!(M.isRaid(g) || G.X.cfg.raidWarningInParty) || !manage) return G.result(s, proto.PartyOperation.INVITE, "", proto.PartyResult.NOT_LEADER);
      break;
    default:
      return;
  }
  const ignoring = new Set(await contacts.store.ignoredBy(me.guid));
  const l = chatLine(G.X, type, language, sp, text);
  for (const m of to) {
    if (ignoring.has(m.guid)) continue;
    const p = m.guid === me.guid ? s : await G.X.player(m.guid);
    if (p) G.X.sendRaw(p, l.opcode, l.body);
  }
}
