// The failure form of each reply (protocol.md §1.3, §1.7, §1.10), as bytes:
//   LOGON_CHALLENGE      00 00 <result>        (3 bytes)
//   LOGON_PROOF          01 <result> 00 00     (4 bytes, protocol 8)
//   RECONNECT_CHALLENGE  02 <result>           (2 bytes)
//   RECONNECT_PROOF      03 <result> 00 00     (4 bytes)
// The realm list has no failure form (the socket is closed instead).
import { AuthCmd } from "../protocol/opcodes.ts";
import type { LoginFailure } from "../protocol/login/result.ts";

const cache = new Map<number, Uint8Array>();

/** The failure reply for a command, or undefined when it has none. Shared bytes: do not modify. */
export function failureReply(cmd: number, result: LoginFailure): Uint8Array | undefined {
  const key = (cmd << 8) | result;
  let b = cache.get(key);
  if (b) return b;
  switch (cmd) {
    case AuthCmd.CMD_AUTH_LOGON_CHALLENGE:
      b = Uint8Array.of(cmd, 0, result);
      break;
    case AuthCmd.CMD_AUTH_LOGON_PROOF:
    case AuthCmd.CMD_AUTH_RECONNECT_PROOF:
      b = Uint8Array.of(cmd, result, 0, 0);
      break;
    case AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE:
      b = Uint8Array.of(cmd, result);
      break;
    default:
      return undefined;
  }
  cache.set(key, b);
  return b;
}

/** Reconnect proof success: 03 00 00 00. */
export const RECONNECT_PROOF_OK = Uint8Array.of(AuthCmd.CMD_AUTH_RECONNECT_PROOF, 0, 0, 0);
