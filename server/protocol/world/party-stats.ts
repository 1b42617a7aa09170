// Party frames (protocol.md §2.17 "bitmask-driven"): SMSG_PARTY_MEMBER_STATS and
// SMSG_PARTY_MEMBER_STATS_FULL, answered to CMSG_REQUEST_PARTY_MEMBER_STATS. The mask bits
// and field widths are the 3.3.5 cores' (cmangos/TC GroupUpdateFlags and
// BuildPartyMemberStatsChangedPacket): health u32, power u16, level/zone u16, position two
// i16. A field is on the wire only when its bit is set, in bit order.
import { defineMessage, type MessageDef } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";
import { guidMessage } from "./common.ts";

export const GroupUpdateFlags = {
  STATUS: 0x1,
  CUR_HP: 0x2,
  MAX_HP: 0x4,
  POWER_TYPE: 0x8,
  CUR_POWER: 0x10,
  MAX_POWER: 0x20,
  LEVEL: 0x40,
  ZONE: 0x80,
  POSITION: 0x100,
  AURAS: 0x200,
  PET_GUID: 0x400,
  PET_NAME: 0x800,
  PET_MODEL_ID: 0x1000,
  PET_CUR_HP: 0x2000,
  PET_MAX_HP: 0x4000,
  PET_POWER_TYPE: 0x8000,
  PET_CUR_POWER: 0x10000,
  PET_MAX_POWER: 0x20000,
  PET_AURAS: 0x40000,
  VEHICLE_SEAT: 0x80000,
} as const;

/** STATUS bits. */
export const MemberStatus = { OFFLINE: 0x0, ONLINE: 0x1, PVP: 0x2, DEAD: 0x4, GHOST: 0x8, PVP_FFA: 0x10, AFK: 0x40, DND: 0x80 } as const;

export interface MemberAura {
  /** 0..63 */
  slot: number;
  spell: number;
  flags: number;
}

export interface PartyMemberStats {
  guid: bigint;
  /** GroupUpdateFlags: which fields follow */
  mask: number;
  status: number;
  curHp: number;
  maxHp: number;
  powerType: number;
  curPower: number;
  maxPower: number;
  level: number;
  zone: number;
  x: number;
  y: number;
  auras: MemberAura[];
  petGuid: bigint;
  petName: string;
  petModel: number;
  petCurHp: number;
  petMaxHp: number;
  petPowerType: number;
  petCurPower: number;
  petMaxPower: number;
  petAuras: MemberAura[];
  vehicleSeat: number;
}

export function partyMemberStats(guid: bigint, f: Partial<Omit<PartyMemberStats, "guid">> = {}): PartyMemberStats {
  return {
    guid,
    mask: 0,
    status: 0,
    curHp: 0,
    maxHp: 0,
    powerType: 0,
    curPower: 0,
    maxPower: 0,
    level: 0,
    zone: 0,
    x: 0,
    y: 0,
    auras: [],
    petGuid: 0n,
    petName: "",
    petModel: 0,
    petCurHp: 0,
    petMaxHp: 0,
    petPowerType: 0,
    petCurPower: 0,
    petMaxPower: 0,
    petAuras: [],
    vehicleSeat: 0,
    ...f,
  };
}

function readAuras(r: Reader): MemberAura[] {
  const mask = r.u64();
  const out: MemberAura[] = [];
  for (let i = 0; i < 64; i++) if (mask & (1n << BigInt(i))) out.push({ slot: i, spell: r.u32(), flags: r.u8() });
  return out;
}

function writeAuras(w: Writer, auras: MemberAura[]): void {
  let mask = 0n;
  const sorted = auras.filter((a) => a.slot >= 0 && a.slot < 64).sort((a, b) => a.slot - b.slot);
  for (const a of sorted) mask |= 1n << BigInt(a.slot);
  w.u64(mask);
  for (const a of sorted) w.u32(a.spell).u8(a.flags);
}

const F = GroupUpdateFlags;
const clampI16 = (v: number) => Math.max(-32768, Math.min(32767, Math.round(v)));

