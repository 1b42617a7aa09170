import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import { blankItemTemplate } from "./item-template.ts";
import * as misc from "./misc.ts";
import * as obj from "./objects.ts";
import * as q from "./queries.ts";
import { toHex } from "./test-vectors.ts";

function rt<T>(def: MessageDef<T>, v: T): Uint8Array {
  const bytes = encodeBody(def, v).slice();
  const r = decode(def, bytes);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  expect(r.value).toEqual(v);
  return bytes;
}

const creature: q.CreatureTemplate = {
  name: "Innkeeper Farley",
  altNames: ["", "", ""],
  subname: "Innkeeper",
  iconName: "Interact",
  typeFlags: 0,
  type: 7,
  family: 0,
  rank: 0,
  killCredit: [0, 0],
  displayIds: [1234, 0, 0, 0],
  healthMultiplier: 1,
  powerMultiplier: 1,
  racialLeader: 0,
  questItems: [0, 0, 0, 0, 0, 0],
  movementId: 0,
};

describe("queries (§2.13, §2.13.1)", () => {
  test("unknown entry is u32 (entry | 0x80000000), e.g. creature 1234 -> d2040080", () => {
    expect(toHex(rt(q.SMSG_CREATURE_QUERY_RESPONSE, q.unknownEntry(1234)))).toBe("d2040080");
    expect(toHex(rt(q.SMSG_GAMEOBJECT_QUERY_RESPONSE, q.unknownEntry(1234)))).toBe("d2040080");
    expect(toHex(rt(q.SMSG_ITEM_QUERY_SINGLE_RESPONSE, q.unknownEntry(25)))).toBe("19000080");
  });

  test("creature reply is 84 + name + subname + icon (each +1)", () => {
    const b = rt(q.SMSG_CREATURE_QUERY_RESPONSE, { entry: 6740, template: creature });
    expect(b.length).toBe(84 + 17 + 10 + 9);
    rt(q.CMSG_CREATURE_QUERY, { entry: 6740, guid: 0xf130001a54000001n });
  });

  test("gameobject reply is 139 + four strings, with 24 data words", () => {
    const go: q.GameObjectTemplate = {
      type: 3, displayId: 10, name: "Chest", altNames: ["", "", ""], iconName: "", castBarCaption: "Opening", unknownText: "",
      data: Array.from({ length: 24 }, (_, i) => i), size: 1.5, questItems: [0, 0, 0, 0, 0, 0],
    };
    expect(rt(q.SMSG_GAMEOBJECT_QUERY_RESPONSE, { entry: 3000, template: go }).length).toBe(139 + 6 + 1 + 8 + 1);
    rt(q.CMSG_GAMEOBJECT_QUERY, { entry: 3000, guid: 1n });
  });

  test("item reply is 419 + name + description + 8 per stat", () => {
    const t = blankItemTemplate("Worn Shortsword");
    t.description = "Old";
    t.stats = [{ type: 7, value: 3 }, { type: 4, value: -1 }];
    t.spells[0] = { id: 100, trigger: 1, charges: 0, cooldown: -1, category: 0, categoryCooldown: -1 };
    t.damages[0] = { min: 1, max: 3, school: 0 };
    expect(rt(q.SMSG_ITEM_QUERY_SINGLE_RESPONSE, { entry: 25, template: t }).length).toBe(419 + 16 + 4 + 16);
    expect(rt(q.CMSG_ITEM_QUERY_SINGLE, { entry: 25 }).length).toBe(4);
  });

  test("name query: found and unknown forms", () => {
    const found = rt(q.SMSG_NAME_QUERY_RESPONSE, { guid: 0xdeadbeefn, found: true, name: "Asdf", realm: "", race: 1, gender: 0, class: 1, declinedNames: null });
    expect(toHex(found)).toBe("0fefbeadde" + "00" + "4173646600" + "00" + "010001" + "00");
    expect(toHex(rt(q.SMSG_NAME_QUERY_RESPONSE, q.nameQueryUnknown(7n)))).toBe("010701");
    rt(q.SMSG_NAME_QUERY_RESPONSE, { guid: 1n, found: true, name: "Иван", realm: "R", race: 2, gender: 1, class: 3, declinedNames: ["a", "b", "c", "d", "e"] });
    rt(q.CMSG_NAME_QUERY, { guid: 1n });
  });

  test("destroy object and logout", () => {
    expect(toHex(rt(obj.SMSG_DESTROY_OBJECT, { guid: 6n, isDeath: 1 }))).toBe("060000000000000001");
    expect(toHex(rt(obj.SMSG_LOGOUT_RESPONSE, { reason: obj.LogoutResult.FAILURE_IN_COMBAT, instant: 0 }))).toBe("0100000000");
    for (const d of [obj.CMSG_LOGOUT_REQUEST, obj.SMSG_LOGOUT_COMPLETE, obj.CMSG_LOGOUT_CANCEL, obj.SMSG_LOGOUT_CANCEL_ACK, obj.CMSG_PLAYER_LOGOUT]) {
      expect(encodeBody(d, {}).length).toBe(0);
    }
  });

  test("misc server forms", () => {
    expect(rt(misc.MSG_AUCTION_HELLO_Server, { auctioneer: 5n, houseId: 7, enabled: 1 }).length).toBe(13);
    expect(toHex(rt(misc.MSG_QUERY_NEXT_MAIL_TIME_Server, { float: -86400, senders: [] }))).toBe("00c0a8c7" + "00000000");
    rt(misc.MSG_QUERY_NEXT_MAIL_TIME_Server, { float: 0, senders: [{ senderGuid: 2n, senderId: 0, messageType: 0, stationery: 41, delay: 0 }] });
  });
});
