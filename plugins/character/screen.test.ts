// The rest of the character screen over real sockets: delete (soft) and restore through
// the operator CLI, rename and customize driven by at-login flags the CLI sets, account
// data and realm split. The realm runs on a database file so the CLI, a separate process
// as an operator would run it, changes the same rows while the realm serves.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { CHARACTER_FLAG_RENAME, CUSTOMIZE_FLAG_CUSTOMIZE, customizeCharacter, realmSplitState, renameCharacter, requestAccountData, updateAccountData } from "../../bench/client/char-screen.ts";
import { ResponseCode as R } from "../../bench/client/messages/session.ts";
import { boot, type Booted } from "../../server/testing/boot.ts";
import { closeClients, ctl, databaseFile, NO_BUDGETS, req, screen } from "./character.fixture.ts";

let b: Booted;
const db = databaseFile();
beforeAll(async () => {
  b = await boot({ ...NO_BUDGETS, ...db.config });
  for (const n of ["alice", "bob", "renamer", "barber", "keeper"]) await b.createAccount(n, "pw");
});
afterEach(closeClients);
afterAll(async () => {
  await b.stop();
  rmSync(db.dir, { recursive: true, force: true });
});

describe("delete and restore", () => {
  test("delete: 0x47, gone from the list, the name is free again; someone else's guid or no guid: 0x48", async () => {
    const a = await screen(b, "alice");
    expect(await a.createCharacter(req("Delme"))).toBe(R.CHAR_CREATE_SUCCESS);
    expect(await a.createCharacter(req("Keepme"))).toBe(R.CHAR_CREATE_SUCCESS);
    const [del, keep] = await a.enumCharacters();
    const o = await screen(b, "bob");
    expect(await o.deleteCharacter(del!.guid)).toBe(R.CHAR_DELETE_FAILED); // not bob's
    expect(await o.deleteCharacter(999_999n)).toBe(R.CHAR_DELETE_FAILED);
    expect(await o.deleteCharacter(0n)).toBe(R.CHAR_DELETE_FAILED);
    expect((await a.enumCharacters()).map((c) => c.name)).toEqual(["Delme", "Keepme"]);

    expect(await a.deleteCharacter(del!.guid)).toBe(R.CHAR_DELETE_SUCCESS);
    expect((await a.enumCharacters()).map((c) => c.name)).toEqual(["Keepme"]);
    expect(await a.deleteCharacter(del!.guid)).toBe(R.CHAR_DELETE_FAILED); // already deleted
    // kept for the restore window, name released
    const row = (await b.realm.store.characters.byGuid(Number(del!.guid)))!;
    expect(row.deletedAt).toBeGreaterThan(0);
    expect(await b.realm.store.characters.byName(1, "Delme")).toBeUndefined();
    expect(await o.createCharacter(req("DELME"))).toBe(R.CHAR_CREATE_SUCCESS); // bob takes the name
    expect(keep!.name).toBe("Keepme");
  });

  test("character list --deleted shows it; restore refuses while the name is taken, asks for the guid when two match, restores by guid or name", async () => {
    const listed = await ctl(db.path, "character", "list", "alice", "--deleted");
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^\s*\d+ {2}Delme\s+level {2}1 {2}Human Warrior {2}realm 1 {2}deleted \d{4}-\d\d-\d\dT/m);
    expect(listed.out.split("\n").at(-1)).toBe("1 deleted character of ALICE on realm 1");

    const taken = await ctl(db.path, "character", "restore", "Delme");
    expect(taken.code).toBe(1);
    expect(taken.err).toMatch(/cannot restore Delme \(guid \d+\): the name Delme is taken now; rename first/);

    const bob = await screen(b, "bob");
    const bobs = await bob.enumCharacters();
    expect(await bob.deleteCharacter(bobs.find((c) => c.name === "Delme")!.guid)).toBe(R.CHAR_DELETE_SUCCESS);
    const r = await ctl(db.path, "character", "restore", "delme"); // alice's and bob's are both deleted now
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/2 deleted characters are named Delme \(guids \d+, \d+\); give the GUID/);
    const guid = (await b.realm.store.characters.listByAccount((await b.realm.accounts.get("ALICE"))!.id, 1, { deleted: true }))[0]!.guid;
    const ok = await ctl(db.path, "character", "restore", String(guid));
    expect(ok).toMatchObject({ code: 0, out: `restored Delme (guid ${guid}) on realm 1` });

    const a = await screen(b, "alice");
    expect((await a.enumCharacters()).map((c) => [c.name, c.guid])).toEqual([
      ["Delme", BigInt(guid)],
      ["Keepme", expect.any(BigInt)],
    ]);
    const audit = await b.realm.store.audit.list({ action: "character.restore" });
    expect(audit[0]).toMatchObject({ actor: "ctl", target: "Delme" });

    // by name, in any capitalisation
    const keep = (await a.enumCharacters()).find((c) => c.name === "Keepme")!;
    expect(await a.deleteCharacter(keep.guid)).toBe(R.CHAR_DELETE_SUCCESS);
    expect(await ctl(db.path, "character", "restore", "KEEPME")).toMatchObject({ code: 0, out: `restored Keepme (guid ${keep.guid}) on realm 1` });
    expect((await a.enumCharacters()).map((c) => c.name)).toEqual(["Delme", "Keepme"]);
  });

  test("restore refuses what is not there", async () => {
    expect(await ctl(db.path, "character", "restore", "Nobody")).toMatchObject({ code: 1, err: expect.stringMatching(/no deleted character named Nobody on realm 1/) });
    expect(await ctl(db.path, "character", "restore", "424242")).toMatchObject({ code: 1, err: expect.stringMatching(/no deleted character with guid 424242/) });
  });
});

