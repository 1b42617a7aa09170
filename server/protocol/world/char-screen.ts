// Character screen messages (protocol.md §2.8, §2.9 first part): enum, create, delete,
// rename, customize, login and login failure.
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";
import { CHAR_ENUM_EQUIPMENT_SLOTS } from "./char-constants.ts";
import { emptyMessage, guidMessage, Limits, u8Message } from "./common.ts";
import { ResponseCodes } from "./response-codes.ts";

const DOC = "protocol.md §2.8";

export const CMSG_CHAR_ENUM = emptyMessage("CMSG_CHAR_ENUM", Opcode.CMSG_CHAR_ENUM, "c2s", DOC);

export interface CharEquipment {
  displayId: number;
  inventoryType: number;
  enchantAuraId: number;
}

export interface CharEnumEntry {
  guid: bigint;
  name: string;
  race: number;
  class: number;
  gender: number;
  skin: number;
  face: number;
  hairStyle: number;
  hairColor: number;
  facialHair: number;
  level: number;
  /** area id */
  zone: number;
  map: number;
  x: number;
  y: number;
  z: number;
  guildId: number;
  /** CharacterFlags */
  flags: number;
  /** CharCustomizeFlags */
  customizeFlags: number;
  /** 1 -> the client plays the intro cinematic */
  firstLogin: number;
  petDisplayId: number;
  petLevel: number;
  petFamily: number;
  /** exactly 23 entries on the wire (missing ones are written as zeros) */
  equipment: CharEquipment[];
}

export interface CharEnum {
  characters: CharEnumEntry[];
}

/** Bytes of one entry with an empty name: 8 guid + 1 NUL + 8 appearance + 1 level + 4 + 4 + 12 + 4 + 4 + 4 + 1 + 12 + 23*9. */
export const CHAR_ENUM_ENTRY_FIXED = 270;

const EMPTY_SLOT: CharEquipment = Object.freeze({ displayId: 0, inventoryType: 0, enchantAuraId: 0 });

function readEntry(r: Reader): CharEnumEntry {
  const guid = r.u64();
  const name = r.cstring(Limits.NAME);
  const race = r.u8();
  const cls = r.u8();
  const gender = r.u8();
  const skin = r.u8();
  const face = r.u8();
  const hairStyle = r.u8();
  const hairColor = r.u8();
  const facialHair = r.u8();
  const level = r.u8();
  const zone = r.u32();
  const map = r.u32();
  const x = r.finiteF32("x");
  const y = r.finiteF32("y");
  const z = r.finiteF32("z");
  const guildId = r.u32();
  const flags = r.u32();
  const customizeFlags = r.u32();
  const firstLogin = r.u8();
  const petDisplayId = r.u32();
  const petLevel = r.u32();
  const petFamily = r.u32();
  const equipment: CharEquipment[] = new Array(CHAR_ENUM_EQUIPMENT_SLOTS);
  for (let i = 0; i < CHAR_ENUM_EQUIPMENT_SLOTS; i++) {
    equipment[i] = { displayId: r.u32(), inventoryType: r.u8(), enchantAuraId: r.u32() };
  }
  return {
    guid, name, race, class: cls, gender, skin, face, hairStyle, hairColor, facialHair, level, zone, map, x, y, z,
    guildId, flags, customizeFlags, firstLogin, petDisplayId, petLevel, petFamily, equipment,
  };
}

function writeEntry(w: Writer, c: CharEnumEntry): void {
  w.u64(c.guid).cstring(c.name);
  w.u8(c.race).u8(c.class).u8(c.gender).u8(c.skin).u8(c.face).u8(c.hairStyle).u8(c.hairColor).u8(c.facialHair);
  w.u8(c.level).u32(c.zone).u32(c.map).f32(c.x).f32(c.y).f32(c.z);
  w.u32(c.guildId).u32(c.flags).u32(c.customizeFlags).u8(c.firstLogin);
  w.u32(c.petDisplayId).u32(c.petLevel).u32(c.petFamily);
  for (let i = 0; i < CHAR_ENUM_EQUIPMENT_SLOTS; i++) {
    const e = c.equipment[i] ?? EMPTY_SLOT;
    w.u32(e.displayId).u8(e.inventoryType).u32(e.enchantAuraId);
  }
}

/** 23 empty equipment slots. */
export function emptyCharEquipment(): CharEquipment[] {
  return Array.from({ length: CHAR_ENUM_EQUIPMENT_SLOTS }, () => ({ ...EMPTY_SLOT }));
}

export const SMSG_CHAR_ENUM = defineMessage<CharEnum>({
  name: "SMSG_CHAR_ENUM",
  opcode: Opcode.SMSG_CHAR_ENUM,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const n = r.count(r.u8(), 255, CHAR_ENUM_ENTRY_FIXED, "character");
    const characters: CharEnumEntry[] = [];
    for (let i = 0; i < n; i++) characters.push(readEntry(r));
    return { characters };
  },
  write(w, v) {
    w.u8(v.characters.length);
    for (const c of v.characters) writeEntry(w, c);
  },
});

export interface CharCreate {
  name: string;
  race: number;
  class: number;
  gender: number;
  skin: number;
  face: number;
  hairStyle: number;
  hairColor: number;
  facialHair: number;
  /** 0 */
  outfitId: number;
}

