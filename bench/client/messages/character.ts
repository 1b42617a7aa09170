// Character screen and the login burst (protocol.md §2.8, §2.9).
import type { ByteReader, ByteWriter } from "../bytes.ts";

export interface EquipmentSlot {
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
  zone: number;
  map: number;
  x: number;
  y: number;
  z: number;
  guildId: number;
  flags: number;
  customizeFlags: number;
  firstLogin: number;
  pet: { displayId: number; level: number; family: number };
  /** 23 slots: equipment 0-18, then the 4 bags. */
  equipment: EquipmentSlot[];
}

export const CHAR_ENUM_EQUIPMENT_SLOTS = 23;

export function readCharEnum(r: ByteReader): CharEnumEntry[] {
  const count = r.u8();
  const out: CharEnumEntry[] = [];
  for (let i = 0; i < count; i++) {
    const c: CharEnumEntry = {
      guid: r.u64(),
      name: r.cstring(),
      race: r.u8(),
      class: r.u8(),
      gender: r.u8(),
      skin: r.u8(),
      face: r.u8(),
      hairStyle: r.u8(),
      hairColor: r.u8(),
      facialHair: r.u8(),
      level: r.u8(),
      zone: r.u32(),
      map: r.u32(),
      x: r.f32(),
      y: r.f32(),
      z: r.f32(),
      guildId: r.u32(),
      flags: r.u32(),
      customizeFlags: r.u32(),
      firstLogin: r.u8(),
      pet: { displayId: r.u32(), level: r.u32(), family: r.u32() },
      equipment: [],
    };
    for (let s = 0; s < CHAR_ENUM_EQUIPMENT_SLOTS; s++) {
      c.equipment.push({ displayId: r.u32(), inventoryType: r.u8(), enchantAuraId: r.u32() });
    }
    out.push(c);
  }
  return out;
}

export interface CharCreateRequest {
  name: string;
  race: number;
  class: number;
  gender: number;
  skin?: number;
  face?: number;
  hairStyle?: number;
  hairColor?: number;
  facialHair?: number;
  outfitId?: number;
}

export function writeCharCreate(w: ByteWriter, c: CharCreateRequest): void {
  w.cstring(c.name).u8(c.race).u8(c.class).u8(c.gender);
  w.u8(c.skin ?? 0).u8(c.face ?? 0).u8(c.hairStyle ?? 0).u8(c.hairColor ?? 0).u8(c.facialHair ?? 0).u8(c.outfitId ?? 0);
}

/** SMSG_CHAR_CREATE / SMSG_CHAR_DELETE / SMSG_CHARACTER_LOGIN_FAILED: u8 result. */
export function readResultByte(r: ByteReader): number {
  return r.u8();
}

/** CMSG_CHAR_DELETE / CMSG_PLAYER_LOGIN / CMSG_NAME_QUERY-style: u64 guid. */
export function writeGuid(w: ByteWriter, guid: bigint): void {
  w.guid(guid);
}

export function writeCharRename(w: ByteWriter, guid: bigint, newName: string): void {
  w.guid(guid).cstring(newName);
}

export function readCharRename(r: ByteReader): { result: number; guid?: bigint; name?: string } {
  const result = r.u8();
  if (result !== 0 || r.remaining === 0) return { result };
  return { result, guid: r.u64(), name: r.cstring() };
}

export interface CharCustomizeRequest {
  guid: bigint;
  name: string;
  gender: number;
  skin: number;
  face: number;
  hairStyle: number;
  hairColor: number;
  facialHair: number;
}

/** Request order: guid, name, gender, skin, hair_color, hair_style, facial_hair, face. */
export function writeCharCustomize(w: ByteWriter, c: CharCustomizeRequest): void {
  w.guid(c.guid).cstring(c.name).u8(c.gender).u8(c.skin).u8(c.hairColor).u8(c.hairStyle).u8(c.facialHair).u8(c.face);
}

/** Reply order on success: guid, name, gender, skin, face, hair_style, hair_color, facial_hair. */
export function readCharCustomize(r: ByteReader): { result: number } & Partial<CharCustomizeRequest> {
  const result = r.u8();
  if (result !== 0 || r.remaining === 0) return { result };
  return {
    result,
    guid: r.u64(),
    name: r.cstring(),
    gender: r.u8(),
    skin: r.u8(),
    face: r.u8(),
    hairStyle: r.u8(),
    hairColor: r.u8(),
    facialHair: r.u8(),
  };
}

