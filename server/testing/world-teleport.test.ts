// Teleports over real sockets: `.go xyz` on the same map (MSG_MOVE_TELEPORT_ACK order and
// ack, observers get MSG_MOVE_TELEPORT), `.tele <name>` to another map (TRANSFER_PENDING,
// NEW_WORLD, WORLDPORT_ACK, world init + self create; the others see the player leave),
// and dungeon instances per player or per group.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ByteReader } from "../../bench/client/bytes.ts";
import { readMovePacket, MoveFlags } from "../../bench/client/messages/movement.ts";
import { readTeleportOrder, readWorldPosition } from "../../bench/client/messages/teleport.ts";
import type { HeadlessClient } from "../../bench/client/headless-client.ts";
import { groupOfKey } from "../orchestrator/orchestrator.ts";
import { command, count, NORTHSHIRE, Opcode, received, startWorld, until, type World } from "./world-helpers.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

const server = (c: HeadlessClient) => w.b.realm.worldHost!.byGuid.get(Number(c.guid));

test(".go xyz on the same map: the mover gets MSG_MOVE_TELEPORT_ACK, observers MSG_MOVE_TELEPORT", async () => {
  await w.character("tp1", "Jumper", { gmLevel: 1 });
  await w.character("tp2", "Onlooker");
  const a = await w.enter("tp1");
  const b = await w.enter("tp2");
  await until("they see each other", () => a.state.sees(b.guid) && b.state.sees(a.guid));
  const sa = a.world!.nextSeq;
  const sb = b.world!.nextSeq;
  const dest = { x: NORTHSHIRE.x + 40, y: NORTHSHIRE.y - 20, z: NORTHSHIRE.z + 1 };
  const replies = await command(a, `.go xyz ${dest.x} ${dest.y} ${dest.z}`, /Teleported/);
  expect(replies.some((r) => r.startsWith("Teleported to"))).toBe(true);
  const order = await a.world!.waitFor(Opcode.MSG_MOVE_TELEPORT_ACK, undefined, 3000, sa);
  const t = readTeleportOrder(new ByteReader(order.payload));
  expect(t.guid).toBe(a.guid);
  expect(Math.abs(t.info.x - dest.x)).toBeLessThan(0.01);
  expect(Math.abs(t.info.y - dest.y)).toBeLessThan(0.01);
  const seen = await b.world!.waitFor(Opcode.MSG_MOVE_TELEPORT, undefined, 3000, sb);
  const m = readMovePacket(new ByteReader(seen.payload));
  expect(m.guid).toBe(a.guid);
  expect(Math.abs(m.info.x - dest.x)).toBeLessThan(0.01);
  expect(count(a, Opcode.MSG_MOVE_TELEPORT, sa)).toBe(0); // never to the mover
  // the client acked (auto answer): the server committed the position
  await until("the server committed the teleport", () => Math.abs(server(a)!.x - dest.x) < 0.01 && !server(a)!.pendingTeleport);
  expect(b.state.seesAt(a.guid, dest.x, dest.y, dest.z, 0.01)).toBe(true);
  // and moves from there are accepted and relayed
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x: dest.x + 1 }, MoveFlags.FORWARD);
  await until("b sees the move after the teleport", () => b.state.seesAt(a.guid, dest.x + 1, dest.y, dest.z, 0.01));
  a.close();
  b.close();
});

test(".go xyz out of bounds or on an unknown map is refused; the player stays", async () => {
  await w.character("tpbad", "Stayput", { gmLevel: 1 });
  const a = await w.enter("tpbad");
  const since = a.world!.nextSeq;
  expect((await command(a, ".go xyz 20000 0 0", /failed/)).join()).toMatch(/out of bounds/);
  expect((await command(a, ".go xyz 0 0 0 9999", /failed/)).join()).toMatch(/unknown map/);
  expect((await command(a, ".go xyz a b c", /Usage/)).join()).toMatch(/\.go xyz/);
  expect(count(a, Opcode.MSG_MOVE_TELEPORT_ACK, since) + count(a, Opcode.SMSG_NEW_WORLD, since)).toBe(0);
  expect(server(a)!.x).toBeCloseTo(NORTHSHIRE.x, 2);
  a.close();
});

