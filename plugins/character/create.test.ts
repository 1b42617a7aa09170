// CMSG_CHAR_CREATE over real sockets (boot() + the headless client): success and every
// refusal of protocol.md §2.8 / §2.8.1, each checked against the store (a refusal writes
// nothing).
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { HeadlessClient } from "../../bench/client/headless-client.ts";
import type { CharCreateRequest } from "../../bench/client/messages/character.ts";
import { ResponseCode as R } from "../../bench/client/messages/session.ts";
import { boot, type Booted } from "../../server/testing/boot.ts";
import { PluginFolders, pluginSource } from "../../server/testing/plugin-folders.ts";
import { allRows, closeClients, NO_BUDGETS, openClients as open, req, screen } from "./character.fixture.ts";

afterEach(closeClients);

/** Sends each request and expects its code; the table must not change. */
async function refused(b: Booted, c: HeadlessClient, cases: [CharCreateRequest, number][]): Promise<void> {
  const before = await allRows(b);
  for (const [r, code] of cases) expect({ name: r.name, race: r.race, class: r.class, result: await c.createCharacter(r) }).toEqual({ name: r.name, race: r.race, class: r.class, result: code });
  expect(await allRows(b)).toBe(before);
}

describe("on a normal realm", () => {
  let b: Booted;
  beforeAll(async () => {
    b = await boot(NO_BUDGETS);
    for (const n of ["alice", "names", "full", "ids", "classic", "tbc", "knight", "veteran", "gm"]) await b.createAccount(n, "pw", { gmLevel: n === "gm" ? 3 : 0 });
  });
  afterAll(() => b.stop());

  test("success 0x2F: normalised name, start position, outfit, first login; the list shows it", async () => {
    const c = await screen(b, "alice");
    expect(await c.createCharacter(req("tHRALLa", 2, 3, { gender: 1 }))).toBe(R.CHAR_CREATE_SUCCESS);
    const [ch] = await c.enumCharacters();
    expect(ch).toMatchObject({ name: "Thralla", race: 2, class: 3, gender: 1, skin: 1, face: 2, hairStyle: 3, hairColor: 4, facialHair: 5, level: 1, map: 1, zone: 14, firstLogin: 1 });
    expect(ch!.x).toBeCloseTo(-618.518, 2);
    expect(ch!.equipment.length).toBe(23);
    expect(ch!.equipment.some((e) => e.displayId > 0 && e.inventoryType > 0)).toBe(true);
    const row = (await b.realm.store.characters.byName(1, "THRALLA"))!;
    expect(row).toMatchObject({ name: "Thralla", accountId: (await b.realm.accounts.get("ALICE"))!.id, realmId: 1 });
  });

  test("name rules: each refusal has its CHAR_NAME_* code", async () => {
    const c = await screen(b, "names");
    await refused(b, c, [
      [req(""), R.CHAR_NAME_NO_NAME],
      [req("A"), R.CHAR_NAME_TOO_SHORT],
      [req("Abcdefghijklm"), R.CHAR_NAME_TOO_LONG],
      [req("Abc1"), R.CHAR_NAME_INVALID_CHARACTER],
      [req("Ab-c"), R.CHAR_NAME_INVALID_CHARACTER],
      [req("Ab cd"), 0x63], // CHAR_NAME_INVALID_SPACE
      [req("Ab'cd"), 0x60], // CHAR_NAME_INVALID_APOSTROPHE
      [req("Aaabc"), 0x62], // CHAR_NAME_THREE_CONSECUTIVE
      [req("Gamemaster"), R.CHAR_NAME_RESERVED],
      [req("ADMIN"), R.CHAR_NAME_RESERVED],
      [req("Shitface"), R.CHAR_NAME_PROFANE],
    ]);
    // the limits themselves are fine
    expect(await c.createCharacter(req("Ab"))).toBe(R.CHAR_CREATE_SUCCESS);
    expect(await c.createCharacter(req("Abcdefghijkl"))).toBe(R.CHAR_CREATE_SUCCESS);
  });

  test("a name in use, in any capitalisation: 0x32", async () => {
    const c = await screen(b, "names");
    await refused(b, c, [
      [req("THRALLA"), R.CHAR_CREATE_NAME_IN_USE],
      [req("thralla"), R.CHAR_CREATE_NAME_IN_USE],
      [req("Ab"), R.CHAR_CREATE_NAME_IN_USE],
    ]);
  });

  test("10 characters per realm: the 11th gets 0x36", async () => {
    for (let i = 0; i < 10; i++) await b.createCharacter("full", `Full${"abcdefghij"[i]}`);
    const c = await screen(b, "full");
    await refused(b, c, [[req("Eleventh"), R.CHAR_CREATE_ACCOUNT_LIMIT]]);
    expect((await c.enumCharacters()).length).toBe(10);
  });

  test("unknown race, class or gender ids and out-of-range looks: 0x31", async () => {
    const c = await screen(b, "ids");
    await refused(b, c, [
      [req("Norace", 0, 1), R.CHAR_CREATE_FAILED],
      [req("Goblin", 9, 1), R.CHAR_CREATE_FAILED],
      [req("Worgen", 12, 1), R.CHAR_CREATE_FAILED],
      [req("Noclass", 1, 0), R.CHAR_CREATE_FAILED],
      [req("Tenclass", 1, 10), R.CHAR_CREATE_FAILED],
      [req("Monk", 1, 12), R.CHAR_CREATE_FAILED],
      [req("Nogender", 1, 1, { gender: 2 }), R.CHAR_CREATE_FAILED],
      [req("Oddskin", 1, 1, { skin: 200 }), R.CHAR_CREATE_FAILED],
    ]);
  });

  test("valid ids but no such race/class pair (human druid, orc paladin, tauren mage): 0x30", async () => {
    const c = await screen(b, "ids");
    await refused(b, c, [
      [req("Humandruid", 1, 11), R.CHAR_CREATE_ERROR],
      [req("Orcpaladin", 2, 2), R.CHAR_CREATE_ERROR],
      [req("Taurenmage", 6, 8), R.CHAR_CREATE_ERROR],
      [req("Gnomehunter", 7, 3), R.CHAR_CREATE_ERROR],
    ]);
  });

  test("expansion: a classic account gets 0x39 for TBC races and 0x3A for a death knight; TBC gets 0x3A", async () => {
    const classic = (await b.realm.accounts.get("CLASSIC"))!;
    await b.realm.store.accounts.update(classic.id, { expansion: 0 });
    const tbc = (await b.realm.accounts.get("TBC"))!;
    await b.realm.store.accounts.update(tbc.id, { expansion: 1 });
    const c0 = await screen(b, "classic");
    await refused(b, c0, [
      [req("Bloodelf", 10, 2), R.CHAR_CREATE_EXPANSION],
      [req("Draenei", 11, 7), R.CHAR_CREATE_EXPANSION],
      [req("Deathknight", 1, 6), R.CHAR_CREATE_EXPANSION_CLASS],
    ]);
    expect(await c0.createCharacter(req("Oldhuman", 1, 1))).toBe(R.CHAR_CREATE_SUCCESS);
    const c1 = await screen(b, "tbc");
    await refused(b, c1, [[req("Deathknight", 1, 6), R.CHAR_CREATE_EXPANSION_CLASS]]);
    expect(await c1.createCharacter(req("Belfpaladin", 10, 2))).toBe(R.CHAR_CREATE_SUCCESS);
  });

  test("death knight: 0x3B without a level-55 character, then one per realm (0x3C); it starts at 55 in Acherus", async () => {
    const c = await screen(b, "knight");
    await b.createCharacter("knight", "Lowbie", { level: 54 });
    await refused(b, c, [[req("Knightone", 1, 6), R.CHAR_CREATE_LEVEL_REQUIREMENT]]);
    await b.createCharacter("knight", "Veteranone", { level: 55 });
    expect(await c.createCharacter(req("Knightone", 1, 6))).toBe(R.CHAR_CREATE_SUCCESS);
    const dk = (await c.enumCharacters()).find((x) => x.name === "Knightone")!;
    expect(dk).toMatchObject({ level: 55, map: 609, zone: 4298, class: 6 });
    await refused(b, c, [[req("Knighttwo", 2, 6), R.CHAR_CREATE_UNIQUE_CLASS_LIMIT]]);
  });

  test("GM accounts skip both death knight rules", async () => {
    const c = await screen(b, "gm");
    expect(await c.createCharacter(req("Gmknightone", 1, 6))).toBe(R.CHAR_CREATE_SUCCESS);
    expect(await c.createCharacter(req("Gmknighttwo", 2, 6))).toBe(R.CHAR_CREATE_SUCCESS);
  });

  test("a normal realm allows both factions on one account", async () => {
    const c = await screen(b, "veteran");
    expect(await c.createCharacter(req("Allyone", 1, 1))).toBe(R.CHAR_CREATE_SUCCESS);
    expect(await c.createCharacter(req("Hordeone", 2, 1))).toBe(R.CHAR_CREATE_SUCCESS);
  });
});

