// Field helpers shared by the login message definitions.
import { RealmError } from "../../kernel/errors.ts";
import { DecodeError, type Reader } from "../reader.ts";
import type { Writer } from "../writer.ts";

/** Security flags of the logon challenge reply and the proof (protocol.md §1.9). */
export const SecurityFlag = {
  NONE: 0x00,
  PIN: 0x01,
  MATRIX_CARD: 0x02,
  AUTHENTICATOR: 0x04,
} as const;
export const KNOWN_SECURITY_FLAGS = 0x07;

/** Flags byte for a set of security blocks (challenge reply and proof alike). */
export function securityFlagsOf(s: { pin?: unknown; matrixCard?: unknown; authenticator?: unknown }): number {
  return (s.pin ? SecurityFlag.PIN : 0) | (s.matrixCard ? SecurityFlag.MATRIX_CARD : 0) | (s.authenticator ? SecurityFlag.AUTHENTICATOR : 0);
}

/** Reads the command byte and checks it. */
export function expectCommand(r: Reader, cmd: number, name: string): void {
  const at = r.offset;
  const c = r.u8();
  if (c !== cmd) throw new DecodeError("PROTO_BAD_VALUE", `${name}: command 0x${c.toString(16)} is not 0x${cmd.toString(16)}`, at);
}

/**
 * A "reversed" four-character code (platform "x86" -> 36 38 78 00, locale "enUS" ->
 * 53 55 6E 65): the u32 LE of the characters packed big-endian. Decoded to the readable
 * string with the padding NULs removed; exactly invertible by writeFourCC.
 */
export function readFourCC(r: Reader): string {
  const b = r.bytes(4);
  let s = "";
  let leading = true;
  for (let i = 3; i >= 0; i--) {
    const c = b[i]!;
    if (leading && c === 0) continue;
    leading = false;
    s += String.fromCharCode(c);
  }
  return s;
}

export function writeFourCC(w: Writer, s: string): void {
  if (s.length > 4) throw new RealmError("PROTO_BAD_VALUE", `four-character code "${s}" is longer than 4`);
  const pad = 4 - s.length;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new RealmError("PROTO_BAD_VALUE", `four-character code "${s}" is not single-byte text`);
    w.u8(c);
  }
  for (let i = 0; i < pad; i++) w.u8(0);
}

/** Writes exactly n bytes; a value of another length is a programming error. */
export function writeFixed(w: Writer, b: Uint8Array, n: number, what: string): void {
  if (b.length !== n) throw new RealmError("PROTO_BAD_VALUE", `${what} must be ${n} bytes, got ${b.length}`);
  w.bytes(b);
}

export function checkFlags(flags: number, at: number, what: string): void {
  if ((flags & ~KNOWN_SECURITY_FLAGS) !== 0) {
    throw new DecodeError("PROTO_BAD_VALUE", `${what}: unknown security flag bits 0x${flags.toString(16)}`, at);
  }
}

/** IPv4 as u32 (network order) to dotted text. */
export function ipv4ToString(ip: number): string {
  return `${(ip >>> 24) & 255}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}
