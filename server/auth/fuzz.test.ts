// Hostile login bytes are session events, never process events. Random and mutated frames
// go to the framing function and decoders, to in-memory sessions (the state machine with
// the real store and cache), and over real sockets to a live server; afterwards a normal
// login still succeeds. Counts scale with REALMCORE_FUZZ_SCALE (default 1; falls back to
// REALMCORE_TEST_SCALE). Every run prints its seed; REALMCORE_FUZZ_SEED replays one.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { silentLogger } from "../kernel/logger.ts";
import { Metrics } from "../kernel/metrics.ts";
import { AuditLog } from "../ops/audit.ts";
import { TEST_SCALE } from "../testing/scale.ts";
import { bootAuth, CTL, eventually, loginOk, RawClient, TEST_SECRET, testConfig, type AuthHarness } from "./auth.fixture.ts";
import { createAuthContext, type AuthContext } from "./context.ts";
import { FUZZ_ACCOUNTS, fuzzDecodersOnce, fuzzInput, FuzzRng, mutate, runAuthFuzz } from "./fuzz.ts";

const envScale = Number(process.env.REALMCORE_FUZZ_SCALE);
const SCALE = Number.isFinite(envScale) && envScale > 0 ? envScale : TEST_SCALE;
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));
const SEED = Number(process.env.REALMCORE_FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff));

let h: AuthHarness;
let ctx: AuthContext;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);

beforeAll(async () => {
  console.log(`[fuzz] seed ${SEED} scale ${SCALE} (replay with REALMCORE_FUZZ_SEED=${SEED})`);
  process.on("unhandledRejection", onUnhandled);
  // the account lock would turn most proofs into "locked" refusals; these tests are about
  // parsing and states, so the account threshold is raised (the lock has its own tests)
  h = await bootAuth({ auth: { lockout: { accountFailures: 1_000_000 } } });
  for (const [name, pw] of Object.entries(FUZZ_ACCOUNTS)) await h.accounts.create(name, pw, { ...CTL, gmLevel: name === "FUZZGM" ? 3 : 0 });
  await h.store.realms.upsert({ id: 1, name: "Fuzz", address: "127.0.0.1:8085", heartbeatAt: h.clock.now() });
  ctx = createAuthContext({
    config: testConfig({ lockout: { accountFailures: 1_000_000 } }),
    store: h.store,
    cache: h.cache,
    clock: h.clock,
    log: silentLogger,
    metrics: new Metrics({}, false),
    audit: new AuditLog(h.store.audit, h.clock, 1),
    secret: TEST_SECRET,
  });
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await h.stop();
});

describe("decoders (fast-check)", () => {
  test("arbitrary bytes and mutated frames never throw out of framing or the guarded decoders", () => {
    const mutated = fc.integer().map((seed) => {
      const rng = new FuzzRng(seed);
      return mutate(rng, fuzzInput(rng).stream);
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), (bytes) => fuzzDecodersOnce(bytes) === undefined),
      { numRuns: scaled(3000), seed: SEED },
    );
  });
});

describe("state machine (in-memory sessions, real store and cache)", () => {
  test("random, mutated and sequenced inputs: zero crashes; only real logins authenticate", async () => {
    const report = await runAuthFuzz(ctx, scaled(1500), SEED);
    if (report.crashes) console.log(JSON.stringify(report.samples, null, 2));
    expect(report.crashes).toBe(0);
    expect(report.byKind.login).toBeGreaterThan(0);
    expect(report.authed).toBeGreaterThan(0);
    expect(report.closedBy.junk ?? 0).toBeGreaterThan(0);
    expect(unhandled).toEqual([]);
  }, 60_000);
});

describe("live server", () => {
  test("fuzzed streams over real sockets never wedge or crash the server; a normal login then succeeds", async () => {
    const rng = new FuzzRng(SEED ^ 0x5a5a5a5a);
    const n = scaled(150);
    const batch = 16;
    for (let i = 0; i < n; i += batch) {
      const clients = await Promise.all(
        Array.from({ length: Math.min(batch, n - i) }, async () => {
          const c = await RawClient.connect(h.port);
          const input = fuzzInput(rng);
          let at = 0;
          for (const cut of [...input.cuts, input.stream.length]) {
            if (cut > at) c.send(input.stream.subarray(at, cut));
            at = cut;
            if (rng.chance(0.3)) await Bun.sleep(1);
          }
          return c;
        }),
      );
      await eventually(() => h.server.stats().inFlight === 0, "handlers settle", 5000);
      for (const c of clients) c.close();
    }
    await eventually(() => h.server.stats().connections === 0, "all fuzz sockets closed", 5000);
    const st = h.server.stats();
    expect(st.closed.error).toBe(0);
    expect(st.accepted).toBeGreaterThanOrEqual(n);
    expect(unhandled).toEqual([]);
    for (const [name, pw] of Object.entries(FUZZ_ACCOUNTS)) {
      const { client } = await loginOk(h.port, name, pw);
      client.close();
    }
  }, 60_000);
});
