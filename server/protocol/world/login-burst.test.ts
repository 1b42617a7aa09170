import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import * as lb from "./login-burst.ts";
import { toHex } from "./test-vectors.ts";

function rt<T>(def: MessageDef<T>, v: T): Uint8Array {
  const bytes = encodeBody(def, v).slice();
  const r = decode(def, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  return bytes;
}

describe("login burst (§2.9)", () => {
  test("packGameTime packs (year-2000)<<24 | month0<<20 | day0<<14 | weekday<<11 | hour<<6 | minute", () => {
    // Saturday 2010-01-02 13:45 UTC
    const d = new Date(Date.UTC(2010, 0, 2, 13, 45));
    const p = lb.packGameTime(d, true);
    expect(p).toBe(((10 << 24) | (0 << 20) | (1 << 14) | (6 << 11) | (13 << 6) | 45) >>> 0);
    expect(lb.unpackGameTime(p)).toEqual({ year: 2010, month0: 0, day0: 1, weekday: 6, hour: 13, minute: 45 });
    const b = rt(lb.SMSG_LOGIN_SETTIMESPEED, { gameTime: p, speed: Math.fround(lb.GAME_TIME_SPEED), unknown: 0 });
    // 0.01666667 (the cores' constant, protocol.md §2.9) is one ulp-pair above 1/60 (wowm's 8988883c)
    expect(toHex(b.subarray(4, 8))).toBe("8a88883c");
    expect(toHex(encodeBody(lb.SMSG_LOGIN_SETTIMESPEED, { gameTime: 0, speed: 1 / 60, unknown: 0 }).subarray(4, 8))).toBe("8988883c");
  });

  test("talents: the minimal empty form", () => {
    const b = rt(lb.SMSG_TALENTS_INFO, lb.emptyTalentsInfo(0));
    // is_pet 0, points 0, 1 spec, active 0, 0 talents, 6 glyph slots of 0
    expect(toHex(b)).toBe("00" + "00000000" + "01" + "00" + "00" + "06" + "000000000000000000000000");
    rt(lb.SMSG_TALENTS_INFO, { isPet: 1, unspentPoints: 2, activeSpec: 0, specs: [], petTalents: [{ id: 5, rank: 1 }] });
    rt(lb.SMSG_TALENTS_INFO, {
      isPet: 0, unspentPoints: 3, activeSpec: 1,
      specs: [{ talents: [{ id: 1, rank: 2 }], glyphs: [1, 2, 3, 4, 5, 6] }, { talents: [], glyphs: [0, 0, 0, 0, 0, 0] }],
      petTalents: [],
    });
  });

  test("action buttons: 144 packed u32, or the lone clear byte", () => {
    const buttons = new Array(144).fill(0);
    buttons[0] = lb.packActionButton(6603, lb.ActionButtonType.SPELL);
    buttons[1] = lb.packActionButton(5, lb.ActionButtonType.MACRO);
    expect(buttons[1]).toBe(0x40000005);
    expect(rt(lb.SMSG_ACTION_BUTTONS, { state: 0, buttons }).length).toBe(1 + 576);
    expect([...rt(lb.SMSG_ACTION_BUTTONS, { state: 2, buttons: [] })]).toEqual([2]);
  });

  test("initial spells with cooldowns (u32 spell id), factions, world states, unlearn", () => {
    const b = rt(lb.SMSG_INITIAL_SPELLS, {
      unknown: 0,
      spells: [{ spellId: 6603, unknown: 0 }, { spellId: 78, unknown: 0 }],
      cooldowns: [{ spellId: 100000, itemId: 0, category: 0, cooldownMs: 1000, categoryCooldownMs: 0 }],
    });
    expect(b.length).toBe(1 + 2 + 12 + 2 + 16);
    const factions = Array.from({ length: lb.INITIAL_FACTION_COUNT }, (_, i) => ({ flags: i & 1, standing: i === 3 ? -42000 : 0 }));
    expect(rt(lb.SMSG_INITIALIZE_FACTIONS, { factions }).length).toBe(4 + 128 * 5);
    rt(lb.SMSG_INIT_WORLD_STATES, { map: 0, zone: 12, area: 12, states: [{ state: 3191, value: 1 }] });
    rt(lb.SMSG_SEND_UNLEARN_SPELLS, { spells: [] });
  });

  test("the rest of the table", () => {
    expect(toHex(rt(lb.SMSG_FEATURE_SYSTEM_STATUS, { complaintStatus: 2, voiceChatEnabled: 0 }))).toBe("0200");
    expect(rt(lb.SMSG_LEARNED_DANCE_MOVES, { moves: 0, unknown: 0 }).length).toBe(8);
    expect(rt(lb.SMSG_BINDPOINTUPDATE, { x: 1, y: 2, z: 3, map: 0, area: 12 }).length).toBe(20);
    rt(lb.SMSG_INSTANCE_DIFFICULTY, { difficulty: 0, dynamic: 0 });
    rt(lb.SMSG_MOTD, { lines: ["Welcome"] });
    rt(lb.SMSG_TIME_SYNC_REQ, { counter: 0 });
    rt(lb.CMSG_TIME_SYNC_RESP, { counter: 0, clientTicks: 12345 });
    rt(lb.SMSG_QUERY_TIME_RESPONSE, { unixTime: 1700000000, secondsUntilDailyReset: 3600 });
    rt(lb.CMSG_PLAYED_TIME, { showInChat: 1 });
    expect(rt(lb.SMSG_PLAYED_TIME, { totalSeconds: 100, levelSeconds: 10, showInChat: 1 }).length).toBe(9);
    expect([...rt(lb.SMSG_STANDSTATE_UPDATE, { state: lb.StandState.SIT })]).toEqual([1]);
  });

  test("positions must be finite", () => {
    const b = encodeBody(lb.SMSG_LOGIN_VERIFY_WORLD, { map: 0, x: Number.NaN, y: 0, z: 0, orientation: 0 });
    expect(decode(lb.SMSG_LOGIN_VERIFY_WORLD, b).ok).toBe(false);
  });
});
