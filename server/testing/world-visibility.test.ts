// Players seeing each other over real sockets: create blocks both ways, movement relays
// at the right position with the same opcode, out-of-range past radius × 1.1 and a new
// create block on the way back (ManualClock: the speed check reads the injected clock).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Field, ObjectTypeId } from "../../bench/client/messages/update-object.ts";
import { MoveFlags } from "../../bench/client/messages/movement.ts";
import { count, created, NORTHSHIRE, outOfRange, Opcode, startWorld, ticks, until, type World } from "./world-helpers.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld({ world: { visibilityRadius: 100 } }, { manualClock: true });
});
afterAll(async () => {
  await w.stop();
});

/** Where the server has the character now. */
function serverPos(guid: bigint) {
  return w.b.realm.worldHost!.byGuid.get(Number(guid));
}

test("two clients at the same spot each receive the other's create block", async () => {
  await w.character("vis1", "Seer", { race: 1, gender: 0 });
  await w.character("vis2", "Seen", { race: 2, gender: 1 });
  const a = await w.enter("vis1");
  const b = await w.enter("vis2");
  await until("each sees the other", () => a.state.sees(b.guid) && b.state.sees(a.guid));
  const seenByA = a.state.objects.get(b.guid)!;
  expect(seenByA.objectType).toBe(ObjectTypeId.PLAYER);
  expect(seenByA.fields.get(Field.UNIT_FIELD_DISPLAYID)).toBe(52);
  expect(seenByA.fields.get(Field.OBJECT_FIELD_TYPE)).toBe(0x19);
  // observers get public fields only: no coinage of another player
  expect(seenByA.fields.has(Field.PLAYER_FIELD_COINAGE)).toBe(false);
  expect(b.state.objects.get(a.guid)!.fields.get(Field.UNIT_FIELD_DISPLAYID)).toBe(49);
  expect(a.state.seesAt(b.guid, NORTHSHIRE.x, NORTHSHIRE.y, NORTHSHIRE.z, 0.01)).toBe(true);
  a.close();
  b.close();
});

test("movement by one reaches the other with the same opcode at the right position", async () => {
  await w.character("mov1", "Mover");
  await w.character("mov2", "Watcher");
  const a = await w.enter("mov1");
  const b = await w.enter("mov2");
  await until("b sees a", () => b.state.sees(a.guid));
  const since = b.world!.nextSeq;
  const steps: [number, number, number][] = [
    [Opcode.MSG_MOVE_START_FORWARD, 1.5, MoveFlags.FORWARD],
    [Opcode.MSG_MOVE_HEARTBEAT, 3.5, MoveFlags.FORWARD],
    [Opcode.MSG_MOVE_STOP, 5.25, 0],
  ];
  for (const [op, dx, flags] of steps) {
    w.clock!.advance(300);
    a.move(op, { x: NORTHSHIRE.x + dx, y: NORTHSHIRE.y + dx / 2 }, flags);
    await until(`b sees ${op.toString(16)} at +${dx}`, () => b.state.seesAt(a.guid, NORTHSHIRE.x + dx, NORTHSHIRE.y + dx / 2, NORTHSHIRE.z, 0.01));
    expect(b.state.objects.get(a.guid)!.lastMoveOpcode).toBe(op);
  }
  // the mover does not get its own relays back
  expect(count(a, Opcode.MSG_MOVE_HEARTBEAT)).toBe(0);
  expect(count(b, Opcode.MSG_MOVE_HEARTBEAT, since)).toBe(1);
  a.close();
  b.close();
});

test("walking out of range produces out-of-range; coming back produces a new create block", async () => {
  await w.character("far1", "Walker");
  await w.character("far2", "Stayer");
  const a = await w.enter("far1");
  const b = await w.enter("far2");
  await until("they see each other", () => a.state.sees(b.guid) && b.state.sees(a.guid));
  const walk = async (toDx: number) => {
    let dx = a.movement.x - NORTHSHIRE.x;
    const dir = Math.sign(toDx - dx);
    while (Math.abs(toDx - dx) > 0.01) {
      dx = dir > 0 ? Math.min(toDx, dx + 10) : Math.max(toDx, dx - 10);
      w.clock!.advance(1000);
      const x = NORTHSHIRE.x + dx;
      a.move(Opcode.MSG_MOVE_HEARTBEAT, { x }, MoveFlags.FORWARD);
      await until(`the server has the walker at +${dx}`, () => Math.abs(serverPos(a.guid)!.x - x) < 0.01);
    }
    a.move(Opcode.MSG_MOVE_STOP, {}, 0);
  };
  // 105 yards: beyond the radius but inside the 10 % hysteresis band, so still visible
  await walk(105);
  await ticks(3);
  expect(b.state.sees(a.guid)).toBe(true);
  expect(a.state.sees(b.guid)).toBe(true);
  // 115 yards: > radius × 1.1, both lose each other (an OUT_OF_RANGE block, not a destroy)
  const before = b.world!.nextSeq;
  await walk(115);
  await until("both lost each other", () => !b.state.sees(a.guid) && !a.state.sees(b.guid));
  expect(outOfRange(b, before)).toContain(a.guid);
  expect(count(b, Opcode.SMSG_DESTROY_OBJECT, before)).toBe(0);
  const since = b.world!.nextSeq;
  // back within the radius: a fresh create block for both
  await walk(90);
  await until("both see each other again", () => b.state.sees(a.guid) && a.state.sees(b.guid));
  expect(b.state.seesAt(a.guid, NORTHSHIRE.x + 90, NORTHSHIRE.y, NORTHSHIRE.z, 0.01)).toBe(true);
  expect(created(b, since)).toContain(a.guid);
  expect(created(a).filter((g) => g === b.guid).length).toBe(2); // the first sight and the return
  a.close();
  b.close();
});

test("a third player far away sees neither, and nothing of their movement", async () => {
  await w.character("near1", "Nearone");
  await w.character("near2", "Neartwo");
  await w.character("away", "Faraway", { x: NORTHSHIRE.x + 400, y: NORTHSHIRE.y });
  const a = await w.enter("near1");
  const b = await w.enter("near2");
  const c = await w.enter("away");
  await until("a and b see each other", () => a.state.sees(b.guid) && b.state.sees(a.guid));
  const since = c.world!.nextSeq;
  w.clock!.advance(500);
  a.move(Opcode.MSG_MOVE_HEARTBEAT, { x: NORTHSHIRE.x + 2 }, MoveFlags.FORWARD);
  await until("b sees the move", () => b.state.seesAt(a.guid, NORTHSHIRE.x + 2, NORTHSHIRE.y, NORTHSHIRE.z, 0.01));
  await ticks(2);
  expect(c.state.sees(a.guid) || c.state.sees(b.guid)).toBe(false);
  expect(count(c, Opcode.MSG_MOVE_HEARTBEAT, since)).toBe(0);
  a.close();
  b.close();
  c.close();
});
