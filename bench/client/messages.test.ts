// Decoders/encoders not exercised by vectors.json, checked against bytes written from the
// protocol.md tables.
import { describe, expect, test } from "bun:test";
import { ByteReader, ByteWriter, bytesToHex } from "./bytes.ts";
import {
  readActionButtons,
  readBindPointUpdate,
  readCharCustomize,
  readInitWorldStates,
  readInitialSpells,
  readLoginSetTimeSpeed,
  writeCharCreate,
  writeCharCustomize,
} from "./messages/character.ts";
import { readServerEmote, readServerMessage, readServerTextEmote, writeClientMessageChat } from "./messages/chat.ts";
import { readForceSpeedChange, readMoveSetSpeed, writeForceSpeedChangeAck, writeMovementInfo } from "./messages/movement.ts";
import { Opcode } from "./messages/opcodes.ts";
import { readCreatureQueryResponse, readGameObjectQueryResponse, readItemQueryResponse, readNameQueryResponse } from "./messages/query.ts";
import { readAccountDataTimes, readAddonInfo, readAuthResponse, readQueryTimeResponse, readRealmSplit } from "./messages/session.ts";

const R = (w: ByteWriter) => new ByteReader(w.toBytes());

describe("session", () => {
  test("SMSG_AUTH_RESPONSE: ok, TC and cmangos wait queue, single byte", () => {
    expect(readAuthResponse(R(new ByteWriter().u8(0x0c).u32(0).u8(0).u32(0).u8(2)))).toEqual({ result: 0x0c, billing: { timeRemaining: 0, flags: 0, timeRested: 0 }, expansion: 2 });
    expect(readAuthResponse(R(new ByteWriter().u8(0x1b).u32(17).u8(0)))).toEqual({ result: 0x1b, queuePosition: 17, queueFlag: 0 });
    const cm = readAuthResponse(R(new ByteWriter().u8(0x1b).u32(0).u8(0).u32(0).u8(2).u32(9)));
    expect([cm.queuePosition, cm.expansion]).toEqual([9, 2]);
    expect(readAuthResponse(R(new ByteWriter().u8(0x15)))).toEqual({ result: 0x15 });
  });
  test("SMSG_ADDON_INFO: with and without key, url, banned count; lenient on garbage", () => {
    const w = new ByteWriter().u8(2).u8(1).u8(0).u32(0).u8(0);
    w.u8(2).u8(1).u8(1).zeros(256).u32(0).u8(1).cstring("http://x");
    w.u32(0);
    const info = readAddonInfo(R(w), 2);
    expect(info.entries.length).toBe(2);
    expect(info.entries[1]?.publicKey?.length).toBe(256);
    expect(info.entries[1]?.url).toBe("http://x");
    expect(info.bannedCount).toBe(0);
    expect(readAddonInfo(R(w)).entries.length).toBe(2); // without a count: parse until the trailing u32
    expect(readAddonInfo(R(new ByteWriter().u8(2).u8(1).u8(1).zeros(10)), 1).error).toMatch(/read past end/);
  });
  test("SMSG_ACCOUNT_DATA_TIMES with mask 0xEA", () => {
    const w = new ByteWriter().u32(1000).u8(1).u32(0xea);
    for (let i = 0; i < 5; i++) w.u32(100 + i);
    const t = readAccountDataTimes(R(w));
    expect([...t.times.entries()]).toEqual([[1, 100], [3, 101], [5, 102], [6, 103], [7, 104]]);
  });
  test("SMSG_REALM_SPLIT, SMSG_QUERY_TIME_RESPONSE", () => {
    expect(readRealmSplit(R(new ByteWriter().u32(1).u32(0).cstring("01/01/01")))).toEqual({ realmId: 1, state: 0, date: "01/01/01" });
    expect(readQueryTimeResponse(R(new ByteWriter().u32(5).u32(6)))).toEqual({ unixTime: 5, dailyResetIn: 6 });
  });
});

