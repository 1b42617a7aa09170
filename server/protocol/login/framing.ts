// Framing the login stream (protocol.md §1.1): there is no length prefix, so the length of
// the next message follows from its command and, for some, from fields inside it. These
// functions look only at the bytes already buffered and never allocate:
//
//   n > 0  the message needs n bytes in total (from `start`). If n <= end - start it is
//          complete and exactly n bytes long; otherwise wait until at least n bytes are
//          buffered and ask again (n may grow as more of the message becomes visible).
//   n < 0  a LoginFrameError: close the connection.
//
// Every returned n is checked against `cap` (and the message's own maximum) BEFORE the
// caller would grow a buffer to hold it.
import { AuthCmd } from "../opcodes.ts";
import { KNOWN_SECURITY_FLAGS, SecurityFlag } from "./fields.ts";
import { CHALLENGE_FIXED_SIZE, CHALLENGE_SIZE_MAX, CHALLENGE_SIZE_MIN } from "./logon-challenge.ts";
import { AUTHENTICATOR_TOKEN_MAX, LOGON_PROOF_BASE_LENGTH, TELEMETRY_KEY_LENGTH } from "./logon-proof.ts";
import { RECONNECT_PROOF_LENGTH } from "./reconnect.ts";
import { REALM_LIST_REQUEST_LENGTH } from "./realm-list.ts";

export const LoginFrameError = {
  /** The command byte is not one the current state accepts (or not a client command). */
  UNEXPECTED_COMMAND: -1,
  /** The declared size is over the cap or the message's own maximum. */
  TOO_LARGE: -2,
  /** A length field is impossible (name length 0, size inconsistent, unknown flag bits). */
  MALFORMED: -3,
} as const;
export type LoginFrameErrorCode = (typeof LoginFrameError)[keyof typeof LoginFrameError];

/**
 * Default cap for one client login message. The largest a 3.3.5a client sends is a proof
 * with a token (~100 bytes); telemetry keys could push a hostile one to ~7.8 KB.
 */
export const LOGIN_MESSAGE_CAP = 1024;

function allowed(cmd: number, expected: number | readonly number[]): boolean {
  return typeof expected === "number" ? cmd === expected : expected.includes(cmd);
}

function capped(n: number, cap: number): number {
  return n > cap ? LoginFrameError.TOO_LARGE : n;
}

/**
 * How many bytes the next client message needs. `expected` is the command (or commands)
 * the session's state accepts, e.g. [CMD_AUTH_LOGON_CHALLENGE, CMD_AUTH_RECONNECT_CHALLENGE]
 * before authentication.
 */
