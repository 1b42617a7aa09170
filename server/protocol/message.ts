// One definition per message: its verbatim name, its opcode (world) or command byte
// (login), its direction, a doc line pointing at protocol.md, and a reader and writer.
// `decode` is the guarded decoder every parse site uses: it never throws.
import { describeError, isRealmError } from "../kernel/errors.ts";
import { Reader, DecodeError } from "./reader.ts";
import { Writer } from "./writer.ts";

export type Direction = "c2s" | "s2c" | "both";

export interface MessageDef<T> {
  /** Verbatim protocol name, e.g. SMSG_AUTH_CHALLENGE or CMD_AUTH_LOGON_PROOF (server form). */
  readonly name: string;
  /** World opcode or login command byte. */
  readonly opcode: number;
  readonly direction: Direction;
  /** Where the layout is documented (protocol.md section). */
  readonly doc: string;
  read(r: Reader): T;
  write(w: Writer, v: T): void;
}

export function defineMessage<T>(def: MessageDef<T>): MessageDef<T> {
  return Object.freeze(def);
}

export type DecodeResult<T> =
  | { ok: true; value: T; /** bytes left after a complete body (ignored, but counted) */ trailing: number }
  | { ok: false; error: DecodeError };

const sharedReader = new Reader(new Uint8Array(0));

/** Guarded decode: a typed value or a typed error, never an exception. */
export function decode<T>(def: MessageDef<T>, bytes: Uint8Array, reader: Reader = sharedReader): DecodeResult<T> {
  try {
    reader.reset(bytes);
    const value = def.read(reader);
    return { ok: true, value, trailing: reader.remaining };
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, error: e };
    const code = isRealmError(e) && (e.code === "PROTO_TRUNCATED" || e.code === "PROTO_BAD_VALUE") ? e.code : "PROTO_BAD_VALUE";
    return { ok: false, error: new DecodeError(code, `${def.name}: ${describeError(e)}`, reader.offset) };
  }
}

/** Encodes a message body (no header) into `w` (reset first) and returns a view. */
export function encodeBody<T>(def: MessageDef<T>, value: T, w: Writer = new Writer()): Uint8Array {
  w.reset();
  def.write(w, value);
  return w.finish();
}
