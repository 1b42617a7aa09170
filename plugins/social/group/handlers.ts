// The group opcodes (protocol.md §2.17) mapped onto Groups and ReadyChecks.
import { proto, type OnlinePlayer, type PluginContext, type SessionHandle } from "../../../server/api/index.ts";
import type { Social } from "../social.ts";
import { lowGuid } from "../social.ts";
import type { Groups } from "./groups.ts";
import type { ReadyChecks } from "./ready-check.ts";
import { sendStats } from "./stats.ts";

export function registerGroupHandlers(ctx: PluginContext<any>, X: Social, G: Groups, ready: ReadyChecks): void {
  const on = <T>(def: proto.MessageDef<T>, fn: (s: SessionHandle, me: OnlinePlayer, m: T) => Promise<void>) =>
    ctx.onOpcode(def, async (s, m) => {
      const me = await X.me(s);
      if (me) await fn(s, me, m);
    });
  on(proto.CMSG_GROUP_INVITE, (s, me, m) => G.invite(s, me, m.name));
  on(proto.CMSG_GROUP_ACCEPT, (s, me) => G.accept(s, me));
  on(proto.CMSG_GROUP_DECLINE, (_s, me) => G.decline(me));
  on(proto.CMSG_GROUP_UNINVITE, (s, me, m) => G.kick(s, me, { name: m.name }));
  on(proto.CMSG_GROUP_UNINVITE_GUID, (s, me, m) => G.kick(s, me, { guid: lowGuid(m.guid) }));
  on(proto.CMSG_GROUP_DISBAND, (s, me) => G.leave(s, me));
  on(proto.CMSG_GROUP_SET_LEADER, (s, me, m) => G.setLeader(s, me, lowGuid(m.guid)));
  on(proto.CMSG_LOOT_METHOD, (s, me, m) => G.lootMethod(s, me, m));
  on(proto.CMSG_GROUP_RAID_CONVERT, (s, me) => G.convertToRaid(s, me));
  on(proto.CMSG_GROUP_CHANGE_SUB_GROUP, (s, me, m) => G.changeSubgroup(s, me, m.name, m.subgroup));
  on(proto.CMSG_GROUP_SWAP_SUB_GROUP, (s, me, m) => G.swapSubgroups(s, me, m.name1, m.name2));
  on(proto.CMSG_GROUP_ASSISTANT_LEADER, (s, me, m) => G.setAssistant(s, me, lowGuid(m.guid), m.on !== 0));
  on(proto.MSG_RAID_READY_CHECK_Client, (s, me, m) => (m.ready === undefined ? ready.start(s, me) : ready.answer(me, m.ready)));
  on(proto.MSG_RAID_READY_CHECK_FINISHED, (_s, me) => ready.clientFinished(me));
  on(proto.CMSG_REQUEST_PARTY_MEMBER_STATS, (s, _me, m) => sendStats(X, lowGuid(m.guid), [s], true));
}
