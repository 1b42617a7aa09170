// Name, creature, gameobject and item queries (protocol.md §2.13, §2.13.1).
import type { ByteReader, ByteWriter } from "../bytes.ts";

export const UNKNOWN_ENTRY_FLAG = 0x80000000;

export interface NameQueryResponse {
  guid: bigint;
  /** 0 found; 1 unknown (nothing else follows). */
  status: number;
  name?: string;
  realm?: string;
  race?: number;
  gender?: number;
  class?: number;
  declined?: string[];
}

export function writeNameQuery(w: ByteWriter, guid: bigint): void {
  w.guid(guid);
}

export function readNameQueryResponse(r: ByteReader): NameQueryResponse {
  const guid = r.packedGuid();
  const status = r.u8();
  if (status !== 0) return { guid, status };
  const out: NameQueryResponse = { guid, status, name: r.cstring(), realm: r.cstring(), race: r.u8(), gender: r.u8(), class: r.u8() };
  if (r.remaining > 0 && r.u8() !== 0) {
    out.declined = [];
    for (let i = 0; i < 5; i++) out.declined.push(r.cstring());
  }
  return out;
}

/** CMSG_CREATURE_QUERY / CMSG_GAMEOBJECT_QUERY: u32 entry, u64 guid. */
export function writeEntryQuery(w: ByteWriter, entry: number, guid: bigint): void {
  w.u32(entry).guid(guid);
}

/** CMSG_ITEM_QUERY_SINGLE: u32 entry. */
export function writeItemQuery(w: ByteWriter, entry: number): void {
  w.u32(entry);
}

export type Unknown = { entry: number; unknown: true };

function unknownEntry(r: ByteReader): Unknown | undefined {
  if (r.remaining !== 4) return undefined;
  const v = r.u32();
  return { entry: (v & ~UNKNOWN_ENTRY_FLAG) >>> 0, unknown: true };
}

export interface CreatureTemplate {
  entry: number;
  unknown: false;
  name: string;
  names: string[];
  subname: string;
  iconName: string;
  typeFlags: number;
  creatureType: number;
  family: number;
  rank: number;
  killCredit: [number, number];
  displayIds: number[];
  healthMultiplier: number;
  powerMultiplier: number;
  racialLeader: number;
  questItems: number[];
  movementId: number;
}

function u32s(r: ByteReader, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.u32());
  return out;
}

export function readCreatureQueryResponse(r: ByteReader): CreatureTemplate | Unknown {
  const unk = unknownEntry(r);
  if (unk) return unk;
  const entry = r.u32();
  const name = r.cstring();
  const names = [r.cstring(), r.cstring(), r.cstring()];
  return {
    entry,
    unknown: false,
    name,
    names,
    subname: r.cstring(),
    iconName: r.cstring(),
    typeFlags: r.u32(),
    creatureType: r.u32(),
    family: r.u32(),
    rank: r.u32(),
    killCredit: [r.u32(), r.u32()],
    displayIds: u32s(r, 4),
    healthMultiplier: r.f32(),
    powerMultiplier: r.f32(),
    racialLeader: r.u8(),
    questItems: u32s(r, 6),
    movementId: r.u32(),
  };
}

export interface GameObjectTemplate {
  entry: number;
  unknown: false;
  type: number;
  displayId: number;
  name: string;
  names: string[];
  iconName: string;
  castBarCaption: string;
  thirdString: string;
  data: number[];
  size: number;
  questItems: number[];
}

export function readGameObjectQueryResponse(r: ByteReader): GameObjectTemplate | Unknown {
  const unk = unknownEntry(r);
  if (unk) return unk;
  return {
    entry: r.u32(),
    unknown: false,
    type: r.u32(),
    displayId: r.u32(),
    name: r.cstring(),
    names: [r.cstring(), r.cstring(), r.cstring()],
    iconName: r.cstring(),
    castBarCaption: r.cstring(),
    thirdString: r.cstring(),
    data: u32s(r, 24),
    size: r.f32(),
    questItems: u32s(r, 6),
  };
}

export interface ItemSpell {
  spell: number;
  trigger: number;
  charges: number;
  cooldown: number;
  category: number;
  categoryCooldown: number;
}

