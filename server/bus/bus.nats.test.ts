// The Bus conformance suite against NATS (+ JetStream) on the machine's shared server.
// This run uses its own subject prefix and removes its streams afterwards.
import { afterAll } from "bun:test";
import { serviceGate, testNatsPrefix, TEST_NATS_URL } from "../testing/services.ts";
import { busConformance } from "./bus.conformance.ts";
import { connectNatsBus } from "./nats.ts";

if (await serviceGate("NATS", TEST_NATS_URL, 4222)) {
  const run = testNatsPrefix(TEST_NATS_URL);
  afterAll(() => run.cleanup());
  busConformance({
    name: "nats",
    prefix: run.prefix,
    open: (prefix) => connectNatsBus({ url: TEST_NATS_URL, prefix, retryForMs: 0 }),
  });
}