describe("character screen and login burst", () => {
  test("CMSG_CHAR_CREATE and CMSG_CHAR_CUSTOMIZE field order", () => {
    const w = new ByteWriter();
    writeCharCreate(w, { name: "Ab", race: 1, class: 2, gender: 1, skin: 3, face: 4, hairStyle: 5, hairColor: 6, facialHair: 7 });
    expect(bytesToHex(w.toBytes())).toBe("41620001020103040506070" + "0");
    const c = new ByteWriter();
    writeCharCustomize(c, { guid: 1n, name: "Ab", gender: 1, skin: 2, face: 3, hairStyle: 4, hairColor: 5, facialHair: 6 });
    expect(bytesToHex(c.toBytes())).toBe("0100000000000000416200" + "01" + "02" + "05" + "04" + "06" + "03");
    const reply = readCharCustomize(R(new ByteWriter().u8(0).u64(1n).cstring("Ab").u8(1).u8(2).u8(3).u8(4).u8(5).u8(6)));
    expect(reply).toEqual({ result: 0, guid: 1n, name: "Ab", gender: 1, skin: 2, face: 3, hairStyle: 4, hairColor: 5, facialHair: 6 });
    expect(readCharCustomize(R(new ByteWriter().u8(0x58)))).toEqual({ result: 0x58 });
  });
  test("BINDPOINTUPDATE, LOGIN_SETTIMESPEED packed time, INITIAL_SPELLS, ACTION_BUTTONS, INIT_WORLD_STATES", () => {
    expect(readBindPointUpdate(R(new ByteWriter().f32(1).f32(2).f32(3).u32(0).u32(12)))).toEqual({ x: 1, y: 2, z: 3, map: 0, area: 12 });
    // 2026-11-27 (Friday = 5) 09:37 -> month0 10, day0 26
    const packed = (26 << 24) | (10 << 20) | (26 << 14) | (5 << 11) | (9 << 6) | 37;
    const ts = readLoginSetTimeSpeed(R(new ByteWriter().u32(packed).f32(0.01666667).u32(0)));
    expect(ts.time).toEqual({ year: 2026, month: 11, day: 27, weekday: 5, hour: 9, minute: 37 });
    const sp = readInitialSpells(R(new ByteWriter().u8(0).u16(2).u32(6603).u16(0).u32(78).u16(0).u16(1).u32(78).u16(0).u16(0).u32(1000).u32(0)));
    expect(sp.spells.map((s) => s.id)).toEqual([6603, 78]);
    expect(sp.cooldowns[0]).toEqual({ spellId: 78, itemId: 0, category: 0, cooldownMs: 1000, categoryCooldownMs: 0 });
    const ab = new ByteWriter().u8(1).u32(6603 | (0 << 24)).u32(5 | (0x80 << 24));
    ab.zeros(142 * 4);
    const buttons = readActionButtons(R(ab));
    expect([buttons.buttons.length, buttons.buttons[1]]).toEqual([144, { action: 5, type: 0x80 }]);
    expect(readActionButtons(R(new ByteWriter().u8(2)))).toEqual({ state: 2, buttons: [] });
    const ws = readInitWorldStates(R(new ByteWriter().u32(0).u32(12).u32(9).u16(1).u32(3000).u32(1)));
    expect([ws.zone, ws.states.get(3000)]).toEqual([12, 1]);
  });
});

