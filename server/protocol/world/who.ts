// Who list (protocol.md §2.15): CMSG_WHO with every filter and SMSG_WHO. The request is
// bounded as the cores bound it: more than 10 zones or 4 strings is a decode error, so the
// request is ignored (no reply).
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";

const DOC = "protocol.md §2.15";

export const WHO_MAX_ZONES = 10;
export const WHO_MAX_STRINGS = 4;
/** Entries a reply may list (design.md §6, all cores). */
export const WHO_MAX_RESULTS = 49;
const NAME_MAX = 64;

export interface WhoRequest {
  minLevel: number;
  maxLevel: number;
  playerName: string;
  guildName: string;
  raceMask: number;
  classMask: number;
  zones: number[];
  strings: string[];
}

export const CMSG_WHO = defineMessage<WhoRequest>({
  name: "CMSG_WHO",
  opcode: Opcode.CMSG_WHO,
  direction: "c2s",
  doc: DOC,
  read(r) {
    const minLevel = r.u32();
    const maxLevel = r.u32();
    const playerName = r.cstring(NAME_MAX);
    const guildName = r.cstring(NAME_MAX);
    const raceMask = r.u32();
    const classMask = r.u32();
    const zoneCount = r.count(r.u32(), WHO_MAX_ZONES, 4, "who zones");
    const zones: number[] = [];
    for (let i = 0; i < zoneCount; i++) zones.push(r.u32());
    const stringCount = r.count(r.u32(), WHO_MAX_STRINGS, 1, "who strings");
    const strings: string[] = [];
    for (let i = 0; i < stringCount; i++) strings.push(r.cstring(NAME_MAX));
    return { minLevel, maxLevel, playerName, guildName, raceMask, classMask, zones, strings };
  },
  write(w, v) {
    w.u32(v.minLevel).u32(v.maxLevel).cstring(v.playerName).cstring(v.guildName).u32(v.raceMask).u32(v.classMask);
    w.u32(v.zones.length);
    for (const z of v.zones) w.u32(z);
    w.u32(v.strings.length);
    for (const s of v.strings) w.cstring(s);
  },
});

export interface WhoEntry {
  name: string;
  guild: string;
  level: number;
  class: number;
  race: number;
  gender: number;
  zone: number;
}

export interface WhoList {
  /** equals entries.length on the wire */
  entries: WhoEntry[];
  /** every match (may exceed the entries shown) */
  total: number;
}

export const SMSG_WHO = defineMessage<WhoList>({
  name: "SMSG_WHO",
  opcode: Opcode.SMSG_WHO,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const n = r.count(r.u32(), 1000, 19, "who entries");
    const total = r.u32();
    const entries: WhoEntry[] = [];
    for (let i = 0; i < n; i++) {
      entries.push({ name: r.cstring(NAME_MAX), guild: r.cstring(NAME_MAX), level: r.u32(), class: r.u32(), race: r.u32(), gender: r.u8(), zone: r.u32() });
    }
    return { entries, total };
  },
  write(w, v) {
    w.u32(v.entries.length).u32(v.total);
    for (const e of v.entries) w.cstring(e.name).cstring(e.guild).u32(e.level).u32(e.class).u32(e.race).u8(e.gender).u32(e.zone);
  },
});
