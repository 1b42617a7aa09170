// Every `message` vector with protocol "world" in vectors.json: decode(payload) gives the
// vector's fields (translated to our names; wowm enum names mapped to their numbers) and
// encode(decoded) gives exactly the payload bytes. Also checks that no world vector is
// left without a definition here.
import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import { SMSG_UPDATE_OBJECT, UpdateType, type CreateBlock, type UpdateObjectBody } from "../update/update-blocks.ts";
import { ADDON_STANDARD_CRC } from "./addons.ts";
import { CMSG_AUTH_SESSION, SMSG_AUTH_CHALLENGE } from "./auth.ts";
import * as cs from "./char-screen.ts";
import { CMSG_TEXT_EMOTE } from "./chat.ts";
import type { AnyMessageDef } from "./common.ts";
import * as lb from "./login-burst.ts";
import * as misc from "./misc.ts";
import { CMSG_SET_ACTIVE_MOVER, MSG_MOVE_TELEPORT_ACK_Client } from "./movement.ts";
import * as obj from "./objects.ts";
import * as ses from "./session.ts";
import { SMSG_SPLINE_SET_RUN_SPEED } from "./speed.ts";
import { toHex, worldVectors, type WorldVector } from "./test-vectors.ts";
import { CMSG_WORLD_TELEPORT, SMSG_NEW_WORLD, SMSG_TRANSFER_PENDING } from "./transfer.ts";

type Fields = Record<string, any>;

/** wowm enum names used by the vectors -> their numbers (checked against the vector bytes). */
const WOWM: Record<string, number> = {
  EASTERN_KINGDOMS: 0,
  KALIMDOR: 1,
  BLACKWING_LAIR: 469,
  ORGRIMMAR: 1637,
  ELWYNN_FOREST: 12,
  SIT: 1,
  MELEE: 1,
  DANCE: 34,
  BOOMING_VOICE: 158,
  SUCCESS: 0,
  INSTANT: 1,
  RESPONSE_SUCCESS: 0,
  // 1.12 numbering (layout-only vectors, pitfall 5)
  CHAR_NAME_TOO_LONG: 0x47,
  CHAR_DELETE_SUCCESS: 0x39,
  CHAR_CREATE_ERROR: 0x2f,
  CHAR_LOGIN_FAILED: 0x41,
};
const e = (name: string): number => {
  const v = WOWM[name];
  if (v === undefined) throw new Error(`no mapping for wowm enum ${name}`);
  return v;
};
const f32 = Math.fround;
const big = (n: number | string) => BigInt(n);

interface Case {
  def: AnyMessageDef;
  /** our value's expected fields, from the vector's fields */
  expect?: (f: Fields) => Record<string, unknown>;
  /** extra checks on the decoded value */
  check?: (v: any, f: Fields) => void;
}

function updateCheck(expectFlags: number) {
  return (v: UpdateObjectBody, f: Fields) => {
    expect(v.blocks.length).toBe(1);
    const b = v.blocks[0] as CreateBlock;
    expect(b.type).toBe(UpdateType.CREATE_OBJECT2);
    expect(b.objectType).toBe(4);
    expect(b.movement.updateFlags).toBe(expectFlags);
    expect(b.movement.living).not.toBeNull();
    if ("guid3" in f) expect(b.guid).toBe(big(f.guid3));
    else expect(b.guid).toBe(big(f.guid));
  };
}

