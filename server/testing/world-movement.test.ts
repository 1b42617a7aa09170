// Movement validation over real sockets (design.md §6 "stricter than the C++ cores"):
// NaN, out-of-bounds and another mover's guid are refused without a disconnect; an
// impossible jump is never relayed and the mover is put back with MSG_MOVE_TELEPORT_ACK;
// `.modify speed` (SMSG_FORCE_RUN_SPEED_CHANGE and the ack) raises what the check allows;
// `.gps`. The speed check reads the injected ManualClock.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ByteReader } from "../../bench/client/bytes.ts";
import { MoveFlags, readForceSpeedChange, readMoveSetSpeed, writeMovePacket } from "../../bench/client/messages/movement.ts";
import { readTeleportOrder } from "../../bench/client/messages/teleport.ts";
import type { HeadlessClient } from "../../bench/client/headless-client.ts";
import { command, count, NORTHSHIRE, Opcode, startWorld, ticks, until, type World } from "./world-helpers.ts";

let w: World;
let a: HeadlessClient;
let b: HeadlessClient;
beforeAll(async () => {
  w = await startWorld({}, { manualClock: true });
  await w.character("mv1", "Cheater", { gmLevel: 1 });
  await w.character("mv2", "Referee");
  a = await w.enter("mv1");
  b = await w.enter("mv2");
  await until("they see each other", () => a.state.sees(b.guid) && b.state.sees(a.guid));
});
afterAll(async () => {
  await w.stop();
});

const server = () => w.b.realm.worldHost!.byGuid.get(Number(a.guid))!;

/** A valid step right after a refused packet: the session still works and b sees it. */
async function stillWorks(dx: number): Promise<void> {
  w.clock!.advance(500);
  const x = server().x + dx;
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x, y: server().y, z: server().z }, MoveFlags.FORWARD);
  await until(`b sees the valid step to ${x}`, () => b.state.seesAt(a.guid, x, server().y, server().z, 0.01));
  expect(a.world!.isClosed).toBe(false);
}

test("NaN coordinates are dropped without a disconnect", async () => {
  const before = { ...server().lastValid };
  const sb = b.world!.nextSeq;
  w.clock!.advance(500);
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x: Number.NaN }, MoveFlags.FORWARD);
  await ticks(2);
  expect(count(b, Opcode.MSG_MOVE_HEARTBEAT, sb)).toBe(0);
  expect(server().x).toBeCloseTo(before.x, 3);
  a.movement.x = before.x;
  await stillWorks(1);
});

test("coordinates outside the map are refused and the mover is put back", async () => {
  const back = { ...server().lastValid };
  const sa = a.world!.nextSeq;
  const sb = b.world!.nextSeq;
  w.clock!.advance(500);
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x: 40_000 }, MoveFlags.FORWARD);
  const order = readTeleportOrder(new ByteReader((await a.world!.waitFor(Opcode.MSG_MOVE_TELEPORT_ACK, undefined, 3000, sa)).payload));
  expect(order.info.x).toBeCloseTo(back.x, 3);
  await until("the correction is acked", () => !server().pendingTeleport);
  expect(count(b, Opcode.MSG_MOVE_HEARTBEAT, sb)).toBe(0);
  expect(b.state.seesAt(a.guid, back.x, back.y, back.z, 0.01)).toBe(true);
  await stillWorks(1);
});

test("movement for another unit's guid is dropped", async () => {
  const sb = b.world!.nextSeq;
  w.clock!.advance(500);
  const m = { ...a.movement, x: a.movement.x + 1, time: 1 };
  // a's session claims to move b
  writeMovePacket(a.world!.begin(Opcode.MSG_MOVE_HEARTBEAT), b.guid, m);
  a.world!.commit();
  await ticks(2);
  expect(count(b, Opcode.MSG_MOVE_HEARTBEAT, sb)).toBe(0);
  expect(w.b.realm.worldHost!.byGuid.get(Number(b.guid))!.x).toBeCloseTo(NORTHSHIRE.x, 3);
  await stillWorks(-1);
});

