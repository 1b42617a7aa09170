// Login ("grunt") protocol messages, protocol 8 (protocol.md §1). No length prefix: the
// receiver must know each layout; expectedLoginReplyLength() tells how many bytes a buffered
// server reply needs so that a client can frame it across TCP reads.
import { ByteReader, ByteWriter } from "../bytes.ts";

export const AuthCmd = {
  LOGON_CHALLENGE: 0x00,
  LOGON_PROOF: 0x01,
  RECONNECT_CHALLENGE: 0x02,
  RECONNECT_PROOF: 0x03,
  REALM_LIST: 0x10,
} as const;

export const LoginResult = {
  SUCCESS: 0x00,
  FAIL_UNKNOWN0: 0x01,
  FAIL_UNKNOWN1: 0x02,
  FAIL_BANNED: 0x03,
  FAIL_UNKNOWN_ACCOUNT: 0x04,
  FAIL_INCORRECT_PASSWORD: 0x05,
  FAIL_ALREADY_ONLINE: 0x06,
  FAIL_NO_TIME: 0x07,
  FAIL_DB_BUSY: 0x08,
  FAIL_VERSION_INVALID: 0x09,
  LOGIN_DOWNLOAD_FILE: 0x0a,
  FAIL_INVALID_SERVER: 0x0b,
  FAIL_SUSPENDED: 0x0c,
  FAIL_NO_ACCESS: 0x0d,
  SUCCESS_SURVEY: 0x0e,
  FAIL_PARENTALCONTROL: 0x0f,
  FAIL_LOCKED_ENFORCED: 0x10,
  FAIL_TRIAL_ENDED: 0x11,
  FAIL_USE_BATTLENET: 0x12,
} as const;

export const SecurityFlag = { PIN: 0x01, MATRIX_CARD: 0x02, AUTHENTICATOR: 0x04 } as const;

export interface LogonChallengeRequest {
  /** 0x00 logon (default) or 0x02 reconnect - same layout. */
  command?: number;
  protocolVersion?: number;
  gameName?: string;
  version?: [number, number, number];
  build?: number;
  platform?: string;
  os?: string;
  locale?: string;
  timezoneBias?: number;
  /** IPv4 in network order, e.g. [127, 0, 0, 1]. */
  ip?: [number, number, number, number];
  /** Sent as given (a real client upper-cases it). */
  account: string;
}

/** Four-character code "stored reversed": "x86" -> 36 38 78 00, "enUS" -> 53 55 6E 65. */
function writeReversed4cc(w: ByteWriter, s: string): void {
  const bytes = [0, 0, 0, 0];
  for (let i = 0; i < s.length && i < 4; i++) bytes[s.length - 1 - i] = s.charCodeAt(i) & 0xff;
  w.bytes(bytes);
}

export function writeLogonChallenge(w: ByteWriter, req: LogonChallengeRequest): void {
  const name = new TextEncoder().encode(req.account);
  if (name.length > 255) throw new RangeError("account name too long");
  w.u8(req.command ?? AuthCmd.LOGON_CHALLENGE);
  w.u8(req.protocolVersion ?? 8);
  w.u16(30 + name.length);
  const game = req.gameName ?? "WoW";
  const g = [0, 0, 0, 0];
  for (let i = 0; i < game.length && i < 4; i++) g[i] = game.charCodeAt(i) & 0xff;
  w.bytes(g);
  const [maj, min, patch] = req.version ?? [3, 3, 5];
  w.u8(maj).u8(min).u8(patch);
  w.u16(req.build ?? 12340);
  writeReversed4cc(w, req.platform ?? "x86");
  writeReversed4cc(w, req.os ?? "Win");
  writeReversed4cc(w, req.locale ?? "enUS");
  w.u32(req.timezoneBias ?? 60);
  w.bytes(req.ip ?? [127, 0, 0, 1]);
  w.u8(name.length);
  w.bytes(name);
}

export interface TelemetryKey {
  unknown1: number;
  unknown2: number;
  unknown3: Uint8Array;
  proof: Uint8Array;
}

