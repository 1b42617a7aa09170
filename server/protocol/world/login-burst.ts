// The messages of the login burst (protocol.md §2.9 table). The small in-world client
// requests that follow it (time sync answer, query/played time, zone, selection, stand
// state, sheath) are in player-state.ts and re-exported here.
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";
import { Limits, u32Message } from "./common.ts";

const DOC = "protocol.md §2.9";

export interface LoginVerifyWorld {
  map: number;
  x: number;
  y: number;
  z: number;
  orientation: number;
}

export const SMSG_LOGIN_VERIFY_WORLD = defineMessage<LoginVerifyWorld>({
  name: "SMSG_LOGIN_VERIFY_WORLD",
  opcode: Opcode.SMSG_LOGIN_VERIFY_WORLD,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ map: r.u32(), x: r.finiteF32("x"), y: r.finiteF32("y"), z: r.finiteF32("z"), orientation: r.finiteF32("orientation") }),
  write: (w, v) => void w.u32(v.map).f32(v.x).f32(v.y).f32(v.z).f32(v.orientation),
});

export const ComplaintStatus = { DISABLED: 0, ENABLED_WITHOUT_AUTO_IGNORE: 1, ENABLED_WITH_AUTO_IGNORE: 2 } as const;

export interface FeatureSystemStatus {
  complaintStatus: number;
  voiceChatEnabled: number;
}

export const SMSG_FEATURE_SYSTEM_STATUS = defineMessage<FeatureSystemStatus>({
  name: "SMSG_FEATURE_SYSTEM_STATUS",
  opcode: Opcode.SMSG_FEATURE_SYSTEM_STATUS,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ complaintStatus: r.u8(), voiceChatEnabled: r.u8() }),
  write: (w, v) => void w.u8(v.complaintStatus).u8(v.voiceChatEnabled),
});

export interface Motd {
  lines: string[];
}

export const SMSG_MOTD = defineMessage<Motd>({
  name: "SMSG_MOTD",
  opcode: Opcode.SMSG_MOTD,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const n = r.count(r.u32(), 256, 1, "MOTD line");
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(r.cstring(Limits.TEXT));
    return { lines };
  },
  write(w, v) {
    w.u32(v.lines.length);
    for (const l of v.lines) w.cstring(l);
  },
});

export interface LearnedDanceMoves {
  moves: number;
  unknown: number;
}

export const SMSG_LEARNED_DANCE_MOVES = defineMessage<LearnedDanceMoves>({
  name: "SMSG_LEARNED_DANCE_MOVES",
  opcode: Opcode.SMSG_LEARNED_DANCE_MOVES,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ moves: r.u32(), unknown: r.u32() }),
  write: (w, v) => void w.u32(v.moves).u32(v.unknown),
});

export interface BindPointUpdate {
  x: number;
  y: number;
  z: number;
  map: number;
  area: number;
}

export const SMSG_BINDPOINTUPDATE = defineMessage<BindPointUpdate>({
  name: "SMSG_BINDPOINTUPDATE",
  opcode: Opcode.SMSG_BINDPOINTUPDATE,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ x: r.finiteF32("x"), y: r.finiteF32("y"), z: r.finiteF32("z"), map: r.u32(), area: r.u32() }),
  write: (w, v) => void w.f32(v.x).f32(v.y).f32(v.z).u32(v.map).u32(v.area),
});

export interface Talent {
  id: number;
  rank: number;
}

export interface TalentSpec {
  talents: Talent[];
  /** glyph ids (u16); the cores send 6 slots */
  glyphs: number[];
}

/**
 * SMSG_TALENTS_INFO (wowm 3.3.5 layout): `u8 is_pet, u32 unspent_points`, then for a player
 * `u8 spec_count, u8 active_spec` and per spec `u8 n, {u32 talent, u8 rank}[n], u8 g, u16 glyph[g]`;
 * for a pet `u8 n, {u32 talent, u8 rank}[n]`.
 */
export interface TalentsInfo {
  isPet: number;
  unspentPoints: number;
  activeSpec: number;
  specs: TalentSpec[];
  petTalents: Talent[];
}

export const MAX_GLYPH_SLOTS = 6;

/** The minimal player form: one spec, no talents, six empty glyph slots. */
export function emptyTalentsInfo(unspentPoints = 0): TalentsInfo {
  return { isPet: 0, unspentPoints, activeSpec: 0, specs: [{ talents: [], glyphs: new Array(MAX_GLYPH_SLOTS).fill(0) }], petTalents: [] };
}

function readTalents(r: Reader): Talent[] {
  const n = r.count(r.u8(), 255, 5, "talent");
  const out: Talent[] = [];
  for (let i = 0; i < n; i++) out.push({ id: r.u32(), rank: r.u8() });
  return out;
}

function writeTalents(w: Writer, t: readonly Talent[]): void {
  w.u8(t.length);
  for (const x of t) w.u32(x.id).u8(x.rank);
}

