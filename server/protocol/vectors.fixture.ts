// Test-only access to /work/shared/conformance/vectors.json (protocol.md §6).
// Imported by *.test.ts files only.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

export interface Vector {
  name: string;
  kind: string;
  protocol?: string;
  direction?: string;
  message?: string;
  validity?: string;
  derived?: boolean;
  inputs: Record<string, any>;
  expected: Record<string, any>;
  derived_intermediates?: Record<string, string>;
  notes?: string;
}

interface VectorFile {
  counts: Record<string, number>;
  constants: { name: string; value: string }[];
  vectors: Vector[];
}

const SHARED_VECTORS = join(import.meta.dir, "../../../shared/conformance/vectors.json");
/** REALMCORE_VECTORS, else the shared file beside the checkout, else the repository's copy. */
export const VECTORS_PATH = process.env.REALMCORE_VECTORS ?? (existsSync(SHARED_VECTORS) ? SHARED_VECTORS : join(import.meta.dir, "conformance/vectors.json"));

let cached: VectorFile | null = null;
function load(): VectorFile {
  cached ??= JSON.parse(readFileSync(VECTORS_PATH, "utf8")) as VectorFile;
  return cached;
}

export function vectorsOfKind(kind: string): Vector[] {
  return load().vectors.filter((v) => v.kind === kind);
}

export function loginMessageVectors(): Vector[] {
  return load().vectors.filter((v) => v.kind === "message" && v.protocol === "login");
}

export function declaredCount(kind: string): number {
  return load().counts[kind] ?? 0;
}

export function constant(name: string): string {
  const c = load().constants.find((x) => x.name === name);
  if (!c) throw new Error(`no constant ${name} in vectors.json`);
  return c.value;
}

export function hex(s: string): Uint8Array {
  if (s.length % 2 !== 0) throw new Error(`odd hex length: ${s}`);
  return new Uint8Array(Buffer.from(s, "hex"));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}
