// Logout and disconnects over real sockets, on a ManualClock: the 20 s wait, cancelled by
// CMSG_LOGOUT_CANCEL and by movement, the GM's instant logout, the character screen
// afterwards, observers' SMSG_DESTROY_OBJECT; a dropped connection leaves the character
// in the world for the grace period, a new login within it takes the character over.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ByteReader } from "../../bench/client/bytes.ts";
import { MoveFlags } from "../../bench/client/messages/movement.ts";
import { readLogoutResponse } from "../../bench/client/messages/session.ts";
import { readDestroyObject } from "../../bench/client/messages/update-object.ts";
import type { HeadlessClient } from "../../bench/client/headless-client.ts";
import { count, Opcode, startWorld, ticks, until, type World } from "./world-helpers.ts";

let w: World;
let watcher: HeadlessClient;
beforeAll(async () => {
  w = await startWorld({}, { manualClock: true });
  await w.character("lowatch", "Lookout");
  watcher = await w.enter("lowatch");
});
afterAll(async () => {
  await w.stop();
});

const inWorld = (guid: bigint) => w.b.realm.worldHost!.byGuid.get(Number(guid))?.phase === "world";

async function requestLogout(c: HeadlessClient): Promise<{ reason: number; instant: boolean; since: number }> {
  const since = c.world!.nextSeq;
  c.world!.send(Opcode.CMSG_LOGOUT_REQUEST);
  const r = await c.world!.waitFor(Opcode.SMSG_LOGOUT_RESPONSE, undefined, 3000, since);
  return { ...readLogoutResponse(new ByteReader(r.payload)), since };
}

function destroyedFor(c: HeadlessClient, guid: bigint, since: number): number {
  return count(c, Opcode.SMSG_DESTROY_OBJECT, since, (p) => readDestroyObject(new ByteReader(p)).guid === guid);
}

test("logout waits 20 s, then SMSG_LOGOUT_COMPLETE, the character screen, and a destroy for observers", async () => {
  await w.character("lo1", "Leaver");
  const a = await w.enter("lo1");
  await until("the watcher sees the leaver", () => watcher.state.sees(a.guid));
  const ws = watcher.world!.nextSeq;
  const r = await requestLogout(a);
  expect([r.reason, r.instant]).toEqual([0, false]);
  w.advance(19_000);
  await ticks(2);
  expect(count(a, Opcode.SMSG_LOGOUT_COMPLETE, r.since)).toBe(0);
  expect(watcher.state.sees(a.guid)).toBe(true);
  w.advance(1_100);
  await a.world!.waitFor(Opcode.SMSG_LOGOUT_COMPLETE, undefined, 3000, r.since);
  await until("the watcher got a destroy", () => destroyedFor(watcher, a.guid, ws) === 1);
  expect(watcher.state.sees(a.guid)).toBe(false);
  // the connection stays up, at the character screen
  const list = await a.enumCharacters();
  expect(list.map((c) => c.name)).toEqual(["Leaver"]);
  expect(a.world!.isClosed).toBe(false);
  expect(inWorld(a.guid)).toBe(false);
  // and can enter again
  await a.enterWorld(list[0]!.guid);
  await until("the watcher sees the leaver again", () => watcher.state.sees(a.guid));
  a.close();
});

test("CMSG_LOGOUT_CANCEL stops the wait", async () => {
  await w.character("lo2", "Stayer");
  const a = await w.enter("lo2");
  const r = await requestLogout(a);
  w.advance(5_000);
  await a.cancelLogout();
  w.advance(30_000);
  await ticks(2);
  expect(count(a, Opcode.SMSG_LOGOUT_COMPLETE, r.since)).toBe(0);
  expect(inWorld(a.guid)).toBe(true);
  a.close();
});

test("moving cancels a pending logout", async () => {
  await w.character("lo3", "Fidget");
  const a = await w.enter("lo3");
  const r = await requestLogout(a);
  w.clock!.advance(1_000);
  a.move(Opcode.MSG_MOVE_START_FORWARD, { x: a.movement.x + 1 }, MoveFlags.FORWARD);
  await a.world!.waitFor(Opcode.SMSG_LOGOUT_CANCEL_ACK, undefined, 3000, r.since);
  a.move(Opcode.MSG_MOVE_STOP, {}, 0);
  w.advance(30_000);
  await ticks(2);
  expect(count(a, Opcode.SMSG_LOGOUT_COMPLETE, r.since)).toBe(0);
  expect(inWorld(a.guid)).toBe(true);
  a.close();
});

test("a GM logs out at once", async () => {
  await w.character("lo4", "Gamemaster", { gmLevel: 2 });
  const a = await w.enter("lo4");
  await until("the watcher sees the GM", () => watcher.state.sees(a.guid));
  const ws = watcher.world!.nextSeq;
  const r = await requestLogout(a);
  expect([r.reason, r.instant]).toEqual([0, true]);
  await a.world!.waitFor(Opcode.SMSG_LOGOUT_COMPLETE, undefined, 3000, r.since);
  await until("the watcher got a destroy", () => destroyedFor(watcher, a.guid, ws) === 1);
  expect((await a.enumCharacters()).length).toBe(1);
  a.close();
});

test("a dropped connection leaves the character for the grace period; a new login takes it over", async () => {
  await w.character("lo5", "Dropper");
  const a = await w.enter("lo5");
  const guid = a.guid;
  await until("the watcher sees the dropper", () => watcher.state.sees(guid));
  const ws = watcher.world!.nextSeq;
  a.close();
  await until("the host noticed the disconnect", () => (w.b.realm.worldHost!.byGuid.get(Number(guid))?.disconnectedAt ?? 0) > 0);
  w.advance(15_000);
  await ticks(2);
  expect(watcher.state.sees(guid)).toBe(true);
  expect(inWorld(guid)).toBe(true);
  // a new connection within the grace period takes the waiting character over
  const again = await w.enter("lo5");
  expect(again.guid).toBe(guid);
  expect(w.b.realm.worldHost!.byGuid.get(Number(guid))!.disconnectedAt).toBe(0);
  w.advance(10_000);
  await ticks(2);
  expect(destroyedFor(watcher, guid, ws)).toBe(0);
  expect(watcher.state.sees(guid)).toBe(true);
  // the new connection plays: its movement reaches the watcher
  w.clock!.advance(500);
  again.move(Opcode.MSG_MOVE_HEARTBEAT, { x: again.movement.x + 2 }, MoveFlags.FORWARD);
  await until("the watcher sees the taken-over character move", () => watcher.state.seesAt(guid, again.movement.x, again.movement.y, again.movement.z, 0.01));
  again.close();
});

test("after the grace period the character leaves the world", async () => {
  await w.character("lo6", "Vanisher");
  const a = await w.enter("lo6");
  const guid = a.guid;
  await until("the watcher sees the vanisher", () => watcher.state.sees(guid));
  const ws = watcher.world!.nextSeq;
  a.close();
  await until("the host noticed the disconnect", () => (w.b.realm.worldHost!.byGuid.get(Number(guid))?.disconnectedAt ?? 0) > 0);
  w.advance(19_000);
  await ticks(2);
  expect(watcher.state.sees(guid)).toBe(true);
  w.advance(1_500);
  await until("the watcher got a destroy", () => destroyedFor(watcher, guid, ws) === 1);
  expect(inWorld(guid)).toBe(false);
  expect(await w.b.realm.presence.byGuid(Number(guid))).toBeUndefined();
  const row = await w.b.realm.store.characters.byGuid(Number(guid));
  expect(row!.online).toBe(false);
});
