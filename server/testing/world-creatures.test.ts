// Creatures and queries over real sockets: creature create blocks near the start, the
// creature / gameobject / item / name queries (known and unknown), wandering with
// SMSG_MONSTER_MOVE, and a creature killed with `.npc kill` that respawns after its
// respawn time (ManualClock).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ByteReader } from "../../bench/client/bytes.ts";
import { writeGuid } from "../../bench/client/messages/character.ts";
import { readMonsterMove } from "../../bench/client/messages/teleport.ts";
import { Field, ObjectTypeId } from "../../bench/client/messages/update-object.ts";
import type { HeadlessClient } from "../../bench/client/headless-client.ts";
import { command, count, created, NORTHSHIRE, Opcode, startWorld, until, type World } from "./world-helpers.ts";

let w: World;
let gm: HeadlessClient;
beforeAll(async () => {
  // a long idle limit: the test moves the clock by more than the default 60 s
  w = await startWorld({ gateway: { idleWorldMs: 3_600_000 } }, { manualClock: true });
  await w.character("crgm", "Keeper", { gmLevel: 2 });
  gm = await w.enter("crgm");
});
afterAll(async () => {
  await w.stop();
});

function creaturesSeen(c: HeadlessClient) {
  return [...c.state.objects.values()].filter((o) => o.objectType === ObjectTypeId.UNIT);
}

function select(c: HeadlessClient, guid: bigint): void {
  c.world!.packet(Opcode.CMSG_SET_SELECTION, (b) => writeGuid(b, guid));
}

test("creature create blocks arrive near the start (entry, display, level, faction)", async () => {
  await until("creatures are visible", () => creaturesSeen(gm).length >= 7);
  const entries = new Set(creaturesSeen(gm).map((o) => o.fields.get(Field.OBJECT_FIELD_ENTRY)));
  for (const e of [90001, 90002, 90020]) expect(entries.has(e)).toBe(true);
  const greeter = creaturesSeen(gm).find((o) => o.fields.get(Field.OBJECT_FIELD_ENTRY) === 90020)!;
  expect(greeter.fields.get(Field.UNIT_FIELD_DISPLAYID)).toBe(3167);
  expect(greeter.fields.get(Field.UNIT_FIELD_LEVEL)).toBe(60);
  expect(greeter.fields.get(Field.UNIT_FIELD_FACTIONTEMPLATE)).toBe(35);
  expect(greeter.fields.get(Field.OBJECT_FIELD_TYPE)).toBe(0x09); // object | unit
  expect(Math.hypot(greeter.position.x - NORTHSHIRE.x, greeter.position.y - NORTHSHIRE.y)).toBeLessThan(10);
});

test("creature, gameobject and item queries answer known entries and flag unknown ones", async () => {
  const wolf = await gm.creatureQuery(90001);
  expect(wolf.unknown).toBe(false);
  if (!wolf.unknown) {
    expect(wolf.name).toBe("Young Forest Wolf");
    expect(wolf.creatureType).toBe(1);
    expect(wolf.displayIds[0]).toBe(447);
  }
  const greeter = await gm.creatureQuery(90020);
  if (!greeter.unknown) expect(greeter.subname).toBe("Welcome Committee");
  expect(await gm.creatureQuery(4242)).toEqual({ entry: 4242, unknown: true });

  const mailbox = await gm.gameObjectQuery(90501);
  expect(mailbox.unknown).toBe(false);
  if (!mailbox.unknown) expect([mailbox.name, mailbox.type, mailbox.displayId, mailbox.data.length]).toEqual(["Mailbox", 19, 3051, 24]);
  expect(await gm.gameObjectQuery(4243)).toEqual({ entry: 4243, unknown: true });

  const sword = await gm.itemQuery(25);
  expect(sword.unknown).toBe(false);
  if (!sword.unknown) {
    expect(sword.name).toBe("Worn Shortsword");
    expect(sword.displayId).toBe(1542);
    expect(sword.inventoryType).toBe(21);
  }
  expect(await gm.itemQuery(4244)).toEqual({ entry: 4244, unknown: true });
});

