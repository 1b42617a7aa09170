// Account data (the client's saved UI data) and plugin documents.
import { and, asc, eq } from "drizzle-orm";
import type { AccountDataStore, Page, PluginDataStore } from "../ports.ts";
import { off, Part, startsWith } from "./part.ts";

export class AccountData extends Part implements AccountDataStore {
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

export class PluginData extends Part implements PluginDataStore {
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
