// Fills a creature's (unit's) update fields (protocol.md §2.10): entry, display, faction,
// level, health, npc flags, scale, and the few other fields a client needs to draw it.
import { livingMovementBlock, type MovementBlock } from "./movement-block.ts";
import { DEFAULT_SPEEDS, newMovementInfo, type Speeds } from "../world/movement-info.ts";
import { ObjectField, ObjectTypeId, TypeMask, UnitField } from "./update-fields.ts";
import { UpdateValues } from "./update-values.ts";
import { DEFAULT_BOUNDING_RADIUS, DEFAULT_COMBAT_REACH } from "./player-fields.ts";

/** UNIT_NPC_FLAGS bits (3.3.5). */
export const NpcFlags = {
  NONE: 0,
  GOSSIP: 0x1,
  QUESTGIVER: 0x2,
  TRAINER: 0x10,
  VENDOR: 0x80,
  FLIGHTMASTER: 0x2000,
  INNKEEPER: 0x10000,
  BANKER: 0x20000,
  AUCTIONEER: 0x200000,
  STABLEMASTER: 0x400000,
  GUILD_BANKER: 0x800000,
} as const;

export interface CreatureDescription {
  guid: bigint;
  entry: number;
  displayId: number;
  /** default: displayId */
  nativeDisplayId?: number;
  factionTemplate: number;
  level: number;
  health: number;
  /** default: health */
  maxHealth?: number;
  /** 0 mana, 1 rage, 3 energy ... (default 0) */
  powerType?: number;
  power?: number;
  maxPower?: number;
  npcFlags?: number;
  unitFlags?: number;
  unitFlags2?: number;
  dynamicFlags?: number;
  scale?: number;
  boundingRadius?: number;
  combatReach?: number;
  /** melee attack time, ms */
  baseAttackTime?: number;
  /** UNIT_VIRTUAL_ITEM_SLOT_ID: main hand, off hand, ranged item entries */
  virtualItems?: readonly number[];
  emoteState?: number;
  /** UNIT_FIELD_BYTES_0 class byte (1 warrior, 2 paladin, 8 mage, 4 rogue) */
  unitClass?: number;
  gender?: number;
}

export function fillCreatureFields(v: UpdateValues, c: CreatureDescription): UpdateValues {
  if (v.typeId !== ObjectTypeId.UNIT) throw new RangeError("fillCreatureFields needs a UNIT UpdateValues");
  const powerType = c.powerType ?? 0;
  v.setU64(ObjectField.OBJECT_FIELD_GUID, c.guid);
  v.setU32(ObjectField.OBJECT_FIELD_TYPE, TypeMask.OBJECT | TypeMask.UNIT);
  v.setU32(ObjectField.OBJECT_FIELD_ENTRY, c.entry);
  v.setF32(ObjectField.OBJECT_FIELD_SCALE_X, c.scale ?? 1.0);
  v.setBytes(UnitField.UNIT_FIELD_BYTES_0, 0, c.unitClass ?? 1, c.gender ?? 0, powerType);
  v.setU32(UnitField.UNIT_FIELD_HEALTH, c.health);
  v.setU32(UnitField.UNIT_FIELD_MAXHEALTH, c.maxHealth ?? c.health);
  if (c.maxPower !== undefined) {
    v.setU32(UnitField.UNIT_FIELD_POWER1 + powerType, c.power ?? c.maxPower);
    v.setU32(UnitField.UNIT_FIELD_MAXPOWER1 + powerType, c.maxPower);
  }
  v.setU32(UnitField.UNIT_FIELD_LEVEL, c.level);
  v.setU32(UnitField.UNIT_FIELD_FACTIONTEMPLATE, c.factionTemplate);
  const items = c.virtualItems ?? [];
  for (let i = 0; i < 3; i++) v.setU32(UnitField.UNIT_VIRTUAL_ITEM_SLOT_ID + i, items[i] ?? 0);
  v.setU32(UnitField.UNIT_FIELD_FLAGS, c.unitFlags ?? 0);
  v.setU32(UnitField.UNIT_FIELD_FLAGS_2, c.unitFlags2 ?? 0);
  v.setU32(UnitField.UNIT_FIELD_BASEATTACKTIME, c.baseAttackTime ?? 2000);
  v.setU32(UnitField.UNIT_FIELD_BASEATTACKTIME + 1, c.baseAttackTime ?? 2000);
  v.setF32(UnitField.UNIT_FIELD_BOUNDINGRADIUS, c.boundingRadius ?? DEFAULT_BOUNDING_RADIUS);
  v.setF32(UnitField.UNIT_FIELD_COMBATREACH, c.combatReach ?? DEFAULT_COMBAT_REACH);
  v.setU32(UnitField.UNIT_FIELD_DISPLAYID, c.displayId);
  v.setU32(UnitField.UNIT_FIELD_NATIVEDISPLAYID, c.nativeDisplayId ?? c.displayId);
  v.setU32(UnitField.UNIT_DYNAMIC_FLAGS, c.dynamicFlags ?? 0);
  v.setF32(UnitField.UNIT_MOD_CAST_SPEED, 1.0);
  v.setU32(UnitField.UNIT_NPC_FLAGS, c.npcFlags ?? 0);
  v.setU32(UnitField.UNIT_NPC_EMOTESTATE, c.emoteState ?? 0);
  v.setF32(UnitField.UNIT_FIELD_HOVERHEIGHT, 1.0);
  return v;
}

export function newCreatureValues(c: CreatureDescription): UpdateValues {
  return fillCreatureFields(new UpdateValues(ObjectTypeId.UNIT), c);
}

/** A LIVING movement block for a creature standing at `position`. */
export function creatureMovementBlock(position: { x: number; y: number; z: number; o: number }, speeds: Readonly<Speeds> = DEFAULT_SPEEDS): MovementBlock {
  return livingMovementBlock(newMovementInfo(position.x, position.y, position.z, position.o), speeds);
}

/** Creature guid (§0.1): high type 0xF13 in bits 52..63, entry in bits 24..51, counter below. */
export function creatureGuid(entry: number, counter: number): bigint {
  return (0xf13n << 52n) | (BigInt(entry & 0xfffffff) << 24n) | BigInt(counter & 0xffffff);
}
