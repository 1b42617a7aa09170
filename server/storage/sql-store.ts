// The store's query logic, written once with drizzle's query builder and run against
// either dialect. The code is typed against the PostgreSQL tables; the SQLite tables
// have identical row types (schema.types.test.ts), and drizzle generates each dialect's
// SQL from the table objects it is given at run time.
import { and, asc, desc, eq, gt, like, or, sql, type SQL } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { RealmError } from "../kernel/errors.ts";
import type {
  AccountDataStore,
  AccountStore,
  AuditStore,
  BanStore,
  CharacterSave,
  CharacterStore,
  Dialect,
  Page,
  PluginDataStore,
  RealmStore,
  StoreParts,
  WorldRegistryStore,
} from "./ports.ts";
import type { AccountBanRow, AccountRow, CharacterRow, NewCharacterRow, Tables, WorldInstanceRow, WorldPlayerRow } from "./schema.ts";

/** A drizzle database typed as PostgreSQL (the SQLite one is cast to this shape). */
export type Db = NodePgDatabase<Record<string, never>>;

export interface Executor {
  dialect: Dialect;
  db: Db;
  tables: Tables;
  /** Waits while another transaction owns the connection (SQLite); no-op otherwise. */
  gate(): Promise<void> | void;
  /** Runs fn inside one transaction with its own executor. */
  transaction<T>(fn: (ex: Executor) => Promise<T>): Promise<T>;
}

export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err?.code ?? err?.cause?.code;
  const msg = `${err?.message ?? ""} ${err?.cause?.message ?? ""}`;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || /UNIQUE constraint failed|duplicate key/.test(msg);
}

const lim = (p?: Page) => Math.min(Math.max(p?.limit ?? 100, 1), 1000);
const off = (p?: Page) => Math.max(p?.offset ?? 0, 0);
/** The LIKE wildcards and the escape character, escaped with `\`. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** LIKE pattern for a substring, with the wildcard characters escaped. */
const contains = (s: string) => `%${escapeLike(s)}%`;

/**
 * `col` starts with `prefix`, literally and case-sensitively, in both dialects: LIKE with
 * an explicit ESCAPE (SQLite has no default escape character) narrows the rows, and the
 * substr comparison makes it exact (SQLite's LIKE ignores ASCII case).
 */
function startsWith(col: SQL | Parameters<typeof like>[0], prefix: string): SQL {
  return sql`(${col} LIKE ${`${escapeLike(prefix)}%`} ESCAPE '\\' AND substr(${col}, 1, length(CAST(${prefix} AS text))) = ${prefix})`;
}

abstract class Part {
  constructor(protected ex: Executor) {}
  protected get t(): Tables {
    return this.ex.tables;
  }
  protected async db(): Promise<Db> {
    await this.ex.gate();
    return this.ex.db;
  }
  /**
   * Runs fn so that a failing statement cannot spoil an enclosing transaction: inside a
   * PostgreSQL transaction this is a savepoint (an error there would otherwise abort the
   * whole transaction); outside one it is a short transaction of its own.
   */
  protected guarded<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.ex.transaction((ex) => fn(ex.db));
  }
  /** Case-insensitive LIKE that works in both dialects. */
  protected ilike(col: SQL | Parameters<typeof like>[0], pattern: string): SQL {
    return this.ex.dialect === "postgresql" ? sql`${col} ILIKE ${pattern}` : sql`${col} LIKE ${pattern} ESCAPE '\\'`;
  }
}

class Accounts extends Part implements AccountStore {
  async create(row: Parameters<AccountStore["create"]>[0]) {
    // ON CONFLICT DO NOTHING rather than catching the violation: inside a PostgreSQL
    // transaction a failed INSERT would abort everything after it
    const [r] = await (await this.db()).insert(this.t.accounts).values(row).onConflictDoNothing().returning();
    if (!r) throw new RealmError("ACCOUNT_EXISTS", `account ${row.name} already exists`);
    return r;
  }
  async byId(id: number) {
    const [r] = await (await this.db()).select().from(this.t.accounts).where(eq(this.t.accounts.id, id)).limit(1);
    return r;
  }
  async byName(name: string) {
    const db = await this.db();
    const t = this.t.accounts;
    if (this.ex.dialect === "sqlite") {
      return hot(this.ex, "accounts.byName", () => db.select().from(t).where(eq(t.name, sql.placeholder("name"))).limit(1)).all({ name: name.toUpperCase() })[0] as AccountRow | undefined;
    }
    const [r] = await db.select().from(t).where(eq(t.name, name.toUpperCase())).limit(1);
    return r;
  }
  async list(search = "", page?: Page) {
    const q = (await this.db()).select().from(this.t.accounts);
    const w = search ? this.ilike(this.t.accounts.name, contains(search)) : undefined;
    return (w ? q.where(w) : q).orderBy(asc(this.t.accounts.name)).limit(lim(page)).offset(off(page));
  }
  async count() {
    const [r] = await (await this.db()).select({ n: sql<number>`count(*)` }).from(this.t.accounts);
    return Number(r?.n ?? 0);
  }
  async update(id: number, patch: Partial<Omit<AccountRow, "id">>) {
    const keys = Object.keys(patch);
    if (keys.length === 0) return;
    const db = await this.db();
    if (this.ex.dialect === "sqlite") return void preparedUpdate(this.ex, "accounts", "id", keys).run({ ...patch, __id: id });
    await db.update(this.t.accounts).set(patch).where(eq(this.t.accounts.id, id));
  }
}

