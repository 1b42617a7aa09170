// Name, creature, gameobject and item queries (protocol.md §2.13, §2.13.1). In all three
// template replies an unknown entry is the 4-byte payload `u32 (entry | 0x80000000)`.
import { defineMessage, type MessageDef } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";
import { guidMessage, Limits, readU32s, u32Message, writeU32s } from "./common.ts";
import { readItemTemplate, writeItemTemplate, type ItemTemplate } from "./item-template.ts";

const DOC = "protocol.md §2.13.1";

export const UNKNOWN_ENTRY_FLAG = 0x80000000;

export const CMSG_NAME_QUERY = guidMessage("CMSG_NAME_QUERY", Opcode.CMSG_NAME_QUERY, "c2s", "protocol.md §2.13");

export interface NameQueryResponse {
  guid: bigint;
  /** false: the `u8 1` unknown form, nothing else follows */
  found: boolean;
  name: string;
  /** "" = same realm */
  realm: string;
  race: number;
  gender: number;
  class: number;
  /** five declined forms (Russian clients) or null */
  declinedNames: string[] | null;
}

export const SMSG_NAME_QUERY_RESPONSE = defineMessage<NameQueryResponse>({
  name: "SMSG_NAME_QUERY_RESPONSE",
  opcode: Opcode.SMSG_NAME_QUERY_RESPONSE,
  direction: "s2c",
  doc: "protocol.md §2.13",
  read(r) {
    const guid = r.packedGuid();
    if (r.u8() !== 0) return { guid, found: false, name: "", realm: "", race: 0, gender: 0, class: 0, declinedNames: null };
    const name = r.cstring(Limits.NAME);
    const realm = r.cstring(Limits.NAME);
    const race = r.u8();
    const gender = r.u8();
    const cls = r.u8();
    let declinedNames: string[] | null = null;
    if (r.u8() !== 0) {
      declinedNames = [];
      for (let i = 0; i < 5; i++) declinedNames.push(r.cstring(Limits.NAME));
    }
    return { guid, found: true, name, realm, race, gender, class: cls, declinedNames };
  },
  write(w, v) {
    w.packedGuid(v.guid);
    if (!v.found) return void w.u8(1);
    w.u8(0).cstring(v.name).cstring(v.realm).u8(v.race).u8(v.gender).u8(v.class);
    if (v.declinedNames) {
      w.u8(1);
      for (let i = 0; i < 5; i++) w.cstring(v.declinedNames[i] ?? "");
    } else w.u8(0);
  },
});

/** The unknown-guid reply. */
export function nameQueryUnknown(guid: bigint): NameQueryResponse {
  return { guid, found: false, name: "", realm: "", race: 0, gender: 0, class: 0, declinedNames: null };
}

export interface TemplateQuery {
  entry: number;
  guid: bigint;
}

function templateQuery(name: string, opcode: number): MessageDef<TemplateQuery> {
  return defineMessage<TemplateQuery>({
    name,
    opcode,
    direction: "c2s",
    doc: DOC,
    read: (r) => ({ entry: r.u32(), guid: r.u64() }),
    write: (w, v) => void w.u32(v.entry).u64(v.guid),
  });
}

/** A template reply: `template` null means "unknown entry" (4-byte form). */
export interface TemplateResponse<T> {
  entry: number;
  template: T | null;
}

function templateResponse<T>(
  name: string,
  opcode: number,
  readT: (r: Reader) => T,
  writeT: (w: Writer, t: T) => void,
): MessageDef<TemplateResponse<T>> {
  return defineMessage<TemplateResponse<T>>({
    name,
    opcode,
    direction: "s2c",
    doc: DOC,
    read(r) {
      const raw = r.u32();
      if (raw & UNKNOWN_ENTRY_FLAG && r.remaining === 0) return { entry: (raw & ~UNKNOWN_ENTRY_FLAG) >>> 0, template: null };
      return { entry: raw, template: readT(r) };
    },
    write(w, v) {
      if (v.template === null) return void w.u32((v.entry | UNKNOWN_ENTRY_FLAG) >>> 0);
      w.u32(v.entry);
      writeT(w, v.template);
    },
  });
}

// ---------------------------------------------------------------------------------------
// Creature

export interface CreatureTemplate {
  name: string;
  /** name2..name4: always empty */
  altNames: [string, string, string];
  /** the title under the name, e.g. <Innkeeper> */
  subname: string;
  /** cursor icon, e.g. Directions */
  iconName: string;
  typeFlags: number;
  type: number;
  family: number;
  rank: number;
  killCredit: [number, number];
  /** four display ids, 0 for unused slots */
  displayIds: number[];
  healthMultiplier: number;
  powerMultiplier: number;
  racialLeader: number;
  /** six quest item ids */
  questItems: number[];
  movementId: number;
}

