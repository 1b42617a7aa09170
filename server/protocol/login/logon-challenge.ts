// CMD_AUTH_LOGON_CHALLENGE (protocol.md §1.2, §1.3) and the client half of
// CMD_AUTH_RECONNECT_CHALLENGE, which has the identical layout (§1.10).
// Login messages have no header: read/write include the command byte.
import { RealmError } from "../../kernel/errors.ts";
import { DecodeError } from "../reader.ts";
import { defineMessage, type MessageDef } from "../message.ts";
import { AuthCmd } from "../opcodes.ts";
import { N_BYTES, G_BYTES } from "../srp6.ts";
import { VERSION_CHALLENGE } from "../integrity.ts";
import { checkFlags, expectCommand, readFourCC, SecurityFlag, securityFlagsOf, writeFixed, writeFourCC } from "./fields.ts";
import { LoginResult, type LoginFailure } from "./result.ts";
import type { Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";

/** Login protocol version of 3.3.5a clients (logon and reconnect). */
export const LOGIN_PROTOCOL_VERSION = 8;
export const ACCOUNT_NAME_MAX = 16;
/** The size field counts the bytes after it: 30 fixed + the name. */
export const CHALLENGE_FIXED_SIZE = 30;
export const CHALLENGE_SIZE_MIN = CHALLENGE_FIXED_SIZE + 1;
export const CHALLENGE_SIZE_MAX = CHALLENGE_FIXED_SIZE + ACCOUNT_NAME_MAX;

export interface AuthChallengeClient {
  /** 8 for 3.3.5a (TC calls this byte "error"). */
  protocolVersion: number;
  /** "WoW". */
  gameName: string;
  versionMajor: number;
  versionMinor: number;
  versionPatch: number;
  /** 12340. */
  build: number;
  /** "x86" or "PPC" (decoded from the reversed 4CC). */
  platform: string;
  /** "Win" or "OSX". */
  os: string;
  /** e.g. "enUS". */
  locale: string;
  /** Timezone bias in minutes (u32). */
  timezoneBias: number;
  /** IPv4 in network order as a u32 (127.0.0.1 = 0x7F000001). */
  clientIp: number;
  /** As sent: upper case, 1..16 bytes. */
  accountName: string;
}

const nameDecoder = new TextDecoder();
const nameEncoder = new TextEncoder();

function readChallengeClient(r: Reader, cmd: number, name: string): AuthChallengeClient {
  expectCommand(r, cmd, name);
  const protocolVersion = r.u8();
  const sizeAt = r.offset;
  const size = r.u16();
  if (size < CHALLENGE_SIZE_MIN || size > CHALLENGE_SIZE_MAX) {
    throw new DecodeError("PROTO_BAD_VALUE", `${name}: size ${size} outside [${CHALLENGE_SIZE_MIN}, ${CHALLENGE_SIZE_MAX}]`, sizeAt);
  }
  if (r.remaining < size) throw new DecodeError("PROTO_TRUNCATED", `${name}: size ${size} but only ${r.remaining} bytes follow`, sizeAt);
  const gameName = readFourCC(r);
  const versionMajor = r.u8();
  const versionMinor = r.u8();
  const versionPatch = r.u8();
  const build = r.u16();
  const platform = readFourCC(r);
  const os = readFourCC(r);
  const locale = readFourCC(r);
  const timezoneBias = r.u32();
  const clientIp = r.u32be();
  const nameAt = r.offset;
  const nameLength = r.u8();
  if (nameLength < 1 || nameLength > ACCOUNT_NAME_MAX) {
    throw new DecodeError("PROTO_BAD_VALUE", `${name}: account name length ${nameLength} outside [1, ${ACCOUNT_NAME_MAX}]`, nameAt);
  }
  if (size !== CHALLENGE_FIXED_SIZE + nameLength) {
    throw new DecodeError("PROTO_BAD_VALUE", `${name}: size ${size} does not match name length ${nameLength}`, sizeAt);
  }
  const accountName = nameDecoder.decode(r.bytes(nameLength));
  return { protocolVersion, gameName, versionMajor, versionMinor, versionPatch, build, platform, os, locale, timezoneBias, clientIp, accountName };
}


function writeChallengeClient(w: Writer, cmd: number, v: AuthChallengeClient): void {
  const nameBytes = nameEncoder.encode(v.accountName);
  if (nameBytes.length < 1 || nameBytes.length > ACCOUNT_NAME_MAX) {
    throw new RealmError("PROTO_BAD_VALUE", `account name of ${nameBytes.length} bytes outside [1, ${ACCOUNT_NAME_MAX}]`);
  }
  w.u8(cmd);
  w.u8(v.protocolVersion);
  w.u16(CHALLENGE_FIXED_SIZE + nameBytes.length);
  writeFourCC(w, v.gameName);
  w.u8(v.versionMajor);
  w.u8(v.versionMinor);
  w.u8(v.versionPatch);
  w.u16(v.build);
  writeFourCC(w, v.platform);
  writeFourCC(w, v.os);
  writeFourCC(w, v.locale);
  w.u32(v.timezoneBias);
  w.u32be(v.clientIp);
  w.u8(nameBytes.length);
  w.bytes(nameBytes);
}

export const CMD_AUTH_LOGON_CHALLENGE_Client: MessageDef<AuthChallengeClient> = defineMessage({
  name: "CMD_AUTH_LOGON_CHALLENGE",
  opcode: AuthCmd.CMD_AUTH_LOGON_CHALLENGE,
  direction: "c2s",
  doc: "protocol.md §1.2",
  read: (r) => readChallengeClient(r, AuthCmd.CMD_AUTH_LOGON_CHALLENGE, "CMD_AUTH_LOGON_CHALLENGE"),
  write: (w, v) => writeChallengeClient(w, AuthCmd.CMD_AUTH_LOGON_CHALLENGE, v),
});

export const CMD_AUTH_RECONNECT_CHALLENGE_Client: MessageDef<AuthChallengeClient> = defineMessage({
  name: "CMD_AUTH_RECONNECT_CHALLENGE",
  opcode: AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE,
  direction: "c2s",
  doc: "protocol.md §1.2, §1.10",
  read: (r) => readChallengeClient(r, AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE, "CMD_AUTH_RECONNECT_CHALLENGE"),
  write: (w, v) => writeChallengeClient(w, AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE, v),
});

// ---------------------------------------------------------------------------------
// Server reply

/** Extra blocks after the security flags byte, present when their flag is set. */
export interface SecurityChallenge {
  pin?: { gridSeed: number; salt: Uint8Array };
  matrixCard?: { width: number; height: number; digitCount: number; challengeCount: number; seed: bigint };
  authenticator?: { required: number };
}

export interface AuthLogonChallengeSuccess {
  result: LoginResult.SUCCESS;
  /** Server public ephemeral, 32 bytes LE. */
  B: Uint8Array;
  /** Generator bytes (u8 length-prefixed; [7]). */
  g: Uint8Array;
  /** Prime bytes (u8 length-prefixed; 32 bytes LE). */
  N: Uint8Array;
  salt: Uint8Array;
  /** 16-byte version challenge. */
  crcSalt: Uint8Array;
  security: SecurityChallenge;
}
export interface AuthLogonChallengeFailure {
  result: LoginFailure;
}
export type AuthLogonChallengeServer = AuthLogonChallengeSuccess | AuthLogonChallengeFailure;

/** The usual success reply: the fixed g and N, and the fixed crc salt unless given. */
export function logonChallengeSuccess(B: Uint8Array, salt: Uint8Array, security: SecurityChallenge = {}, crcSalt: Uint8Array = VERSION_CHALLENGE): AuthLogonChallengeSuccess {
  return { result: LoginResult.SUCCESS, B, g: G_BYTES, N: N_BYTES, salt, crcSalt, security };
}

export const CMD_AUTH_LOGON_CHALLENGE_Server: MessageDef<AuthLogonChallengeServer> = defineMessage<AuthLogonChallengeServer>({
  name: "CMD_AUTH_LOGON_CHALLENGE",
  opcode: AuthCmd.CMD_AUTH_LOGON_CHALLENGE,
  direction: "s2c",
  doc: "protocol.md §1.3, §1.9",
  read(r) {
    expectCommand(r, AuthCmd.CMD_AUTH_LOGON_CHALLENGE, "CMD_AUTH_LOGON_CHALLENGE");
    r.u8(); // protocol / unknown, always 0
    const result = r.u8() as LoginResult;
    if (result !== LoginResult.SUCCESS) return { result };
    const B = r.copy(32);
    const gAt = r.offset;
    const gLength = r.u8();
    if (gLength < 1) throw new DecodeError("PROTO_BAD_VALUE", "generator length 0", gAt);
    const g = r.copy(gLength);
    const nAt = r.offset;
    const nLength = r.u8();
    if (nLength < 1 || nLength > 32) throw new DecodeError("PROTO_BAD_VALUE", `prime length ${nLength} outside [1, 32]`, nAt);
    const N = r.copy(nLength);
    const salt = r.copy(32);
    const crcSalt = r.copy(16);
    const flagsAt = r.offset;
    const flags = r.u8();
    checkFlags(flags, flagsAt, "CMD_AUTH_LOGON_CHALLENGE");
    const security: SecurityChallenge = {};
    if (flags & SecurityFlag.PIN) security.pin = { gridSeed: r.u32(), salt: r.copy(16) };
    if (flags & SecurityFlag.MATRIX_CARD) {
      security.matrixCard = { width: r.u8(), height: r.u8(), digitCount: r.u8(), challengeCount: r.u8(), seed: r.u64() };
    }
    if (flags & SecurityFlag.AUTHENTICATOR) security.authenticator = { required: r.u8() };
    return { result, B, g, N, salt, crcSalt, security };
  },
  write(w, v) {
    w.u8(AuthCmd.CMD_AUTH_LOGON_CHALLENGE);
    w.u8(0);
    w.u8(v.result);
    if (v.result !== LoginResult.SUCCESS) return;
    const s = v as AuthLogonChallengeSuccess;
    writeFixed(w, s.B, 32, "B");
    if (s.g.length < 1 || s.g.length > 255) throw new RealmError("PROTO_BAD_VALUE", "generator must be 1..255 bytes");
    w.u8(s.g.length).bytes(s.g);
    if (s.N.length < 1 || s.N.length > 32) throw new RealmError("PROTO_BAD_VALUE", "prime must be 1..32 bytes");
    w.u8(s.N.length).bytes(s.N);
    writeFixed(w, s.salt, 32, "salt");
    writeFixed(w, s.crcSalt, 16, "crc salt");
    const sec = s.security;
    w.u8(securityFlagsOf(sec));
    if (sec.pin) {
      w.u32(sec.pin.gridSeed);
      writeFixed(w, sec.pin.salt, 16, "PIN salt");
    }
    if (sec.matrixCard) {
      const m = sec.matrixCard;
      w.u8(m.width).u8(m.height).u8(m.digitCount).u8(m.challengeCount).u64(m.seed);
    }
    if (sec.authenticator) w.u8(sec.authenticator.required);
  },
});