class Bans extends Part implements BanStore {
  async banAccount(row: Parameters<BanStore["banAccount"]>[0]) {
    const [r] = await (await this.db()).insert(this.t.accountBans).values({ ...row, active: true }).returning();
    return r!;
  }
  async unbanAccount(accountId: number) {
    const t = this.t.accountBans;
    const rows = await (await this.db()).update(t).set({ active: false }).where(and(eq(t.accountId, accountId), eq(t.active, true))).returning({ id: t.id });
    return rows.length;
  }
  async activeAccountBan(accountId: number, now: number) {
    const t = this.t.accountBans;
    const db = await this.db();
    if (this.ex.dialect === "sqlite") {
      const q = () =>
        db
          .select()
          .from(t)
          .where(and(eq(t.accountId, sql.placeholder("id")), eq(t.active, true), or(eq(t.expiresAt, 0), gt(t.expiresAt, sql.placeholder("now")))))
          .orderBy(asc(t.expiresAt))
          .limit(1);
      return hot(this.ex, "bans.active", q).all({ id: accountId, now })[0] as AccountBanRow | undefined;
    }
    const [r] = await db
      .select()
      .from(t)
      .where(and(eq(t.accountId, accountId), eq(t.active, true), or(eq(t.expiresAt, 0), gt(t.expiresAt, now))))
      .orderBy(asc(t.expiresAt))
      .limit(1);
    return r;
  }
  async accountBans(accountId: number) {
    const t = this.t.accountBans;
    return (await this.db()).select().from(t).where(eq(t.accountId, accountId)).orderBy(desc(t.bannedAt));
  }
  async banIp(row: Parameters<BanStore["banIp"]>[0]) {
    const t = this.t.ipBans;
    await (await this.db())
      .insert(t)
      .values(row)
      .onConflictDoUpdate({ target: t.ip, set: { bannedAt: row.bannedAt, expiresAt: row.expiresAt, reason: row.reason, bannedBy: row.bannedBy } });
  }
  async unbanIp(ip: string) {
    const t = this.t.ipBans;
    const rows = await (await this.db()).delete(t).where(eq(t.ip, ip)).returning({ ip: t.ip });
    return rows.length > 0;
  }
  async activeIpBan(ip: string, now: number) {
    const t = this.t.ipBans;
    const [r] = await (await this.db())
      .select()
      .from(t)
      .where(and(eq(t.ip, ip), or(eq(t.expiresAt, 0), gt(t.expiresAt, now))))
      .limit(1);
    return r;
  }
  async ipBans() {
    return (await this.db()).select().from(this.t.ipBans).orderBy(asc(this.t.ipBans.ip));
  }
}

class Realms extends Part implements RealmStore {
  async upsert(row: Parameters<RealmStore["upsert"]>[0]) {
    const t = this.t.realms;
    const { id: _id, ...rest } = row;
    await (await this.db()).insert(t).values(row).onConflictDoUpdate({ target: t.id, set: rest });
  }
  async get(id: number) {
    const [r] = await (await this.db()).select().from(this.t.realms).where(eq(this.t.realms.id, id)).limit(1);
    return r;
  }
  async list() {
    return (await this.db()).select().from(this.t.realms).orderBy(asc(this.t.realms.id));
  }
  async update(id: number, patch: Parameters<RealmStore["update"]>[1]) {
    if (Object.keys(patch).length === 0) return;
    await (await this.db()).update(this.t.realms).set(patch).where(eq(this.t.realms.id, id));
  }
  async remove(id: number) {
    await (await this.db()).delete(this.t.realms).where(eq(this.t.realms.id, id));
  }
}