export const SMSG_TALENTS_INFO = defineMessage<TalentsInfo>({
  name: "SMSG_TALENTS_INFO",
  opcode: Opcode.SMSG_TALENTS_INFO,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const isPet = r.u8();
    const unspentPoints = r.u32();
    if (isPet !== 0) return { isPet, unspentPoints, activeSpec: 0, specs: [], petTalents: readTalents(r) };
    const specCount = r.count(r.u8(), 8, 2, "talent spec");
    const activeSpec = r.u8();
    const specs: TalentSpec[] = [];
    for (let s = 0; s < specCount; s++) {
      const talents = readTalents(r);
      const g = r.count(r.u8(), 255, 2, "glyph");
      const glyphs: number[] = [];
      for (let i = 0; i < g; i++) glyphs.push(r.u16());
      specs.push({ talents, glyphs });
    }
    return { isPet, unspentPoints, activeSpec, specs, petTalents: [] };
  },
  write(w, v) {
    w.u8(v.isPet).u32(v.unspentPoints);
    if (v.isPet !== 0) return writeTalents(w, v.petTalents);
    w.u8(v.specs.length).u8(v.activeSpec);
    for (const s of v.specs) {
      writeTalents(w, s.talents);
      w.u8(s.glyphs.length);
      for (const g of s.glyphs) w.u16(g);
    }
  },
});

export interface InstanceDifficulty {
  difficulty: number;
  dynamic: number;
}

export const SMSG_INSTANCE_DIFFICULTY = defineMessage<InstanceDifficulty>({
  name: "SMSG_INSTANCE_DIFFICULTY",
  opcode: Opcode.SMSG_INSTANCE_DIFFICULTY,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ difficulty: r.u32(), dynamic: r.u32() }),
  write: (w, v) => void w.u32(v.difficulty).u32(v.dynamic),
});

export interface InitialSpell {
  spellId: number;
  /** u16, 0 */
  unknown: number;
}

export interface SpellCooldown {
  spellId: number;
  itemId: number;
  category: number;
  cooldownMs: number;
  categoryCooldownMs: number;
}

export interface InitialSpells {
  /** u8, 0 */
  unknown: number;
  spells: InitialSpell[];
  cooldowns: SpellCooldown[];
}

export const SMSG_INITIAL_SPELLS = defineMessage<InitialSpells>({
  name: "SMSG_INITIAL_SPELLS",
  opcode: Opcode.SMSG_INITIAL_SPELLS,
  direction: "s2c",
  doc: "protocol.md §2.9, pitfall 6",
  read(r) {
    const unknown = r.u8();
    const n = r.count(r.u16(), 0xffff, 6, "spell");
    const spells: InitialSpell[] = [];
    for (let i = 0; i < n; i++) spells.push({ spellId: r.u32(), unknown: r.u16() });
    const c = r.count(r.u16(), 0xffff, 16, "cooldown");
    const cooldowns: SpellCooldown[] = [];
    for (let i = 0; i < c; i++) {
      cooldowns.push({ spellId: r.u32(), itemId: r.u16(), category: r.u16(), cooldownMs: r.u32(), categoryCooldownMs: r.u32() });
    }
    return { unknown, spells, cooldowns };
  },
  write(w, v) {
    w.u8(v.unknown).u16(v.spells.length);
    for (const s of v.spells) w.u32(s.spellId).u16(s.unknown);
    w.u16(v.cooldowns.length);
    for (const c of v.cooldowns) w.u32(c.spellId).u16(c.itemId).u16(c.category).u32(c.cooldownMs).u32(c.categoryCooldownMs);
  },
});

export const SMSG_SEND_UNLEARN_SPELLS = defineMessage<{ spells: number[] }>({
  name: "SMSG_SEND_UNLEARN_SPELLS",
  opcode: Opcode.SMSG_SEND_UNLEARN_SPELLS,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const n = r.count(r.u32(), 0xffff, 4, "spell");
    const spells: number[] = [];
    for (let i = 0; i < n; i++) spells.push(r.u32());
    return { spells };
  },
  write(w, v) {
    w.u32(v.spells.length);
    for (const s of v.spells) w.u32(s);
  },
});
export type SendUnlearnSpells = { spells: number[] };

export const MAX_ACTION_BUTTONS = 144;
export const ActionButtonType = { SPELL: 0x00, CLICK: 0x01, EQSET: 0x20, MACRO: 0x40, CMACRO: 0x41, ITEM: 0x80 } as const;
/** state byte: 0 initial, 1 after a talent spec swap, 2 clear (no buttons follow) */
export const ActionButtonsState = { INITIAL: 0, SPEC_SWAP: 1, CLEAR: 2 } as const;

/** packed = action id (24 bits) | type << 24; 0 = empty */
export function packActionButton(action: number, type: number): number {
  return ((action & 0xffffff) | ((type & 0xff) << 24)) >>> 0;
}

export interface ActionButtons {
  state: number;
  /** 144 packed buttons unless state is CLEAR (2) */
  buttons: number[];
}