describe("rename and customize, asked for by at-login flags", () => {
  test("set-flags rename: the list shows 0x4000; CMSG_CHAR_RENAME applies the name rules, then renames once", async () => {
    const c = await screen(b, "renamer");
    expect(await c.createCharacter(req("Oldname"))).toBe(R.CHAR_CREATE_SUCCESS);
    const [before] = await c.enumCharacters();
    expect(before!.flags & CHARACTER_FLAG_RENAME).toBe(0);
    expect((await renameCharacter(c, before!.guid, "Newname")).result).toBe(R.CHAR_CREATE_ERROR); // not asked for

    const set = await ctl(db.path, "character", "set-flags", "oldname", "rename");
    expect(set).toMatchObject({ code: 0, out: `Oldname (guid ${before!.guid}) will be asked to choose a new name at the character screen` });
    expect((await ctl(db.path, "character", "list", "renamer")).out).toMatch(/Oldname .* rename pending/);
    const [flagged] = await c.enumCharacters();
    expect(flagged!.flags & CHARACTER_FLAG_RENAME).toBe(CHARACTER_FLAG_RENAME);

    expect((await renameCharacter(c, flagged!.guid, "N")).result).toBe(R.CHAR_NAME_TOO_SHORT);
    expect((await renameCharacter(c, flagged!.guid, "New name")).result).toBe(0x63);
    expect((await renameCharacter(c, flagged!.guid, "Admin")).result).toBe(R.CHAR_NAME_RESERVED);
    expect((await renameCharacter(c, flagged!.guid, "keepme")).result).toBe(R.CHAR_CREATE_NAME_IN_USE); // alice's
    const other = (await b.realm.store.characters.byName(1, "Keepme"))!;
    expect((await renameCharacter(c, BigInt(other.guid), "Stolen")).result).toBe(R.CHAR_CREATE_ERROR); // not ours

    const done = await renameCharacter(c, flagged!.guid, "nEWNAME");
    expect(done).toEqual({ result: R.RESPONSE_SUCCESS, guid: flagged!.guid, name: "Newname" });
    const [after] = await c.enumCharacters();
    expect(after).toMatchObject({ name: "Newname", guid: flagged!.guid });
    expect(after!.flags & CHARACTER_FLAG_RENAME).toBe(0);
    expect((await renameCharacter(c, flagged!.guid, "Thirdname")).result).toBe(R.CHAR_CREATE_ERROR); // used up
    expect(await c.createCharacter(req("Oldname"))).toBe(R.CHAR_CREATE_SUCCESS); // the old name is free
  });

  test("set-flags --off withdraws a flag", async () => {
    expect((await ctl(db.path, "character", "set-flags", "Newname", "rename")).code).toBe(0);
    const off = await ctl(db.path, "character", "set-flags", "Newname", "rename", "--off");
    expect(off.out).toMatch(/^Newname \(guid \d+\): rename withdrawn$/);
    const c = await screen(b, "renamer");
    const row = (await c.enumCharacters()).find((x) => x.name === "Newname")!;
    expect(row.flags & CHARACTER_FLAG_RENAME).toBe(0);
  });

  test("set-flags customize: the list shows customize flag 0x1; CMSG_CHAR_CUSTOMIZE changes look and name once", async () => {
    const c = await screen(b, "barber");
    expect(await c.createCharacter(req("Shaggy", 3, 1, { gender: 0, skin: 1, face: 1, hairStyle: 1, hairColor: 1, facialHair: 1 }))).toBe(R.CHAR_CREATE_SUCCESS);
    expect((await ctl(db.path, "character", "set-flags", "Shaggy", "customize")).code).toBe(0);
    const [ch] = await c.enumCharacters();
    expect(ch!.customizeFlags & CUSTOMIZE_FLAG_CUSTOMIZE).toBe(CUSTOMIZE_FLAG_CUSTOMIZE);
    const look = { guid: ch!.guid, gender: 1, skin: 3, face: 4, hairStyle: 5, hairColor: 6, facialHair: 0 };
    expect((await customizeCharacter(c, { ...look, name: "X" })).result).toBe(R.CHAR_NAME_TOO_SHORT);
    expect((await customizeCharacter(c, { ...look, name: "Shitlord" })).result).toBe(R.CHAR_NAME_PROFANE);
    expect((await customizeCharacter(c, { ...look, gender: 2, name: "Shaggy" })).result).toBe(R.CHAR_CREATE_FAILED);
    expect(await customizeCharacter(c, { ...look, name: "tidy" })).toEqual({ result: 0, ...look, name: "Tidy" });
    const [after] = await c.enumCharacters();
    expect(after).toMatchObject({ name: "Tidy", gender: 1, skin: 3, face: 4, hairStyle: 5, hairColor: 6, facialHair: 0 });
    expect(after!.customizeFlags & CUSTOMIZE_FLAG_CUSTOMIZE).toBe(0);
    expect((await customizeCharacter(c, { ...look, name: "Again" })).result).toBe(R.CHAR_CREATE_ERROR);
  });

  test("set-flags refuses unknown characters and flags", async () => {
    expect(await ctl(db.path, "character", "set-flags", "Nobody", "rename")).toMatchObject({ code: 1, err: expect.stringMatching(/no character Nobody on realm 1/) });
    expect(await ctl(db.path, "character", "set-flags", "Tidy", "recolor")).toMatchObject({ code: 1, err: expect.stringMatching(/unknown flag "recolor"; use rename or customize/) });
    expect(await ctl(db.path, "character", "list", "nosuch")).toMatchObject({ code: 1, err: expect.stringMatching(/no account named NOSUCH/) });
  });
});

