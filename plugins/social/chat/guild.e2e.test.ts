// The guild hooks with a stand-in guild plugin (testing/fixtures/guild-stub): GUILD lines
// are handed to it after the social checks, /who shows and filters guild names; without
// a guild the speaker is told so. Addon messages (language 0xFFFFFFFF) too.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { Language } from "../../../bench/client/messages/chat.ts";
import { readWho, writeWho } from "../../../bench/client/messages/social.ts";
import { ChatType, Opcode, Pc, socialWorld, type SocialWorld } from "../testing/social-world.ts";

let w: SocialWorld;
let al: Pc;
let bo: Pc;
let cy: Pc;
beforeAll(async () => {
  const repo = join(import.meta.dir, "..", "..", "..");
  w = await socialWorld({}, { pluginDirs: [join(repo, "plugins"), join(repo, "plugins", "social", "testing", "fixtures")] });
  for (const [acc, name] of [["GUILDA", "Alvin"], ["GUILDB", "Bodo"]]) {
    const row = await w.character(acc!, name!, {});
    await w.b.realm.store.characters.update(row.guid, { guildId: 7 });
  }
  al = new Pc(await w.enter("GUILDA"), "Alvin", "GUILDA");
  bo = new Pc(await w.enter("GUILDB"), "Bodo", "GUILDB");
  cy = await w.player("Cyra");
});
afterAll(() => w.stop());

test("guild lines go through the guild hook; no guild, no delivery", async () => {
  const [sb, sc] = [bo.mark(), cy.mark()];
  al.chat(ChatType.GUILD, "guild business");
  expect((await bo.waitChat((m) => m.message === "guild business", sb)).type).toBe(ChatType.GUILD);
  cy.chat(ChatType.GUILD, "am I in?");
  await cy.waitChat((m) => m.type === ChatType.SYSTEM && m.message === "You are not in a guild.", sc);
  expect(cy.heard("guild business", sc)).toEqual([]);
  expect(bo.heard("am I in?", sb)).toEqual([]);
});

test("/who shows the guild name and filters by it", async () => {
  const s = cy.mark();
  cy.send(Opcode.CMSG_WHO, (x) => writeWho(x, { guild: "stub" }));
  const r = await cy.wait(Opcode.SMSG_WHO, readWho, () => true, s);
  expect(r.entries.map((e) => [e.name, e.guild]).sort()).toEqual([["Alvin", "Stub Guild"], ["Bodo", "Stub Guild"]]);
});

test("addon messages: whispered and sent to the party with language 0xFFFFFFFF; never said aloud", async () => {
  const [sb] = [bo.mark()];
  al.chat(ChatType.WHISPER, "DBM\tsync", "Bodo", Language.ADDON);
  const m = await bo.waitChat((x) => x.message === "DBM\tsync", sb);
  expect([m.type, m.language]).toEqual([ChatType.WHISPER, Language.ADDON]);
  al.chat(ChatType.SAY, "addon say", undefined, Language.ADDON);
  al.c.say("barrier");
  await bo.waitChat((x) => x.message === "barrier", sb);
  expect(bo.heard("addon say", sb)).toEqual([]);
});
