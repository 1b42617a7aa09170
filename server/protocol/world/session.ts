// Session-level messages after the handshake (protocol.md §2.7): client cache version,
// tutorial flags, account data, realm split, ping/pong, keep-alive, kick reason.
import { inflateSync } from "node:zlib";
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { DecodeError, type Reader } from "../reader.ts";
import { emptyMessage, Limits, readU32s, u32Message, writeU32s } from "./common.ts";

const DOC = "protocol.md §2.7";

export const SMSG_CLIENTCACHE_VERSION = u32Message("SMSG_CLIENTCACHE_VERSION", Opcode.SMSG_CLIENTCACHE_VERSION, "s2c", DOC, "version");
export type ClientCacheVersion = { version: number };

// ---------------------------------------------------------------------------------------
// Tutorials

export interface TutorialFlags {
  /** 8 x u32 bitmask of seen tutorials; all 0xFFFFFFFF disables tutorials */
  flags: number[];
}

export const TUTORIAL_FLAG_WORDS = 8;

export const SMSG_TUTORIAL_FLAGS = defineMessage<TutorialFlags>({
  name: "SMSG_TUTORIAL_FLAGS",
  opcode: Opcode.SMSG_TUTORIAL_FLAGS,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ flags: readU32s(r, TUTORIAL_FLAG_WORDS) }),
  write: (w, v) => writeU32s(w, v.flags, TUTORIAL_FLAG_WORDS),
});

export const CMSG_TUTORIAL_FLAG = u32Message("CMSG_TUTORIAL_FLAG", Opcode.CMSG_TUTORIAL_FLAG, "c2s", DOC, "flag");
export type TutorialFlag = { flag: number };
export const CMSG_TUTORIAL_CLEAR = emptyMessage("CMSG_TUTORIAL_CLEAR", Opcode.CMSG_TUTORIAL_CLEAR, "c2s", DOC);
export const CMSG_TUTORIAL_RESET = emptyMessage("CMSG_TUTORIAL_RESET", Opcode.CMSG_TUTORIAL_RESET, "c2s", DOC);

// ---------------------------------------------------------------------------------------
// Account data (8 slots; global mask 0x15, per-character mask 0xEA)

export const AccountDataType = {
  GLOBAL_CONFIG_CACHE: 0,
  PER_CHARACTER_CONFIG_CACHE: 1,
  GLOBAL_BINDINGS_CACHE: 2,
  PER_CHARACTER_BINDINGS_CACHE: 3,
  GLOBAL_MACROS_CACHE: 4,
  PER_CHARACTER_MACROS_CACHE: 5,
  PER_CHARACTER_LAYOUT_CACHE: 6,
  PER_CHARACTER_CHAT_CACHE: 7,
} as const;
export const NUM_ACCOUNT_DATA_TYPES = 8;
export const GLOBAL_CACHE_MASK = 0x15;
export const PER_CHARACTER_CACHE_MASK = 0xea;

export const CMSG_READY_FOR_ACCOUNT_DATA_TIMES = emptyMessage(
  "CMSG_READY_FOR_ACCOUNT_DATA_TIMES",
  Opcode.CMSG_READY_FOR_ACCOUNT_DATA_TIMES,
  "c2s",
  DOC,
);

export interface AccountDataTimes {
  serverTime: number;
  /** 1 */
  unknown: number;
  mask: number;
  /** one unix time per set bit of mask, ascending slot order */
  times: number[];
}

function popcount32(v: number): number {
  let x = v >>> 0;
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export const SMSG_ACCOUNT_DATA_TIMES = defineMessage<AccountDataTimes>({
  name: "SMSG_ACCOUNT_DATA_TIMES",
  opcode: Opcode.SMSG_ACCOUNT_DATA_TIMES,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const serverTime = r.u32();
    const unknown = r.u8();
    const mask = r.u32();
    const n = r.count(popcount32(mask), 32, 4, "account data time");
    return { serverTime, unknown, mask, times: readU32s(r, n) };
  },
  write(w, v) {
    w.u32(v.serverTime).u8(v.unknown).u32(v.mask);
    writeU32s(w, v.times, popcount32(v.mask));
  },
});

export interface UpdateAccountData {
  slot: number;
  time: number;
  /** decompressed size; 0 = erase the slot */
  size: number;
  /** the zlib stream, kept compressed */
  data: Uint8Array;
}

function readSizedZlib(r: Reader): { size: number; data: Uint8Array } {
  const at = r.offset;
  const size = r.u32();
  if (size > Limits.ACCOUNT_DATA) throw new DecodeError("PROTO_BAD_VALUE", `account data of ${size} bytes over ${Limits.ACCOUNT_DATA}`, at);
  return { size, data: r.rest().slice() };
}

