// The login connection's states (protocol.md §1.1). Each state accepts exactly the
// commands listed; anything else closes the socket.
import { AuthCmd } from "../protocol/opcodes.ts";

export const enum AuthState {
  /** accepts 0x00 LOGON_CHALLENGE or 0x02 RECONNECT_CHALLENGE */
  CHALLENGE = 0,
  /** accepts 0x01 LOGON_PROOF (one) */
  LOGON_PROOF = 1,
  /** accepts 0x03 RECONNECT_PROOF (one) */
  RECON_PROOF = 2,
  /** accepts 0x10 REALM_LIST, any number of times */
  AUTHED = 3,
  CLOSED = 4,
}

export const AUTH_STATE_NAMES = ["CHALLENGE", "LOGON_PROOF", "RECON_PROOF", "AUTHED", "CLOSED"] as const;

/** The commands each state accepts (index = AuthState; CLOSED accepts nothing). */
export const EXPECTED_COMMANDS: readonly (number | readonly number[])[] = [
  [AuthCmd.CMD_AUTH_LOGON_CHALLENGE, AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE],
  AuthCmd.CMD_AUTH_LOGON_PROOF,
  AuthCmd.CMD_AUTH_RECONNECT_PROOF,
  AuthCmd.CMD_REALM_LIST,
  [],
];
