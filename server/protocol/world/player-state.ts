// Small in-world requests a client sends right after the login burst and later
// (protocol.md §2.9, §2.13): time sync answer, query time, played time, zone, selection,
// stand state and sheath state. Re-exported by login-burst.ts.
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { emptyMessage, guidMessage, u32Message, u8Message } from "./common.ts";

const DOC = "protocol.md §2.9";
const DOC_TIME = "protocol.md §2.13";

export interface TimeSyncResp {
  counter: number;
  clientTicks: number;
}

export const CMSG_TIME_SYNC_RESP = defineMessage<TimeSyncResp>({
  name: "CMSG_TIME_SYNC_RESP",
  opcode: Opcode.CMSG_TIME_SYNC_RESP,
  direction: "c2s",
  doc: DOC_TIME,
  read: (r) => ({ counter: r.u32(), clientTicks: r.u32() }),
  write: (w, v) => void w.u32(v.counter).u32(v.clientTicks),
});

export const CMSG_QUERY_TIME = emptyMessage("CMSG_QUERY_TIME", Opcode.CMSG_QUERY_TIME, "c2s", DOC_TIME);

export interface QueryTimeResponse {
  unixTime: number;
  secondsUntilDailyReset: number;
}

export const SMSG_QUERY_TIME_RESPONSE = defineMessage<QueryTimeResponse>({
  name: "SMSG_QUERY_TIME_RESPONSE",
  opcode: Opcode.SMSG_QUERY_TIME_RESPONSE,
  direction: "s2c",
  doc: DOC_TIME,
  read: (r) => ({ unixTime: r.u32(), secondsUntilDailyReset: r.u32() }),
  write: (w, v) => void w.u32(v.unixTime).u32(v.secondsUntilDailyReset),
});

export const CMSG_PLAYED_TIME = u8Message("CMSG_PLAYED_TIME", Opcode.CMSG_PLAYED_TIME, "c2s", DOC_TIME, "showInChat");
export type PlayedTimeRequest = { showInChat: number };

export interface PlayedTime {
  totalSeconds: number;
  levelSeconds: number;
  showInChat: number;
}

export const SMSG_PLAYED_TIME = defineMessage<PlayedTime>({
  name: "SMSG_PLAYED_TIME",
  opcode: Opcode.SMSG_PLAYED_TIME,
  direction: "s2c",
  doc: DOC_TIME,
  read: (r) => ({ totalSeconds: r.u32(), levelSeconds: r.u32(), showInChat: r.u8() }),
  write: (w, v) => void w.u32(v.totalSeconds).u32(v.levelSeconds).u8(v.showInChat),
});

export const CMSG_ZONEUPDATE = u32Message("CMSG_ZONEUPDATE", Opcode.CMSG_ZONEUPDATE, "c2s", DOC, "area");
export type ZoneUpdate = { area: number };

export const CMSG_SET_SELECTION = guidMessage("CMSG_SET_SELECTION", Opcode.CMSG_SET_SELECTION, "c2s", DOC);

export const StandState = {
  STAND: 0,
  SIT: 1,
  SIT_CHAIR: 2,
  SLEEP: 3,
  SIT_LOW_CHAIR: 4,
  SIT_MEDIUM_CHAIR: 5,
  SIT_HIGH_CHAIR: 6,
  DEAD: 7,
  KNEEL: 8,
  SUBMERGED: 9,
} as const;

/** CMSG_STANDSTATECHANGE carries the state as a u32; the server's update is a u8. */
export const CMSG_STANDSTATECHANGE = u32Message("CMSG_STANDSTATECHANGE", Opcode.CMSG_STANDSTATECHANGE, "c2s", DOC, "state");
export const SMSG_STANDSTATE_UPDATE = u8Message("SMSG_STANDSTATE_UPDATE", Opcode.SMSG_STANDSTATE_UPDATE, "s2c", DOC, "state");
export type StandStateChange = { state: number };

export const SheathState = { UNARMED: 0, MELEE: 1, RANGED: 2 } as const;
export const CMSG_SETSHEATHED = u32Message("CMSG_SETSHEATHED", Opcode.CMSG_SETSHEATHED, "c2s", DOC, "sheathed");
export type SetSheathed = { sheathed: number };
