// Object removal and the logout sequence (protocol.md §2.9, §2.13).
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { emptyMessage } from "./common.ts";

const DOC = "protocol.md §2.13";

export interface DestroyObject {
  guid: bigint;
  /** 1: the client plays the death animation (CGUnit_C::OnDeath) */
  isDeath: number;
}

export const SMSG_DESTROY_OBJECT = defineMessage<DestroyObject>({
  name: "SMSG_DESTROY_OBJECT",
  opcode: Opcode.SMSG_DESTROY_OBJECT,
  direction: "s2c",
  doc: "protocol.md §2.9",
  read: (r) => ({ guid: r.u64(), isDeath: r.u8() }),
  write: (w, v) => void w.u64(v.guid).u8(v.isDeath),
});

export const CMSG_LOGOUT_REQUEST = emptyMessage("CMSG_LOGOUT_REQUEST", Opcode.CMSG_LOGOUT_REQUEST, "c2s", DOC);

/** SMSG_LOGOUT_RESPONSE reasons: 0 ok; non-zero refuses (e.g. 1 in combat, 3 jumping/falling). */
export const LogoutResult = { SUCCESS: 0, FAILURE_IN_COMBAT: 1, FAILURE_FROZEN_BY_GM: 2, FAILURE_JUMPING_OR_FALLING: 3 } as const;

export interface LogoutResponse {
  reason: number;
  /** 1 = instant (resting, on a taxi, or GM) */
  instant: number;
}

export const SMSG_LOGOUT_RESPONSE = defineMessage<LogoutResponse>({
  name: "SMSG_LOGOUT_RESPONSE",
  opcode: Opcode.SMSG_LOGOUT_RESPONSE,
  direction: "s2c",
  doc: DOC,
  read: (r) => ({ reason: r.u32(), instant: r.u8() }),
  write: (w, v) => void w.u32(v.reason).u8(v.instant),
});

export const SMSG_LOGOUT_COMPLETE = emptyMessage("SMSG_LOGOUT_COMPLETE", Opcode.SMSG_LOGOUT_COMPLETE, "s2c", DOC);
export const CMSG_LOGOUT_CANCEL = emptyMessage("CMSG_LOGOUT_CANCEL", Opcode.CMSG_LOGOUT_CANCEL, "c2s", DOC);
export const SMSG_LOGOUT_CANCEL_ACK = emptyMessage("SMSG_LOGOUT_CANCEL_ACK", Opcode.SMSG_LOGOUT_CANCEL_ACK, "s2c", DOC);
/** GM / instant variant; treat like an instant logout. */
export const CMSG_PLAYER_LOGOUT = emptyMessage("CMSG_PLAYER_LOGOUT", Opcode.CMSG_PLAYER_LOGOUT, "c2s", DOC);

/** The logout delay when not instant (§2.13). */
export const LOGOUT_DELAY_MS = 20_000;