export const CMSG_UPDATE_ACCOUNT_DATA = defineMessage<UpdateAccountData>({
  name: "CMSG_UPDATE_ACCOUNT_DATA",
  opcode: Opcode.CMSG_UPDATE_ACCOUNT_DATA,
  direction: "c2s",
  doc: DOC,
  read(r) {
    const slot = r.u32();
    const time = r.u32();
    return { slot, time, ...readSizedZlib(r) };
  },
  write: (w, v) => void w.u32(v.slot).u32(v.time).u32(v.size).bytes(v.data),
});

/** Inflates account data (capped at its declared size and Limits.ACCOUNT_DATA); null when damaged. */
export function inflateAccountData(v: { size: number; data: Uint8Array }): Uint8Array | null {
  if (v.size === 0) return new Uint8Array(0);
  if (v.size > Limits.ACCOUNT_DATA) return null;
  try {
    const out = inflateSync(v.data, { maxOutputLength: v.size });
    return out.length === v.size ? new Uint8Array(out) : null;
  } catch {
    return null;
  }
}

export interface UpdateAccountDataComplete {
  slot: number;
  /** 0 */
  result: number;
}

export const SMSG_UPDATE_ACCOUNT_DATA_COMPLETE = defineMessage<UpdateAccountDataComplete>({
  name: "SMSG_UPDATE_ACCOUNT_DATA_COMPLETE",
  opcode: Opcode.SMSG_UPDATE_ACCOUNT_DATA_COMPLETE,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ slot: r.u32(), result: r.u32() }),
  write: (w, v) => void w.u32(v.slot).u32(v.result),
});

export const CMSG_REQUEST_ACCOUNT_DATA = u32Message("CMSG_REQUEST_ACCOUNT_DATA", Opcode.CMSG_REQUEST_ACCOUNT_DATA, "c2s", DOC, "slot");
export type RequestAccountData = { slot: number };

export interface AccountData extends UpdateAccountData {
  /** the player's guid, 0 at the character screen */
  guid: bigint;
}

export const SMSG_UPDATE_ACCOUNT_DATA = defineMessage<AccountData>({
  name: "SMSG_UPDATE_ACCOUNT_DATA",
  opcode: Opcode.SMSG_UPDATE_ACCOUNT_DATA,
  direction: "s2c",
  doc: "protocol.md §2.7, pitfall 6",
  read(r) {
    const guid = r.u64();
    const slot = r.u32();
    const time = r.u32();
    return { guid, slot, time, ...readSizedZlib(r) };
  },
  write: (w, v) => void w.u64(v.guid).u32(v.slot).u32(v.time).u32(v.size).bytes(v.data),
});

// ---------------------------------------------------------------------------------------
// Realm split, ping, keep-alive, kick

export const CMSG_REALM_SPLIT = u32Message("CMSG_REALM_SPLIT", Opcode.CMSG_REALM_SPLIT, "c2s", DOC, "realmId");
export type RealmSplitRequest = { realmId: number };

export const RealmSplitState = { NORMAL: 0, SPLIT: 1, SPLIT_PENDING: 2 } as const;

export interface RealmSplit {
  realmId: number;
  state: number;
  /** e.g. "01/01/01" */
  date: string;
}

export const SMSG_REALM_SPLIT = defineMessage<RealmSplit>({
  name: "SMSG_REALM_SPLIT",
  opcode: Opcode.SMSG_REALM_SPLIT,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ realmId: r.u32(), state: r.u32(), date: r.cstring(Limits.NAME) }),
  write: (w, v) => void w.u32(v.realmId).u32(v.state).cstring(v.date),
});

export interface Ping {
  sequence: number;
  latency: number;
}

export const CMSG_PING = defineMessage<Ping>({
  name: "CMSG_PING",
  opcode: Opcode.CMSG_PING,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ sequence: r.u32(), latency: r.u32() }),
  write: (w, v) => void w.u32(v.sequence).u32(v.latency),
});

export const SMSG_PONG = u32Message("SMSG_PONG", Opcode.SMSG_PONG, "s2c", DOC, "sequence");
export type Pong = { sequence: number };

export const CMSG_KEEP_ALIVE = emptyMessage("CMSG_KEEP_ALIVE", Opcode.CMSG_KEEP_ALIVE, "c2s", DOC);

export interface KickReason {
  reason: number;
  text: string;
}

export const SMSG_KICK_REASON = defineMessage<KickReason>({
  name: "SMSG_KICK_REASON",
  opcode: Opcode.SMSG_KICK_REASON,
  direction: "s2c",
  doc: "protocol.md §2.13.2",
  read: (r) => ({ reason: r.u8(), text: r.cstring(Limits.TEXT) }),
  write: (w, v) => void w.u8(v.reason).cstring(v.text),
});