describe("account data and realm split", () => {
  test("READY_FOR_ACCOUNT_DATA_TIMES, UPDATE_ACCOUNT_DATA, then REQUEST_ACCOUNT_DATA returns it", async () => {
    const c = await screen(b, "keeper");
    const t0 = await c.accountDataTimes();
    expect(t0.mask).toBe(0x15);
    expect([...t0.times.entries()]).toEqual([
      [0, 0],
      [2, 0],
      [4, 0],
    ]);
    const macros = new TextEncoder().encode('MACRO 1 "Hello" INV_Misc_QuestionMark\n/say hello\nEND\n'.repeat(20));
    expect(await updateAccountData(c, 4, 1_700_000_000, macros)).toEqual({ slot: 4, result: 0 });
    const config = new TextEncoder().encode('SET autoLootDefault "1"\n');
    expect(await updateAccountData(c, 0, 1_700_000_100, config)).toEqual({ slot: 0, result: 0 });

    const got = await requestAccountData(c, 4);
    expect(got).toMatchObject({ guid: 0n, slot: 4, unixTime: 1_700_000_000 });
    expect(new TextDecoder().decode(got.data)).toBe(new TextDecoder().decode(macros));
    const empty = await requestAccountData(c, 2);
    expect(empty).toMatchObject({ slot: 2, unixTime: 0, data: new Uint8Array(0) });
    const t1 = await c.accountDataTimes();
    expect(t1.times.get(4)).toBe(1_700_000_000);
    expect(t1.times.get(0)).toBe(1_700_000_100);

    // a later session of the account sees the same data
    c.close();
    const again = await screen(b, "keeper");
    expect(new TextDecoder().decode((await requestAccountData(again, 0)).data)).toBe('SET autoLootDefault "1"\n');
  });

  test("CMSG_REALM_SPLIT: the realm id echoed, state 0 (normal), date 01/01/01", async () => {
    const c = await screen(b, "keeper");
    expect(await realmSplitState(c, 1)).toEqual({ realmId: 1, state: 0, date: "01/01/01" });
    expect(await realmSplitState(c, 7)).toEqual({ realmId: 7, state: 0, date: "01/01/01" });
  });
});