export interface LogonProofRequest {
  A: Uint8Array;
  M1: Uint8Array;
  crcHash: Uint8Array;
  telemetryKeys?: TelemetryKey[];
  securityFlags?: number;
  pin?: { salt: Uint8Array; hash: Uint8Array };
  matrixProof?: Uint8Array;
  authenticator?: string;
}

export function writeLogonProof(w: ByteWriter, p: LogonProofRequest): void {
  w.u8(AuthCmd.LOGON_PROOF).bytes(p.A).bytes(p.M1).bytes(p.crcHash);
  const keys = p.telemetryKeys ?? [];
  w.u8(keys.length);
  for (const k of keys) w.u16(k.unknown1).u32(k.unknown2).bytes(k.unknown3).bytes(k.proof);
  const flags = p.securityFlags ?? 0;
  w.u8(flags);
  if (flags & SecurityFlag.PIN) w.bytes(p.pin?.salt ?? new Uint8Array(16)).bytes(p.pin?.hash ?? new Uint8Array(20));
  if (flags & SecurityFlag.MATRIX_CARD) w.bytes(p.matrixProof ?? new Uint8Array(20));
  if (flags & SecurityFlag.AUTHENTICATOR) {
    const t = new TextEncoder().encode(p.authenticator ?? "");
    w.u8(t.length).bytes(t);
  }
}

export function writeReconnectProof(w: ByteWriter, R1: Uint8Array, R2: Uint8Array, R3: Uint8Array, keyCount = 0): void {
  w.u8(AuthCmd.RECONNECT_PROOF).bytes(R1).bytes(R2).bytes(R3).u8(keyCount);
}

export function writeRealmListRequest(w: ByteWriter): void {
  w.u8(AuthCmd.REALM_LIST).u32(0);
}

// --- server replies --------------------------------------------------------------------------

/**
 * Bytes needed for the complete server reply at the start of `buf`, or -1 when more bytes must
 * arrive before the length is known. Throws on an unknown command byte.
 */
export function expectedLoginReplyLength(buf: Uint8Array): number {
  if (buf.length < 1) return -1;
  const cmd = buf[0] as number;
  switch (cmd) {
    case AuthCmd.LOGON_CHALLENGE: {
      if (buf.length < 3) return -1;
      if (buf[2] !== 0) return 3;
      if (buf.length < 36) return -1;
      const gLen = buf[35] as number;
      const nLenAt = 36 + gLen;
      if (buf.length < nLenAt + 1) return -1;
      const flagsAt = nLenAt + 1 + (buf[nLenAt] as number) + 32 + 16;
      if (buf.length < flagsAt + 1) return -1;
      const flags = buf[flagsAt] as number;
      let n = flagsAt + 1;
      if (flags & SecurityFlag.PIN) n += 4 + 16;
      if (flags & SecurityFlag.MATRIX_CARD) n += 4 + 8;
      if (flags & SecurityFlag.AUTHENTICATOR) n += 1;
      return n;
    }
    case AuthCmd.LOGON_PROOF:
      if (buf.length < 2) return -1;
      return buf[1] === 0 ? 32 : 4;
    case AuthCmd.RECONNECT_CHALLENGE:
      if (buf.length < 2) return -1;
      return buf[1] === 0 ? 34 : 2;
    case AuthCmd.RECONNECT_PROOF:
      return 4;
    case AuthCmd.REALM_LIST:
      if (buf.length < 3) return -1;
      return 3 + ((buf[1] as number) | ((buf[2] as number) << 8));
    default:
      throw new RangeError(`unknown login command 0x${cmd.toString(16)}`);
  }
}

export interface LogonChallengeReply {
  result: number;
  B?: Uint8Array;
  g?: Uint8Array;
  N?: Uint8Array;
  salt?: Uint8Array;
  crcSalt?: Uint8Array;
  securityFlags?: number;
  pin?: { gridSeed: number; salt: Uint8Array };
  matrix?: { width: number; height: number; digitCount: number; challengeCount: number; seed: bigint };
  authenticatorRequired?: number;
}

