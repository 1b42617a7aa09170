// The item template of SMSG_ITEM_QUERY_SINGLE_RESPONSE (protocol.md §2.13.1; cmangos,
// AzerothCore and wowm 3.3.5 agree field for field). Payload = 419 + (len(name)+1) +
// (len(description)+1) + 8 * stat count bytes, entry included.
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";
import { Limits, readU32s, writeU32s } from "./common.ts";

export interface ItemStat {
  type: number;
  value: number;
}

export interface ItemDamage {
  min: number;
  max: number;
  school: number;
}

export interface ItemSpell {
  id: number;
  trigger: number;
  charges: number;
  cooldown: number;
  category: number;
  categoryCooldown: number;
}

export interface ItemSocket {
  color: number;
  content: number;
}

export interface ItemTemplate {
  class: number;
  subclass: number;
  /** -1 = none (cmangos: Unk0) */
  soundOverrideSubclass: number;
  name: string;
  /** three always-empty names */
  altNames: [string, string, string];
  displayId: number;
  quality: number;
  flags: number;
  flags2: number;
  buyPrice: number;
  sellPrice: number;
  inventoryType: number;
  allowableClass: number;
  allowableRace: number;
  itemLevel: number;
  requiredLevel: number;
  requiredSkill: number;
  requiredSkillRank: number;
  requiredSpell: number;
  requiredHonorRank: number;
  requiredCityRank: number;
  requiredReputationFaction: number;
  requiredReputationRank: number;
  maxCount: number;
  stackable: number;
  containerSlots: number;
  /** only the used pairs are sent (at most 10) */
  stats: ItemStat[];
  scalingStatDistribution: number;
  scalingStatValue: number;
  /** exactly two */
  damages: ItemDamage[];
  /** seven: armor, holy, fire, nature, frost, shadow, arcane */
  resistances: number[];
  delay: number;
  ammoType: number;
  rangedModRange: number;
  /** exactly five; an empty slot is 0, 0, 0, -1, 0, -1 */
  spells: ItemSpell[];
  bonding: number;
  description: string;
  pageText: number;
  languageId: number;
  pageMaterial: number;
  startQuest: number;
  lockId: number;
  material: number;
  sheath: number;
  randomProperty: number;
  randomSuffix: number;
  block: number;
  itemSet: number;
  maxDurability: number;
  area: number;
  map: number;
  bagFamily: number;
  totemCategory: number;
  /** exactly three */
  sockets: ItemSocket[];
  socketBonus: number;
  gemProperties: number;
  requiredDisenchantSkill: number;
  armorDamageModifier: number;
  /** seconds */
  duration: number;
  itemLimitCategory: number;
  holidayId: number;
}

export const MAX_ITEM_STATS = 10;
export const EMPTY_ITEM_SPELL: Readonly<ItemSpell> = Object.freeze({ id: 0, trigger: 0, charges: 0, cooldown: -1, category: 0, categoryCooldown: -1 });
const NO_DAMAGE: ItemDamage = Object.freeze({ min: 0, max: 0, school: 0 });
const NO_SOCKET: ItemSocket = Object.freeze({ color: 0, content: 0 });

export function readItemTemplate(r: Reader): ItemTemplate {
  const cls = r.u32();
  const subclass = r.u32();
  const soundOverrideSubclass = r.i32();
  const name = r.cstring(Limits.TEXT);
  const altNames: [string, string, string] = [r.cstring(Limits.TEXT), r.cstring(Limits.TEXT), r.cstring(Limits.TEXT)];
  const displayId = r.u32();
  const quality = r.u32();
  const flags = r.u32();
  const flags2 = r.u32();
  const buyPrice = r.u32();
  const sellPrice = r.u32();
  const inventoryType = r.u32();
  const allowableClass = r.u32();
  const allowableRace = r.u32();
  const itemLevel = r.u32();
  const requiredLevel = r.u32();
  const requiredSkill = r.u32();
  const requiredSkillRank = r.u32();
  const requiredSpell = r.u32();
  const requiredHonorRank = r.u32();
  const requiredCityRank = r.u32();
  const requiredReputationFaction = r.u32();
  const requiredReputationRank = r.u32();
  const maxCount = r.i32();
  const stackable = r.i32();
  const containerSlots = r.u32();
  const n = r.count(r.u32(), MAX_ITEM_STATS, 8, "item stat");
  const stats: ItemStat[] = [];
  for (let i = 0; i < n; i++) stats.push({ type: r.u32(), value: r.i32() });
  const scalingStatDistribution = r.u32();
  const scalingStatValue = r.u32();
  const damages: ItemDamage[] = [];
  for (let i = 0; i < 2; i++) damages.push({ min: r.f32(), max: r.f32(), school: r.u32() });
  const resistances = readU32s(r, 7);
  const delay = r.u32();
  const ammoType = r.u32();
  const rangedModRange = r.f32();
  const spells: ItemSpell[] = [];
  for (let i = 0; i < 5; i++) {
    spells.push({ id: r.u32(), trigger: r.u32(), charges: r.i32(), cooldown: r.i32(), category: r.u32(), categoryCooldown: r.i32() });
  }
  const bonding = r.u32();
  const description = r.cstring(Limits.TEXT);
  const [pageText, languageId, pageMaterial, startQuest, lockId] = readU32s(r, 5) as [number, number, number, number, number];
  const material = r.i32();
  const [sheath, randomProperty, randomSuffix, block, itemSet, maxDurability, area, map, bagFamily, totemCategory] = readU32s(r, 10) as [
    number, number, number, number, number, number, number, number, number, number,
  ];
  const sockets: ItemSocket[] = [];
  for (let i = 0; i < 3; i++) sockets.push({ color: r.u32(), content: r.u32() });
  return {
    class: cls, subclass, soundOverrideSubclass, name, altNames, displayId, quality, flags, flags2, buyPrice, sellPrice,
    inventoryType, allowableClass, allowableRace, itemLevel, requiredLevel, requiredSkill, requiredSkillRank, requiredSpell,
    requiredHonorRank, requiredCityRank, requiredReputationFaction, requiredReputationRank, maxCount, stackable,
    containerSlots, stats, scalingStatDistribution, scalingStatValue, damages, resistances, delay, ammoType, rangedModRange,
    spells, bonding, description, pageText, languageId, pageMaterial, startQuest, lockId, material, sheath, randomProperty,
    randomSuffix, block, itemSet, maxDurability, area, map, bagFamily, totemCategory, sockets,
    socketBonus: r.u32(),
    gemProperties: r.u32(),
    requiredDisenchantSkill: r.i32(),
    armorDamageModifier: r.f32(),
    duration: r.u32(),
    itemLimitCategory: r.u32(),
    holidayId: r.u32(),
  };
}

