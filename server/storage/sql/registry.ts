// Realms of the realm list, and the orchestrator's world registry.
import { and, asc, eq, sql } from "drizzle-orm";
import type { RealmStore, WorldRegistryStore } from "../ports.ts";
import type { WorldInstanceRow, WorldPlayerRow } from "../schema.ts";
import { Part } from "./part.ts";

export class Realms extends Part implements RealmStore {
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

export class Registry extends Part implements WorldRegistryStore {
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
  async removePlayer(realmId: number, guid: number, host?: string) {
    const t = this.t.worldPlayers;
    const w = and(eq(t.realmId, realmId), eq(t.guid, guid));
    await (await this.db()).delete(t).where(host === undefined ? w : and(w, eq(t.host, host)));
  }
  async players(realmId: number, host?: string) {
    const t = this.t.worldPlayers;
    const w = host === undefined ? eq(t.realmId, realmId) : and(eq(t.realmId, realmId), eq(t.host, host));
    return (await this.db()).select().from(t).where(w).orderBy(asc(t.guid));
  }
}
