// CMD_AUTH_LOGON_PROOF (protocol.md §1.6, §1.7, §1.9).
import { RealmError } from "../../kernel/errors.ts";
import { DecodeError, type Reader } from "../reader.ts";
import { defineMessage, type MessageDef } from "../message.ts";
import { AuthCmd } from "../opcodes.ts";
import { checkFlags, expectCommand, SecurityFlag, securityFlagsOf, writeFixed } from "./fields.ts";
import { LoginResult, type LoginFailure } from "./result.ts";

/** A "telemetry key" block (a normal client sends none): u16, u32, u8[4], u8[20]. */
export interface TelemetryKey {
  unknown1: number;
  unknown2: number;
  unknown3: Uint8Array;
  cdKeyProof: Uint8Array;
}
export const TELEMETRY_KEY_LENGTH = 30;
/** Bytes of a proof without telemetry keys or security blocks. */
export const LOGON_PROOF_BASE_LENGTH = 75;
/** Longest authenticator token accepted (the client sends 6-8 digits; protocol.md says up to 16). */
export const AUTHENTICATOR_TOKEN_MAX = 32;

/** The client's answers to the security blocks it was sent. */
export interface SecurityProof {
  pin?: { clientSalt: Uint8Array; hash: Uint8Array };
  matrixCard?: { proof: Uint8Array };
  /** Token digits as typed (u8 length-prefixed text). */
  authenticator?: { token: string };
}

export interface AuthLogonProofClient {
  /** Client public ephemeral, 32 bytes LE. */
  A: Uint8Array;
  /** Client proof, 20 bytes. */
  M1: Uint8Array;
  /** SHA1(A | version checksum), 20 bytes. */
  crcHash: Uint8Array;
  telemetryKeys: TelemetryKey[];
  security: SecurityProof;
}

const tokenDecoder = new TextDecoder();
const tokenEncoder = new TextEncoder();

function readSecurityProof(r: Reader): SecurityProof {
  const at = r.offset;
  const flags = r.u8();
  checkFlags(flags, at, "CMD_AUTH_LOGON_PROOF");
  const s: SecurityProof = {};
  if (flags & SecurityFlag.PIN) s.pin = { clientSalt: r.copy(16), hash: r.copy(20) };
  if (flags & SecurityFlag.MATRIX_CARD) s.matrixCard = { proof: r.copy(20) };
  if (flags & SecurityFlag.AUTHENTICATOR) {
    const lenAt = r.offset;
    const n = r.u8();
    if (n > AUTHENTICATOR_TOKEN_MAX) throw new DecodeError("PROTO_BAD_VALUE", `authenticator token of ${n} bytes`, lenAt);
    s.authenticator = { token: tokenDecoder.decode(r.bytes(n)) };
  }
  return s;
}

export const CMD_AUTH_LOGON_PROOF_Client: MessageDef<AuthLogonProofClient> = defineMessage({
  name: "CMD_AUTH_LOGON_PROOF",
  opcode: AuthCmd.CMD_AUTH_LOGON_PROOF,
  direction: "c2s",
  doc: "protocol.md §1.6, §1.9",
  read(r) {
    expectCommand(r, AuthCmd.CMD_AUTH_LOGON_PROOF, "CMD_AUTH_LOGON_PROOF");
    const A = r.copy(32);
    const M1 = r.copy(20);
    const crcHash = r.copy(20);
    const count = r.count(r.u8(), 255, TELEMETRY_KEY_LENGTH, "telemetry key");
    const telemetryKeys: TelemetryKey[] = [];
    for (let i = 0; i < count; i++) {
      telemetryKeys.push({ unknown1: r.u16(), unknown2: r.u32(), unknown3: r.copy(4), cdKeyProof: r.copy(20) });
    }
    return { A, M1, crcHash, telemetryKeys, security: readSecurityProof(r) };
  },
  write(w, v) {
    w.u8(AuthCmd.CMD_AUTH_LOGON_PROOF);
    writeFixed(w, v.A, 32, "A");
    writeFixed(w, v.M1, 20, "M1");
    writeFixed(w, v.crcHash, 20, "crc hash");
    if (v.telemetryKeys.length > 255) throw new RealmError("PROTO_BAD_VALUE", "more than 255 telemetry keys");
    w.u8(v.telemetryKeys.length);
    for (const k of v.telemetryKeys) {
      w.u16(k.unknown1).u32(k.unknown2);
      writeFixed(w, k.unknown3, 4, "telemetry unknown3");
      writeFixed(w, k.cdKeyProof, 20, "telemetry cd key proof");
    }
    const s = v.security;
    w.u8(securityFlagsOf(s));
    if (s.pin) {
      writeFixed(w, s.pin.clientSalt, 16, "PIN client salt");
      writeFixed(w, s.pin.hash, 20, "PIN hash");
    }
    if (s.matrixCard) writeFixed(w, s.matrixCard.proof, 20, "matrix card proof");
    if (s.authenticator) {
      const t = tokenEncoder.encode(s.authenticator.token);
      if (t.length > 255) throw new RealmError("PROTO_BAD_VALUE", "authenticator token longer than 255 bytes");
      w.u8(t.length).bytes(t);
    }
  },
});

// ---------------------------------------------------------------------------------
// Server reply

export interface AuthLogonProofSuccess {
  result: LoginResult.SUCCESS;
  /** Server proof, 20 bytes. */
  M2: Uint8Array;
  /** 0x01 GM, 0x08 trial, 0x800000 pro pass. */
  accountFlags: number;
  hardwareSurveyId: number;
  unknownFlags: number;
}
export interface AuthLogonProofFailure {
  result: LoginFailure;
  /** The u16 after the result in the 4-byte form (0; TrinityCore sends 3). Default 0. */
  padding?: number;
  /** The 2-byte 1.12 form `01 <result>` (cmangos' version failure); decoding tolerates it. */
  twoByteForm?: boolean;
}
export type AuthLogonProofServer = AuthLogonProofSuccess | AuthLogonProofFailure;

export const ACCOUNT_FLAG_GM = 0x01;
export const ACCOUNT_FLAG_TRIAL = 0x08;
export const ACCOUNT_FLAG_PROPASS = 0x800000;

export const CMD_AUTH_LOGON_PROOF_Server: MessageDef<AuthLogonProofServer> = defineMessage<AuthLogonProofServer>({
  name: "CMD_AUTH_LOGON_PROOF",
  opcode: AuthCmd.CMD_AUTH_LOGON_PROOF,
  direction: "s2c",
  doc: "protocol.md §1.7",
  read(r) {
    expectCommand(r, AuthCmd.CMD_AUTH_LOGON_PROOF, "CMD_AUTH_LOGON_PROOF");
    const result = r.u8() as LoginResult;
    if (result === LoginResult.SUCCESS) {
      return { result, M2: r.copy(20), accountFlags: r.u32(), hardwareSurveyId: r.u32(), unknownFlags: r.u16() };
    }
    if (r.remaining < 2) return { result, twoByteForm: true };
    return { result, padding: r.u16() };
  },
  write(w, v) {
    w.u8(AuthCmd.CMD_AUTH_LOGON_PROOF);
    w.u8(v.result);
    if (v.result === LoginResult.SUCCESS) {
      const s = v as AuthLogonProofSuccess;
      writeFixed(w, s.M2, 20, "M2");
      w.u32(s.accountFlags).u32(s.hardwareSurveyId).u16(s.unknownFlags);
      return;
    }
    const f = v as AuthLogonProofFailure;
    if (f.twoByteForm) return;
    w.u16(f.padding ?? 0);
  },
});