type PreparedRun = { run(values: Record<string, unknown>): unknown; all(values?: Record<string, unknown>): unknown[] };
/**
 * Prepared statements per drizzle database (bun:sqlite only). Building a query with
 * drizzle's builder costs tens of µs; running a prepared one a few µs, which matters on
 * the login path and in save batches.
 */
const prepared = new WeakMap<object, Map<string, PreparedRun>>();

function hot(ex: Executor, key: string, build: () => unknown): PreparedRun {
  let m = prepared.get(ex.db);
  if (!m) prepared.set(ex.db, (m = new Map()));
  let p = m.get(key);
  if (!p) {
    p = (build() as { prepare(): PreparedRun }).prepare();
    m.set(key, p);
  }
  return p;
}

/** A prepared UPDATE of `table` by its id column for one set of columns. */
function preparedUpdate(ex: Executor, table: "characters" | "accounts", idCol: string, keys: string[]): PreparedRun {
  const sig = keys.slice().sort().join(",");
  return hot(ex, `update:${table}:${sig}`, () => {
    const t = ex.tables[table] as unknown as Record<string, never>;
    const set: Record<string, unknown> = {};
    for (const k of sig.split(",")) set[k] = sql.placeholder(k);
    return ex.db.update(ex.tables[table]).set(set as never).where(eq(t[idCol]!, sql.placeholder("__id")));
  });
}

/**
 * UPDATE characters SET a = v.a, ... FROM unnest($1::integer[], $2::text[], ...) AS v(guid, a, ...)
 * WHERE characters.guid = v.guid: many saves with the same columns in one statement with
 * one array parameter per column (building 100 x 16 separate parameters costs ~7 ms).
 */
function pgBatchUpdate(t: Tables["characters"], keys: string[], rows: CharacterSave[]): SQL {
  const cols = t as unknown as Record<string, { getSQLType(): string }>;
  const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const all = ["guid", ...keys];
  const arrays = all.map((k) => sql`${sql.param(rows.map((r) => (r as Record<string, unknown>)[k]))}::${sql.raw(cols[k]!.getSQLType())}[]`);
  const set = sql.raw(keys.map((k) => `"${snake(k)}" = v."${snake(k)}"`).join(", "));
  const names = sql.raw(all.map((k) => `"${snake(k)}"`).join(", "));
  return sql`UPDATE "characters" SET ${set} FROM unnest(${sql.join(arrays, sql`, `)}) AS v(${names}) WHERE "characters"."guid" = v."guid"`;
}

/** The name key that makes character names unique per realm, case-insensitively. */
export const nameKey = (name: string) => name.toLowerCase();

