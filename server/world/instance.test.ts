// MapInstance without sockets: the adaptive visibility radius (shrinks toward the floor
// under overload, grows back, and what players see follows it), enter/leave diffs with
// the 10 % hysteresis, and creature path interpolation and wandering.
import { expect, test } from "bun:test";
import type { GatewayLink } from "../bus/gateway-link.ts";
import { Content } from "../content/content.ts";
import type { CreatureSpawn, CreatureTemplate } from "../content/types.ts";
import type { CharacterRow } from "../storage/ports.ts";
import { Opcode } from "../protocol/opcodes.ts";
import { Creature, Player } from "./entities.ts";
import { IDLE_SLICES } from "./creatures.ts";
import { MapInstance } from "./instance.ts";

class RecordingLink {
  sent: { session: number; opcode: number }[] = [];
  send(_gw: number, session: number, opcode: number): void {
    this.sent.push({ session, opcode });
  }
  fanout(_gw: number, sessions: ArrayLike<number>, opcode: number): void {
    for (let i = 0; i < sessions.length; i++) this.sent.push({ session: sessions[i]!, opcode });
  }
  control(): void {}
  flush(): void {}
  of(session: number, opcode: number): number {
    return this.sent.filter((s) => s.session === session && s.opcode === opcode).length;
  }
}

const WOLF: CreatureTemplate = { entry: 1, name: "Wolf", displayId: 1, level: 1, faction: 7, creatureType: 1, health: 10, walkSpeed: 2.5 };

function content(spawns: CreatureSpawn[] = []): Content {
  return new Content().merge({ maps: [{ id: 0, name: "Test", type: "continent" }], creatures: [WOLF], spawns });
}

function row(guid: number, x: number, y: number): CharacterRow {
  return { guid, name: `P${guid}`, accountId: guid, realmId: 1, race: 1, class: 1, gender: 0, skin: 0, face: 0, hairStyle: 0, hairColor: 0, facialHair: 0, level: 1, xp: 0, money: 0, map: 0, zone: 0, x, y, z: 0, orientation: 0, equipment: "[]", guildId: 0, playedTotal: 0, playedLevel: 0, actionButtons: "[]" } as unknown as CharacterRow;
}

function setup(o: { spawns?: CreatureSpawn[]; random?: () => number } = {}) {
  const link = new RecordingLink();
  const c = content(o.spawns);
  const inst = new MapInstance(0, 0, c.map(0)!, link as unknown as GatewayLink, c, { visibilityRadius: 100, visibilityFloor: 60, respawnMs: 1000, random: o.random }, 0);
  const add = (guid: number, x: number, y: number) => {
    const p = new Player(row(guid, x, y), { gatewayId: 1, sessionId: guid }, guid, 0, 0);
    p.phase = "world";
    p.values.clearChanges(); // as the self create block at login does
    inst.addPlayer(p);
    return p;
  };
  return { link, inst, add };
}

test("the radius shrinks toward the floor under overload, never below it, and grows back when the tick is cheap", () => {
  const { inst } = setup();
  expect(inst.radius).toBe(100);
  const seen: number[] = [];
  for (let i = 0; i < 40; i++) {
    inst.adapt(80, 50); // over budget
    seen.push(inst.radius);
  }
  for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeLessThanOrEqual(seen[i - 1]!);
  expect(seen[0]).toBeLessThan(100);
  expect(inst.radius).toBe(60);
  inst.adapt(40, 50); // between half the budget and the budget: hold
  expect(inst.radius).toBe(60);
  const back: number[] = [];
  for (let i = 0; i < 40; i++) {
    inst.adapt(5, 50);
    back.push(inst.radius);
  }
  for (let i = 1; i < back.length; i++) expect(back[i]!).toBeGreaterThanOrEqual(back[i - 1]!);
  expect(inst.radius).toBe(100);
});

test("what players see follows the adapted radius (with the 10 % hysteresis on the way out)", () => {
  const { inst, add, link } = setup();
  const a = add(1, 0, 0);
  const b = add(2, 80, 0);
  inst.tick(0, false);
  expect(a.visible.has(b) && b.visible.has(a)).toBe(true);
  expect(link.of(1, Opcode.SMSG_UPDATE_OBJECT) + link.of(1, Opcode.SMSG_COMPRESSED_UPDATE_OBJECT)).toBe(1);
  // overload: the radius reaches 60; 80 yards is beyond 60 × 1.1 = 66
  for (let i = 0; i < 40; i++) inst.adapt(500, 50);
  inst.tick(100, true);
  expect(a.visible.has(b) || b.visible.has(a)).toBe(false);
  // recovered: visible again
  for (let i = 0; i < 40; i++) inst.adapt(1, 50);
  inst.tick(200, true);
  expect(a.visible.has(b) && b.visible.has(a)).toBe(true);
  // hysteresis: at 105 yards (radius 100) they still see each other; at 111 they do not
  b.setPosition(105, 0, 0, 0);
  inst.grid.moved(b);
  inst.tick(300, false);
  expect(a.visible.has(b)).toBe(true);
  b.setPosition(111, 0, 0, 0);
  inst.grid.moved(b);
  inst.tick(400, false);
  expect(a.visible.has(b) || b.visible.has(a)).toBe(false);
});

