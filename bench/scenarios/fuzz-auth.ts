// Fuzzing the login server's parsers and state machine: 1,000,000 random, mutated and
// sequenced inputs (50,000 with --short), each fed to the framing function, every client
// decoder, and a fresh login session (server/auth/fuzz.ts) over an in-memory store and
// cache; about 15 % of the inputs first log in for real, so AUTHED is fuzzed too.
// A crash is an exception out of a decoder or out of the session, a handler error, a reply
// that does not frame, a buffer above the cap, a non-login input that authenticates, or an
// unhandled rejection. Baseline for the rate: the decoders alone on the same inputs.
import { ManualClock } from "../../server/kernel/clock.ts";
import { loadConfig } from "../../server/kernel/config.ts";
import { silentLogger } from "../../server/kernel/logger.ts";
import { Metrics } from "../../server/kernel/metrics.ts";
import { Accounts } from "../../server/ops/accounts.ts";
import { AuditLog } from "../../server/ops/audit.ts";
import { createAuthContext } from "../../server/auth/context.ts";
import { FUZZ_ACCOUNTS, fuzzDecodersOnce, fuzzInput, FuzzRng, runAuthFuzz } from "../../server/auth/fuzz.ts";
import { MemoryCache } from "../../server/storage/cache/memory.ts";
import type { AuditStore } from "../../server/storage/ports.ts";
import { openSqliteStore } from "../../server/storage/sqlite.ts";
import { figure, fmt, type Scenario } from "../harness.ts";

/** Audit rows are not kept (a million refusals would only measure the audit table). */
const discardAudit: AuditStore = { append: async () => {}, list: async () => [] };

const scenario: Scenario = {
  name: "fuzz-auth",
  description: "login server fuzz: random/mutated/sequenced inputs through framing, decoders and the session state machine",
  goal: "0 crashes over 1,000,000 inputs (F3); report inputs/s",
  async run({ short, log }) {
    const count = short ? 50_000 : 1_000_000;
    const seed = Number(process.env.REALMCORE_FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff));
    log(`seed ${seed} (replay with REALMCORE_FUZZ_SEED=${seed}), ${count.toLocaleString("en-US")} inputs`);

    const clock = new ManualClock();
    const store = openSqliteStore({ path: ":memory:" });
    await store.migrate();
    const cache = new MemoryCache("", clock);
    const config = loadConfig({ file: null, env: {}, overrides: { auth: { host: "127.0.0.1", port: 0, lockout: { accountFailures: 1_000_000_000 } }, log: { level: "silent" } } });
    const audit = new AuditLog(discardAudit, clock, 1);
    const accounts = new Accounts(store.accounts, clock, audit);
    for (const [name, pw] of Object.entries(FUZZ_ACCOUNTS)) await accounts.create(name, pw, { actor: "bench" });
    await store.realms.upsert({ id: 1, name: "Fuzz", address: "127.0.0.1:8085", heartbeatAt: clock.now() });
    const ctx = createAuthContext({ config, store, cache, clock, log: silentLogger, metrics: new Metrics({}, false), audit, secret: new Uint8Array(32).fill(7) });

    let unhandled = 0;
    const onUnhandled = () => void unhandled++;
    process.on("unhandledRejection", onUnhandled);
    try {
      // baseline: the decoders alone, same generator and seed
      const baseN = Math.min(count, 200_000);
      const rng = new FuzzRng(seed);
      let decoderCrashes = 0;
      const tb = performance.now();
      for (let i = 0; i < baseN; i++) if (fuzzDecodersOnce(fuzzInput(rng).stream)) decoderCrashes++;
      const decoderRate = (baseN * 1000) / (performance.now() - tb);
      log(`decoders alone: ${fmt(decoderRate)} inputs/s over ${baseN.toLocaleString("en-US")} (${decoderCrashes} crashes)`);

      // the full run, in slices so progress shows and the clock moves (lock expiry, TTLs)
      const slices = short ? 5 : 20;
      let inputs = 0;
      let crashes = decoderCrashes;
      let authed = 0;
      let elapsed = 0;
      const closedBy: Record<string, number> = {};
      const samples: string[] = [];
      for (let s = 0; s < slices; s++) {
        const n = Math.floor(count / slices) + (s < count % slices ? 1 : 0);
        const r = await runAuthFuzz(ctx, n, (seed + s * 0x9e3779b9) >>> 0);
        inputs += r.inputs;
        crashes += r.crashes;
        authed += r.authed;
        elapsed += r.elapsedMs;
        for (const [k, v] of Object.entries(r.closedBy)) closedBy[k] = (closedBy[k] ?? 0) + (v ?? 0);
        for (const x of r.samples) if (samples.length < 5) samples.push(`${x.crash} (kind ${x.kind}, input ${x.hex.slice(0, 120)})`);
        clock.advance(61 * 60_000);
        log(`${inputs.toLocaleString("en-US")} inputs, ${crashes} crashes, ${fmt((inputs * 1000) / elapsed)} inputs/s`);
      }
      crashes += unhandled;
      const rate = (inputs * 1000) / elapsed;
      const notes = [
        `seed ${seed}; sessions ended: ${Object.entries(closedBy).map(([k, v]) => `${k} ${v}`).join(", ")}; ${authed} real logins reached AUTHED`,
        "in-memory sessions (no sockets) over bun:sqlite :memory: and the memory cache; audit rows discarded; the account lock threshold raised so proofs reach the verifier",
      ];
      if (unhandled) notes.push(`${unhandled} unhandled rejections counted as crashes`);
      for (const s of samples) notes.push(`crash: ${s}`);
      return {
        figures: [
          figure({
            name: "crashes",
            label: "crashes (decoder/session exceptions, handler errors, bad replies, unexpected AUTHED)",
            value: crashes,
            unit: "crashes",
            baseline: { label: "inputs fed", value: inputs },
            goal: "0",
            met: (v) => v === 0,
          }),
          figure({
            name: "rate",
            label: "inputs/s through framing + decoders + session state machine",
            value: rate,
            unit: "inputs/s",
            baseline: { label: "framing + decoders alone", value: decoderRate },
            goal: "report (1,000,000 inputs within the runner's 10-minute limit: ≥ 2,000/s)",
            met: (v) => v >= 2000,
          }),
        ],
        notes,
      };
    } finally {
      process.off("unhandledRejection", onUnhandled);
      await cache.close();
      await store.close();
    }
  },
};

export default scenario;
