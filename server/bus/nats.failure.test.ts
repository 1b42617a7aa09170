// NATS failure behaviour, against a private nats-server this file starts, kills and
// restarts on a free port (never the machine's shared server):
// * an unreachable server gives one INFRA_UNREACHABLE line naming NATS and the address;
// * the first connect retries with backoff until the server appears;
// * after a crash and restart the same NatsBus reconnects by itself, `healthy` follows,
//   `stats().reconnects` counts it, and subscriptions, requests and durable streams work.
import { afterAll, describe, expect, test } from "bun:test";
import { isRealmError, RealmError } from "../kernel/errors.ts";
import { binaryGate, freePort, startPrivateNats, type PrivateServer } from "../testing/services.ts";
import { waitUntil } from "./bus.conformance.ts";
import { connectNatsBus, type NatsBus } from "./nats.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function captureLog() {
  const lines: string[] = [];
  const log = {
    warn: (_o: unknown, m: string) => void lines.push(`warn ${m}`),
    info: (_o: unknown, m: string) => void lines.push(`info ${m}`),
    debug: () => {},
    error: (_o: unknown, m: string) => void lines.push(`error ${m}`),
  };
  return { lines, log: log as never };
}

async function rejection(p: Promise<unknown>): Promise<RealmError> {
  try {
    await p;
  } catch (e) {
    if (isRealmError(e)) return e;
    throw new Error(`expected a RealmError, got ${String(e)}`);
  }
  throw new Error("expected a rejection");
}

describe("NATS adapter: unreachable server", () => {
  test("a closed port gives one INFRA_UNREACHABLE line naming NATS and the address", async () => {
    const port = await freePort();
    const url = `nats://127.0.0.1:${port}`;
    const e = await rejection(connectNatsBus({ url, prefix: "rc", retryForMs: 0 }));
    expect(e.code).toBe("INFRA_UNREACHABLE");
    expect(e.message.startsWith(`NATS at ${url} is unreachable: `)).toBe(true);
    expect(e.message).not.toContain("\n");
    expect(e.message).toMatch(/refused/i);
  });

  test("retries with backoff for retryForMs, logging one line per attempt, then gives up", async () => {
    const port = await freePort();
    const { lines, log } = captureLog();
    const t0 = performance.now();
    const e = await rejection(connectNatsBus({ url: `nats://127.0.0.1:${port}`, prefix: "rc", retryForMs: 700, initialDelayMs: 100, log }));
    const took = performance.now() - t0;
    expect(e.code).toBe("INFRA_UNREACHABLE");
    expect(took).toBeGreaterThanOrEqual(650);
    expect(took).toBeLessThan(5000);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) {
      expect(l).toMatch(/^warn NATS at nats:\/\/127\.0\.0\.1:\d+ is unreachable: .*; retrying in \d+ ms$/);
    }
  });
});

if (binaryGate("nats-server")) {
  describe("NATS adapter: private server crash and restart", () => {
    let server: PrivateServer | undefined;
    let bus: NatsBus | undefined;
    afterAll(async () => {
      await bus?.close();
      await server?.stop();
    });

    test("the first connect waits for a server that starts late", async () => {
      const port = await freePort();
      const { lines, log } = captureLog();
      const connecting = connectNatsBus({ url: `nats://127.0.0.1:${port}`, prefix: "rcfail", retryForMs: 15_000, initialDelayMs: 100, maxDelayMs: 400, log });
      await Bun.sleep(500);
      server = await startPrivateNats(port);
      bus = await connecting;
      expect(bus.healthy).toBe(true);
      expect(lines.some((l) => l.includes("is unreachable"))).toBe(true);
    });

    test("the same bus reconnects after the server is killed and restarted", async () => {
      const b = bus!;
      const s = server!;
      const { lines, log } = captureLog();
      // the bus built above logs to a throw-away logger; a second one watches this phase
      const watcher = await connectNatsBus({ url: s.url, prefix: "rcfail", log, reconnectTimeWaitMs: 100 });
      try {
        await b.streams.ensure("mail", ["mail.>"]);
        const durable: string[] = [];
        const stream = await b.streams.consume("mail", "postman", async (m) => void durable.push(dec.decode(m.data)), { ackWaitMs: 1000 });
        await b.streams.publish("mail.1", enc.encode("before"));
        await waitUntil(() => durable.length === 1, 10_000);

        const got: string[] = [];
        b.subscribe("chat.say", (m) => void got.push(dec.decode(m.data)));
        b.subscribe("echo", (m) => b.respond(m, m.data));
        await b.flush();
        expect(dec.decode((await b.request("echo", enc.encode("pre"), { timeoutMs: 5000 })).data)).toBe("pre");
        const before = b.stats().reconnects;

        await s.kill();
        await waitUntil(() => !b.healthy, 10_000, "healthy to turn false");
        await waitUntil(() => !watcher.healthy, 10_000);
        await Bun.sleep(300);
        await s.start();
        await waitUntil(() => b.healthy, 15_000, "healthy to come back");
        await waitUntil(() => watcher.healthy, 15_000);
        expect(b.stats().reconnects).toBe(before + 1);
        expect(lines.some((l) => /^warn NATS at nats:\/\/127\.0\.0\.1:\d+ disconnected; reconnecting$/.test(l))).toBe(true);
        expect(lines.some((l) => /^info NATS at .* reconnected$/.test(l))).toBe(true);

        // plain subscriptions came back with the connection
        await b.flush();
        watcher.publish("chat.say", enc.encode("after"));
        await waitUntil(() => got.includes("after"), 10_000, "a message after the restart");
        const r = await watcher.request("echo", enc.encode("ping"), { timeoutMs: 5000 });
        expect(dec.decode(r.data)).toBe("ping");
        // the bus's own request inbox (opened before the crash) came back too
        expect(dec.decode((await b.request("echo", enc.encode("post"), { timeoutMs: 5000 })).data)).toBe("post");

        // JetStream kept the stream on disk; the durable consumer goes on
        await b.streams.publish("mail.2", enc.encode("after"));
        await waitUntil(() => durable.includes("after"), 20_000, "a stream message after the restart");
        stream.unsubscribe();
      } finally {
        await watcher.close();
      }
    }, 60_000);
  });
}
