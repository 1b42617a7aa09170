// Chat over real sockets: say/yell ranges, emotes, whispers (across two map instances),
// AFK/DND, languages, links, length, the GM tag.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ChatTag, Language, readServerEmote, readServerMessageChat, readServerTextEmote, writeTextEmote } from "../../../bench/client/messages/chat.ts";
import { ChatType, DARNASSUS, GOLDSHIRE, ORC, Opcode, socialWorld, type Pc, type SocialWorld } from "../testing/social-world.ts";

let w: SocialWorld;
let al: Pc; // Goldshire
let bo: Pc; // Goldshire, next to al
let far: Pc; // 100 yd away: hears yells, not says
let kal: Pc; // map 1 (another map instance)
let orc: Pc; // Horde, next to al
beforeAll(async () => {
  w = await socialWorld({ plugins: { settings: { social: { flood: { messageCount: 1000 } } } } }); // flood control has its own tests
  al = await w.player("Alvin");
  bo = await w.player("Bodo");
  far = await w.player("Farley", { ...GOLDSHIRE, x: GOLDSHIRE.x + 100 });
  kal = await w.player("Kalina", DARNASSUS);
  orc = await w.player("Grom", { race: ORC });
});
afterAll(() => w.stop());

describe("say, yell, emote", () => {
  test("say reaches 25 yd (the speaker too), yell 300 yd; nobody on another map", async () => {
    const s = [bo.mark(), far.mark(), kal.mark(), al.mark()];
    al.c.say("quiet words");
    await al.waitChat((m) => m.message === "quiet words", s[3]);
    const heard = await bo.waitChat((m) => m.message === "quiet words", s[0]);
    expect([heard.type, heard.senderGuid, heard.language]).toEqual([ChatType.SAY, al.guid, Language.COMMON]);
    al.c.yell("LOUD WORDS");
    await far.waitChat((m) => m.message === "LOUD WORDS", s[1]);
    // the yell came after the say: far heard the yell, so the say would have arrived before it
    expect(far.heard("quiet words", s[1])).toEqual([]);
    await bo.waitChat((m) => m.message === "LOUD WORDS" && m.type === ChatType.YELL, s[0]);
    kal.c.say("marker");
    await kal.waitChat((m) => m.message === "marker", s[2]);
    expect(kal.heard("LOUD WORDS", s[2])).toEqual([]);
  });

  test("/e emotes and text emotes with their animation", async () => {
    const s = bo.mark();
    al.chat(ChatType.EMOTE, "juggles apples");
    expect((await bo.waitChat((m) => m.message === "juggles apples", s)).type).toBe(ChatType.EMOTE);
    al.send(Opcode.CMSG_TEXT_EMOTE, (x) => writeTextEmote(x, 101, 0, bo.guid)); // wave at Bodo
    const t = await bo.wait(Opcode.SMSG_TEXT_EMOTE, readServerTextEmote, (x) => x.sender === al.guid, s);
    expect([t.textEmote, t.targetName]).toEqual([101, "Bodo"]);
    const e = await bo.wait(Opcode.SMSG_EMOTE, readServerEmote, (x) => x.sender === al.guid, s);
    expect(e.emoteId).toBe(3);
  });
});