class Characters extends Part implements CharacterStore {
  async create(row: NewCharacterRow) {
    const [r] = await (await this.db()).insert(this.t.characters).values({ ...row, nameKey: nameKey(row.name) }).onConflictDoNothing().returning();
    return r;
  }
  async byGuid(guid: number) {
    const [r] = await (await this.db()).select().from(this.t.characters).where(eq(this.t.characters.guid, guid)).limit(1);
    return r;
  }
  async byName(realmId: number, name: string) {
    const t = this.t.characters;
    const [r] = await (await this.db())
      .select()
      .from(t)
      .where(and(eq(t.realmId, realmId), eq(t.nameKey, nameKey(name)), eq(t.deletedAt, 0)))
      .limit(1);
    return r;
  }
  async listByAccount(accountId: number, realmId: number, opts: { deleted?: boolean } = {}) {
    const t = this.t.characters;
    const del = opts.deleted ? gt(t.deletedAt, 0) : eq(t.deletedAt, 0);
    return (await this.db()).select().from(t).where(and(eq(t.accountId, accountId), eq(t.realmId, realmId), del)).orderBy(asc(t.guid));
  }
  async countsByAccount(accountId: number) {
    const t = this.t.characters;
    const db = await this.db();
    const build = (id: number | ReturnType<typeof sql.placeholder>) =>
      db
        .select({ realmId: t.realmId, n: sql<number>`count(*)` })
        .from(t)
        .where(and(eq(t.accountId, id), eq(t.deletedAt, 0)))
        .groupBy(t.realmId);
    const rows =
      this.ex.dialect === "sqlite"
        ? (hot(this.ex, "characters.counts", () => build(sql.placeholder("id"))).all({ id: accountId }) as { realmId: number; n: number }[])
        : await build(accountId);
    return new Map(rows.map((r) => [r.realmId, Number(r.n)]));
  }
  async search(text: string, page: Parameters<CharacterStore["search"]>[1] = {}) {
    const t = this.t.characters;
    const conds: SQL[] = [page.deleted ? gt(t.deletedAt, 0) : eq(t.deletedAt, 0)];
    if (text) conds.push(this.ilike(t.name, contains(text)));
    if (page.realmId !== undefined) conds.push(eq(t.realmId, page.realmId));
    if (page.online !== undefined) conds.push(eq(t.online, page.online));
    return (await this.db()).select().from(t).where(and(...conds)).orderBy(asc(t.name)).limit(lim(page)).offset(off(page));
  }
  async update(guid: number, patch: Partial<Omit<CharacterRow, "guid">>) {
    if (Object.keys(patch).length === 0) return;
    const p = patch.name !== undefined ? { ...patch, nameKey: nameKey(patch.name) } : patch;
    await (await this.db()).update(this.t.characters).set(p).where(eq(this.t.characters.guid, guid));
  }
  async rename(guid: number, name: string) {
    try {
      const t = this.t.characters;
      await this.guarded((db) => db.update(t).set({ name, nameKey: nameKey(name) }).where(eq(t.guid, guid)));
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }
  async saveBatch(saves: CharacterSave[]) {
    if (saves.length === 0) return;
    await this.ex.transaction(async (ex) => {
      const t = ex.tables.characters;
      const groups = new Map<string, CharacterSave[]>();
      for (const { guid, ...patch } of saves) {
        const keys = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
        if (keys.length === 0) continue;
        // bun:sqlite: a prepared statement per set of columns (building the UPDATE with
        // drizzle's query builder costs ~45 µs; running a prepared one ~4 µs)
        if (ex.dialect === "sqlite") preparedUpdate(ex, "characters", "guid", keys).run({ ...patch, __id: guid });
        else {
          const sig = keys.slice().sort().join(",");
          const g = groups.get(sig);
          if (g) g.push({ guid, ...patch });
          else groups.set(sig, [{ guid, ...patch }]);
        }
      }
      // PostgreSQL: one UPDATE ... FROM unnest(...) per column set, not one round trip per save
      for (const [sig, rows] of groups) {
        if (rows.length === 1) {
          // a lone save plans faster as a plain UPDATE
          const { guid, ...patch } = rows[0]!;
          await ex.db.update(t).set(patch).where(eq(t.guid, guid));
          continue;
        }
        for (let i = 0; i < rows.length; i += 5000) await ex.db.execute(pgBatchUpdate(t, sig.split(","), rows.slice(i, i + 5000)));
      }
    });
  }
  async softDelete(guid: number, at: number) {
    const t = this.t.characters;
    await (await this.db()).update(t).set({ deletedAt: at, online: false, nameKey: `#${guid}` }).where(eq(t.guid, guid));
  }
  async restore(guid: number) {
    const c = await this.byGuid(guid);
    if (!c || c.deletedAt === 0) return false;
    try {
      const t = this.t.characters;
      await this.guarded((db) => db.update(t).set({ deletedAt: 0, nameKey: nameKey(c.name) }).where(eq(t.guid, guid)));
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }
  async markRealmOffline(realmId: number) {
    const t = this.t.characters;
    await (await this.db()).update(t).set({ online: false }).where(and(eq(t.realmId, realmId), eq(t.online, true)));
  }
}

class AccountData extends Part implements AccountDataStore {
  async get(accountId: number, characterGuid: number, slot: number) {
    const t = this.t.accountData;
    const [r] = await (await this.db())
      .select()
      .from(t)
      .where(and(eq(t.accountId, accountId), eq(t.characterGuid, characterGuid), eq(t.slot, slot)))
      .limit(1);
    return r;
  }
  async put(row: Parameters<AccountDataStore["put"]>[0]) {
    const t = this.t.accountData;
    await (await this.db())
      .insert(t)
      .values(row)
      .onConflictDoUpdate({ target: [t.accountId, t.characterGuid, t.slot], set: { time: row.time, size: row.size, data: row.data } });
  }
  async times(accountId: number, characterGuid: number) {
    const t = this.t.accountData;
    const rows = await (await this.db())
      .select({ slot: t.slot, time: t.time })
      .from(t)
      .where(and(eq(t.accountId, accountId), eq(t.characterGuid, characterGuid)));
    return new Map(rows.map((r) => [r.slot, r.time]));
  }
}

class PluginData extends Part implements PluginDataStore {
  async get<T>(plugin: string, key: string) {
    const t = this.t.pluginData;
    const [r] = await (await this.db()).select().from(t).where(and(eq(t.plugin, plugin), eq(t.key, key))).limit(1);
    return r ? (JSON.parse(r.value) as T) : undefined;
  }
  async put(plugin: string, key: string, value: unknown) {
    const t = this.t.pluginData;
    const v = JSON.stringify(value);
    const now = Date.now();
    await (await this.db())
      .insert(t)
      .values({ plugin, key, value: v, updatedAt: now })
      .onConflictDoUpdate({ target: [t.plugin, t.key], set: { value: v, updatedAt: now } });
  }
  async delete(plugin: string, key: string) {
    const t = this.t.pluginData;
    const rows = await (await this.db()).delete(t).where(and(eq(t.plugin, plugin), eq(t.key, key))).returning({ key: t.key });
    return rows.length > 0;
  }
  async list<T>(plugin: string, prefix = "", page?: Page) {
    const t = this.t.pluginData;
    const conds = [eq(t.plugin, plugin)];
    if (prefix) conds.push(startsWith(t.key, prefix));
    const rows = await (await this.db())
      .select()
      .from(t)
      .where(and(...conds))
      .orderBy(asc(t.key))
      .limit(page?.limit ?? 10_000)
      .offset(off(page));
    return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
  }
}

class Registry extends Part implements WorldRegistryStore {
  async putInstance(row: WorldInstanceRow) {
    const t = this.t.worldInstances;
    await (await this.db())
      .insert(t)
      .values(row)
      .onConflictDoUpdate({ target: [t.realmId, t.map, t.instanceId], set: { instanceKey: row.instanceKey, host: row.host, updatedAt: row.updatedAt } });
  }
  async instances(realmId: number) {
    const t = this.t.worldInstances;
    return (await this.db()).select().from(t).where(eq(t.realmId, realmId)).orderBy(asc(t.map), asc(t.instanceId));
  }
  async instanceByKey(realmId: number, map: number, instanceKey: string) {
    const t = this.t.worldInstances;
    const [r] = await (await this.db())
      .select()
      .from(t)
      .where(and(eq(t.realmId, realmId), eq(t.map, map), eq(t.instanceKey, instanceKey)))
      .limit(1);
    return r;
  }
  async removeInstance(realmId: number, map: number, instanceId: number) {
    const t = this.t.worldInstances;
    await (await this.db()).delete(t).where(and(eq(t.realmId, realmId), eq(t.map, map), eq(t.instanceId, instanceId)));
  }
  async maxInstanceId(realmId: number) {
    const t = this.t.worldInstances;
    const [r] = await (await this.db()).select({ n: sql<number>`max(${t.instanceId})` }).from(t).where(eq(t.realmId, realmId));
    return Number(r?.n ?? 0);
  }
  async putPlayer(row: WorldPlayerRow) {
    const t = this.t.worldPlayers;
    const { realmId: _r, guid: _g, ...rest } = row;
    await (await this.db()).insert(t).values(row).onConflictDoUpdate({ target: [t.realmId, t.guid], set: rest });
  }
  async removePlayer(realmId: number, guid: number) {
    const t = this.t.worldPlayers;
    await (await this.db()).delete(t).where(and(eq(t.realmId, realmId), eq(t.guid, guid)));
  }
  async players(realmId: number, host?: string) {
    const t = this.t.worldPlayers;
    const w = host === undefined ? eq(t.realmId, realmId) : and(eq(t.realmId, realmId), eq(t.host, host));
    return (await this.db()).select().from(t).where(w).orderBy(asc(t.guid));
  }
}

class Audit extends Part implements AuditStore {
  async append(row: Parameters<AuditStore["append"]>[0]) {
    await (await this.db()).insert(this.t.auditLog).values(row);
  }
  async list(f: Parameters<AuditStore["list"]>[0] = {}) {
    const t = this.t.auditLog;
    const conds: SQL[] = [];
    if (f.actor) conds.push(eq(t.actor, f.actor));
    if (f.action) conds.push(startsWith(t.action, f.action));
    if (f.target) conds.push(eq(t.target, f.target));
    if (f.since !== undefined) conds.push(gt(t.at, f.since));
    const q = (await this.db()).select().from(t);
    return (conds.length ? q.where(and(...conds)) : q).orderBy(desc(t.id)).limit(lim(f)).offset(off(f));
  }
}

/** The parts of a Store that work inside or outside a transaction. */
export function storeParts(ex: Executor): StoreParts {
  return {
    dialect: ex.dialect,
    accounts: new Accounts(ex),
    bans: new Bans(ex),
    realms: new Realms(ex),
    characters: new Characters(ex),
    accountData: new AccountData(ex),
    pluginData: new PluginData(ex),
    audit: new Audit(ex),
    registry: new Registry(ex),
  };
}