test("an impossible jump (200 yd in 100 ms) is not relayed; MSG_MOVE_TELEPORT_ACK puts the mover back", async () => {
  const back = { ...server().lastValid };
  const sa = a.world!.nextSeq;
  const sb = b.world!.nextSeq;
  w.clock!.advance(100);
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x: back.x + 200 }, MoveFlags.FORWARD);
  const order = readTeleportOrder(new ByteReader((await a.world!.waitFor(Opcode.MSG_MOVE_TELEPORT_ACK, undefined, 3000, sa)).payload));
  expect(order.guid).toBe(a.guid);
  expect([order.info.x, order.info.y]).toEqual([Math.fround(back.x), Math.fround(back.y)]);
  await until("the correction is acked", () => !server().pendingTeleport);
  await ticks(2);
  expect(count(b, Opcode.MSG_MOVE_HEARTBEAT, sb)).toBe(0);
  expect(b.state.seesAt(a.guid, back.x, back.y, back.z, 0.01)).toBe(true);
  expect(server().x).toBeCloseTo(back.x, 3);
  // a fair distance for the elapsed time is fine: 10 yards after a second
  w.clock!.advance(1000);
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x: back.x + 10 }, MoveFlags.FORWARD);
  await until("b sees the fair move", () => b.state.seesAt(a.guid, back.x + 10, back.y, back.z, 0.01));
});

test(".modify speed sends SMSG_FORCE_RUN_SPEED_CHANGE; after the ack observers see the new speed and faster moves pass", async () => {
  // 28 yards in one second: too fast at 7 yd/s
  const start = { ...server().lastValid };
  let sa = a.world!.nextSeq;
  w.clock!.advance(1000);
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x: start.x + 28 }, MoveFlags.FORWARD);
  await a.world!.waitFor(Opcode.MSG_MOVE_TELEPORT_ACK, undefined, 3000, sa);
  await until("the correction is acked", () => !server().pendingTeleport);

  sa = a.world!.nextSeq;
  const sb = b.world!.nextSeq;
  expect((await command(a, ".modify speed 3", /Run speed set/)).join()).toMatch(/21\.00 yd\/s/);
  const order = readForceSpeedChange(new ByteReader((await a.world!.waitFor(Opcode.SMSG_FORCE_RUN_SPEED_CHANGE, undefined, 3000, sa)).payload), Opcode.SMSG_FORCE_RUN_SPEED_CHANGE);
  expect(order.guid).toBe(a.guid);
  expect(order.speed).toBe(21);
  const relay = readMoveSetSpeed(new ByteReader((await b.world!.waitFor(Opcode.MSG_MOVE_SET_RUN_SPEED, undefined, 3000, sb)).payload));
  expect([relay.guid, relay.speed]).toEqual([a.guid, 21]);
  expect(server().speeds[1]).toBe(21);
  // now the same 28 yards in one second are fine
  sa = a.world!.nextSeq;
  w.clock!.advance(1000);
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x: start.x + 28 }, MoveFlags.FORWARD);
  await until("b sees the fast move", () => b.state.seesAt(a.guid, start.x + 28, start.y, start.z, 0.01));
  expect(count(a, Opcode.MSG_MOVE_TELEPORT_ACK, sa)).toBe(0);
  // bad factors are refused with the usage line
  expect((await command(a, ".modify speed 500", /Usage/)).join()).toMatch(/modify speed/);
  await command(a, ".modify speed 1", /Run speed set/);
  await until("the speed is back to 7", () => server().speeds[1] === 7);
});

test(".gps tells map, zone, instance and position; players below level 1 do not have it", async () => {
  const p = server();
  const lines = (await command(a, ".gps", /X: /)).join("\n");
  expect(lines).toMatch(/Map: 0 \(Eastern Kingdoms\) Zone: 9 Instance: 0/);
  expect(lines).toContain(`X: ${p.x.toFixed(2)} Y: ${p.y.toFixed(2)} Z: ${p.z.toFixed(2)}`);
  expect(await command(b, ".gps")).toEqual(["There is no such command."]);
  expect(await command(b, ".modify speed 2")).toEqual(["There is no such command."]);
});