export function writeItemTemplate(w: Writer, t: ItemTemplate): void {
  w.u32(t.class).u32(t.subclass).i32(t.soundOverrideSubclass);
  w.cstring(t.name).cstring(t.altNames[0]).cstring(t.altNames[1]).cstring(t.altNames[2]);
  w.u32(t.displayId).u32(t.quality).u32(t.flags).u32(t.flags2).u32(t.buyPrice).u32(t.sellPrice);
  w.u32(t.inventoryType).u32(t.allowableClass).u32(t.allowableRace).u32(t.itemLevel).u32(t.requiredLevel);
  w.u32(t.requiredSkill).u32(t.requiredSkillRank).u32(t.requiredSpell).u32(t.requiredHonorRank).u32(t.requiredCityRank);
  w.u32(t.requiredReputationFaction).u32(t.requiredReputationRank);
  w.i32(t.maxCount).i32(t.stackable).u32(t.containerSlots);
  const n = Math.min(t.stats.length, MAX_ITEM_STATS);
  w.u32(n);
  for (let i = 0; i < n; i++) w.u32(t.stats[i]!.type).i32(t.stats[i]!.value);
  w.u32(t.scalingStatDistribution).u32(t.scalingStatValue);
  for (let i = 0; i < 2; i++) {
    const d = t.damages[i] ?? NO_DAMAGE;
    w.f32(d.min).f32(d.max).u32(d.school);
  }
  writeU32s(w, t.resistances, 7);
  w.u32(t.delay).u32(t.ammoType).f32(t.rangedModRange);
  for (let i = 0; i < 5; i++) {
    const s = t.spells[i] ?? EMPTY_ITEM_SPELL;
    w.u32(s.id).u32(s.trigger).i32(s.charges).i32(s.cooldown).u32(s.category).i32(s.categoryCooldown);
  }
  w.u32(t.bonding).cstring(t.description);
  w.u32(t.pageText).u32(t.languageId).u32(t.pageMaterial).u32(t.startQuest).u32(t.lockId).i32(t.material);
  w.u32(t.sheath).u32(t.randomProperty).u32(t.randomSuffix).u32(t.block).u32(t.itemSet).u32(t.maxDurability);
  w.u32(t.area).u32(t.map).u32(t.bagFamily).u32(t.totemCategory);
  for (let i = 0; i < 3; i++) {
    const s = t.sockets[i] ?? NO_SOCKET;
    w.u32(s.color).u32(s.content);
  }
  w.u32(t.socketBonus).u32(t.gemProperties).i32(t.requiredDisenchantSkill).f32(t.armorDamageModifier);
  w.u32(t.duration).u32(t.itemLimitCategory).u32(t.holidayId);
}

/** A template with every field zero / empty (empty spell slots, no sound override). */
export function blankItemTemplate(name = ""): ItemTemplate {
  return {
    class: 0, subclass: 0, soundOverrideSubclass: -1, name, altNames: ["", "", ""], displayId: 0, quality: 0, flags: 0,
    flags2: 0, buyPrice: 0, sellPrice: 0, inventoryType: 0, allowableClass: 0xffffffff, allowableRace: 0xffffffff,
    itemLevel: 0, requiredLevel: 0, requiredSkill: 0, requiredSkillRank: 0, requiredSpell: 0, requiredHonorRank: 0,
    requiredCityRank: 0, requiredReputationFaction: 0, requiredReputationRank: 0, maxCount: 0, stackable: 1,
    containerSlots: 0, stats: [], scalingStatDistribution: 0, scalingStatValue: 0,
    damages: [{ ...NO_DAMAGE }, { ...NO_DAMAGE }], resistances: [0, 0, 0, 0, 0, 0, 0], delay: 0, ammoType: 0,
    rangedModRange: 0, spells: Array.from({ length: 5 }, () => ({ ...EMPTY_ITEM_SPELL })), bonding: 0, description: "",
    pageText: 0, languageId: 0, pageMaterial: 0, startQuest: 0, lockId: 0, material: 0, sheath: 0, randomProperty: 0,
    randomSuffix: 0, block: 0, itemSet: 0, maxDurability: 0, area: 0, map: 0, bagFamily: 0, totemCategory: 0,
    sockets: [{ ...NO_SOCKET }, { ...NO_SOCKET }, { ...NO_SOCKET }], socketBonus: 0, gemProperties: 0,
    requiredDisenchantSkill: -1, armorDamageModifier: 0, duration: 0, itemLimitCategory: 0, holidayId: 0,
  };
}
