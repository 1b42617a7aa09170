// The Bus conformance suite against the in-process adapter. Buses opened with the
// same prefix share one hub, like two processes sharing one NATS server.
import { busConformance } from "./bus.conformance.ts";
import { MemoryBus, MemoryHub } from "./memory.ts";

const hub = new MemoryHub();
busConformance({
  name: "memory",
  prefix: "rc",
  open: async (prefix) => new MemoryBus(prefix, hub),
});
