// Reads several pages share.
import type { CharacterRow, RealmStatus, WebContext } from "../server/api/index.ts";

/** The account's characters on every realm in the realm list (deleted ones when asked). */
export async function charactersOf(ctx: WebContext, accountId: number, opts: { deleted?: boolean } = {}): Promise<{ realms: Map<number, RealmStatus>; rows: CharacterRow[] }> {
  const list = await ctx.realms.list();
  const realms = new Map(list.map((r) => [r.id, r]));
  if (!realms.has(ctx.realm.id)) realms.set(ctx.realm.id, { id: ctx.realm.id, name: ctx.realm.name } as RealmStatus);
  const per = await Promise.all(
    [...realms.keys()].map(async (id) => {
      const live = await ctx.characters.listByAccount(accountId, id);
      return opts.deleted ? [...live, ...(await ctx.characters.listByAccount(accountId, id, { deleted: true }))] : live;
    }),
  );
  return { realms, rows: per.flat() };
}