/** SMSG_CHARACTER_LOGIN_FAILED reasons (small enum, §2.9 / pitfall 4). */
export const CharLoginFailed = {
  FAILED: 0,
  NO_WORLD: 1,
  DUPLICATE_CHARACTER: 2,
  NO_INSTANCES: 3,
  DISABLED: 4,
  NO_CHARACTER: 5,
  LOCKED_FOR_TRANSFER: 6,
  LOCKED_BY_BILLING: 7,
  USING_REMOTE: 8,
} as const;

// --- login burst ------------------------------------------------------------------------------

export function readMotd(r: ByteReader): string[] {
  const n = r.u32();
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(r.cstring());
  return lines;
}

export function readBindPointUpdate(r: ByteReader): { x: number; y: number; z: number; map: number; area: number } {
  return { x: r.f32(), y: r.f32(), z: r.f32(), map: r.u32(), area: r.u32() };
}

export interface PackedGameTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

/** packed = (year-2000)<<24 | month0<<20 | day0<<14 | weekday<<11 | hour<<6 | minute. */
export function unpackGameTime(packed: number): PackedGameTime {
  return {
    year: 2000 + ((packed >>> 24) & 0xff),
    month: ((packed >>> 20) & 0xf) + 1,
    day: ((packed >>> 14) & 0x3f) + 1,
    weekday: (packed >>> 11) & 0x7,
    hour: (packed >>> 6) & 0x1f,
    minute: packed & 0x3f,
  };
}

export function readLoginSetTimeSpeed(r: ByteReader): { packedTime: number; time: PackedGameTime; speed: number; unknown: number } {
  const packedTime = r.u32();
  const speed = r.f32();
  const unknown = r.remaining >= 4 ? r.u32() : 0;
  return { packedTime, time: unpackGameTime(packedTime), speed, unknown };
}

export interface InitialSpells {
  unknown: number;
  spells: { id: number; unknown: number }[];
  cooldowns: { spellId: number; itemId: number; category: number; cooldownMs: number; categoryCooldownMs: number }[];
}

export function readInitialSpells(r: ByteReader): InitialSpells {
  const unknown = r.u8();
  const n = r.u16();
  const spells: InitialSpells["spells"] = [];
  for (let i = 0; i < n; i++) spells.push({ id: r.u32(), unknown: r.u16() });
  const m = r.u16();
  const cooldowns: InitialSpells["cooldowns"] = [];
  for (let i = 0; i < m; i++) {
    cooldowns.push({ spellId: r.u32(), itemId: r.u16(), category: r.u16(), cooldownMs: r.u32(), categoryCooldownMs: r.u32() });
  }
  return { unknown, spells, cooldowns };
}

export const ACTION_BUTTON_COUNT = 144;

/** `u8 1` + 144 packed u32 (action | type << 24), or `u8 2` alone. */
export function readActionButtons(r: ByteReader): { state: number; buttons: { action: number; type: number }[] } {
  const state = r.u8();
  const buttons: { action: number; type: number }[] = [];
  if (r.remaining >= ACTION_BUTTON_COUNT * 4) {
    for (let i = 0; i < ACTION_BUTTON_COUNT; i++) {
      const v = r.u32();
      buttons.push({ action: v & 0xffffff, type: v >>> 24 });
    }
  }
  return { state, buttons };
}

export function readInitWorldStates(r: ByteReader): { map: number; zone: number; area: number; states: Map<number, number> } {
  const map = r.u32();
  const zone = r.u32();
  const area = r.u32();
  const n = r.u16();
  const states = new Map<number, number>();
  for (let i = 0; i < n; i++) states.set(r.u32(), r.u32());
  return { map, zone, area, states };
}

export function readFeatureSystemStatus(r: ByteReader): { complaintSystem: number; voiceChat: number } {
  return { complaintSystem: r.u8(), voiceChat: r.u8() };
}

export function readInstanceDifficulty(r: ByteReader): { difficulty: number; dynamic: number } {
  return { difficulty: r.u32(), dynamic: r.remaining >= 4 ? r.u32() : 0 };
}

export function readInitializeFactions(r: ByteReader): { flags: number; standing: number }[] {
  const n = r.u32();
  const out: { flags: number; standing: number }[] = [];
  for (let i = 0; i < n; i++) out.push({ flags: r.u8(), standing: r.u32() });
  return out;
}
