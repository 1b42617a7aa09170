import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import * as c from "./chat.ts";
import { toHex } from "./test-vectors.ts";

function rt<T>(def: MessageDef<T>, v: T): Uint8Array {
  const bytes = encodeBody(def, v).slice();
  const r = decode(def, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  return bytes;
}

const player = 0x42n;
const creature = 0xf130000100000005n;
const pet = 0xf140000100000007n;

describe("chat (§2.14)", () => {
  test("systemMessage('Hello') is the §4 example (payload = 31 + text length)", () => {
    const b = encodeBody(c.SMSG_MESSAGECHAT, c.systemMessage("Hello"));
    expect(toHex(b)).toBe("00" + "00000000" + "0000000000000000" + "00000000" + "0000000000000000" + "06000000" + "48656c6c6f00" + "00");
    expect(b.length).toBe(31 + 5);
    expect(c.systemMessages("a\nbc").map((m) => m.message)).toEqual(["a", "bc"]);
  });

  test("every type round-trips in both variants", () => {
    for (const type of Object.values(c.ChatMsg)) {
      for (const def of [c.SMSG_MESSAGECHAT, c.SMSG_GM_MESSAGECHAT]) {
        for (const target of [0n, player, creature, pet]) {
          const v = c.chatMessage({
            type,
            language: c.Language.COMMON,
            senderGuid: player,
            message: "hi",
            targetGuid: target,
            chatTag: c.ChatTag.GM,
          });
          const b = encodeBody(def, v).slice();
          const r = decode(def, b);
          if (!r.ok) throw r.error;
          expect(r.trailing).toBe(0);
          expect(encodeBody(def, r.value)).toEqual(b);
        }
      }
    }
  });

  test("monster branch: sender name, target guid, target name only for a non-player, non-pet target", () => {
    const base = { type: c.ChatMsg.MONSTER_SAY, senderGuid: creature, senderName: "Hogger", message: "Grr" };
    const toPlayer = rt(c.SMSG_MESSAGECHAT, c.chatMessage({ ...base, targetGuid: player }));
    const toCreature = rt(c.SMSG_MESSAGECHAT, c.chatMessage({ ...base, targetGuid: creature, targetName: "Wolf" }));
    const toPet = rt(c.SMSG_MESSAGECHAT, c.chatMessage({ ...base, targetGuid: pet }));
    expect(toCreature.length).toBe(toPlayer.length + 4 + 5);
    expect(toPet.length).toBe(toPlayer.length);
    const foreign = rt(c.SMSG_MESSAGECHAT, c.chatMessage({ ...base, type: c.ChatMsg.WHISPER_FOREIGN, targetGuid: creature }));
    expect(foreign.length).toBe(toPlayer.length);
  });

  test("BG, achievement and channel branches", () => {
    const bg = rt(c.SMSG_MESSAGECHAT, c.chatMessage({ type: c.ChatMsg.BG_SYSTEM_ALLIANCE, targetGuid: creature, targetName: "Flag", message: "x" }));
    expect(bg.length).toBe(17 + 8 + 9 + 6 + 1);
    const ach = rt(c.SMSG_MESSAGECHAT, c.chatMessage({ type: c.ChatMsg.ACHIEVEMENT, senderGuid: player, targetGuid: player, message: "%s", achievementId: 6 }));
    expect(ach.length).toBe(17 + 8 + 7 + 1 + 4);
    const ch = rt(c.SMSG_MESSAGECHAT, c.chatMessage({ type: c.ChatMsg.CHANNEL, senderGuid: player, targetGuid: player, channelName: "General", message: "x" }));
    expect(ch.length).toBe(17 + 8 + 8 + 6 + 1);
    const gmCh = rt(c.SMSG_GM_MESSAGECHAT, c.chatMessage({ type: c.ChatMsg.CHANNEL, senderGuid: player, senderName: "Gm", targetGuid: player, channelName: "General", message: "x" }));
    expect(gmCh.length).toBe(ch.length + 4 + 3);
    const gmSay = rt(c.SMSG_GM_MESSAGECHAT, c.chatMessage({ type: c.ChatMsg.SAY, senderGuid: player, senderName: "Gm", targetGuid: player, message: "x", chatTag: c.ChatTag.GM }));
    expect(gmSay.length).toBe(17 + 7 + 8 + 6 + 1);
  });

  test("IGNORED reply and restrictions", () => {
    rt(c.SMSG_MESSAGECHAT, c.chatMessage({ type: c.ChatMsg.IGNORED, senderGuid: player, targetGuid: player, message: "Bob" }));
    expect([...rt(c.SMSG_CHAT_RESTRICTED, { restriction: c.ChatRestriction.CHAT_THROTTLED })]).toEqual([1]);
    rt(c.CMSG_CHAT_IGNORED, { guid: player, unknown: 0 });
    expect(toHex(rt(c.SMSG_CHAT_PLAYER_NOT_FOUND, { name: "Bob" }))).toBe("426f6200");
    rt(c.SMSG_NOTIFICATION, { text: "You must wait" });
    rt(c.SMSG_SERVER_MESSAGE, { type: c.ServerMessageType.SHUTDOWN_TIME, text: "15:00" });
  });

  test("CMSG_MESSAGECHAT has a target only for WHISPER and CHANNEL", () => {
    expect(toHex(rt(c.CMSG_MESSAGECHAT, { type: c.ChatMsg.SAY, language: 7, target: "", message: ".go" }))).toBe("01000000" + "07000000" + "2e676f00");
    rt(c.CMSG_MESSAGECHAT, { type: c.ChatMsg.WHISPER, language: 7, target: "Bob", message: "hi" });
    rt(c.CMSG_MESSAGECHAT, { type: c.ChatMsg.CHANNEL, language: 7, target: "General", message: "hi" });
    rt(c.CMSG_MESSAGECHAT, { type: c.ChatMsg.AFK, language: 0, target: "", message: "" });
    const long = "x".repeat(5000);
    expect(decode(c.CMSG_MESSAGECHAT, encodeBody(c.CMSG_MESSAGECHAT, { type: 1, language: 7, target: "", message: long })).ok).toBe(false);
  });

  test("emotes", () => {
    expect(rt(c.CMSG_TEXT_EMOTE, { textEmote: 34, emoteNumber: 0xffffffff, target: 0n }).length).toBe(16);
    rt(c.SMSG_TEXT_EMOTE, { guid: player, textEmote: 34, emoteNumber: 0, targetName: "" });
    rt(c.CMSG_EMOTE, { emote: 10 });
    rt(c.SMSG_EMOTE, { emote: 10, guid: player });
  });
});
