// Players entering and leaving the world (core hooks, fired on the world host; the work
// is done asynchronously through the shared stores, so it reaches players on any process).
//   login      - contact list, friends told ONLINE, group restored (online flag, party
//                frames, the orchestrator's group-of key), zone channels; stale channel
//                memberships from a crash are dropped first
//   map change - the world host fires player.login again on arrival; recognised by the
//                session marker `online:<guid>`: only AFK/DND and zone channels are redone
//   reconnect  - the new connection gets the contact list, its channels (YOU_JOINED) and
//                the group list again
//   logout     - friends told OFFLINE, channels left, AFK/DND cleared, group members see
//                the member offline (the group stays)
import { CoreHooks, type PlayerInfo } from "../../server/api/index.ts";
import { clearAway, reapplyAway } from "./chat/away.ts";
import type { Channels } from "./channels/channels.ts";
import type { ZoneChannels } from "./channels/zone-sync.ts";
import type { Contacts } from "./contacts/contacts.ts";
import type { Groups } from "./group/groups.ts";
import { groupLogin, groupLogout } from "./group/presence.ts";
import type { Social } from "./social.ts";

const onlineKey = (g: number) => `online:${g}`;

export function registerLifecycle(X: Social, d: { contacts: Contacts; channels: Channels; zones: ZoneChannels; groups: Groups }): void {
  const { ctx } = X;

  ctx.hooks.on(CoreHooks.playerLogin, (info: PlayerInfo) =>
    X.background("login", async () => {
      const p = await X.player(info.guid);
      if (!p) return;
      const marker = `${p.gatewayId}:${p.sessionId}`;
      const prev = await ctx.cache.get(onlineKey(p.guid));
      await ctx.cache.set(onlineKey(p.guid), marker);
      if (prev === marker) {
        await reapplyAway(X, p);
        await d.zones.sync(p);
        return;
      }
      await d.channels.leaveAll(p.guid);
      await d.contacts.sendList(p, p.guid, 7);
      await d.contacts.announce(p, true);
      await groupLogin(d.groups, p);
      await d.zones.sync(p);
    }),
  );

  ctx.hooks.on(CoreHooks.playerReconnect, (info: PlayerInfo) =>
    X.background("reconnect", async () => {
      const p = await X.player(info.guid);
      if (!p) return;
      await ctx.cache.set(onlineKey(p.guid), `${p.gatewayId}:${p.sessionId}`);
      await reapplyAway(X, p);
      await d.contacts.sendList(p, p.guid, 7);
      await d.channels.rejoinAll(p, p);
      await groupLogin(d.groups, p);
    }),
  );

  ctx.hooks.on(CoreHooks.playerLogout, (info: PlayerInfo) =>
    X.background("logout", async () => {
      await ctx.cache.del(onlineKey(info.guid));
      d.zones.forget(info.guid);
      await d.channels.leaveAll(info.guid);
      await clearAway(X, info.guid);
      await d.contacts.announce(info, false);
      await groupLogout(d.groups, info);
    }),
  );
}
