// Chat delivery latency for well-behaved players while others flood (issue 8).
//
// The realm runs in the runner's process (pinned to core 0): every role but the web, the
// social plugin with its default flood rule (10 lines per second, then a 10 s mute). The
// load is a SEPARATE Bun process pinned to core 1 (this file run with --load), which
// imports only bench/client: N headless clients log in and stand at one spot in Goldshire.
// K = N - M of them talk normally: every 250 ms each says a line and whispers its partner;
// the line carries the send time, and one designated listener per speaker records the
// delivery latency (same process, same clock). M flooders each send a say every 10 ms
// (100 lines/s each) during the "flood" phases and stay silent in the "baseline" phases.
// Phases alternate (baseline, flood) for several rounds so both see the same background
// load; each figure is the median over rounds. Goal: p99 under flood ≤ 2× the baseline p99.
import { join } from "node:path";
import { ByteReader } from "../client/bytes.ts";
import { HeadlessClient } from "../client/headless-client.ts";
import { ChatType, readServerMessageChat } from "../client/messages/chat.ts";
import { Opcode } from "../client/messages/opcodes.ts";
import { figure, fmt, hasTaskset, median, percentile, spawnPinned, type Figure, type Scenario } from "../harness.ts";

interface LoadConfig {
  authPort: number;
  world: string;
  accounts: string[];
  names: string[];
  flooders: number;
  phaseMs: number;
  rounds: number;
  password: string;
}

interface PhaseResult {
  kind: "baseline" | "flood";
  say: { n: number; p50: number; p99: number; max: number };
  whisper: { n: number; p50: number; p99: number; max: number };
  /** flood lines sent / delivered to the designated listeners / mute notices received */
  floodSent: number;
  floodHeard: number;
  muteNotices: number;
  /** the load process's worst event-loop lateness in the phase (ms) */
  loadLagMax: number;
  /** the realm process's worst event-loop lateness in the phase (ms; filled in by the runner) */
  realmLagMax?: number;
}

/** Worst lateness of a 20 ms interval timer while it runs (event-loop stalls). */
function lagMonitor(): { stop(): number } {
  let last = performance.now();
  let worst = 0;
  const t = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 20);
    last = now;
  }, 20);
  return {
    stop() {
      clearInterval(t);
      const w = worst;
      worst = 0;
      return w;
    },
  };
}

// ------------------------------------------------------------------ load process

const stats = (xs: number[]) => ({ n: xs.length, p50: percentile(xs, 50), p99: percentile(xs, 99), max: xs.length ? Math.max(...xs) : Number.NaN });

async function loadMain(cfg: LoadConfig): Promise<PhaseResult[]> {
  const n = cfg.accounts.length;
  const clients: HeadlessClient[] = new Array(n);
  // log in 8 at a time
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        const c = new HeadlessClient({ timeoutMs: 20_000, logLimit: 0 });
        await c.login({ host: "127.0.0.1", port: cfg.authPort, user: cfg.accounts[i]!, password: cfg.password });
        await c.connectWorld(cfg.world);
        const list = await c.enumCharacters();
        await c.enterWorld(list[0]!.guid);
        clients[i] = c;
      }
    }),
  );
  const k = n - cfg.flooders; // talkers are 0..k-1, flooders k..n-1
  const partner = (i: number) => (i + 1) % k;
  let phase: { say: number[]; whisper: number[]; floodHeard: number; muteNotices: number; from: number } | undefined;
  for (let i = 0; i < n; i++) {
    const me = i;
    clients[i]!.world!.onAny((_r, opcode, payload) => {
      if (!phase) return;
      if (opcode === Opcode.SMSG_NOTIFICATION) {
        if (me >= k) phase.muteNotices++;
        return;
      }
      if (opcode !== Opcode.SMSG_MESSAGECHAT || me >= k) return;
      const m = readServerMessageChat(new ByteReader(payload));
      const t = m.message.split(" ");
      if (t[0] === "F") {
        if (m.type === ChatType.SAY && Number(t[1]) === k + (me % cfg.flooders)) phase.floodHeard++;
        return;
      }
      if (t[0] !== "L" && t[0] !== "W") return;
      const from = Number(t[1]);
      const sent = Number(t[2]);
      if (partner(from) !== me || sent < phase.from) return;
      const ms = performance.now() - sent;
      if (t[0] === "L" && m.type === ChatType.SAY) phase.say.push(ms);
      else if (t[0] === "W" && m.type === ChatType.WHISPER) phase.whisper.push(ms);
    });
  }
  const results: PhaseResult[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(1000);
  for (let round = 0; round < cfg.rounds; round++) {
    for (const kind of ["baseline", "flood"] as const) {
      const warm = 500;
      phase = { say: [], whisper: [], floodHeard: 0, muteNotices: 0, from: performance.now() + warm };
      let floodSent = 0;
      const lag = lagMonitor();
      const timers: ReturnType<typeof setInterval>[] = [];
      for (let i = 0; i < k; i++) {
        const c = clients[i]!;
        const start = setTimeout(() => {
          timers.push(
            setInterval(() => {
              const ts = performance.now().toFixed(3);
              c.say(`L ${i} ${ts}`);
              c.whisper(cfg.names[partner(i)]!, `W ${i} ${ts}`);
            }, 250),
          );
        }, (i * 250) / k);
        timers.push(start as unknown as ReturnType<typeof setInterval>);
      }
      if (kind === "flood") {
        for (let j = k; j < n; j++) {
          const c = clients[j]!;
          timers.push(
            setInterval(() => {
              floodSent++;
              c.say(`F ${j} ${floodSent}`);
            }, 10),
          );
        }
      }
      await sleep(cfg.phaseMs + warm);
      for (const t of timers) clearInterval(t);
      await sleep(800); // let the last lines arrive
      const p = phase;
      phase = undefined;
      results.push({ kind, say: stats(p.say), whisper: stats(p.whisper), floodSent, floodHeard: p.floodHeard, muteNotices: p.muteNotices, loadLagMax: lag.stop() });
      // collect each phase's garbage between phases (here and, on this line, in the realm
      // process), so a collection does not land in the next phase's samples
      Bun.gc(true);
      process.stdout.write("GC\n");
      await sleep(500);
      // flood mutes run 10 s; the next baseline starts when they have ended
      if (kind === "flood") await sleep(10_000);
    }
  }
  for (const c of clients) c.close();
  return results;
}

