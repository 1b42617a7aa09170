// Test support (not a test file): loads the world `message` vectors from the shared
// conformance file and strips their unencrypted headers. The file lives outside the
// repository; REALMCORE_VECTORS overrides its path. A missing file is an error, not a skip.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

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

const SHARED_VECTORS = fileURLToPath(new URL("../../../../shared/conformance/vectors.json", import.meta.url));
/** REALMCORE_VECTORS, else the shared file beside the checkout, else the repository's copy. */
export const VECTORS_PATH =
  process.env.REALMCORE_VECTORS ?? (existsSync(SHARED_VECTORS) ? SHARED_VECTORS : fileURLToPath(new URL("../conformance/vectors.json", import.meta.url)));

interface RawVector {
  name: string;
  kind: string;
  protocol?: string;
  direction: WorldVector["direction"];
  message: string;
  validity: string;
  inputs: { fields?: Record<string, unknown> };
  expected: { bytes: string; unencrypted_header: { opcode: number } };
}

let cache: WorldVector[] | undefined;

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, "hex"));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

/** Every vector of kind `message` with protocol `world`. */
export function worldVectors(): WorldVector[] {
  if (cache) return cache;
  const doc = JSON.parse(readFileSync(VECTORS_PATH, "utf8")) as { vectors: RawVector[] };
  cache = doc.vectors
    .filter((v) => v.kind === "message" && v.protocol === "world")
    .map((v) => {
      const bytes = hex(v.expected.bytes);
      const headerLen = v.direction === "client_to_server" ? 6 : 4;
      return {
        name: v.name,
        message: v.message,
        direction: v.direction,
        validity: v.validity,
        fields: v.inputs.fields ?? {},
        bytes,
        payload: bytes.subarray(headerLen),
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
  const doc = JSON.parse(readFileSync(VECTORS_PATH, "utf8")) as { constants: { name: string; value: string }[] };
  const c = doc.constants.find((x) => x.name === name);
  if (!c) throw new Error(`no constant ${name} in ${VECTORS_PATH}`);
  return hex(c.value);
}
