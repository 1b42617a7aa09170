// The two optional login-burst rows of protocol.md §2.9 (#16). protocol.md names them but
// gives no layout; these follow TrinityCore/AzerothCore 3.3.5 (`SendEquipmentSetList`,
// `AchievementMgr::BuildAllDataPacket`). The empty forms (`u32 0`; `-1, -1`) are what a
// server without equipment sets or achievements sends.
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { DecodeError } from "../reader.ts";
import { Limits } from "./common.ts";

export const EQUIPMENT_SET_SLOTS = 19;
export const MAX_EQUIPMENT_SETS = 10;

export interface EquipmentSet {
  guid: bigint;
  index: number;
  name: string;
  icon: string;
  /** 19 item guids (0 = empty, 1 = slot ignored) */
  items: bigint[];
}

export const SMSG_EQUIPMENT_SET_LIST = defineMessage<{ sets: EquipmentSet[] }>({
  name: "SMSG_EQUIPMENT_SET_LIST",
  opcode: Opcode.SMSG_EQUIPMENT_SET_LIST,
  direction: "s2c",
  doc: "protocol.md §2.9 (layout: TrinityCore)",
  read(r) {
    const n = r.count(r.u32(), MAX_EQUIPMENT_SETS, 1 + 4 + 2 + EQUIPMENT_SET_SLOTS, "equipment set");
    const sets: EquipmentSet[] = [];
    for (let i = 0; i < n; i++) {
      const guid = r.packedGuid();
      const index = r.u32();
      const name = r.cstring(Limits.NAME * 4);
      const icon = r.cstring(Limits.TEXT);
      const items: bigint[] = [];
      for (let s = 0; s < EQUIPMENT_SET_SLOTS; s++) items.push(r.packedGuid());
      sets.push({ guid, index, name, icon, items });
    }
    return { sets };
  },
  write(w, v) {
    w.u32(v.sets.length);
    for (const s of v.sets) {
      w.packedGuid(s.guid).u32(s.index).cstring(s.name).cstring(s.icon);
      for (let i = 0; i < EQUIPMENT_SET_SLOTS; i++) w.packedGuid(s.items[i] ?? 0n);
    }
  },
});
export type EquipmentSetList = { sets: EquipmentSet[] };

export interface AchievementEarned {
  id: number;
  /** packed date (packGameTime form) */
  date: number;
}

export interface CriteriaProgress {
  id: number;
  counter: bigint;
  playerGuid: bigint;
  /** u32 0 */
  flags: number;
  date: number;
  timeElapsed: number;
  timeLimit: number;
}

export interface AllAchievementData {
  achievements: AchievementEarned[];
  criteria: CriteriaProgress[];
}

const END = 0xffffffff;
const MAX_ACHIEVEMENT_ENTRIES = 0x10000;

export const SMSG_ALL_ACHIEVEMENT_DATA = defineMessage<AllAchievementData>({
  name: "SMSG_ALL_ACHIEVEMENT_DATA",
  opcode: Opcode.SMSG_ALL_ACHIEVEMENT_DATA,
  direction: "s2c",
  doc: "protocol.md §2.9 (layout: TrinityCore)",
  read(r) {
    const achievements: AchievementEarned[] = [];
    for (let id = r.u32(); id !== END; id = r.u32()) {
      if (achievements.length >= MAX_ACHIEVEMENT_ENTRIES) throw new DecodeError("PROTO_BAD_VALUE", "too many achievements", r.offset);
      achievements.push({ id, date: r.u32() });
    }
    const criteria: CriteriaProgress[] = [];
    for (let id = r.u32(); id !== END; id = r.u32()) {
      if (criteria.length >= MAX_ACHIEVEMENT_ENTRIES) throw new DecodeError("PROTO_BAD_VALUE", "too many criteria", r.offset);
      criteria.push({ id, counter: r.packedGuid(), playerGuid: r.packedGuid(), flags: r.u32(), date: r.u32(), timeElapsed: r.u32(), timeLimit: r.u32() });
    }
    return { achievements, criteria };
  },
  write(w, v) {
    for (const a of v.achievements) w.u32(a.id).u32(a.date);
    w.u32(END);
    for (const c of v.criteria) w.u32(c.id).packedGuid(c.counter).packedGuid(c.playerGuid).u32(c.flags).u32(c.date).u32(c.timeElapsed).u32(c.timeLimit);
    w.u32(END);
  },
});
