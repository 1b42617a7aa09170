// Reconnect (protocol.md §1.10): the server half of CMD_AUTH_RECONNECT_CHALLENGE and both
// halves of CMD_AUTH_RECONNECT_PROOF. The client challenge shares the logon layout
// (logon-challenge.ts, CMD_AUTH_RECONNECT_CHALLENGE_Client).
import { defineMessage, type MessageDef } from "../message.ts";
import { AuthCmd } from "../opcodes.ts";
import { VERSION_CHALLENGE } from "../integrity.ts";
import { expectCommand, writeFixed } from "./fields.ts";
import { LoginResult, type LoginFailure } from "./result.ts";

export interface AuthReconnectChallengeSuccess {
  result: LoginResult.SUCCESS;
  /** 16 random bytes the server remembers for the R2 check. */
  challengeData: Uint8Array;
  /** 16 bytes; TC/cmangos send the fixed crc salt, SpinaciCore zeros. */
  checksumSalt: Uint8Array;
}
export interface AuthReconnectChallengeFailure {
  result: LoginFailure;
}
export type AuthReconnectChallengeServer = AuthReconnectChallengeSuccess | AuthReconnectChallengeFailure;

export function reconnectChallengeSuccess(challengeData: Uint8Array, checksumSalt: Uint8Array = VERSION_CHALLENGE): AuthReconnectChallengeSuccess {
  return { result: LoginResult.SUCCESS, challengeData, checksumSalt };
}

/** Success 34 bytes (`02 00` + 16 + 16); failure 2 bytes `02 <result>`. */
export const CMD_AUTH_RECONNECT_CHALLENGE_Server: MessageDef<AuthReconnectChallengeServer> = defineMessage<AuthReconnectChallengeServer>({
  name: "CMD_AUTH_RECONNECT_CHALLENGE",
  opcode: AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE,
  direction: "s2c",
  doc: "protocol.md §1.10",
  read(r) {
    expectCommand(r, AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE, "CMD_AUTH_RECONNECT_CHALLENGE");
    const result = r.u8() as LoginResult;
    if (result !== LoginResult.SUCCESS) return { result };
    return { result, challengeData: r.copy(16), checksumSalt: r.copy(16) };
  },
  write(w, v) {
    w.u8(AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE);
    w.u8(v.result);
    if (v.result !== LoginResult.SUCCESS) return;
    const s = v as AuthReconnectChallengeSuccess;
    writeFixed(w, s.challengeData, 16, "challenge data");
    writeFixed(w, s.checksumSalt, 16, "checksum salt");
  },
});

export interface AuthReconnectProofClient {
  /** 16 random client bytes. */
  R1: Uint8Array;
  /** SHA1(I | R1 | challengeData | K), 20 bytes. */
  R2: Uint8Array;
  /** SHA1(R1 | 20 zero bytes), 20 bytes. */
  R3: Uint8Array;
  /** 0 from a 3.3.5a client; nothing follows either way. */
  keyCount: number;
}
export const RECONNECT_PROOF_LENGTH = 58;

export const CMD_AUTH_RECONNECT_PROOF_Client: MessageDef<AuthReconnectProofClient> = defineMessage({
  name: "CMD_AUTH_RECONNECT_PROOF",
  opcode: AuthCmd.CMD_AUTH_RECONNECT_PROOF,
  direction: "c2s",
  doc: "protocol.md §1.10",
  read(r) {
    expectCommand(r, AuthCmd.CMD_AUTH_RECONNECT_PROOF, "CMD_AUTH_RECONNECT_PROOF");
    return { R1: r.copy(16), R2: r.copy(20), R3: r.copy(20), keyCount: r.u8() };
  },
  write(w, v) {
    w.u8(AuthCmd.CMD_AUTH_RECONNECT_PROOF);
    writeFixed(w, v.R1, 16, "R1");
    writeFixed(w, v.R2, 20, "R2");
    writeFixed(w, v.R3, 20, "R3");
    w.u8(v.keyCount);
  },
});

export interface AuthReconnectProofServer {
  result: LoginResult;
  /** The u16 after the result (0). */
  padding?: number;
  /** Tolerated on decode: `03 <result>` without the u16 (older protocol versions). */
  twoByteForm?: boolean;
}

/** Success `03 00 00 00`; failure `03 <result> 00 00` (cmangos just closes instead). */
export const CMD_AUTH_RECONNECT_PROOF_Server: MessageDef<AuthReconnectProofServer> = defineMessage<AuthReconnectProofServer>({
  name: "CMD_AUTH_RECONNECT_PROOF",
  opcode: AuthCmd.CMD_AUTH_RECONNECT_PROOF,
  direction: "s2c",
  doc: "protocol.md §1.10",
  read(r) {
    expectCommand(r, AuthCmd.CMD_AUTH_RECONNECT_PROOF, "CMD_AUTH_RECONNECT_PROOF");
    const result = r.u8() as LoginResult;
    if (r.remaining < 2) return { result, twoByteForm: true };
    return { result, padding: r.u16() };
  },
  write(w, v) {
    w.u8(AuthCmd.CMD_AUTH_RECONNECT_PROOF);
    w.u8(v.result);
    if (!v.twoByteForm) w.u16(v.padding ?? 0);
  },
});