function readCreature(r: Reader): CreatureTemplate {
  const name = r.cstring(Limits.TEXT);
  const altNames: [string, string, string] = [r.cstring(Limits.TEXT), r.cstring(Limits.TEXT), r.cstring(Limits.TEXT)];
  return {
    name,
    altNames,
    subname: r.cstring(Limits.TEXT),
    iconName: r.cstring(Limits.TEXT),
    typeFlags: r.u32(),
    type: r.u32(),
    family: r.u32(),
    rank: r.u32(),
    killCredit: [r.u32(), r.u32()],
    displayIds: readU32s(r, 4),
    healthMultiplier: r.f32(),
    powerMultiplier: r.f32(),
    racialLeader: r.u8(),
    questItems: readU32s(r, 6),
    movementId: r.u32(),
  };
}

function writeCreature(w: Writer, t: CreatureTemplate): void {
  w.cstring(t.name).cstring(t.altNames[0]).cstring(t.altNames[1]).cstring(t.altNames[2]);
  w.cstring(t.subname).cstring(t.iconName);
  w.u32(t.typeFlags).u32(t.type).u32(t.family).u32(t.rank).u32(t.killCredit[0]).u32(t.killCredit[1]);
  writeU32s(w, t.displayIds, 4);
  w.f32(t.healthMultiplier).f32(t.powerMultiplier).u8(t.racialLeader);
  writeU32s(w, t.questItems, 6);
  w.u32(t.movementId);
}

export const CMSG_CREATURE_QUERY = templateQuery("CMSG_CREATURE_QUERY", Opcode.CMSG_CREATURE_QUERY);
export const SMSG_CREATURE_QUERY_RESPONSE = templateResponse(
  "SMSG_CREATURE_QUERY_RESPONSE",
  Opcode.SMSG_CREATURE_QUERY_RESPONSE,
  readCreature,
  writeCreature,
);
export type CreatureQueryResponse = TemplateResponse<CreatureTemplate>;

// ---------------------------------------------------------------------------------------
// Gameobject

export const GAMEOBJECT_DATA_WORDS = 24;

export interface GameObjectTemplate {
  type: number;
  displayId: number;
  name: string;
  /** name2..name4: empty */
  altNames: [string, string, string];
  iconName: string;
  /** e.g. "Collecting" */
  castBarCaption: string;
  /** AzerothCore: unknown, usually empty */
  unknownText: string;
  /** 24 type-specific words (pitfall 15) */
  data: number[];
  size: number;
  /** six quest item ids */
  questItems: number[];
}

function readGameObject(r: Reader): GameObjectTemplate {
  const type = r.u32();
  const displayId = r.u32();
  const name = r.cstring(Limits.TEXT);
  const altNames: [string, string, string] = [r.cstring(Limits.TEXT), r.cstring(Limits.TEXT), r.cstring(Limits.TEXT)];
  return {
    type,
    displayId,
    name,
    altNames,
    iconName: r.cstring(Limits.TEXT),
    castBarCaption: r.cstring(Limits.TEXT),
    unknownText: r.cstring(Limits.TEXT),
    data: readU32s(r, GAMEOBJECT_DATA_WORDS),
    size: r.f32(),
    questItems: readU32s(r, 6),
  };
}

function writeGameObject(w: Writer, t: GameObjectTemplate): void {
  w.u32(t.type).u32(t.displayId).cstring(t.name).cstring(t.altNames[0]).cstring(t.altNames[1]).cstring(t.altNames[2]);
  w.cstring(t.iconName).cstring(t.castBarCaption).cstring(t.unknownText);
  writeU32s(w, t.data, GAMEOBJECT_DATA_WORDS);
  w.f32(t.size);
  writeU32s(w, t.questItems, 6);
}

export const CMSG_GAMEOBJECT_QUERY = templateQuery("CMSG_GAMEOBJECT_QUERY", Opcode.CMSG_GAMEOBJECT_QUERY);
export const SMSG_GAMEOBJECT_QUERY_RESPONSE = templateResponse(
  "SMSG_GAMEOBJECT_QUERY_RESPONSE",
  Opcode.SMSG_GAMEOBJECT_QUERY_RESPONSE,
  readGameObject,
  writeGameObject,
);
export type GameObjectQueryResponse = TemplateResponse<GameObjectTemplate>;

// ---------------------------------------------------------------------------------------
// Item (layout in item-template.ts)

/** `u32 item entry` only (the 2.4.3/3.3.5 form). */
export const CMSG_ITEM_QUERY_SINGLE = u32Message("CMSG_ITEM_QUERY_SINGLE", Opcode.CMSG_ITEM_QUERY_SINGLE, "c2s", DOC, "entry");
export type ItemQuerySingle = { entry: number };

export const SMSG_ITEM_QUERY_SINGLE_RESPONSE = templateResponse(
  "SMSG_ITEM_QUERY_SINGLE_RESPONSE",
  Opcode.SMSG_ITEM_QUERY_SINGLE_RESPONSE,
  readItemTemplate,
  writeItemTemplate,
);
export type ItemQueryResponse = TemplateResponse<ItemTemplate>;

/** The 4-byte reply for an unknown entry of any of the three template queries. */
export function unknownEntry<T>(entry: number): TemplateResponse<T> {
  return { entry, template: null };
}