test(".tele to another map: transfer packets, world init and self create; the other sees the player leave", async () => {
  await w.character("tele1", "Traveller", { gmLevel: 1 });
  await w.character("tele2", "Leftbehind");
  await w.character("tele3", "Greeter", { map: 1, x: 1629.36, y: -4373.39, z: 31.2564, zone: 1637 });
  const a = await w.enter("tele1");
  const b = await w.enter("tele2");
  const c = await w.enter("tele3");
  await until("a and b see each other", () => a.state.sees(b.guid) && b.state.sees(a.guid));
  const sa = a.world!.nextSeq;
  const sb = b.world!.nextSeq;
  await command(a, ".tele Orgrimmar", /Teleported/);
  await until("a is in the world on map 1", () => server(a)?.phase === "world" && server(a)?.map === 1);
  await until("a sees c and c sees a", () => a.state.sees(c.guid) && c.state.sees(a.guid));
  const ops = received(a, sa);
  const pending = ops.indexOf(Opcode.SMSG_TRANSFER_PENDING);
  const newWorld = ops.indexOf(Opcode.SMSG_NEW_WORLD);
  expect(pending).toBeGreaterThanOrEqual(0);
  expect(newWorld).toBeGreaterThan(pending);
  const nw = readWorldPosition(new ByteReader(a.world!.log.find((p) => p.seq >= sa && p.opcode === Opcode.SMSG_NEW_WORLD)!.payload));
  expect([nw.map, Math.round(nw.x), Math.round(nw.y)]).toEqual([1, 1629, -4373]);
  // after the worldport ack: world init (bind point ... time speed), the self create, time sync
  const after = ops.slice(newWorld);
  for (const op of [Opcode.SMSG_BINDPOINTUPDATE, Opcode.SMSG_INITIAL_SPELLS, Opcode.SMSG_INIT_WORLD_STATES, Opcode.SMSG_LOGIN_SETTIMESPEED, Opcode.SMSG_TIME_SYNC_REQ]) expect(after).toContain(op);
  expect(a.state.map).toBe(1);
  expect(a.state.objects.get(a.guid)).toBeDefined();
  // b saw a leave
  await until("b no longer sees a", () => !b.state.sees(a.guid));
  expect(count(b, Opcode.SMSG_DESTROY_OBJECT, sb) + count(b, Opcode.SMSG_UPDATE_OBJECT, sb)).toBeGreaterThan(0);
  // and the move was saved at the destination
  const row = await w.b.realm.store.characters.byGuid(Number(a.guid));
  expect([row!.map, Math.round(row!.x)]).toEqual([1, 1629]);
  // movement on the new map reaches c
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x: 1630.36 }, MoveFlags.FORWARD);
  await until("c sees a move on map 1", () => c.state.seesAt(a.guid, 1630.36, -4373.39, 31.2564, 0.01));
  a.close();
  b.close();
  c.close();
});

test(".tele with an unknown name is refused", async () => {
  await w.character("tele4", "Lostone", { gmLevel: 1 });
  const a = await w.enter("tele4");
  expect((await command(a, ".tele Atlantis", /No teleport location/)).join()).toMatch(/Atlantis/);
  a.close();
});

test("dungeons: two solo players get different instances; a group shares one", async () => {
  await w.character("dg1", "Delverone", { gmLevel: 1 });
  await w.character("dg2", "Delvertwo", { gmLevel: 1 });
  const a = await w.enter("dg1");
  const b = await w.enter("dg2");
  await command(a, ".tele Deadmines", /Teleported/);
  await command(b, ".tele Deadmines", /Teleported/);
  await until("both are in the Deadmines", () => server(a)?.phase === "world" && server(a)?.map === 36 && server(b)?.phase === "world" && server(b)?.map === 36);
  expect(server(a)!.instanceId).not.toBe(0);
  expect(server(b)!.instanceId).not.toBe(0);
  expect(server(a)!.instanceId).not.toBe(server(b)!.instanceId);
  await Bun.sleep(300);
  expect(a.state.sees(b.guid) || b.state.sees(a.guid)).toBe(false);
  // .gps shows the instance
  expect((await command(a, ".gps", /Instance/)).join()).toMatch(new RegExp(`Map: 36 \\(The Deadmines\\).*Instance: ${server(a)!.instanceId}`));

  // back out, form a group (the social plugin's cache key), in again: one instance
  await command(a, ".tele Stormwind", /Teleported/);
  await command(b, ".tele Stormwind", /Teleported/);
  await until("both are back in Stormwind", () => server(a)?.map === 0 && server(b)?.map === 0 && server(a)?.phase === "world" && server(b)?.phase === "world");
  await w.b.realm.cache.set(groupOfKey(Number(a.guid)), "g77");
  await w.b.realm.cache.set(groupOfKey(Number(b.guid)), "g77");
  await command(a, ".tele Deadmines", /Teleported/);
  await command(b, ".tele Deadmines", /Teleported/);
  await until("both are in the Deadmines again", () => server(a)?.map === 36 && server(b)?.map === 36 && server(a)?.phase === "world" && server(b)?.phase === "world");
  expect(server(a)!.instanceId).toBe(server(b)!.instanceId);
  await until("the group members see each other", () => a.state.sees(b.guid) && b.state.sees(a.guid));
  a.close();
  b.close();
});
