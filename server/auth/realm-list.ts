// CMD_REALM_LIST reply (protocol.md §1.11) from the store's realm rows: each realm's name,
// "host:port" address, type, flags, population, this account's character count on it,
// timezone (category) and id. A realm whose last heartbeat is older than 30 s by the
// injected clock is flagged offline (0x02).
import type { Clock } from "../kernel/clock.ts";
import type { RealmListServer, RealmEntry } from "../protocol/login/realm-list.ts";
import { RealmFlag } from "../protocol/login/realm-list.ts";
import type { RealmRow, Store } from "../storage/ports.ts";

/** A realm without a heartbeat for this long is listed as offline. */
export const REALM_OFFLINE_AFTER_MS = 30_000;
/** TC, cmangos and real captures end the list with 0x0010. */
export const REALM_LIST_FOOTER = 0x0010;
const VERSION_12340 = { major: 3, minor: 3, patch: 5, build: 12340 };

/** One entry of the list for a realm row and the account's character count there. */
export function realmEntry(row: RealmRow, characters: number, now: number): RealmEntry {
  let flags = row.flags & 0xff;
  if (now - row.heartbeatAt > REALM_OFFLINE_AFTER_MS) flags |= RealmFlag.OFFLINE;
  const entry: RealmEntry = {
    type: row.type & 0xff,
    locked: 0,
    flags,
    name: row.name,
    address: row.address,
    population: Number.isFinite(row.population) ? row.population : 0,
    characters: Math.min(255, Math.max(0, characters)),
    category: row.timezone & 0xff,
    realmId: row.id & 0xff,
  };
  if (flags & RealmFlag.SPECIFY_BUILD) entry.version = VERSION_12340;
  return entry;
}

/** The reply from realm rows and the account's character counts per realm id. */
export function realmListFrom(rows: readonly RealmRow[], counts: ReadonlyMap<number, number>, now: number): RealmListServer {
  return {
    unused: 0,
    realms: rows.map((r) => realmEntry(r, counts.get(r.id) ?? 0, now)),
    footer: REALM_LIST_FOOTER,
  };
}

/** The whole reply for an account, read from the store now. */
export async function buildRealmList(store: Pick<Store, "realms" | "characters">, clock: Clock, accountId: number): Promise<RealmListServer> {
  const [rows, counts] = await Promise.all([store.realms.list(), store.characters.countsByAccount(accountId)]);
  return realmListFrom(rows, counts, clock.now());
}
