// /who over real sockets, answered from the presence table: filters, the other faction,
// players on two map instances, the 49-entry cap with the full total, bounds.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readWho, writeWho, type WhoQuery } from "../../bench/client/messages/social.ts";
import { until } from "../../server/testing/world-helpers.ts";
import { DARNASSUS, ORC, Opcode, socialWorld, type Pc, type SocialWorld } from "./testing/social-world.ts";

let w: SocialWorld;
let al: Pc;
beforeAll(async () => {
  w = await socialWorld();
  al = await w.player("Alvin", { level: 10, class: 2 });
  await w.player("Bodo", { level: 20, race: 3, class: 1 }); // dwarf warrior
  await w.player("Kalina", { ...DARNASSUS, race: 4, class: 11, level: 30 }); // night elf druid on map 1
  await w.player("Grom", { race: ORC, level: 15 });
  await w.player("Overseer", { gmLevel: 2, level: 80 });
});
afterAll(() => w.stop());

async function who(p: Pc, q: WhoQuery = {}) {
  const s = p.mark();
  p.send(Opcode.CMSG_WHO, (x) => writeWho(x, q));
  return p.wait(Opcode.SMSG_WHO, readWho, () => true, s);
}
const names = (r: Awaited<ReturnType<typeof who>>) => r.entries.map((e) => e.name).sort();

describe("who", () => {
  test("no filter: my faction on every map; no other faction, no hidden GMs", async () => {
    const r = await who(al);
    expect(names(r)).toEqual(["Alvin", "Bodo", "Kalina"]);
    expect([r.displayed, r.total]).toEqual([3, 3]);
    const k = r.entries.find((e) => e.name === "Kalina")!;
    expect([k.level, k.class, k.race, k.zone]).toEqual([30, 11, 4, 1657]);
  });

  test("level range (100 means 255), name, race and class masks, zones, free strings", async () => {
    expect(names(await who(al, { minLevel: 15, maxLevel: 25 }))).toEqual(["Bodo"]);
    expect(names(await who(al, { minLevel: 25, maxLevel: 100 }))).toEqual(["Kalina"]);
    expect(names(await who(al, { name: "ODO" }))).toEqual(["Bodo"]);
    expect(names(await who(al, { raceMask: (1 << 3) | (1 << 4) }))).toEqual(["Bodo", "Kalina"]);
    expect(names(await who(al, { classMask: 1 << 2 }))).toEqual(["Alvin"]);
    expect(names(await who(al, { classMask: 0 }))).toEqual([]);
    expect(names(await who(al, { zones: [1657] }))).toEqual(["Kalina"]);
    expect(names(await who(al, { strings: ["darnassus"] }))).toEqual(["Kalina"]);
    expect(names(await who(al, { strings: ["nothing", "alv"] }))).toEqual(["Alvin"]);
    expect(names(await who(al, { guild: "any" }))).toEqual([]);
  });

  test("a GM sees both factions and GMs", async () => {
    const gm = await w.player("Moderator", { gmLevel: 1 });
    expect(names(await who(gm))).toEqual(["Alvin", "Bodo", "Grom", "Kalina", "Moderator", "Overseer"]);
  });

  test("more than 10 zones is ignored (no reply)", async () => {
    const s = al.mark();
    al.send(Opcode.CMSG_WHO, (x) => writeWho(x, { zones: Array.from({ length: 11 }, (_, i) => i) }));
    al.send(Opcode.CMSG_WHO, (x) => writeWho(x, { name: "Bodo" }));
    const r = await al.wait(Opcode.SMSG_WHO, readWho, () => true, s);
    expect(names(r)).toEqual(["Bodo"]);
    expect(al.all(Opcode.SMSG_WHO, readWho, s).length).toBe(1);
  });

  test("at most 49 entries, the total counts every match", async () => {
    for (let i = 0; i < 50; i++) await w.character(`WHOFILL${i}`, `Filler${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`, { level: 5 });
    // presence is what /who reads: put the fillers in it without 50 sockets
    const p = await w.b.realm.presence.byGuid(Number(al.guid));
    const rows = await w.b.realm.store.characters.search("Filler", { limit: 100 });
    for (const r of rows) await w.b.realm.presence.put({ ...p!, guid: r.guid, name: r.name, level: 5, sessionId: 0 });
    await until("fillers present", async () => (await w.b.realm.presence.count()) >= 56);
    const r = await who(al, { minLevel: 5, maxLevel: 5 });
    expect([r.displayed, r.total, r.entries.length]).toEqual([49, 50, 49]);
    for (const row of rows) await w.b.realm.presence.remove(row.guid);
  });
});
