import { describe, expect, test } from "bun:test";
import { checkLinks, QUALITY_COLORS } from "./links.ts";

const ctx = { item: (e: number) => (e === 25 ? { name: "Worn Shortsword", quality: 1 } : undefined) };
const ok = (t: string) => expect(checkLinks(t, ctx).ok).toBe(true);
const bad = (t: string) => expect(checkLinks(t, ctx).ok).toBe(false);

describe("chat links", () => {
  test("plain text, escaped pipes and colour spans pass", () => {
    ok("hello there");
    ok("a || b");
    ok("|cffff0000red|r and more");
    expect(checkLinks("nothing", ctx)).toEqual({ ok: true, links: 0 });
  });

  test("well-formed item, spell and quest links pass", () => {
    ok(`buy |c${QUALITY_COLORS[1]}|Hitem:25:0:0:0:0:0:0:0:80|h[Worn Shortsword]|h|r now`);
    ok("|cff1eff00|Hitem:12345:0:0:0:0:0:0:0:80|h[Unknown Thing]|h|r");
    ok("|cff71d5ff|Hspell:133|h[Fireball]|h|r");
    ok("|cffffff00|Hquest:7:-1|h[Kobold Camp Cleanup]|h|r");
    expect(checkLinks("|cff71d5ff|Hspell:133|h[Fireball]|h|r |cff71d5ff|Hspell:116|h[Frostbolt]|h|r", ctx)).toEqual({ ok: true, links: 2 });
  });

  test("malformed links are refused", () => {
    bad("|Hitem:25|h[Worn Shortsword]|h"); // no colour
    bad("|cffffffff|Hitem:25:0|h[Worn Shortsword]|h"); // not closed with |r
    bad("|cffffffff|Hitem:abc|h[X]|h|r"); // non-numeric id
    bad("|cffffffff|Hitem:0|h[X]|h|r"); // id 0
    bad("|cffffffff|Hitem:25|h[Epic Sword]|h|r"); // known item, wrong name
    bad("|cffa335ee|Hitem:25|h[Worn Shortsword]|h|r"); // known item, wrong quality colour
    bad("|cffffffff|Hspell:133|h[Fireball]|h|r"); // spell in the wrong colour
    bad("|cff71d5ff|Hspell:133:4|h[Fireball]|h|r"); // extra field
    bad("|cffffff00|Hquest:7|h[Kobold]|h|r"); // missing level
    bad("|cffffff00|Hquest:7:1|h[]|h|r"); // empty name
    bad("|cffffff00|Hbogus:7|h[X]|h|r"); // unknown type
    bad("|cffffff00|Hquest:7:1|hKobold|h|r"); // no brackets
    bad("|cfff|Hspell:1|h[X]|h|r"); // short colour
    bad("|cffffffffunterminated"); // colour never closed
    bad("a |x b"); // unknown escape
    bad("stray |r"); // |r without |c
    bad("|cffffffff|cffffffff|r|r"); // nested
  });
});