const CASES: Record<string, Case> = {
  wowm_SMSG_ATTACKSTOP_line20: { def: misc.SMSG_ATTACKSTOP, expect: (f) => ({ player: big(f.player), enemy: big(f.enemy), unknown: f.unknown1 }) },
  wowm_SMSG_ATTACKSTART_line8: { def: misc.SMSG_ATTACKSTART, expect: (f) => ({ attacker: big(f.attacker), victim: big(f.victim) }) },
  wowm_CMSG_ATTACKSWING_line10: { def: misc.CMSG_ATTACKSWING, expect: (f) => ({ guid: big(f.guid) }) },
  wowm_CMSG_GMTICKET_GETTICKET_line6: { def: misc.CMSG_GMTICKET_GETTICKET, expect: () => ({}) },
  wowm_SMSG_NEW_WORLD_line10: {
    def: SMSG_NEW_WORLD,
    expect: (f) => ({ map: e(f.map), x: f32(f.position.x), y: f32(f.position.y), z: f32(f.position.z), orientation: f32(f.orientation) }),
  },
  wowm_SMSG_SPLINE_SET_RUN_SPEED_line11: { def: SMSG_SPLINE_SET_RUN_SPEED, expect: (f) => ({ guid: big(f.guid), speed: f.speed }) },
  wowm_SMSG_TRANSFER_PENDING_line11: { def: SMSG_TRANSFER_PENDING, expect: (f) => ({ map: e(f.map), transport: null }) },
  wowm_CMSG_TELEPORT_TO_UNIT_line9: { def: misc.CMSG_TELEPORT_TO_UNIT, expect: (f) => ({ name: f.name }) },
  wowm_CMSG_WORLD_TELEPORT_line13: {
    def: CMSG_WORLD_TELEPORT,
    expect: (f) => ({ time: f.time, map: e(f.map), unknown: big(f.unknown), x: f.position.x, y: f.position.y, z: f.position.z, orientation: f.orientation }),
  },
  wowm_CMSG_WORLD_TELEPORT_line37: {
    def: CMSG_WORLD_TELEPORT,
    expect: (f) => ({ time: f.time, map: e(f.map), unknown: big(f.unknown), x: f.position.x, y: f.position.y, z: f.position.z, orientation: f32(f.orientation) }),
  },
  wowm_MSG_MOVE_TELEPORT_ACK_Client_line21: {
    def: MSG_MOVE_TELEPORT_ACK_Client,
    expect: (f) => ({ guid: big(f.guid), counter: f.movement_counter, time: f.time }),
  },
  wowm_CMSG_STANDSTATECHANGE_line8: { def: lb.CMSG_STANDSTATECHANGE, expect: (f) => ({ state: e(f.animation_state) }) },
  wowm_SMSG_LOGOUT_COMPLETE_line9: { def: obj.SMSG_LOGOUT_COMPLETE, expect: () => ({}) },
  wowm_CMSG_PLAYER_LOGOUT_line5: { def: obj.CMSG_PLAYER_LOGOUT, expect: () => ({}) },
  wowm_CMSG_LOGOUT_REQUEST_line8: { def: obj.CMSG_LOGOUT_REQUEST, expect: () => ({}) },
  wowm_SMSG_LOGOUT_RESPONSE_line23: { def: obj.SMSG_LOGOUT_RESPONSE, expect: (f) => ({ reason: e(f.result), instant: e(f.speed) }) },
  wowm_CMSG_REQUEST_ACCOUNT_DATA_line9: { def: ses.CMSG_REQUEST_ACCOUNT_DATA, expect: (f) => ({ slot: f.data_type }) },
  wowm_CMSG_LEARN_TALENT_line2040: { def: misc.CMSG_LEARN_TALENT, expect: (f) => ({ talent: e(f.talent), requestedRank: f.requested_rank }) },
  wowm_SMSG_UPDATE_OBJECT_line204: {
    def: SMSG_UPDATE_OBJECT as AnyMessageDef,
    check(v: UpdateObjectBody, f) {
      updateCheck(0x21)(v, f.objects[0]);
      const b = v.blocks[0] as CreateBlock;
      const m = f.objects[0].movement2;
      const mi = b.movement.living!.movement;
      expect([mi.x, mi.y, mi.z, mi.o]).toEqual([f32(m.position.x), f32(m.position.y), f32(m.position.z), m.orientation]);
      expect(mi.time).toBe(m.timestamp);
      expect(mi.fallTime).toBe(m.fall_time);
      expect([...b.movement.living!.speeds] as number[]).toEqual(
        [m.walking_speed, m.running_speed, m.backwards_running_speed, m.swimming_speed, m.backwards_swimming_speed, m.flight_speed, m.backwards_flight_speed, m.turn_rate, m.pitch_rate].map(f32),
      );
      const k = f.objects[0].mask2;
      expect(b.values.blockCount).toBe(3);
      expect([...b.values.fields]).toEqual([
        [0, k.OBJECT_GUID],
        [1, 0],
        [2, k.OBJECT_TYPE],
        [55, k.UNIT_FACTIONTEMPLATE],
        [67, k.UNIT_DISPLAYID],
        [68, k.UNIT_NATIVEDISPLAYID],
      ]);
    },
  },
  wowm_CMSG_SETSHEATHED_line19: { def: lb.CMSG_SETSHEATHED, expect: (f) => ({ sheathed: e(f.sheathed) }) },
  wowm_CMSG_SET_ACTIVE_MOVER_line8: { def: CMSG_SET_ACTIVE_MOVER, expect: (f) => ({ guid: big(f.guid) }) },
  wowm_CMSG_SET_SELECTION_line9: { def: lb.CMSG_SET_SELECTION, expect: (f) => ({ guid: big(f.target) }) },
  wowm_CMSG_ZONEUPDATE_line9: { def: lb.CMSG_ZONEUPDATE, expect: (f) => ({ area: e(f.area) }) },
  wowm_CMSG_ZONEUPDATE_line19: { def: lb.CMSG_ZONEUPDATE, expect: (f) => ({ area: e(f.area) }) },
  wowm_SMSG_MOTD_line8: {
    def: lb.SMSG_MOTD,
    expect: (f) => ({ lines: f.motds }),
    check: (v, f) => expect(v.lines.length).toBe(f.amount_of_motds),
  },
  wowm_CMSG_TEXT_EMOTE_line12: { def: CMSG_TEXT_EMOTE, expect: (f) => ({ textEmote: e(f.text_emote), emoteNumber: f.emote, target: big(f.target) }) },
  wowm_CMSG_BATTLEFIELD_STATUS_line6: { def: misc.CMSG_BATTLEFIELD_STATUS, expect: () => ({}) },
  wowm_CMSG_CHAR_ENUM_line6: { def: cs.CMSG_CHAR_ENUM, expect: () => ({}) },
  wowm_SMSG_CHAR_RENAME_line12: { def: cs.SMSG_CHAR_RENAME, expect: (f) => ({ result: e(f.result) }) },
  wowm_SMSG_CHAR_RENAME_line22: { def: cs.SMSG_CHAR_RENAME, expect: (f) => ({ result: e(f.result), guid: big(f.character), newName: f.new_name }) },
  wowm_CMSG_CHAR_DELETE_line9: { def: cs.CMSG_CHAR_DELETE, expect: (f) => ({ guid: big(f.guid) }) },
  wowm_CMSG_CHAR_RENAME_line9: { def: cs.CMSG_CHAR_RENAME, expect: (f) => ({ guid: big(f.character), newName: f.new_name }) },
  wowm_SMSG_TUTORIAL_FLAGS_line10: { def: ses.SMSG_TUTORIAL_FLAGS, expect: (f) => ({ flags: f.tutorial_data }) },
  wowm_CMSG_PLAYER_LOGIN_line10: { def: cs.CMSG_PLAYER_LOGIN, expect: (f) => ({ guid: big(f.guid) }) },
  wowm_SMSG_LOGIN_VERIFY_WORLD_line12: {
    def: lb.SMSG_LOGIN_VERIFY_WORLD,
    expect: (f) => ({ map: e(f.map), x: f32(f.position.x), y: f32(f.position.y), z: f32(f.position.z), orientation: f.orientation }),
  },
  wowm_SMSG_CHAR_DELETE_line9: { def: cs.SMSG_CHAR_DELETE, expect: (f) => ({ result: e(f.result) }) },
  wowm_SMSG_CHAR_CREATE_line9: { def: cs.SMSG_CHAR_CREATE, expect: (f) => ({ result: e(f.result) }) },
  wowm_SMSG_CHARACTER_LOGIN_FAILED_line9: { def: cs.SMSG_CHARACTER_LOGIN_FAILED, expect: (f) => ({ reason: e(f.result) }) },
  wowm_CMSG_AUTOEQUIP_ITEM_line8: { def: misc.CMSG_AUTOEQUIP_ITEM, expect: (f) => ({ sourceBag: f.source_bag, sourceSlot: f.source_slot }) },
  wowm_MSG_AUCTION_HELLO_Client_line7: { def: misc.MSG_AUCTION_HELLO_Client, expect: (f) => ({ auctioneer: big(f.auctioneer) }) },
  wowm_CMSG_INITIATE_TRADE_line7: { def: misc.CMSG_INITIATE_TRADE, expect: (f) => ({ guid: big(f.guid) }) },
  wowm_CMSG_CANCEL_TRADE_line6: { def: misc.CMSG_CANCEL_TRADE, expect: () => ({}) },
  wowm_SMSG_PONG_line8: { def: ses.SMSG_PONG, expect: (f) => ({ sequence: f.sequence_id }) },
  wowm_CMSG_PING_line14: { def: ses.CMSG_PING, expect: (f) => ({ sequence: f.sequence_id, latency: f.round_time_in_ms }) },
  wowm_CMSG_REQUEST_RAID_INFO_line6: { def: misc.CMSG_REQUEST_RAID_INFO, expect: () => ({}) },
  wowm_CMSG_QUERY_TIME_line7: { def: lb.CMSG_QUERY_TIME, expect: () => ({}) },
  wowm_CMSG_PET_NAME_QUERY_line8: {
    def: misc.CMSG_PET_NAME_QUERY,
    // the guid (0x00FACADEDEADBEEF) is above 2^53, so the JSON number is rounded: compare approximately
    expect: (f) => ({ petNumber: f.pet_number }),
    check: (v, f) => {
      expect(v.guid).toBe(0x00facadedeadbeefn);
      expect(Number(v.guid)).toBe(f.guid);
    },
  },
  wowm_MSG_QUERY_NEXT_MAIL_TIME_Client_line6: { def: misc.MSG_QUERY_NEXT_MAIL_TIME_Client, expect: () => ({}) },
  spinacicore_ServerAuthChallengeTest: { def: SMSG_AUTH_CHALLENGE, expect: (f) => ({ unknown: f.one_u32, serverSeed: f.server_seed_u32 }) },
  spinacicore_ClientAuthSessionTest: {
    def: CMSG_AUTH_SESSION,
    expect: (f) => ({
      build: f.build,
      loginServerId: f.login_server_id,
      account: f.account,
      loginServerType: f.login_server_type,
      clientSeed: f.client_seed_u32,
      regionId: f.region_id,
      battlegroupId: f.battlegroup_id,
      realmId: f.realm_id,
      dosResponse: big(f.dos_response_u64),
      addonTimestamp: f.addon_block.trailing_u32_timestamp,
    }),
    check(v, f) {
      expect(toHex(v.digest)).toBe(f.digest);
      expect(v.addons.length).toBe(f.addon_block.addon_count);
      for (const a of v.addons) expect([a.enabled, a.crc, a.urlCrc]).toEqual([1, ADDON_STANDARD_CRC, 0]);
      expect(new DataView(v.addonBlock.buffer, v.addonBlock.byteOffset).getUint32(0, true)).toBe(f.addon_block.uncompressed_size);
    },
  },
  spinacicore_ServerUpdateObjectTest: {
    def: SMSG_UPDATE_OBJECT as AnyMessageDef,
    check(v: UpdateObjectBody, f) {
      expect(v.blocks.length).toBe(f.block_count);
      updateCheck(0x61)(v, f);
      const b = v.blocks[0] as CreateBlock;
      const mi = b.movement.living!.movement;
      expect([mi.flags, mi.flags2, mi.time, mi.fallTime]).toEqual([f.move_flags, f.move_flags2, f.time, f.fall_time]);
      expect([mi.x, mi.y, mi.z, mi.o]).toEqual(f.position.map(f32));
      // the vector's description lists pitch rate 3.14159, but its bytes (c3f54840) hold 3.14
      const speeds = b.movement.living!.speeds.map((s: number) => Number(s.toFixed(5)));
      expect(speeds.slice(0, 8)).toEqual(f.speeds.slice(0, 8));
      expect(speeds[8]).toBeCloseTo(f.speeds[8], 2);
      expect(b.values.blockCount).toBe(f.update_mask_blocks);
    },
  },
  spinacicore_ServerCharacterEnumTest: {
    def: cs.SMSG_CHAR_ENUM,
    check(v: cs.CharEnum, f) {
      expect(v.characters.length).toBe(f.count);
      f.characters.forEach((c: Fields, i: number) => {
        const got = v.characters[i]!;
        expect(got).toMatchObject({
          guid: big(c.guid),
          name: c.name,
          race: c.race,
          class: c.class,
          gender: c.gender,
          skin: c.skin,
          face: c.face,
          hairStyle: c.hair_style,
          hairColor: c.hair_color,
          facialHair: c.facial_hair,
          level: c.level,
          zone: c.zone,
          map: c.map,
          x: f32(c.x),
          y: f32(c.y),
          z: f32(c.z),
        });
        expect(got.equipment.length).toBe(23);
      });
      expect(v.characters[0]!.flags).toBe(0x02000000);
      expect(v.characters[0]!.equipment.every((s) => s.displayId === 0 && s.inventoryType === 0 && s.enchantAuraId === 0)).toBe(true);
    },
  },
};

describe("world message vectors (vectors.json)", () => {
  const vectors = worldVectors();

  test("there are 52 world message vectors and every one has a case here", () => {
    expect(vectors.length).toBe(52);
    expect(new Set(Object.keys(CASES))).toEqual(new Set(vectors.map((v) => v.name)));
  });

  for (const v of vectors) {
    test(`${v.name} (${v.message}, ${v.validity})`, () => {
      const c = CASES[v.name];
      if (!c) throw new Error(`no case for ${v.name}`);
      roundTrip(c, v);
    });
  }
});

function roundTrip(c: Case, v: WorldVector): void {
  const def = c.def as MessageDef<any>;
  expect(def.name).toBe(v.message);
  expect(def.opcode).toBe(v.opcode);
  expect(def.direction === "both" || def.direction === (v.direction === "client_to_server" ? "c2s" : "s2c")).toBe(true);
  const r = decode(def, v.payload);
  if (!r.ok) throw r.error;
  expect(r.trailing).toBe(0);
  if (c.expect) expect(r.value).toMatchObject(c.expect(v.fields));
  c.check?.(r.value, v.fields);
  expect(toHex(encodeBody(def, r.value))).toBe(toHex(v.payload));
}