export function readLogonChallengeReply(bytes: Uint8Array): LogonChallengeReply {
  const r = new ByteReader(bytes);
  r.u8(); // command
  r.u8(); // protocol / unknown
  const result = r.u8();
  if (result !== 0) return { result };
  const B = r.bytesCopy(32);
  const g = r.bytesCopy(r.u8());
  const N = r.bytesCopy(r.u8());
  const salt = r.bytesCopy(32);
  const crcSalt = r.bytesCopy(16);
  const securityFlags = r.u8();
  const out: LogonChallengeReply = { result, B, g, N, salt, crcSalt, securityFlags };
  if (securityFlags & SecurityFlag.PIN) out.pin = { gridSeed: r.u32(), salt: r.bytesCopy(16) };
  if (securityFlags & SecurityFlag.MATRIX_CARD) {
    out.matrix = { width: r.u8(), height: r.u8(), digitCount: r.u8(), challengeCount: r.u8(), seed: r.u64() };
  }
  if (securityFlags & SecurityFlag.AUTHENTICATOR) out.authenticatorRequired = r.u8();
  return out;
}

export interface LogonProofReply {
  result: number;
  M2?: Uint8Array;
  accountFlags?: number;
  surveyId?: number;
  unknownFlags?: number;
  /** Failure: bytes after the result (normally `00 00`; 2-byte replies have none). */
  failurePadding?: Uint8Array;
}

/** Success is 32 bytes; failure is `01 err 00 00` (4 bytes) or the short `01 err` form. */
export function readLogonProofReply(bytes: Uint8Array): LogonProofReply {
  const r = new ByteReader(bytes);
  r.u8();
  const result = r.u8();
  if (result !== 0) return { result, failurePadding: r.bytesCopy(Math.min(2, r.remaining)) };
  return { result, M2: r.bytesCopy(20), accountFlags: r.u32(), surveyId: r.u32(), unknownFlags: r.u16() };
}

export interface ReconnectChallengeReply {
  result: number;
  challenge?: Uint8Array;
  checksumSalt?: Uint8Array;
}

export function readReconnectChallengeReply(bytes: Uint8Array): ReconnectChallengeReply {
  const r = new ByteReader(bytes);
  r.u8();
  const result = r.u8();
  if (result !== 0) return { result };
  return { result, challenge: r.bytesCopy(16), checksumSalt: r.bytesCopy(16) };
}

export function readReconnectProofReply(bytes: Uint8Array): { result: number } {
  const r = new ByteReader(bytes);
  r.u8();
  return { result: r.u8() };
}

export const RealmFlags = {
  INVALID: 0x01,
  OFFLINE: 0x02,
  SPECIFY_BUILD: 0x04,
  RECOMMENDED: 0x20,
  NEW_PLAYERS: 0x40,
  FULL: 0x80,
} as const;

export interface Realm {
  type: number;
  locked: number;
  flags: number;
  name: string;
  address: string;
  population: number;
  characters: number;
  category: number;
  id: number;
  version?: { major: number; minor: number; patch: number; build: number };
}

export interface RealmList {
  realms: Realm[];
  footer: number;
}

export function readRealmList(bytes: Uint8Array): RealmList {
  const r = new ByteReader(bytes);
  r.u8(); // command
  const size = r.u16();
  if (size > r.remaining) throw new RangeError(`realm list size ${size} exceeds ${r.remaining} bytes`);
  r.u32(); // unused
  const count = r.u16();
  const realms: Realm[] = [];
  for (let i = 0; i < count; i++) {
    const realm: Realm = {
      type: r.u8(),
      locked: r.u8(),
      flags: r.u8(),
      name: r.cstring(),
      address: r.cstring(),
      population: r.f32(),
      characters: r.u8(),
      category: r.u8(),
      id: r.u8(),
    };
    if (realm.flags & RealmFlags.SPECIFY_BUILD) {
      realm.version = { major: r.u8(), minor: r.u8(), patch: r.u8(), build: r.u16() };
    }
    realms.push(realm);
  }
  const footer = r.remaining >= 2 ? r.u16() : 0;
  return { realms, footer };
}

/** Split "host:port" from a realm entry (port defaults to 8085). */
export function parseRealmAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(":");
  if (i < 0) return { host: address, port: 8085 };
  return { host: address.slice(0, i), port: Number.parseInt(address.slice(i + 1), 10) };
}
