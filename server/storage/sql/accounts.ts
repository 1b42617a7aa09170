// Accounts and bans.
import { and, asc, desc, eq, gt, or, sql } from "drizzle-orm";
import { RealmError } from "../../kernel/errors.ts";
import type { AccountStore, BanStore, Page } from "../ports.ts";
import type { AccountBanRow, AccountRow } from "../schema.ts";
import { contains, hot, lim, off, Part, preparedUpdate } from "./part.ts";

export class Accounts extends Part implements AccountStore {
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

export class Bans extends Part implements BanStore {
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