export const SMSG_ACTION_BUTTONS = defineMessage<ActionButtons>({
  name: "SMSG_ACTION_BUTTONS",
  opcode: Opcode.SMSG_ACTION_BUTTONS,
  direction: "s2c",
  doc: "protocol.md §2.9, pitfall 6",
  read(r) {
    const state = r.u8();
    const buttons: number[] = [];
    if (state !== ActionButtonsState.CLEAR) for (let i = 0; i < MAX_ACTION_BUTTONS; i++) buttons.push(r.u32());
    return { state, buttons };
  },
  write(w, v) {
    w.u8(v.state);
    if (v.state !== ActionButtonsState.CLEAR) for (let i = 0; i < MAX_ACTION_BUTTONS; i++) w.u32(v.buttons[i] ?? 0);
  },
});

export interface FactionInit {
  flags: number;
  standing: number;
}

export const INITIAL_FACTION_COUNT = 128;

export const SMSG_INITIALIZE_FACTIONS = defineMessage<{ factions: FactionInit[] }>({
  name: "SMSG_INITIALIZE_FACTIONS",
  opcode: Opcode.SMSG_INITIALIZE_FACTIONS,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const n = r.count(r.u32(), 1024, 5, "faction");
    const factions: FactionInit[] = [];
    for (let i = 0; i < n; i++) factions.push({ flags: r.u8(), standing: r.i32() });
    return { factions };
  },
  write(w, v) {
    w.u32(v.factions.length);
    for (const f of v.factions) w.u8(f.flags).i32(f.standing);
  },
});
export type InitializeFactions = { factions: FactionInit[] };

export interface WorldState {
  state: number;
  value: number;
}

export interface InitWorldStates {
  map: number;
  zone: number;
  area: number;
  states: WorldState[];
}

export const SMSG_INIT_WORLD_STATES = defineMessage<InitWorldStates>({
  name: "SMSG_INIT_WORLD_STATES",
  opcode: Opcode.SMSG_INIT_WORLD_STATES,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const map = r.u32();
    const zone = r.u32();
    const area = r.u32();
    const n = r.count(r.u16(), 0xffff, 8, "world state");
    const states: WorldState[] = [];
    for (let i = 0; i < n; i++) states.push({ state: r.u32(), value: r.u32() });
    return { map, zone, area, states };
  },
  write(w, v) {
    w.u32(v.map).u32(v.zone).u32(v.area).u16(v.states.length);
    for (const s of v.states) w.u32(s.state).u32(s.value);
  },
});

/** Game speed of SMSG_LOGIN_SETTIMESPEED: one game minute per real minute (1/60). */
export const GAME_TIME_SPEED = 0.01666667;

/**
 * Packs a date as the client's game time: (year-2000)<<24 | month0<<20 | day0<<14 |
 * weekday<<11 | hour<<6 | minute (month and day zero-based, weekday 0 = Sunday).
 * Uses the date's local fields unless `utc` is true.
 */
export function packGameTime(date: Date, utc = false): number {
  const year = (utc ? date.getUTCFullYear() : date.getFullYear()) - 2000;
  const month = utc ? date.getUTCMonth() : date.getMonth();
  const day = (utc ? date.getUTCDate() : date.getDate()) - 1;
  const weekday = utc ? date.getUTCDay() : date.getDay();
  const hour = utc ? date.getUTCHours() : date.getHours();
  const minute = utc ? date.getUTCMinutes() : date.getMinutes();
  return (((year & 0x1f) << 24) | ((month & 0xf) << 20) | ((day & 0x3f) << 14) | ((weekday & 0x7) << 11) | ((hour & 0x1f) << 6) | (minute & 0x3f)) >>> 0;
}

export interface GameTime {
  year: number;
  month0: number;
  day0: number;
  weekday: number;
  hour: number;
  minute: number;
}

export function unpackGameTime(packed: number): GameTime {
  return {
    year: 2000 + ((packed >>> 24) & 0x1f),
    month0: (packed >>> 20) & 0xf,
    day0: (packed >>> 14) & 0x3f,
    weekday: (packed >>> 11) & 0x7,
    hour: (packed >>> 6) & 0x1f,
    minute: packed & 0x3f,
  };
}

export interface LoginSetTimeSpeed {
  gameTime: number;
  speed: number;
  /** u32 0 (TC: holiday offset) */
  unknown: number;
}

export const SMSG_LOGIN_SETTIMESPEED = defineMessage<LoginSetTimeSpeed>({
  name: "SMSG_LOGIN_SETTIMESPEED",
  opcode: Opcode.SMSG_LOGIN_SETTIMESPEED,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ gameTime: r.u32(), speed: r.f32(), unknown: r.u32() }),
  write: (w, v) => void w.u32(v.gameTime).f32(v.speed).u32(v.unknown),
});

export const SMSG_TIME_SYNC_REQ = u32Message("SMSG_TIME_SYNC_REQ", Opcode.SMSG_TIME_SYNC_REQ, "s2c", "protocol.md §2.13", "counter");
export type TimeSyncReq = { counter: number };

// The in-world client requests that follow the burst live in player-state.ts.
export * from "./player-state.ts";
