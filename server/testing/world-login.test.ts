// Entering the world over real sockets (protocol.md §2.9, §2.10): the login sequence in
// order, the self create block's fields, and SMSG_CHARACTER_LOGIN_FAILED for characters
// the session may not play.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ByteReader } from "../../bench/client/bytes.ts";
import { writeGuid } from "../../bench/client/messages/character.ts";
import { Field, ObjectTypeId, readUpdateObjectBody, readCompressedUpdateObject, UpdateFlags, UpdateType, fieldU64 } from "../../bench/client/messages/update-object.ts";
import { WorldRefusedError } from "../../bench/client/headless-client.ts";
import { Opcode, startWorld, u32, type World } from "./world-helpers.ts";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

/** The §2.9 order: each of these must come after the previous one. */
const SEQUENCE = [
  Opcode.SMSG_LOGIN_VERIFY_WORLD,
  Opcode.SMSG_ACCOUNT_DATA_TIMES,
  Opcode.SMSG_FEATURE_SYSTEM_STATUS,
  Opcode.SMSG_MOTD,
  Opcode.SMSG_BINDPOINTUPDATE,
  Opcode.SMSG_INITIAL_SPELLS,
  Opcode.SMSG_ACTION_BUTTONS,
  Opcode.SMSG_INITIALIZE_FACTIONS,
  Opcode.SMSG_INIT_WORLD_STATES,
  Opcode.SMSG_LOGIN_SETTIMESPEED,
];

function selfCreate(payload: Uint8Array, opcode: number) {
  const u = opcode === Opcode.SMSG_COMPRESSED_UPDATE_OBJECT ? readCompressedUpdateObject(new ByteReader(payload)) : readUpdateObjectBody(new ByteReader(payload));
  return u.blocks.find((b) => (b.type === UpdateType.CREATE_OBJECT || b.type === UpdateType.CREATE_OBJECT2) && b.movement.updateFlags & UpdateFlags.SELF);
}

test("the login sequence arrives in the order of §2.9, ending with the self create, time sync and tutorial flags", async () => {
  const row = await w.character("seq", "Sequa", { race: 2, class: 1, gender: 1, level: 7 });
  const c = await w.connect("seq");
  await c.enumCharacters();
  const since = c.world!.nextSeq;
  const tutorial = c.world!.waitFor(Opcode.SMSG_TUTORIAL_FLAGS, undefined, 5000, since);
  await c.enterWorld(BigInt(row.guid));
  await tutorial;
  const log = c.world!.log.filter((p) => p.seq >= since);
  const ops = log.map((p) => p.opcode);
  let at = -1;
  for (const op of SEQUENCE) {
    const i = ops.indexOf(op, at + 1);
    expect({ op: op.toString(16), found: i > at }).toEqual({ op: op.toString(16), found: true });
    at = i;
  }
  const createAt = log.findIndex((p) => (p.opcode === Opcode.SMSG_UPDATE_OBJECT || p.opcode === Opcode.SMSG_COMPRESSED_UPDATE_OBJECT) && selfCreate(p.payload, p.opcode));
  expect(createAt).toBeGreaterThan(at);
  const syncAt = ops.indexOf(Opcode.SMSG_TIME_SYNC_REQ);
  const tutAt = ops.indexOf(Opcode.SMSG_TUTORIAL_FLAGS);
  expect(syncAt).toBeGreaterThan(createAt);
  expect(tutAt).toBeGreaterThan(syncAt);
  expect(u32(log[syncAt]!.payload)).toBe(0); // the first time sync counter

  // LOGIN_VERIFY_WORLD carries the character's map and position
  const v = new DataView(log[0]!.payload.buffer, log[0]!.payload.byteOffset);
  expect(log[0]!.opcode).toBe(Opcode.SMSG_LOGIN_VERIFY_WORLD);
  expect(v.getUint32(0, true)).toBe(row.map);
  expect(Math.abs(v.getFloat32(4, true) - row.x)).toBeLessThan(0.01);

  // the self create block (orc female warrior, level 7)
  const p = log[createAt]!;
  const blk = selfCreate(p.payload, p.opcode)!;
  expect(blk.type).toBe(UpdateType.CREATE_OBJECT2);
  if (blk.type !== UpdateType.CREATE_OBJECT2) return;
  expect(blk.guid).toBe(BigInt(row.guid));
  expect(blk.objectType).toBe(ObjectTypeId.PLAYER);
  expect(blk.movement.updateFlags & UpdateFlags.LIVING).toBeTruthy();
  const f = blk.fields;
  expect(fieldU64(f, Field.OBJECT_FIELD_GUID)).toBe(BigInt(row.guid));
  expect(f.get(Field.OBJECT_FIELD_TYPE)).toBe(0x19);
  const bytes0 = f.get(Field.UNIT_FIELD_BYTES_0)!;
  expect(bytes0 & 0xff).toBe(2); // race
  expect((bytes0 >> 8) & 0xff).toBe(1); // class
  expect((bytes0 >> 16) & 0xff).toBe(1); // gender
  expect((bytes0 >>> 24) & 0xff).toBe(1); // power type: rage for a warrior
  expect(f.get(Field.UNIT_FIELD_LEVEL)).toBe(7);
  expect(f.get(Field.UNIT_FIELD_DISPLAYID)).toBe(52); // orc female
  expect(f.get(Field.UNIT_FIELD_NATIVEDISPLAYID)).toBe(52);
  expect(f.get(Field.UNIT_FIELD_FACTIONTEMPLATE)).toBe(2); // orc
  expect(f.get(Field.UNIT_FIELD_HEALTH)).toBeGreaterThan(0);
  expect((f.get(Field.PLAYER_BYTES_3)! & 0xff)).toBe(1); // gender again
  // private fields go to the player itself (coinage, xp)
  expect(f.has(Field.PLAYER_FIELD_COINAGE) || f.has(Field.PLAYER_XP) || f.has(1279)).toBe(true);
});

