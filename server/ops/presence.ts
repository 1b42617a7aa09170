// The presence table: who is in the world, where, on which gateway session. World hosts
// write it when a character enters or leaves the world (and on zone/level changes);
// services, commands and the web plane read it. It lives in the Cache port, so it is
// shared across processes (Redis in cluster mode).
import type { OnlinePlayer } from "./types.ts";
import type { Cache } from "../storage/cache/port.ts";

const table = (realm: number) => `presence:r${realm}`;
const names = (realm: number) => `presence-name:r${realm}`;

export class Presence {
  constructor(
    private cache: Cache,
    readonly realmId: number,
  ) {}

  async put(p: OnlinePlayer): Promise<void> {
    await Promise.all([this.cache.hset(table(this.realmId), String(p.guid), JSON.stringify(p)), this.cache.hset(names(this.realmId), p.name.toLowerCase(), String(p.guid))]);
  }

  async patch(guid: number, patch: Partial<OnlinePlayer>): Promise<OnlinePlayer | undefined> {
    const cur = await this.byGuid(guid);
    if (!cur) return undefined;
    const next = { ...cur, ...patch, guid };
    await this.cache.hset(table(this.realmId), String(guid), JSON.stringify(next));
    return next;
  }

  /** Removes the entry if it still belongs to that session (a newer login may own it). */
  async remove(guid: number, session?: { gatewayId: number; sessionId: number }): Promise<void> {
    const cur = await this.byGuid(guid);
    if (!cur) return;
    if (session && (cur.gatewayId !== session.gatewayId || cur.sessionId !== session.sessionId)) return;
    const [, g] = await Promise.all([this.cache.hdel(table(this.realmId), String(guid)), this.cache.hget(names(this.realmId), cur.name.toLowerCase())]);
    if (g === String(guid)) await this.cache.hdel(names(this.realmId), cur.name.toLowerCase());
  }

  async byGuid(guid: number): Promise<OnlinePlayer | undefined> {
    const v = await this.cache.hget(table(this.realmId), String(guid));
    return v ? (JSON.parse(v) as OnlinePlayer) : undefined;
  }

  async byName(name: string): Promise<OnlinePlayer | undefined> {
    const g = await this.cache.hget(names(this.realmId), name.toLowerCase());
    return g ? this.byGuid(Number(g)) : undefined;
  }

  async all(): Promise<OnlinePlayer[]> {
    const m = await this.cache.hgetall(table(this.realmId));
    return [...m.values()].map((v) => JSON.parse(v) as OnlinePlayer);
  }

  async count(): Promise<number> {
    return this.cache.hlen(table(this.realmId));
  }
}
