import { expect, test } from "bun:test";
import { MemoryCache } from "../storage/cache/memory.ts";
import { Presence } from "./presence.ts";
import type { OnlinePlayer } from "./types.ts";

const player = (guid: number, name: string, sessionId = guid): OnlinePlayer => ({
  guid,
  name,
  accountId: 1,
  gatewayId: 1,
  sessionId,
  race: 1,
  class: 1,
  gender: 0,
  level: 1,
  map: 0,
  zone: 12,
  instanceId: 0,
  worldHost: "w1",
  gmLevel: 0,
  guildId: 0,
  status: 0,
});

test("an entry is found by guid and by name (any case), counted and listed", async () => {
  const p = new Presence(new MemoryCache("t:"), 1);
  await p.put(player(5, "Alice"));
  await p.put(player(6, "Bob"));
  expect((await p.byGuid(5))?.name).toBe("Alice");
  expect((await p.byName("aLiCe"))?.guid).toBe(5);
  expect(await p.count()).toBe(2);
  expect((await p.all()).map((x) => x.guid).sort()).toEqual([5, 6]);
  expect(await new Presence(new MemoryCache("t:"), 2).count()).toBe(0); // per realm
});

test("patch changes fields of a present entry only", async () => {
  const p = new Presence(new MemoryCache(), 1);
  expect(await p.patch(5, { zone: 1 })).toBeUndefined();
  expect(await p.byGuid(5)).toBeUndefined();
  await p.put(player(5, "Alice"));
  expect(await p.patch(5, { zone: 40, guid: 99 })).toMatchObject({ guid: 5, zone: 40 });
  expect((await p.byGuid(5))?.zone).toBe(40);
});

test("remove with a session leaves an entry a newer login owns", async () => {
  const p = new Presence(new MemoryCache(), 1);
  await p.put(player(5, "Alice", 7));
  await p.remove(5, { gatewayId: 1, sessionId: 6 });
  expect((await p.byGuid(5))?.sessionId).toBe(7);
  await p.remove(5, { gatewayId: 1, sessionId: 7 });
  expect(await p.byGuid(5)).toBeUndefined();
  expect(await p.byName("Alice")).toBeUndefined();
  expect(await p.count()).toBe(0);
});

test("removing a character keeps a name another character holds now", async () => {
  const p = new Presence(new MemoryCache(), 1);
  await p.put(player(5, "Alice"));
  await p.put(player(8, "Alice")); // the name went to guid 8 (rename, recreate)
  await p.remove(5);
  expect((await p.byName("alice"))?.guid).toBe(8);
});
