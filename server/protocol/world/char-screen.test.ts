import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import * as cc from "./char-constants.ts";
import * as cs from "./char-screen.ts";
import { ResponseCodes } from "./response-codes.ts";
import { toHex } from "./test-vectors.ts";

function rt<T>(def: MessageDef<T>, v: T): Uint8Array {
  const bytes = encodeBody(def, v).slice();
  const r = decode(def, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  return bytes;
}

const entry: cs.CharEnumEntry = {
  guid: 8n, name: "Garl", race: 1, class: 4, gender: 0, skin: 8, face: 8, hairStyle: 7, hairColor: 6, facialHair: 4,
  level: 1, zone: 12, map: 0, x: Math.fround(-8941.735), y: Math.fround(-129.38274), z: Math.fround(83.60525), guildId: 0,
  flags: cc.CharacterFlags.DECLINED, customizeFlags: 0, firstLogin: 0, petDisplayId: 0, petLevel: 0, petFamily: 0,
  equipment: cs.emptyCharEquipment(),
};

describe("character screen (§2.8)", () => {
  test("an enum entry is 270 + strlen(name) bytes", () => {
    const bytes = rt(cs.SMSG_CHAR_ENUM, { characters: [entry, { ...entry, guid: 9n, name: "Garmond" }] });
    expect(bytes.length).toBe(1 + 274 + 277);
  });

  test("a truncated or over-counted enum is refused", () => {
    const bytes = encodeBody(cs.SMSG_CHAR_ENUM, { characters: [entry] }).slice();
    expect(decode(cs.SMSG_CHAR_ENUM, bytes.subarray(0, 200)).ok).toBe(false);
    bytes[0] = 200;
    expect(decode(cs.SMSG_CHAR_ENUM, bytes).ok).toBe(false);
  });

  test("create, delete, rename and login", () => {
    const create = rt(cs.CMSG_CHAR_CREATE, { name: "Ab", race: 10, class: 2, gender: 1, skin: 1, face: 2, hairStyle: 3, hairColor: 4, facialHair: 5, outfitId: 0 });
    expect(toHex(create)).toBe("4162000a020101020304050" + "0");
    expect([...encodeBody(cs.SMSG_CHAR_CREATE, { result: ResponseCodes.CHAR_CREATE_SUCCESS })]).toEqual([0x2f]);
    rt(cs.CMSG_CHAR_DELETE, { guid: 12n });
    rt(cs.SMSG_CHAR_DELETE, { result: ResponseCodes.CHAR_DELETE_SUCCESS });
    rt(cs.SMSG_CHAR_RENAME, { result: ResponseCodes.CHAR_NAME_TOO_LONG });
    rt(cs.SMSG_CHAR_RENAME, { result: 0, guid: 3n, newName: "Xy" });
    rt(cs.CMSG_PLAYER_LOGIN, { guid: 1n });
    rt(cs.SMSG_CHARACTER_LOGIN_FAILED, { reason: cc.CharLoginFailed.NO_WORLD });
  });

  test("customize: request and reply have different field orders", () => {
    const req = rt(cs.CMSG_CHAR_CUSTOMIZE, { guid: 1n, newName: "A", gender: 1, skin: 2, hairColor: 3, hairStyle: 4, facialHair: 5, face: 6 });
    expect([...req.subarray(10)]).toEqual([1, 2, 3, 4, 5, 6]);
    const rep = rt(cs.SMSG_CHAR_CUSTOMIZE, { result: 0, guid: 1n, name: "A", gender: 1, skin: 2, face: 6, hairStyle: 4, hairColor: 3, facialHair: 5 });
    expect([...rep.subarray(11)]).toEqual([1, 2, 6, 4, 3, 5]);
    expect([...encodeBody(cs.SMSG_CHAR_CUSTOMIZE, { result: ResponseCodes.CHAR_NAME_PROFANE })]).toEqual([0x5e]);
  });

  test("the race/class table has the 62 playercreateinfo pairs", () => {
    let n = 0;
    for (const r of Object.values(cc.Race)) for (const c of Object.values(cc.Class)) if (cc.isValidRaceClass(r, c)) n++;
    expect(n).toBe(62);
    expect(cc.isValidRaceClass(cc.Race.HUMAN, cc.Class.DRUID)).toBe(false);
    expect(cc.isValidRaceClass(cc.Race.TAUREN, cc.Class.DRUID)).toBe(true);
    expect(cc.isValidRaceClass(9, 1)).toBe(false);
    for (const r of Object.values(cc.Race)) expect(cc.isValidRaceClass(r, cc.Class.DEATH_KNIGHT)).toBe(true);
  });

  test("faction per race and expansion rules", () => {
    expect(cc.RACE_TEAM[cc.Race.BLOOD_ELF]).toBe("horde");
    expect(cc.RACE_TEAM[cc.Race.DRAENEI]).toBe("alliance");
    expect(cc.RACE_FACTION_TEMPLATE[cc.Race.GNOME]).toBe(115);
    expect(cc.raceExpansion(cc.Race.DRAENEI)).toBe(1);
    expect(cc.classExpansion(cc.Class.DEATH_KNIGHT)).toBe(2);
    expect(cc.startPosition(cc.Race.HUMAN, cc.Class.WARRIOR).map).toBe(0);
    expect(cc.startPosition(cc.Race.HUMAN, cc.Class.DEATH_KNIGHT).map).toBe(609);
  });
});
