// openBus picks the adapter from the configuration; NATS unreachable is one line.
import { expect, test } from "bun:test";
import { defaultConfig } from "../kernel/config.ts";
import { isRealmError } from "../kernel/errors.ts";
import { freePort, serviceGate, testNatsPrefix, TEST_NATS_URL } from "../testing/services.ts";
import { openBus } from "./index.ts";

test("embedded default: the in-process bus with the configured prefix", async () => {
  const bus = await openBus(defaultConfig().bus);
  expect(bus.kind).toBe("memory");
  const got: string[] = [];
  bus.subscribe("a.b", (m) => void got.push(m.subject));
  bus.publish("a.b", new Uint8Array(1));
  await bus.flush();
  expect(got).toEqual(["a.b"]);
  await bus.close();
});

test("NATS on a closed port: one INFRA_UNREACHABLE line naming the address", async () => {
  const port = await freePort();
  const cfg = { ...defaultConfig().bus, adapter: "nats" as const, natsUrl: `nats://127.0.0.1:${port}` };
  try {
    await openBus(cfg, undefined, { retryForMs: 0 });
    throw new Error("expected a rejection");
  } catch (e) {
    expect(isRealmError(e, "INFRA_UNREACHABLE")).toBe(true);
    expect((e as Error).message).toStartWith(`NATS at nats://127.0.0.1:${port} is unreachable: `);
    expect((e as Error).message).not.toContain("\n");
  }
});

if (await serviceGate("NATS", TEST_NATS_URL, 4222)) {
  test("cluster: NATS from the configuration, with its prefix and request timeout", async () => {
    const run = testNatsPrefix();
    const cfg = { ...defaultConfig().bus, adapter: "nats" as const, natsUrl: TEST_NATS_URL, subjectPrefix: run.prefix, requestTimeoutMs: 100 };
    const bus = await openBus(cfg, undefined, { retryForMs: 0 });
    try {
      expect(bus.kind).toBe("nats");
      bus.subscribe("silent", () => {});
      await bus.flush();
      const t0 = performance.now();
      await bus.request("silent", new Uint8Array(1)).then(
        () => {
          throw new Error("expected BUS_TIMEOUT");
        },
        (e) => expect(isRealmError(e, "BUS_TIMEOUT")).toBe(true),
      );
      expect(performance.now() - t0).toBeLessThan(1000);
    } finally {
      await bus.close();
      await run.cleanup();
    }
  });
}
