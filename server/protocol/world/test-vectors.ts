// Test support (not a test file): the world `message` vectors from the conformance file
// (loaded by ../vectors.fixture.ts, which resolves the path), with their unencrypted
// headers stripped. A missing file is an error, not a skip.
import { constant, hex, VECTORS_PATH, vectorsOfKind } from "../vectors.fixture.ts";

export { hex, toHex } from "../vectors.fixture.ts";

export interface WorldVector {
  name: string;
  message: string;
  direction: "client_to_server" | "server_to_client";
  validity: string;
  fields: Record<string, unknown>;
  /** whole message as on the wire (header included) */
  bytes: Uint8Array;
  /** the body without the 4-byte (S->C) or 6-byte (C->S) header */
  payload: Uint8Array;
  opcode: number;
}

let cache: WorldVector[] | undefined;

/** Every vector of kind `message` with protocol `world`. */
export function worldVectors(): WorldVector[] {
  cache ??= vectorsOfKind("message")
    .filter((v) => v.protocol === "world")
    .map((v) => {
      const bytes = hex(v.expected.bytes);
      const direction = v.direction as WorldVector["direction"];
      return {
        name: v.name,
        message: v.message!,
        direction,
        validity: v.validity!,
        fields: v.inputs.fields ?? {},
        bytes,
        payload: bytes.subarray(direction === "client_to_server" ? 6 : 4),
        opcode: v.expected.unencrypted_header.opcode,
      };
    });
  return cache;
}

export function worldVector(name: string): WorldVector {
  const v = worldVectors().find((x) => x.name === name);
  if (!v) throw new Error(`no world vector named ${name} in ${VECTORS_PATH}`);
  return v;
}

/** A named constant from the vectors file (hex value as bytes). */
export function vectorConstant(name: string): Uint8Array {
  return hex(constant(name));
}
