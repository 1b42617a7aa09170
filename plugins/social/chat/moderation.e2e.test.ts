// Flood control, account mutes (`.mute`) and ignore filtering over real sockets, on a
// ManualClock so the mute windows pass without sleeping.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeTextEmote } from "../../../bench/client/messages/chat.ts";
import { ChatType, Opcode, socialWorld, type Pc, type SocialWorld } from "../testing/social-world.ts";

let w: SocialWorld;
let al: Pc;
let bo: Pc;
let cy: Pc;
let gm: Pc;
beforeAll(async () => {
  w = await socialWorld({}, { manualClock: true });
  al = await w.player("Alvin");
  bo = await w.player("Bodo");
  cy = await w.player("Cyra");
  gm = await w.player("Warden", { gmLevel: 2 });
});
afterAll(() => w.stop());

describe("flood control", () => {
  test("10 lines within a second pass; the 11th mutes for 10 s and is not delivered", async () => {
    w.advance(5000);
    const [sa, sb] = [al.mark(), bo.mark()];
    for (let i = 1; i <= 11; i++) al.c.say(`line ${i}`);
    await al.waitNotification(/^You must wait 10 seconds before speaking again\.$/, sa);
    await bo.waitChat((m) => m.message === "line 10", sb);
    al.c.say("still muted");
    await al.waitNotification(/before speaking again/, al.mark());
    cy.c.say("barrier");
    await bo.waitChat((m) => m.message === "barrier", sb);
    expect(bo.heard("line 11", sb)).toEqual([]);
    expect(bo.heard("still muted", sb)).toEqual([]);
    w.advance(10_001);
    al.c.say("free again");
    await bo.waitChat((m) => m.message === "free again", sb);
  });

  test("GM accounts are exempt", async () => {
    w.advance(20_000);
    const sb = bo.mark();
    for (let i = 1; i <= 15; i++) gm.c.say(`gm line ${i}`);
    await bo.waitChat((m) => m.message === "gm line 15", sb);
    expect(gm.notifications(0).filter((n) => /speaking/.test(n))).toEqual([]);
  });
});

describe("account mutes", () => {
  test(".mute stops chat and text emotes with the wait; AFK still toggles; the mute ends on time", async () => {
    w.advance(20_000);
    await gm.command(".mute Cyra 2 spamming", /muted for 2 minute/);
    const [sc, sb] = [cy.mark(), bo.mark()];
    cy.c.say("can you hear me");
    await cy.waitNotification(/^You must wait 2 minutes before speaking again\.$/, sc);
    cy.c.whisper("Bodo", "psst");
    cy.send(Opcode.CMSG_TEXT_EMOTE, (x) => writeTextEmote(x, 101, 0, 0n));
    cy.chat(ChatType.AFK, "");
    await cy.waitChat((m) => m.message === "You are now AFK: Away from Keyboard", sc);
    expect(cy.notifications(sc).length).toBe(3);
    w.advance(121_000);
    cy.chat(ChatType.AFK, "");
    cy.c.say("I am back");
    await bo.waitChat((m) => m.message === "I am back", sb);
    expect(bo.heard("can you hear me", sb)).toEqual([]);
    expect(bo.heard("psst", sb)).toEqual([]);
    expect(bo.all(Opcode.SMSG_TEXT_EMOTE, (r) => r.u64(), sb)).toEqual([]);
  });
});

describe("ignore", () => {
  test("an ignored sender's whisper is not delivered and the sender gets IGNORED; says are filtered", async () => {
    w.advance(20_000);
    const sb = bo.mark();
    bo.send(Opcode.CMSG_ADD_IGNORE, (x) => x.cstring("alvin"));
    await bo.waitFriend((f) => f.result === 0x0f && f.guid === al.guid, sb);
    const sa = al.mark();
    al.c.whisper("Bodo", "you cannot hear this");
    const ig = await al.waitChat((m) => m.type === ChatType.IGNORED, sa);
    expect([ig.senderGuid, ig.message]).toEqual([bo.guid, "Bodo"]);
    expect(al.chats(sa).filter((m) => m.type === ChatType.WHISPER_INFORM)).toEqual([]);
    al.c.say("nor this");
    await cy.waitChat((m) => m.message === "nor this", 0);
    cy.c.say("but this");
    await bo.waitChat((m) => m.message === "but this", sb);
    expect(bo.heard("you cannot hear this", sb)).toEqual([]);
    expect(bo.heard("nor this", sb)).toEqual([]);
    bo.send(Opcode.CMSG_DEL_IGNORE, (x) => x.u64(al.guid));
    await bo.waitFriend((f) => f.result === 0x10, sb);
    al.c.say("heard again");
    await bo.waitChat((m) => m.message === "heard again", sb);
  });
});