describe("whispers", () => {
  test("between two map instances: WHISPER to the receiver, WHISPER_INFORM to the sender", async () => {
    const [sa, sk] = [al.mark(), kal.mark()];
    al.c.whisper("kalina", "psst across the sea");
    const got = await kal.waitChat((m) => m.message === "psst across the sea", sk);
    expect([got.type, got.senderGuid]).toEqual([ChatType.WHISPER, al.guid]);
    const inform = await al.waitChat((m) => m.type === ChatType.WHISPER_INFORM, sa);
    expect([inform.senderGuid, inform.message]).toEqual([kal.guid, "psst across the sea"]);
  });

  test("unknown names get SMSG_CHAT_PLAYER_NOT_FOUND; the other faction SMSG_CHAT_WRONG_FACTION", async () => {
    const s = al.mark();
    al.c.whisper("Nobodyhere", "hello?");
    expect(await al.wait(Opcode.SMSG_CHAT_PLAYER_NOT_FOUND, (r) => r.cstring(), () => true, s)).toBe("Nobodyhere");
    const so = orc.mark();
    al.c.whisper("Grom", "lok'tar");
    await al.wait(Opcode.SMSG_CHAT_WRONG_FACTION, () => 1, () => true, s);
    orc.c.say("marker");
    await orc.waitChat((m) => m.message === "marker", so);
    expect(orc.heard("lok'tar", so)).toEqual([]);
  });

  test("AFK and DND: tag on chat, auto-reply to whispers, toggles with notices", async () => {
    const [sb, sa] = [bo.mark(), al.mark()];
    bo.chat(ChatType.AFK, "getting tea");
    await bo.waitChat((m) => m.type === ChatType.SYSTEM && m.message === "You are now AFK: getting tea", sb);
    al.c.whisper("Bodo", "you there?");
    const reply = await al.waitChat((m) => m.type === ChatType.AFK, sa);
    expect([reply.senderGuid, reply.message]).toEqual([bo.guid, "getting tea"]);
    await bo.waitChat((m) => m.message === "you there?", sb); // still delivered
    bo.c.say("back soon");
    expect((await al.waitChat((m) => m.message === "back soon", sa)).chatTag).toBe(ChatTag.AFK);
    bo.chat(ChatType.DND, "");
    await bo.waitChat((m) => m.type === ChatType.SYSTEM && m.message === "You are now DND: Do not Disturb", sb);
    al.c.whisper("Bodo", "again?");
    expect((await al.waitChat((m) => m.type === ChatType.DND, sa)).message).toBe("Do not Disturb");
    bo.chat(ChatType.DND, "");
    await bo.waitChat((m) => m.message === "You are no longer DND.", sb);
    const s2 = al.mark();
    bo.c.say("all here");
    expect((await al.waitChat((m) => m.message === "all here", s2)).chatTag).toBe(0);
  });
});

describe("refusals", () => {
  test("a line over 255 bytes is refused with a notification and delivered nowhere", async () => {
    const [sa, sb] = [al.mark(), bo.mark()];
    al.c.say("x".repeat(256));
    await al.waitNotification(/too long/, sa);
    al.c.say("y".repeat(255));
    await bo.waitChat((m) => m.message === "y".repeat(255), sb);
    expect(bo.chats(sb).some((m) => m.message.length === 256)).toBe(false);
  });

  test("languages: Common and Universal from a human, Orcish refused; Orcish from an orc", async () => {
    const sb = bo.mark();
    al.chat(ChatType.SAY, "in universal", undefined, Language.UNIVERSAL);
    await bo.waitChat((m) => m.message === "in universal" && m.language === 0, sb);
    const sa = al.mark();
    al.chat(ChatType.SAY, "in orcish", undefined, Language.ORCISH);
    await al.waitNotification(/don't know that language/, sa);
    const so = bo.mark();
    orc.c.say("zug zug");
    const heard = await bo.waitChat((m) => m.message === "zug zug", so);
    expect(heard.language).toBe(Language.ORCISH); // cross-faction: delivered in Orcish, the client garbles it
    expect(bo.heard("in orcish", sb)).toEqual([]);
  });

  test("item, spell and quest links: well-formed ones pass, a malformed one is dropped with an error", async () => {
    const sb = bo.mark();
    const good = "look |cff71d5ff|Hspell:133|h[Fireball]|h|r and |cffffff00|Hquest:7:5|h[Kobold Camp Cleanup]|h|r and |cff1eff00|Hitem:99999:0:0:0:0:0:0:0:80|h[Shiny]|h|r";
    al.c.say(good);
    await bo.waitChat((m) => m.message === good, sb);
    const sa = al.mark();
    al.c.say("buy |cffffffff|Hitem:abc|h[Sword]|h|r cheap");
    al.c.say("|Hspell:133|h[Fireball]|h without a colour");
    al.c.say("after the links");
    await bo.waitChat((m) => m.message === "after the links", sb);
    await al.waitChat((m) => m.message === "after the links", sa);
    expect(al.notifications(sa).filter((n) => /invalid link/.test(n)).length).toBe(2);
    expect(bo.chats(sb).filter((m) => m.message.includes("cheap") || m.message.includes("without a colour"))).toEqual([]);
  });
});

describe("GM tag", () => {
  test("a GM speaks through SMSG_GM_MESSAGECHAT with its name and the GM tag", async () => {
    const gm = await w.player("Gamemaster", { gmLevel: 2 });
    const sb = bo.mark();
    gm.c.say("behave");
    const m = await bo.wait(Opcode.SMSG_GM_MESSAGECHAT, (r) => readServerMessageChat(r, true), (x) => x.message === "behave", sb);
    expect([m.type, m.senderName, m.chatTag & ChatTag.GM]).toEqual([ChatType.SAY, "Gamemaster", ChatTag.GM]);
    gm.chat(ChatType.SAY, "in orcish as a GM", undefined, Language.ORCISH);
    await bo.waitChat((x) => x.message === "in orcish as a GM", sb);
  });
});
