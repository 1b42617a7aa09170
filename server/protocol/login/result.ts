// LoginResult codes of login protocol 8 (protocol.md §1.4). One byte on the wire in every
// reply's result field. Names are verbatim (cmangos / wowm).

export const enum LoginResult {
  SUCCESS = 0x00,
  FAIL_UNKNOWN0 = 0x01,
  FAIL_UNKNOWN1 = 0x02,
  /** Account closed (permanent ban). */
  FAIL_BANNED = 0x03,
  /** "Information not valid": used for unknown names AND wrong passwords. */
  FAIL_UNKNOWN_ACCOUNT = 0x04,
  /** Same text, but the client then refuses further attempts; servers send 0x04 instead. */
  FAIL_INCORRECT_PASSWORD = 0x05,
  FAIL_ALREADY_ONLINE = 0x06,
  FAIL_NO_TIME = 0x07,
  FAIL_DB_BUSY = 0x08,
  /** Wrong build or failed version (crc) check. */
  FAIL_VERSION_INVALID = 0x09,
  LOGIN_DOWNLOAD_FILE = 0x0a,
  FAIL_INVALID_SERVER = 0x0b,
  /** Temporary ban, IP-lock mismatch. */
  FAIL_SUSPENDED = 0x0c,
  /** E.g. banned IP. */
  FAIL_NO_ACCESS = 0x0d,
  SUCCESS_SURVEY = 0x0e,
  FAIL_PARENTALCONTROL = 0x0f,
  /** Operator lock. */
  FAIL_LOCKED_ENFORCED = 0x10,
  FAIL_TRIAL_ENDED = 0x11,
  FAIL_USE_BATTLENET = 0x12,
}

/** Every failure code (anything but SUCCESS). */
export type LoginFailure = Exclude<LoginResult, LoginResult.SUCCESS>;

/** Names by value, for logs and tests (a const enum has no runtime object). */
export const LOGIN_RESULT_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0x00: "SUCCESS",
  0x01: "FAIL_UNKNOWN0",
  0x02: "FAIL_UNKNOWN1",
  0x03: "FAIL_BANNED",
  0x04: "FAIL_UNKNOWN_ACCOUNT",
  0x05: "FAIL_INCORRECT_PASSWORD",
  0x06: "FAIL_ALREADY_ONLINE",
  0x07: "FAIL_NO_TIME",
  0x08: "FAIL_DB_BUSY",
  0x09: "FAIL_VERSION_INVALID",
  0x0a: "LOGIN_DOWNLOAD_FILE",
  0x0b: "FAIL_INVALID_SERVER",
  0x0c: "FAIL_SUSPENDED",
  0x0d: "FAIL_NO_ACCESS",
  0x0e: "SUCCESS_SURVEY",
  0x0f: "FAIL_PARENTALCONTROL",
  0x10: "FAIL_LOCKED_ENFORCED",
  0x11: "FAIL_TRIAL_ENDED",
  0x12: "FAIL_USE_BATTLENET",
});

export function loginResultName(code: number): string {
  return LOGIN_RESULT_NAMES[code] ?? `UNKNOWN_0x${code.toString(16).padStart(2, "0")}`;
}
