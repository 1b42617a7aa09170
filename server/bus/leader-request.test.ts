import { expect, test } from "bun:test";
import { isRealmError } from "../kernel/errors.ts";
import { requestLeader } from "./leader-request.ts";
import { MemoryBus } from "./memory.ts";

test("a request waits for a responder that appears during the retry window", async () => {
  const bus = new MemoryBus("t");
  setTimeout(() => bus.subscribe("orch.x", (m) => bus.respond(m, new Uint8Array([7]))), 150);
  const m = await requestLeader(bus, "orch.x", new Uint8Array(0), { timeoutMs: 500, retryForMs: 2000, retryEveryMs: 20 });
  expect(m.data[0]).toBe(7);
  await bus.close();
});

test("without a responder it fails with BUS_NO_RESPONDERS once the window is over", async () => {
  const bus = new MemoryBus("t");
  const t0 = performance.now();
  const e = await requestLeader(bus, "orch.none", new Uint8Array(0), { timeoutMs: 500, retryForMs: 100, retryEveryMs: 20 }).catch((x) => x);
  expect(isRealmError(e, "BUS_NO_RESPONDERS")).toBe(true);
  expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
  await bus.close();
});