async function spawnLoad(cfg: LoadConfig): Promise<PhaseResult[]> {
  // the realm's own event-loop lateness, one segment per phase (the load prints GC at each phase end)
  const realmLag: number[] = [];
  let lag = lagMonitor();
  const argv = [process.execPath, join(import.meta.dir, "chat-flood.ts"), "--load", JSON.stringify(cfg)];
  const p = spawnPinned(argv, 1, { stdout: "pipe", stderr: "pipe" });
  let out = "";
  const readOut = (async () => {
    const dec = new TextDecoder();
    const reader = p.stdout.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const text = dec.decode(value, { stream: true });
      out += text;
      if (text.includes("GC\n")) {
        realmLag.push(lag.stop());
        Bun.gc(true);
        lag = lagMonitor();
      }
    }
  })();
  const [err, code] = await Promise.all([new Response(p.stderr).text(), p.exited, readOut]);
  lag.stop();
  const line = out.split("\n").find((l) => l.startsWith("RESULT "));
  if (code !== 0 || !line) throw new Error(`load process exited ${code}: ${err.slice(-800)}${out.slice(-400)}`);
  const phases = JSON.parse(line.slice(7)) as PhaseResult[];
  phases.forEach((ph, i) => (ph.realmLagMax = realmLag[i]));
  return phases;
}

// ------------------------------------------------------------------ scenario (runner process)

/** Letters-only character names: Chat + base-26 suffix. */
function nameOf(i: number): string {
  let s = "";
  let x = i;
  do {
    s = String.fromCharCode(97 + (x % 26)) + s;
    x = Math.floor(x / 26);
  } while (x > 0);
  return `Chat${s.padStart(2, "a")}`;
}