export function clientMessageLength(
  buf: Uint8Array,
  start: number,
  end: number,
  expected: number | readonly number[],
  cap: number = LOGIN_MESSAGE_CAP,
): number {
  const avail = end - start;
  if (avail < 1) return 1;
  const cmd = buf[start]!;
  if (!allowed(cmd, expected)) return LoginFrameError.UNEXPECTED_COMMAND;
  switch (cmd) {
    case AuthCmd.CMD_AUTH_LOGON_CHALLENGE:
    case AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE: {
      if (avail < 4) return capped(4 + CHALLENGE_SIZE_MIN, cap);
      const size = buf[start + 2]! | (buf[start + 3]! << 8);
      if (size > CHALLENGE_SIZE_MAX) return LoginFrameError.TOO_LARGE;
      if (size < CHALLENGE_SIZE_MIN) return LoginFrameError.MALFORMED;
      const total = 4 + size;
      // the name length byte sits at offset 33 and must agree with the size
      if (avail >= 34 && buf[start + 33]! + CHALLENGE_FIXED_SIZE !== size) return LoginFrameError.MALFORMED;
      return capped(total, cap);
    }
    case AuthCmd.CMD_AUTH_LOGON_PROOF: {
      if (avail < LOGON_PROOF_BASE_LENGTH - 1) return capped(LOGON_PROOF_BASE_LENGTH, cap);
      const flagsAt = LOGON_PROOF_BASE_LENGTH - 1 + buf[start + 73]! * TELEMETRY_KEY_LENGTH;
      let need = flagsAt + 1;
      if (need > cap) return LoginFrameError.TOO_LARGE;
      if (avail < need) return need;
      const flags = buf[start + flagsAt]!;
      if ((flags & ~KNOWN_SECURITY_FLAGS) !== 0) return LoginFrameError.MALFORMED;
      if (flags & SecurityFlag.PIN) need += 16 + 20;
      if (flags & SecurityFlag.MATRIX_CARD) need += 20;
      if (flags & SecurityFlag.AUTHENTICATOR) {
        const lengthAt = need;
        need += 1;
        if (need > cap) return LoginFrameError.TOO_LARGE;
        if (avail < need) return need;
        const tokenLength = buf[start + lengthAt]!;
        if (tokenLength > AUTHENTICATOR_TOKEN_MAX) return LoginFrameError.TOO_LARGE;
        need += tokenLength;
      }
      return capped(need, cap);
    }
    case AuthCmd.CMD_AUTH_RECONNECT_PROOF:
      return capped(RECONNECT_PROOF_LENGTH, cap);
    case AuthCmd.CMD_REALM_LIST:
      return capped(REALM_LIST_REQUEST_LENGTH, cap);
    case AuthCmd.CMD_XFER_ACCEPT:
    case AuthCmd.CMD_XFER_CANCEL:
      return 1;
    case AuthCmd.CMD_XFER_RESUME:
      return capped(9, cap); // u64 offset
    default:
      return LoginFrameError.UNEXPECTED_COMMAND;
  }
}

/**
 * How many bytes the next server login message needs (the client side: tests, bench
 * client). Same contract as clientMessageLength. A failed proof reply is taken to be the
 * 4-byte protocol-8 form; a 2-byte form is followed by the server closing, and the bytes
 * left over then decode with the tolerant decoder.
 */
export function serverMessageLength(buf: Uint8Array, start: number, end: number, cap = 0x10002): number {
  const avail = end - start;
  if (avail < 1) return 1;
  const cmd = buf[start]!;
  switch (cmd) {
    case AuthCmd.CMD_AUTH_LOGON_CHALLENGE: {
      if (avail < 3) return 3;
      if (buf[start + 2] !== 0) return 3;
      // B(32) g(len+1) N(len+1) salt(32) crc(16) flags(1); g and N lengths are read as they
      // arrive, so until then the answer is the next length byte's position
      if (avail < 36) return 36;
      const gLength = buf[start + 35]!;
      const nLengthAt = 36 + gLength;
      if (avail < nLengthAt + 1) return capped(nLengthAt + 1, cap);
      const nLength = buf[start + nLengthAt]!;
      const flagsAt = nLengthAt + 1 + nLength + 32 + 16;
      let need = flagsAt + 1;
      if (need > cap) return LoginFrameError.TOO_LARGE;
      if (avail < need) return need;
      const flags = buf[start + flagsAt]!;
      if ((flags & ~KNOWN_SECURITY_FLAGS) !== 0) return LoginFrameError.MALFORMED;
      if (flags & SecurityFlag.PIN) need += 4 + 16;
      if (flags & SecurityFlag.MATRIX_CARD) need += 4 + 8;
      if (flags & SecurityFlag.AUTHENTICATOR) need += 1;
      return capped(need, cap);
    }
    case AuthCmd.CMD_AUTH_LOGON_PROOF:
      if (avail < 2) return 2;
      return buf[start + 1] === 0 ? capped(32, cap) : 4;
    case AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE:
      if (avail < 2) return 2;
      return buf[start + 1] === 0 ? capped(34, cap) : 2;
    case AuthCmd.CMD_AUTH_RECONNECT_PROOF:
      return 4;
    case AuthCmd.CMD_REALM_LIST: {
      if (avail < 3) return 3;
      return capped(3 + (buf[start + 1]! | (buf[start + 2]! << 8)), cap);
    }
    default:
      return LoginFrameError.UNEXPECTED_COMMAND;
  }
}