describe("queries", () => {
  test("name query found / unknown / declined", () => {
    expect(readNameQueryResponse(R(new ByteWriter().packedGuid(8n).u8(1)))).toEqual({ guid: 8n, status: 1 });
    const d = readNameQueryResponse(R(new ByteWriter().packedGuid(8n).u8(0).cstring("Bob").cstring("").u8(1).u8(0).u8(4).u8(1).cstring("a").cstring("b").cstring("c").cstring("d").cstring("e")));
    expect([d.name, d.race, d.class, d.declined]).toEqual(["Bob", 1, 4, ["a", "b", "c", "d", "e"]]);
  });
  test("unknown entry: u32 entry | 0x80000000", () => {
    const unk = new ByteWriter().u32(1234 | 0x80000000);
    expect(readCreatureQueryResponse(R(unk))).toEqual({ entry: 1234, unknown: true });
    expect(readGameObjectQueryResponse(R(unk))).toEqual({ entry: 1234, unknown: true });
    expect(readItemQueryResponse(R(unk))).toEqual({ entry: 1234, unknown: true });
  });
  test("payload sizes from §2.13.1 are consumed exactly", () => {
    const cr = new ByteWriter().u32(6).cstring("Kobold").u8(0).u8(0).u8(0).cstring("").cstring("").zeros(84 - 4 - 3);
    const c = R(cr);
    const ct = readCreatureQueryResponse(c);
    expect([c.remaining, cr.length, (ct as { name: string }).name]).toEqual([0, 84 + 7 + 1 + 1, "Kobold"]);
    const go = new ByteWriter().u32(1).u32(19).u32(2).cstring("Box").u8(0).u8(0).u8(0).cstring("").cstring("").cstring("").zeros(139 - 12 - 3);
    const g = R(go);
    readGameObjectQueryResponse(g);
    expect(g.remaining).toBe(0);
    const n = 2;
    const it = new ByteWriter().u32(25).u32(2).u32(7).i32(-1).cstring("Sword").u8(0).u8(0).u8(0);
    it.zeros(21 * 4 - 4 + 4).u32(n).zeros(8 * n); // through stat count, then n stats
    it.zeros(8 + 24 + 28 + 12 + 120 + 4).cstring("desc").zeros(20 + 4 + 40 + 24 + 28);
    const ir = R(it);
    const item = readItemQueryResponse(ir);
    expect(ir.remaining).toBe(0);
    expect([(item as { name: string }).name, (item as { description: string }).description, it.length]).toEqual(["Sword", "desc", 419 + 6 + 5 + 8 * n]);
  });
});

describe("chat, emotes, movement orders", () => {
  test("CMSG_MESSAGECHAT: target only for WHISPER / CHANNEL", () => {
    const say = new ByteWriter();
    writeClientMessageChat(say, 1, 7, "hi");
    expect(bytesToHex(say.toBytes())).toBe("01000000070000006869" + "00");
    const wh = new ByteWriter();
    writeClientMessageChat(wh, 7, 7, "hi", "Bob");
    expect(bytesToHex(wh.toBytes())).toBe("0700000007000000" + "426f6200" + "686900");
  });
  test("SMSG_TEXT_EMOTE, SMSG_EMOTE, SMSG_SERVER_MESSAGE", () => {
    expect(readServerTextEmote(R(new ByteWriter().u64(5n).u32(34).u32(0).sizedCString("Bob")))).toEqual({ sender: 5n, textEmote: 34, emoteNumber: 0, targetName: "Bob" });
    expect(readServerEmote(R(new ByteWriter().u32(10).u64(5n)))).toEqual({ emoteId: 10, sender: 5n });
    expect(readServerMessage(R(new ByteWriter().u32(3).cstring("hi")))).toEqual({ type: 3, text: "hi" });
  });
  test("speed change order (run has the extra u8), ack and relay", () => {
    expect(readForceSpeedChange(R(new ByteWriter().packedGuid(8n).u32(3).u8(0).f32(14)), Opcode.SMSG_FORCE_RUN_SPEED_CHANGE)).toEqual({ guid: 8n, counter: 3, unknown: 0, speed: 14 });
    expect(readForceSpeedChange(R(new ByteWriter().packedGuid(8n).u32(3).f32(2)), Opcode.SMSG_FORCE_WALK_SPEED_CHANGE)).toEqual({ guid: 8n, counter: 3, speed: 2 });
    const mi = { flags: 0, flags2: 0, time: 1, x: 1, y: 2, z: 3, o: 0, fallTime: 0 };
    const ack = new ByteWriter();
    writeForceSpeedChangeAck(ack, 8n, 3, mi, 14);
    expect(ack.length).toBe(2 + 4 + 30 + 4);
    const relay = new ByteWriter().packedGuid(8n);
    writeMovementInfo(relay, mi);
    relay.f32(14);
    expect(readMoveSetSpeed(R(relay))).toEqual({ guid: 8n, info: mi, speed: 14 });
  });
});