function readBody(r: Reader, v: PartyMemberStats): PartyMemberStats {
  const m = v.mask;
  if (m & F.STATUS) v.status = r.u16();
  if (m & F.CUR_HP) v.curHp = r.u32();
  if (m & F.MAX_HP) v.maxHp = r.u32();
  if (m & F.POWER_TYPE) v.powerType = r.u8();
  if (m & F.CUR_POWER) v.curPower = r.u16();
  if (m & F.MAX_POWER) v.maxPower = r.u16();
  if (m & F.LEVEL) v.level = r.u16();
  if (m & F.ZONE) v.zone = r.u16();
  if (m & F.POSITION) {
    v.x = r.i16();
    v.y = r.i16();
  }
  if (m & F.AURAS) v.auras = readAuras(r);
  if (m & F.PET_GUID) v.petGuid = r.u64();
  if (m & F.PET_NAME) v.petName = r.cstring(64);
  if (m & F.PET_MODEL_ID) v.petModel = r.u16();
  if (m & F.PET_CUR_HP) v.petCurHp = r.u32();
  if (m & F.PET_MAX_HP) v.petMaxHp = r.u32();
  if (m & F.PET_POWER_TYPE) v.petPowerType = r.u8();
  if (m & F.PET_CUR_POWER) v.petCurPower = r.u16();
  if (m & F.PET_MAX_POWER) v.petMaxPower = r.u16();
  if (m & F.PET_AURAS) v.petAuras = readAuras(r);
  if (m & F.VEHICLE_SEAT) v.vehicleSeat = r.u32();
  return v;
}

function writeBody(w: Writer, v: PartyMemberStats): void {
  const m = v.mask;
  w.packedGuid(v.guid).u32(m);
  if (m & F.STATUS) w.u16(v.status);
  if (m & F.CUR_HP) w.u32(v.curHp);
  if (m & F.MAX_HP) w.u32(v.maxHp);
  if (m & F.POWER_TYPE) w.u8(v.powerType);
  if (m & F.CUR_POWER) w.u16(v.curPower);
  if (m & F.MAX_POWER) w.u16(v.maxPower);
  if (m & F.LEVEL) w.u16(v.level);
  if (m & F.ZONE) w.u16(v.zone);
  if (m & F.POSITION) w.i16(clampI16(v.x)).i16(clampI16(v.y));
  if (m & F.AURAS) writeAuras(w, v.auras);
  if (m & F.PET_GUID) w.u64(v.petGuid);
  if (m & F.PET_NAME) w.cstring(v.petName);
  if (m & F.PET_MODEL_ID) w.u16(v.petModel);
  if (m & F.PET_CUR_HP) w.u32(v.petCurHp);
  if (m & F.PET_MAX_HP) w.u32(v.petMaxHp);
  if (m & F.PET_POWER_TYPE) w.u8(v.petPowerType);
  if (m & F.PET_CUR_POWER) w.u16(v.petCurPower);
  if (m & F.PET_MAX_POWER) w.u16(v.petMaxPower);
  if (m & F.PET_AURAS) writeAuras(w, v.petAuras);
  if (m & F.VEHICLE_SEAT) w.u32(v.vehicleSeat);
}

function statsMessage(name: string, opcode: number, full: boolean): MessageDef<PartyMemberStats> {
  return defineMessage<PartyMemberStats>({
    name,
    opcode,
    direction: "s2c",
    doc: "protocol.md §2.17 (party frames); field layout from the cores",
    read(r) {
      if (full) r.u8();
      const guid = r.packedGuid();
      return readBody(r, partyMemberStats(guid, { mask: r.u32() }));
    },
    write(w, v) {
      if (full) w.u8(0);
      writeBody(w, v);
    },
  });
}

export const SMSG_PARTY_MEMBER_STATS = statsMessage("SMSG_PARTY_MEMBER_STATS", Opcode.SMSG_PARTY_MEMBER_STATS, false);
/** The reply to CMSG_REQUEST_PARTY_MEMBER_STATS: a leading u8 0, then the same layout. */
export const SMSG_PARTY_MEMBER_STATS_FULL = statsMessage("SMSG_PARTY_MEMBER_STATS_FULL", Opcode.SMSG_PARTY_MEMBER_STATS_FULL, true);
export const CMSG_REQUEST_PARTY_MEMBER_STATS = guidMessage("CMSG_REQUEST_PARTY_MEMBER_STATS", Opcode.CMSG_REQUEST_PARTY_MEMBER_STATS, "c2s", "protocol.md §2.17");
