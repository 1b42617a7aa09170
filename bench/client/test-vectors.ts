// Test helper: loads /work/shared/conformance/vectors.json (protocol.md §6) relative to this file.
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface Vector {
  name: string;
  kind: string;
  protocol?: "login" | "world";
  direction?: "client_to_server" | "server_to_client";
  message?: string;
  validity?: string;
  inputs: Record<string, any>;
  expected: Record<string, any>;
  derived_intermediates?: Record<string, any>;
}

export interface VectorFile {
  constants: { name: string; value: string }[];
  vectors: Vector[];
}

const SHARED_VECTORS = join(import.meta.dir, "../../../shared/conformance/vectors.json");
/** REALMCORE_VECTORS, else the shared file beside the checkout, else the repository's copy (data only). */
export const VECTORS_PATH = process.env.REALMCORE_VECTORS ?? (existsSync(SHARED_VECTORS) ? SHARED_VECTORS : join(import.meta.dir, "../../server/protocol/conformance/vectors.json"));

let cached: VectorFile | undefined;

export async function loadVectors(): Promise<VectorFile> {
  cached ??= (await Bun.file(VECTORS_PATH).json()) as VectorFile;
  return cached;
}

export async function vectorsOfKind(kind: string): Promise<Vector[]> {
  return (await loadVectors()).vectors.filter((v) => v.kind === kind);
}