describe("realm and plugin settings", () => {
  const folders = new PluginFolders("rc-character-");
  afterAll(() => folders.cleanup());

  test("PvP realm (realm.type 1): the other faction is refused 0x34; GMs may mix", async () => {
    const b = await boot({ ...NO_BUDGETS, realm: { type: 1 } });
    try {
      await b.createAccount("pvp", "pw");
      await b.createAccount("pvpgm", "pw", { gmLevel: 2 });
      const c = await screen(b, "pvp");
      expect(await c.createCharacter(req("Ally", 1, 1))).toBe(R.CHAR_CREATE_SUCCESS);
      await refused(b, c, [
        [req("Hordie", 2, 1), R.CHAR_CREATE_PVP_TEAMS_VIOLATION],
        [req("Undie", 5, 5), R.CHAR_CREATE_PVP_TEAMS_VIOLATION],
      ]);
      expect(await c.createCharacter(req("Dwarfy", 3, 1))).toBe(R.CHAR_CREATE_SUCCESS);
      const gm = await screen(b, "pvpgm");
      expect(await gm.createCharacter(req("Gmally", 1, 1))).toBe(R.CHAR_CREATE_SUCCESS);
      expect(await gm.createCharacter(req("Gmhorde", 2, 1))).toBe(R.CHAR_CREATE_SUCCESS);
    } finally {
      for (const c of open.splice(0)) c.close();
      await b.stop();
    }
  });

  test("plugins.settings.character.creationDisabled: 0x33", async () => {
    const b = await boot({ ...NO_BUDGETS, plugins: { settings: { character: { creationDisabled: true } } } });
    try {
      await b.createAccount("nobody", "pw");
      const c = await screen(b, "nobody");
      await refused(b, c, [[req("Anyone", 1, 1), R.CHAR_CREATE_DISABLED]]);
      expect(await c.enumCharacters()).toEqual([]);
    } finally {
      for (const c of open.splice(0)) c.close();
      await b.stop();
    }
  });

  test("a character.canCreate hook that says no: 0x33, nothing written; others pass", async () => {
    const dir = folders.withCharacter();
    folders.write(dir, "veto", {
      "index.ts": pluginSource({
        name: "veto",
        imports: `import { CoreHooks } from "$API";`,
        body: `ctx.hooks.on(CoreHooks.canCreateCharacter, (info: { name: string }) => !info.name.startsWith("Veto"));`,
      }),
    });
    const b = await boot(NO_BUDGETS, { pluginDirs: [dir] });
    try {
      await b.createAccount("hooked", "pw");
      const c = await screen(b, "hooked");
      await refused(b, c, [[req("Vetoed", 1, 1), R.CHAR_CREATE_DISABLED]]);
      expect(await c.createCharacter(req("Allowed", 1, 1))).toBe(R.CHAR_CREATE_SUCCESS);
    } finally {
      for (const c of open.splice(0)) c.close();
      await b.stop();
    }
  });
});
