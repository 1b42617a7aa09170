// Constant channels (ChatChannels.dbc ids of 3.3.5, our own table): General and
// LocalDefense per zone, Trade and GuildRecruitment shared by the cities, WorldDefense
// and LookingForGroup realm-wide. The client joins them with CMSG_JOIN_CHANNEL and their
// id; the server also joins General, LocalDefense (and Trade in a city) by zone.
import { proto } from "../../../server/api/index.ts";
import { CITY_ZONES, zoneName } from "../state/zones.ts";

const F = proto.ChannelFlags;

export interface ConstantChannel {
  id: number;
  base: string;
  /** zone: "<base> - <zone>"; city: "<base> - City" (only in cities); global: "<base>" */
  scope: "zone" | "city" | "global";
  flags: number;
  /** joined by the server on zone change */
  auto: boolean;
}

export const CONSTANT_CHANNELS: readonly ConstantChannel[] = [
  { id: 1, base: "General", scope: "zone", flags: F.GENERAL | F.NOT_LFG, auto: true },
  { id: 2, base: "Trade", scope: "city", flags: F.GENERAL | F.TRADE | F.CITY | F.NOT_LFG, auto: true },
  { id: 22, base: "LocalDefense", scope: "zone", flags: F.GENERAL | F.NOT_LFG, auto: true },
  { id: 23, base: "WorldDefense", scope: "global", flags: F.GENERAL | F.NOT_LFG, auto: false },
  { id: 25, base: "GuildRecruitment", scope: "city", flags: F.GENERAL | F.CITY | F.NOT_LFG, auto: false },
  { id: 26, base: "LookingForGroup", scope: "global", flags: F.GENERAL | F.LFG, auto: false },
];

export function constantChannel(id: number): ConstantChannel | undefined {
  return CONSTANT_CHANNELS.find((c) => c.id === id);
}

/** The channel's name in a zone; undefined when it does not exist there. */
export function constantChannelName(c: ConstantChannel, zone: number): string | undefined {
  if (c.scope === "global") return c.base;
  if (c.scope === "city") return CITY_ZONES.has(zone) ? `${c.base} - City` : undefined;
  const z = zoneName(zone);
  return z ? `${c.base} - ${z}` : undefined;
}

/** The channels the server joins a character to in a zone. */
export function autoChannels(zone: number): { id: number; name: string; flags: number }[] {
  const out: { id: number; name: string; flags: number }[] = [];
  for (const c of CONSTANT_CHANNELS) {
    if (!c.auto) continue;
    const name = constantChannelName(c, zone);
    if (name) out.push({ id: c.id, name, flags: c.flags });
  }
  return out;
}
