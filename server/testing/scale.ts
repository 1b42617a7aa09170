// One environment variable scales every fuzz and load count in the tests:
// REALMCORE_TEST_SCALE=10 runs ten times as many cases, 0.1 a tenth (at least 1).
// The default (1) keeps `npm test` well under 30 minutes on two cores.
const raw = Number(process.env.REALMCORE_TEST_SCALE ?? "1");

export const TEST_SCALE = Number.isFinite(raw) && raw > 0 ? raw : 1;

/** `n` scaled by REALMCORE_TEST_SCALE, rounded, never below 1. */
export function scaled(n: number): number {
  return Math.max(1, Math.round(n * TEST_SCALE));
}