test("name queries answer online and offline characters, and unknown guids", async () => {
  const offline = await w.character("nq1", "Sleeper", { race: 4, class: 11, gender: 1 });
  await w.character("nq2", "Talker", { race: 2, class: 3, gender: 0 });
  const talker = await w.enter("nq2");
  const on = await gm.nameQuery(talker.guid);
  expect([on.status, on.name, on.race, on.class, on.gender]).toEqual([0, "Talker", 2, 3, 0]);
  const off = await gm.nameQuery(BigInt(offline.guid));
  expect([off.status, off.name, off.race, off.class, off.gender]).toEqual([0, "Sleeper", 4, 11, 1]);
  const none = await gm.nameQuery(777777n);
  expect(none.status).toBe(1);
  expect((await gm.nameQuery(gm.guid)).name).toBe("Keeper");
  talker.close();
});

test("a wandering creature sends SMSG_MONSTER_MOVE within its wander radius", async () => {
  await until("creatures are visible", () => creaturesSeen(gm).length >= 7);
  const since = gm.world!.nextSeq;
  w.advance(11_000); // past every creature's first wander delay (2-10 s)
  await until("a monster move arrives", () => count(gm, Opcode.SMSG_MONSTER_MOVE, since) > 0);
  const moves = gm.world!.log.filter((p) => p.seq >= since && p.opcode === Opcode.SMSG_MONSTER_MOVE).map((p) => readMonsterMove(new ByteReader(p.payload)));
  const m = moves[0]!;
  const seen = gm.state.objects.get(m.guid)!;
  expect(seen.objectType).toBe(ObjectTypeId.UNIT);
  expect(m.moveType).toBe(0);
  expect(m.destination).toBeDefined();
  expect(m.duration).toBeGreaterThan(0);
  // the path ends within the spawn's wander radius (8 yd) + the spawn's distance from the start
  const spawnDist = Math.hypot(m.destination!.x - NORTHSHIRE.x, m.destination!.y - NORTHSHIRE.y);
  expect(spawnDist).toBeLessThan(32 + 8 + 0.5);
  // the duration matches a walk at 2.5 yd/s from the start point
  const dist = Math.hypot(m.destination!.x - m.start.x, m.destination!.y - m.start.y);
  expect(Math.abs(m.duration! - (dist / 2.5) * 1000)).toBeLessThan(5);
  // a later create block (a player arriving) places the creature along its path
  const server = w.b.realm.worldHost!.where.get(Number(gm.guid))!.creatureByGuid(m.guid)!;
  w.clock!.advance(Math.floor(m.duration! / 2));
  server.positionAt(w.clock!.now());
  expect(Math.abs(server.x - (m.start.x + m.destination!.x) / 2)).toBeLessThan(0.5);
});

test(".npc kill makes the selected creature disappear; it respawns after its respawn time", async () => {
  const greeter = creaturesSeen(gm).find((o) => o.fields.get(Field.OBJECT_FIELD_ENTRY) === 90020)!;
  select(gm, greeter.guid);
  const info = await command(gm, ".npc info", /Realm Greeter/);
  expect(info.join("\n")).toMatch(/entry 90020/);
  expect(info.join("\n")).toMatch(/respawn 60 s; alive/);
  const since = gm.world!.nextSeq;
  await command(gm, ".npc kill", /killed/);
  await until("the greeter is gone", () => !gm.state.sees(greeter.guid));
  expect(count(gm, Opcode.SMSG_DESTROY_OBJECT, since)).toBe(1);
  // not back before its time
  w.advance(59_000);
  await Bun.sleep(250);
  expect(gm.state.sees(greeter.guid)).toBe(false);
  w.advance(1_500);
  w.advance(100);
  await until("the greeter is back", () => gm.state.sees(greeter.guid));
  expect(created(gm, since)).toContain(greeter.guid);
  expect(Math.hypot(gm.state.positionOf(greeter.guid)!.x - NORTHSHIRE.x, gm.state.positionOf(greeter.guid)!.y - NORTHSHIRE.y)).toBeLessThan(10);
});

test(".npc kill without a selection and from a player account", async () => {
  select(gm, 0n);
  expect((await command(gm, ".npc kill", /Select a creature/)).length).toBeGreaterThan(0);
  await w.character("crpl", "Plainone");
  const pl = await w.enter("crpl");
  const greeter = creaturesSeen(pl).find((o) => o.fields.get(Field.OBJECT_FIELD_ENTRY) === 90020);
  if (greeter) select(pl, greeter.guid);
  expect(await command(pl, ".npc kill", /no such command/i)).toEqual(["There is no such command."]);
  if (greeter) expect(pl.state.sees(greeter.guid)).toBe(true);
  pl.close();
});