test("display id and faction follow race and gender", async () => {
  for (const [race, gender, display, faction, name] of [
    [1, 0, 49, 1, "Humanm"],
    [1, 1, 50, 1, "Humanf"],
    [10, 0, 15476, 1610, "Belfm"],
    [11, 1, 16126, 1629, "Draeneif"],
  ] as const) {
    await w.character(`race${name}`, name, { race, gender, class: race === 10 ? 8 : 1 });
    const c = await w.enter(`race${name}`);
    const self = c.state.objects.get(c.guid)!;
    expect([name, self.fields.get(Field.UNIT_FIELD_DISPLAYID), self.fields.get(Field.UNIT_FIELD_FACTIONTEMPLATE)]).toEqual([name, display, faction]);
    c.close();
  }
});

async function loginFails(account: string, guid: bigint): Promise<number> {
  const c = await w.connect(account);
  await c.enumCharacters();
  try {
    await c.enterWorld(guid);
  } catch (e) {
    if (e instanceof WorldRefusedError) {
      // the session stays at the character screen and keeps working
      expect((await c.enumCharacters()).length).toBeGreaterThanOrEqual(0);
      c.close();
      return e.result;
    }
    throw e;
  }
  c.close();
  return -1;
}

test("SMSG_CHARACTER_LOGIN_FAILED for another account's character, a deleted one and a bad guid", async () => {
  const theirs = await w.character("owner", "Ownedone");
  await w.character("thief", "Thiefone");
  expect(await loginFails("thief", BigInt(theirs.guid))).toBe(5); // no character
  const gone = await w.character("thief", "Deletedone");
  const c = await w.connect("thief");
  await c.enumCharacters();
  expect(await c.deleteCharacter(BigInt(gone.guid))).toBe(0x47);
  c.close();
  expect(await loginFails("thief", BigInt(gone.guid))).toBe(5);
  expect(await loginFails("thief", 987654n)).toBe(5); // no such guid
  expect(await loginFails("thief", 0x1_0000_0001n)).toBe(5); // not a player guid
});

test("CMSG_PLAYER_LOGIN with a zero guid is answered, not a disconnect", async () => {
  await w.character("zero", "Zeroguid");
  const c = await w.connect("zero");
  await c.enumCharacters();
  const since = c.world!.nextSeq;
  c.world!.packet(Opcode.CMSG_PLAYER_LOGIN, (b) => writeGuid(b, 0n));
  const f = await c.world!.waitFor(Opcode.SMSG_CHARACTER_LOGIN_FAILED, undefined, 3000, since);
  expect(f.payload[0]).toBe(5);
  expect((await c.enumCharacters()).map((x) => x.name)).toEqual(["Zeroguid"]);
  c.close();
});
