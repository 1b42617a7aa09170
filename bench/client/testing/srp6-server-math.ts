// TEST ONLY: the server-side SRP6 formulas of protocol.md §1.5 ("Logon (server side)"), used by
// vector tests whose inputs are server values and by the fake realm. Not part of the client API.
import { SRP_G, SRP_K, SRP_N, bigIntToLE, computeU, interleaveS, leToBigInt, modPow } from "../srp6.ts";

/** B = (k*v + g^b mod N) mod N. */
export function serverB(v: Uint8Array, b: Uint8Array): Uint8Array {
  return bigIntToLE((SRP_K * leToBigInt(v) + modPow(SRP_G, leToBigInt(b), SRP_N)) % SRP_N);
}

/** S = (A * v^u mod N)^b mod N. */
export function serverS(A: Uint8Array, v: Uint8Array, u: Uint8Array, b: Uint8Array): Uint8Array {
  const base = (leToBigInt(A) * modPow(leToBigInt(v), leToBigInt(u), SRP_N)) % SRP_N;
  return bigIntToLE(modPow(base, leToBigInt(b), SRP_N));
}

/** K from the server's inputs. */
export function serverSessionKey(A: Uint8Array, B: Uint8Array, v: Uint8Array, b: Uint8Array): Uint8Array {
  return interleaveS(serverS(A, v, computeU(A, B), b));
}