const scenario: Scenario = {
  name: "chat-flood",
  description: "say and whisper delivery latency (p99) of well-behaved players while M of N flood, beside the same run without flooders; load from a separate process on core 1",
  goal: "p99 of say and of whisper delivery under flood ≤ 2× the baseline p99 (issue 8)",
  async run({ short, log }) {
    // server code only here: the load process never runs this function
    const { boot } = await import("../../server/testing/boot.ts");
    const total = short ? 20 : 50;
    const flooders = short ? 5 : 10;
    const rounds = short ? 1 : 5;
    const phaseMs = short ? 3000 : 6000;
    const b = await boot({ roles: ["auth", "gateway", "world", "orchestrator", "services"], auth: { maxUnauthPerIp: 10_000 }, log: { level: "silent" } });
    try {
      const accounts: string[] = [];
      const names: string[] = [];
      for (let i = 0; i < total; i++) {
        const account = `CHATFLOOD${i}`;
        await b.createAccount(account, "pw");
        await b.createCharacter(account, nameOf(i), { map: 0, x: -9464 + (i % 7), y: 62 + Math.floor(i / 7), z: 56, zone: 12 });
        accounts.push(account);
        names.push(nameOf(i));
      }
      log(`${total} clients (${flooders} flooding at 100 lines/s each, ${total - flooders} talking at 8 lines/s each: a say and a whisper every 250 ms), ${rounds} round(s) of ${phaseMs / 1000} s baseline + ${phaseMs / 1000} s flood`);
      const cpu0 = process.cpuUsage();
      const phases = await spawnLoad({ authPort: b.authPort, world: b.worldAddress, accounts, names, flooders, phaseMs, rounds, password: "pw" });
      const cpu = process.cpuUsage(cpu0);
      const ms = (v: number | null) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(2) : "n/a");
      for (const p of phases) {
        log(`  ${p.kind.padEnd(8)} say p50 ${ms(p.say.p50)} p99 ${ms(p.say.p99)} ms (${p.say.n}), whisper p50 ${ms(p.whisper.p50)} p99 ${ms(p.whisper.p99)} ms (${p.whisper.n})${p.kind === "flood" ? `; flood lines sent ${p.floodSent}, heard ${p.floodHeard}, mute notices ${p.muteNotices}` : ""}; worst event-loop stall: realm ${ms(p.realmLagMax ?? null)} ms, load ${ms(p.loadLagMax)} ms`);
      }
      // a phase without samples (JSON null) is left out of the medians
      const of = (kind: string, f: (p: PhaseResult) => number | null) => median(phases.filter((p) => p.kind === kind).map(f).filter((v): v is number => typeof v === "number" && Number.isFinite(v)));
      const sayBase = of("baseline", (p) => p.say.p99);
      const sayFlood = of("flood", (p) => p.say.p99);
      const wBase = of("baseline", (p) => p.whisper.p99);
      const wFlood = of("flood", (p) => p.whisper.p99);
      const floods = phases.filter((p) => p.kind === "flood");
      const sent = floods.reduce((a, p) => a + p.floodSent, 0);
      const heard = floods.reduce((a, p) => a + p.floodHeard, 0);
      const notices = floods.reduce((a, p) => a + p.muteNotices, 0);
      const figures: Figure[] = [
        figure({
          name: "say_p99",
          label: `say delivery p99 for the ${total - flooders} talkers while ${flooders} flood`,
          value: sayFlood,
          unit: "ms",
          baseline: { label: "the same talkers without flooders, same run", value: sayBase },
          goal: "≤ 2× the baseline",
          met: (_v, r) => r <= 2,
        }),
        figure({
          name: "whisper_p99",
          label: `whisper delivery p99 for the ${total - flooders} talkers while ${flooders} flood`,
          value: wFlood,
          unit: "ms",
          baseline: { label: "the same talkers without flooders, same run", value: wBase },
          goal: "≤ 2× the baseline",
          met: (_v, r) => r <= 2,
        }),
        figure({
          name: "say_p50",
          label: "say delivery p50 under flood",
          value: of("flood", (p) => p.say.p50),
          unit: "ms",
          baseline: { label: "say p50 without flooders", value: of("baseline", (p) => p.say.p50) },
          goal: "report",
          met: () => true,
        }),
        figure({
          name: "flood_delivered",
          label: "flood lines delivered to a listener (per flooder it follows)",
          value: heard,
          unit: "lines",
          baseline: { label: "flood lines sent", value: sent },
          goal: "report (the flood rule lets 10 lines per mute window through)",
          met: () => true,
        }),
      ];
      const notes = [
        `${phases.length} phases, baseline and flood alternating; figures are medians over ${rounds} round(s); per-phase say p99 (ms) baseline ${phases.filter((p) => p.kind === "baseline").map((p) => ms(p.say.p99)).join(", ")} / flood ${phases.filter((p) => p.kind === "flood").map((p) => ms(p.say.p99)).join(", ")}; samples per phase: say ${phases.map((p) => p.say.n).join("/")}, whisper ${phases.map((p) => p.whisper.n).join("/")}`,
        `worst event-loop stall per phase (ms), realm process: ${phases.map((p) => `${p.kind[0]}${ms(p.realmLagMax ?? null)}`).join(" ")}; load process: ${phases.map((p) => `${p.kind[0]}${ms(p.loadLagMax)}`).join(" ")} (b = baseline, f = flood): a tail that lines up with a stall of the load process, or of both with no extra work, is the shared box, not the realm`,
        `flooders got ${fmt(notices)} "You must wait" notices for ${fmt(sent)} lines; each talker listens to one flooder (the listener counts that flooder's lines it heard)`,
        `server process CPU over the whole load run: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
        `default social settings (flood: 10 lines per 1 s, 10 s mute); everything on loopback${hasTaskset() ? "; realm on core 0, load on core 1" : "; taskset missing, nothing pinned"}`,
      ];
      return { figures, notes };
    } finally {
      await b.stop();
    }
  },
};

export default scenario;

if (import.meta.main && Bun.argv[2] === "--load") {
  const r = await loadMain(JSON.parse(Bun.argv[3]!) as LoadConfig);
  process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
  process.exit(0);
}
