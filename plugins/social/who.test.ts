import { describe, expect, test } from "bun:test";
import type { OnlinePlayer, proto } from "../../server/api/index.ts";
import { whoMatches, type WhoOptions } from "./who.ts";

const p = (f: Partial<OnlinePlayer>): OnlinePlayer => ({ guid: 1, name: "Arthas", accountId: 1, gatewayId: 1, sessionId: 1, race: 1, class: 2, gender: 0, level: 10, map: 0, zone: 12, instanceId: 0, worldHost: "w", gmLevel: 0, guildId: 0, status: 0, ...f });
const req = (f: Partial<proto.WhoRequest> = {}): proto.WhoRequest => ({ minLevel: 0, maxLevel: 100, playerName: "", guildName: "", raceMask: 0xffffffff, classMask: 0xffffffff, zones: [], strings: [], ...f });
const o: WhoOptions = { crossFaction: false, gmVisibleLevel: 0, guildName: (id) => (id === 5 ? "Knights of Light" : "") };
const human = { race: 1, gmLevel: 0 };

describe("who filters", () => {
  test("no filter matches a same-faction player; the other faction and hidden GMs are left out", () => {
    expect(whoMatches(req(), p({}), human, o)).toBe(true);
    expect(whoMatches(req(), p({ race: 2 }), human, o)).toBe(false);
    expect(whoMatches(req(), p({ race: 2 }), human, { ...o, crossFaction: true })).toBe(true);
    expect(whoMatches(req(), p({ race: 2 }), { race: 1, gmLevel: 2 }, o)).toBe(true);
    expect(whoMatches(req(), p({ gmLevel: 2 }), human, o)).toBe(false);
    expect(whoMatches(req(), p({ gmLevel: 2 }), human, { ...o, gmVisibleLevel: 2 })).toBe(true);
  });

  test("levels: inclusive, and a maximum of 100 or more means 255", () => {
    expect(whoMatches(req({ minLevel: 10, maxLevel: 10 }), p({}), human, o)).toBe(true);
    expect(whoMatches(req({ minLevel: 11, maxLevel: 20 }), p({}), human, o)).toBe(false);
    expect(whoMatches(req({ minLevel: 0, maxLevel: 100 }), p({ level: 150 }), human, o)).toBe(true);
    expect(whoMatches(req({ minLevel: 0, maxLevel: 99 }), p({ level: 150 }), human, o)).toBe(false);
  });

  test("masks: a bit per race and class; 0 matches nobody", () => {
    expect(whoMatches(req({ raceMask: 1 << 1 }), p({}), human, o)).toBe(true);
    expect(whoMatches(req({ raceMask: 1 << 3 }), p({}), human, o)).toBe(false);
    expect(whoMatches(req({ classMask: 1 << 2 }), p({}), human, o)).toBe(true);
    expect(whoMatches(req({ classMask: 0 }), p({}), human, o)).toBe(false);
  });

  test("names, guilds, zones and free strings", () => {
    expect(whoMatches(req({ playerName: "THA" }), p({}), human, o)).toBe(true);
    expect(whoMatches(req({ playerName: "jaina" }), p({}), human, o)).toBe(false);
    expect(whoMatches(req({ guildName: "light" }), p({ guildId: 5 }), human, o)).toBe(true);
    expect(whoMatches(req({ guildName: "light" }), p({}), human, o)).toBe(false);
    expect(whoMatches(req({ zones: [1, 12] }), p({}), human, o)).toBe(true);
    expect(whoMatches(req({ zones: [1] }), p({}), human, o)).toBe(false);
    expect(whoMatches(req({ strings: ["elwynn"] }), p({}), human, o)).toBe(true);
    expect(whoMatches(req({ strings: ["nope", "knights"] }), p({ guildId: 5 }), human, o)).toBe(true);
    expect(whoMatches(req({ strings: ["nope", "durotar"] }), p({}), human, o)).toBe(false);
  });
});