test("creature path interpolation: start, middle, end, and the path is dropped at the end", () => {
  const spawn: CreatureSpawn = { id: 1, entry: 1, map: 0, x: 10, y: 20, z: 5, orientation: 0, wanderRadius: 0 };
  const c = new Creature(WOLF, spawn, 1);
  c.path = { fromX: 10, fromY: 20, fromZ: 5, toX: 20, toY: 40, toZ: 7, startAt: 1000, duration: 4000, splineId: 1 };
  c.positionAt(1000);
  expect([c.x, c.y, c.z]).toEqual([10, 20, 5]);
  c.positionAt(2000);
  expect([c.x, c.y, c.z]).toEqual([12.5, 25, 5.5]);
  c.positionAt(3000);
  expect([c.x, c.y, c.z]).toEqual([15, 30, 6]);
  expect(c.path).toBeDefined();
  c.positionAt(9000); // past the end: clamped to the destination
  expect([c.x, c.y, c.z]).toEqual([20, 40, 7]);
  expect(c.path).toBeUndefined();
  c.positionAt(10_000); // no path: stays
  expect([c.x, c.y]).toEqual([20, 40]);
});

test("a wandering creature picks a point within its radius, walks there at its speed and tells its observers", () => {
  const spawn: CreatureSpawn = { id: 1, entry: 1, map: 0, x: 0, y: 0, z: 0, orientation: 0, wanderRadius: 8 };
  let r = 0.37;
  const { inst, add, link } = setup({ spawns: [spawn], random: () => (r = (r * 7.13) % 1) });
  const p = add(1, 5, 5);
  inst.tick(0, false);
  const c = inst.creatures[0]!;
  expect(p.visible.has(c)).toBe(true);
  const before = link.of(1, Opcode.SMSG_MONSTER_MOVE);
  // past the first wander delay (2-10 s); idle creatures are looked at in slices of ticks
  for (let i = 0; i < IDLE_SLICES && !c.path; i++) inst.tick(10_001, false);
  expect(c.path).toBeDefined();
  expect(link.of(1, Opcode.SMSG_MONSTER_MOVE)).toBe(before + 1);
  const path = c.path!;
  expect(Math.hypot(path.toX, path.toY)).toBeLessThanOrEqual(8 + 1e-9);
  expect(path.duration).toBe(Math.max(1, Math.round((Math.hypot(path.toX - path.fromX, path.toY - path.fromY) / 2.5) * 1000)));
  // half-way through, the instance has it half-way (a create block for a newcomer says so)
  inst.tick(path.startAt + path.duration / 2, false);
  expect(c.x).toBeCloseTo((path.fromX + path.toX) / 2, 6);
  inst.tick(path.startAt + path.duration + 1, false);
  expect(c.path).toBeUndefined();
  expect([c.x, c.y]).toEqual([path.toX, path.toY]);
});

test("a creature nobody sees does not wander; a killed one respawns at its spawn point", () => {
  const spawn: CreatureSpawn = { id: 1, entry: 1, map: 0, x: 500, y: 500, z: 0, orientation: 0, wanderRadius: 8, respawnMs: 5000 };
  const { inst, add, link } = setup({ spawns: [spawn] });
  for (let i = 0; i < IDLE_SLICES * 2; i++) inst.tick(20_000, false);
  const c = inst.creatures[0]!;
  expect(c.path).toBeUndefined();
  const p = add(1, 505, 500);
  inst.tick(20_100, false);
  expect(p.visible.has(c)).toBe(true);
  inst.despawn(c, 20_100);
  expect(p.visible.has(c)).toBe(false);
  expect(link.of(1, Opcode.SMSG_DESTROY_OBJECT)).toBe(1);
  for (let i = 0; i < IDLE_SLICES * 2; i++) inst.tick(25_000, true);
  expect(c.alive).toBe(false);
  // at its time it is back within one round of slices, shown to the player around it
  for (let i = 0; i < IDLE_SLICES; i++) inst.tick(25_100, false);
  expect(c.alive).toBe(true);
  expect(p.visible.has(c)).toBe(true);
  expect([c.x, c.y]).toEqual([500, 500]);
});

test("a player walking away loses a creature even when a player near it is processed first", () => {
  // b stands by the creature and is processed before a in the same tick; a walks away
  const spawn: CreatureSpawn = { id: 1, entry: 1, map: 0, x: 0, y: 0, z: 0, orientation: 0, wanderRadius: 0 };
  const { inst, add } = setup({ spawns: [spawn] });
  const b = add(1, 5, 0);
  const a = add(2, 10, 0);
  inst.tick(0, true);
  const cr = inst.creatures[0]!;
  expect(a.visible.has(cr) && b.visible.has(cr)).toBe(true);
  a.setPosition(300, 0, 0, 0);
  inst.grid.moved(a);
  b.moved = true;
  inst.tick(100, false);
  expect(a.visible.has(cr)).toBe(false);
  expect(cr.observers.has(a)).toBe(false);
  expect(b.visible.has(cr)).toBe(true);
});

test("a creature walking into a player's range is shown by the creature's own refresh", () => {
  const spawn: CreatureSpawn = { id: 1, entry: 1, map: 0, x: 0, y: 0, z: 0, orientation: 0, wanderRadius: 0 };
  const { inst, add } = setup({ spawns: [spawn] });
  const p = add(1, 150, 0);
  inst.tick(0, true);
  const cr = inst.creatures[0]!;
  expect(p.visible.has(cr)).toBe(false);
  // a scripted path towards the player, crossing into the next cell
  cr.path = { fromX: 0, fromY: 0, fromZ: 0, toX: 120, toY: 0, toZ: 0, startAt: 0, duration: 1000, splineId: 1 };
  (inst.creatureSet as unknown as { moving: Set<unknown> }).moving.add(cr);
  p.moved = false;
  inst.tick(1000, false);
  expect(cr.x).toBe(120);
  expect(cr.path).toBeUndefined();
  expect(p.visible.has(cr)).toBe(true);
});
