// A group member coming and going: at login (also after a realm restart - groups are in
// the store) the orchestrator's group-of key is written again, everyone gets the list
// with the new online flag and the party frames; at logout the others see the member
// offline; after a reconnect the new connection gets the list again. The group itself
// is never dissolved by a disconnect.
import type { OnlinePlayer, PlayerInfo } from "../../../server/api/index.ts";
import type { Groups } from "./groups.ts";
import * as M from "./model.ts";
import { sendStats } from "./stats.ts";

export async function groupLogin(G: Groups, p: OnlinePlayer): Promise<void> {
  const id = await G.store.groupOfFresh(p.guid);
  if (!id) return;
  const g = await G.change(id, (g) => !!M.memberOf(g, p.guid));
  if (!g) return G.store.setMember(p.guid, 0);
  await G.X.ctx.sessions.setGroup(p.guid, id);
  const on = await G.publish(g);
  const others = [...on.values()].filter((x) => x.guid !== p.guid);
  await sendStats(G.X, p.guid, others);
  for (const o of others) await sendStats(G.X, o.guid, [p]);
}

export async function groupLogout(G: Groups, info: PlayerInfo): Promise<void> {
  await G.X.vol.delete(`invite:${info.guid}`);
  const id = await G.store.groupOfFresh(info.guid);
  if (!id) return;
  const g = await G.change(id, () => {});
  if (!g) return;
  const on = await G.publish(g);
  await sendStats(G.X, info.guid, [...on.values()]);
}

/** A member changed zone: its party frame shows the new zone and position. */
export async function groupZoneChanged(G: Groups, p: OnlinePlayer): Promise<void> {
  const g = await G.store.of(p.guid);
  if (!g) return;
  const on = await G.online(g);
  await sendStats(G.X, p.guid, [...on.values()].filter((x) => x.guid !== p.guid));
}