export const CMSG_CHAR_CREATE = defineMessage<CharCreate>({
  name: "CMSG_CHAR_CREATE",
  opcode: Opcode.CMSG_CHAR_CREATE,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({
    name: r.cstring(Limits.NAME),
    race: r.u8(),
    class: r.u8(),
    gender: r.u8(),
    skin: r.u8(),
    face: r.u8(),
    hairStyle: r.u8(),
    hairColor: r.u8(),
    facialHair: r.u8(),
    outfitId: r.u8(),
  }),
  write(w, v) {
    w.cstring(v.name).u8(v.race).u8(v.class).u8(v.gender).u8(v.skin).u8(v.face);
    w.u8(v.hairStyle).u8(v.hairColor).u8(v.facialHair).u8(v.outfitId);
  },
});

/** `u8 result` (a ResponseCodes value). */
export type CharResult = { result: number };

export const SMSG_CHAR_CREATE = u8Message("SMSG_CHAR_CREATE", Opcode.SMSG_CHAR_CREATE, "s2c", DOC, "result");
export const CMSG_CHAR_DELETE = guidMessage("CMSG_CHAR_DELETE", Opcode.CMSG_CHAR_DELETE, "c2s", DOC);
export const SMSG_CHAR_DELETE = u8Message("SMSG_CHAR_DELETE", Opcode.SMSG_CHAR_DELETE, "s2c", DOC, "result");

export interface CharRename {
  guid: bigint;
  newName: string;
}

export const CMSG_CHAR_RENAME = defineMessage<CharRename>({
  name: "CMSG_CHAR_RENAME",
  opcode: Opcode.CMSG_CHAR_RENAME,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ guid: r.u64(), newName: r.cstring(Limits.NAME) }),
  write: (w, v) => void w.u64(v.guid).cstring(v.newName),
});

export interface CharRenameResult {
  result: number;
  /** success form only (result 0 RESPONSE_SUCCESS) */
  guid?: bigint;
  newName?: string;
}

export const SMSG_CHAR_RENAME = defineMessage<CharRenameResult>({
  name: "SMSG_CHAR_RENAME",
  opcode: Opcode.SMSG_CHAR_RENAME,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const result = r.u8();
    if (result !== ResponseCodes.RESPONSE_SUCCESS) return { result };
    return { result, guid: r.u64(), newName: r.cstring(Limits.NAME) };
  },
  write(w, v) {
    w.u8(v.result);
    if (v.result === ResponseCodes.RESPONSE_SUCCESS) w.u64(v.guid ?? 0n).cstring(v.newName ?? "");
  },
});

/** CMSG_CHAR_CUSTOMIZE: note the field order differs from the reply's. */
export interface CharCustomize {
  guid: bigint;
  newName: string;
  gender: number;
  skin: number;
  hairColor: number;
  hairStyle: number;
  facialHair: number;
  face: number;
}

export const CMSG_CHAR_CUSTOMIZE = defineMessage<CharCustomize>({
  name: "CMSG_CHAR_CUSTOMIZE",
  opcode: Opcode.CMSG_CHAR_CUSTOMIZE,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({
    guid: r.u64(),
    newName: r.cstring(Limits.NAME),
    gender: r.u8(),
    skin: r.u8(),
    hairColor: r.u8(),
    hairStyle: r.u8(),
    facialHair: r.u8(),
    face: r.u8(),
  }),
  write(w, v) {
    w.u64(v.guid).cstring(v.newName).u8(v.gender).u8(v.skin).u8(v.hairColor).u8(v.hairStyle).u8(v.facialHair).u8(v.face);
  },
});

export interface CharCustomizeResult {
  result: number;
  /** success form only; written as guid, name, gender, skin, face, hair style, hair color, facial hair */
  guid?: bigint;
  name?: string;
  gender?: number;
  skin?: number;
  face?: number;
  hairStyle?: number;
  hairColor?: number;
  facialHair?: number;
}

export const SMSG_CHAR_CUSTOMIZE = defineMessage<CharCustomizeResult>({
  name: "SMSG_CHAR_CUSTOMIZE",
  opcode: Opcode.SMSG_CHAR_CUSTOMIZE,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const result = r.u8();
    if (result !== ResponseCodes.RESPONSE_SUCCESS) return { result };
    return {
      result,
      guid: r.u64(),
      name: r.cstring(Limits.NAME),
      gender: r.u8(),
      skin: r.u8(),
      face: r.u8(),
      hairStyle: r.u8(),
      hairColor: r.u8(),
      facialHair: r.u8(),
    };
  },
  write(w, v) {
    w.u8(v.result);
    if (v.result !== ResponseCodes.RESPONSE_SUCCESS) return;
    w.u64(v.guid ?? 0n).cstring(v.name ?? "");
    w.u8(v.gender ?? 0).u8(v.skin ?? 0).u8(v.face ?? 0).u8(v.hairStyle ?? 0).u8(v.hairColor ?? 0).u8(v.facialHair ?? 0);
  },
});

export const CMSG_PLAYER_LOGIN = guidMessage("CMSG_PLAYER_LOGIN", Opcode.CMSG_PLAYER_LOGIN, "c2s", "protocol.md §2.9");

/** `u8 reason`: a CharLoginFailed value (pitfall 4). */
export const SMSG_CHARACTER_LOGIN_FAILED = u8Message(
  "SMSG_CHARACTER_LOGIN_FAILED",
  Opcode.SMSG_CHARACTER_LOGIN_FAILED,
  "s2c",
  "protocol.md §2.9",
  "reason",
);
export type CharacterLoginFailed = { reason: number };