export interface ItemTemplate {
  entry: number;
  unknown: false;
  class: number;
  subclass: number;
  soundOverrideSubclass: number;
  name: string;
  names: string[];
  displayId: number;
  quality: number;
  flags: number;
  flags2: number;
  buyPrice: number;
  sellPrice: number;
  inventoryType: number;
  allowedClasses: number;
  allowedRaces: number;
  itemLevel: number;
  requiredLevel: number;
  /** required skill, skill rank, spell, honor rank, city rank, reputation faction, reputation rank. */
  requirements: number[];
  maxCount: number;
  stackable: number;
  containerSlots: number;
  stats: { type: number; value: number }[];
  scalingStatDistribution: number;
  scalingStatValue: number;
  damage: { min: number; max: number; school: number }[];
  /** armor, holy, fire, nature, frost, shadow, arcane. */
  resistances: number[];
  delay: number;
  ammoType: number;
  rangedModRange: number;
  spells: ItemSpell[];
  bonding: number;
  description: string;
  /** page text, language, page material, start quest, lock id. */
  misc: number[];
  material: number;
  /** sheath, random property, random suffix, block, item set, max durability, area, map, bag family, totem category. */
  misc2: number[];
  sockets: { color: number; content: number }[];
  socketBonus: number;
  gemProperties: number;
  requiredDisenchantSkill: number;
  armorDamageModifier: number;
  duration: number;
  itemLimitCategory: number;
  holidayId: number;
}

export function readItemQueryResponse(r: ByteReader): ItemTemplate | Unknown {
  const unk = unknownEntry(r);
  if (unk) return unk;
  const entry = r.u32();
  const cls = r.u32();
  const subclass = r.u32();
  const soundOverrideSubclass = r.i32();
  const name = r.cstring();
  const names = [r.cstring(), r.cstring(), r.cstring()];
  const displayId = r.u32();
  const quality = r.u32();
  const flags = r.u32();
  const flags2 = r.u32();
  const buyPrice = r.u32();
  const sellPrice = r.u32();
  const inventoryType = r.u32();
  const allowedClasses = r.u32();
  const allowedRaces = r.u32();
  const itemLevel = r.u32();
  const requiredLevel = r.u32();
  const requirements = u32s(r, 7);
  const maxCount = r.i32();
  const stackable = r.i32();
  const containerSlots = r.u32();
  const statCount = r.u32();
  if (statCount > r.remaining / 8) throw new RangeError(`item stat count ${statCount} exceeds packet`);
  const stats: { type: number; value: number }[] = [];
  for (let i = 0; i < statCount; i++) stats.push({ type: r.u32(), value: r.i32() });
  const scalingStatDistribution = r.u32();
  const scalingStatValue = r.u32();
  const damage = [0, 1].map(() => ({ min: r.f32(), max: r.f32(), school: r.u32() }));
  const resistances = u32s(r, 7);
  const delay = r.u32();
  const ammoType = r.u32();
  const rangedModRange = r.f32();
  const spells: ItemSpell[] = [];
  for (let i = 0; i < 5; i++) {
    spells.push({ spell: r.u32(), trigger: r.u32(), charges: r.i32(), cooldown: r.i32(), category: r.u32(), categoryCooldown: r.i32() });
  }
  const bonding = r.u32();
  const description = r.cstring();
  const misc = u32s(r, 5);
  const material = r.i32();
  const misc2 = u32s(r, 10);
  const sockets = [0, 1, 2].map(() => ({ color: r.u32(), content: r.u32() }));
  return {
    entry, unknown: false, class: cls, subclass, soundOverrideSubclass, name, names, displayId, quality, flags, flags2,
    buyPrice, sellPrice, inventoryType, allowedClasses, allowedRaces, itemLevel, requiredLevel, requirements, maxCount,
    stackable, containerSlots, stats, scalingStatDistribution, scalingStatValue, damage, resistances, delay, ammoType,
    rangedModRange, spells, bonding, description, misc, material, misc2, sockets,
    socketBonus: r.u32(),
    gemProperties: r.u32(),
    requiredDisenchantSkill: r.i32(),
    armorDamageModifier: r.f32(),
    duration: r.u32(),
    itemLimitCategory: r.u32(),
    holidayId: r.u32(),
  };
}
