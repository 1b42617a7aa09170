// The world side of the bus-hop scenario: answers every client packet (CLIENT_PACKET or CLIENT_BATCH) on
// `r1.world.bench.in` with the same packet to its session, through the world's own
// GatewayLink (one OUTBOUND_BATCH per gateway per microtask). The scenario runs it in
// its own process on core 1 over NATS, and in the runner's process over the in-process
// bus as the baseline.
//   bun bench/load/bus-relay.ts <nats-url> <prefix>
import { GatewayLink } from "../../server/bus/gateway-link.ts";
import { connectNatsBus } from "../../server/bus/nats.ts";
import { forEachClientPacket } from "../../server/bus/client-batch.ts";
import type { Bus, Subscription } from "../../server/bus/port.ts";
import { Subjects } from "../../server/bus/subjects.ts";

export const RELAY_SUBJECT = Subjects.worldIn(1, "bench");

/** Relays client packets back to their gateway; returns the subscription. */
export function startRelay(bus: Bus): Subscription {
  const link = new GatewayLink(bus, true);
  return bus.subscribe(RELAY_SUBJECT, (m) => {
    forEachClientPacket(m.data, (p) => link.send(p.gatewayId, p.sessionId, p.opcode, p.payload));
  });
}

if (import.meta.main) {
  const [url, prefix] = Bun.argv.slice(2);
  if (!url || !prefix) {
    console.error("usage: bun bench/load/bus-relay.ts <nats-url> <prefix>");
    process.exit(2);
  }
  const bus = await connectNatsBus({ url, prefix, retryForMs: 10_000 });
  startRelay(bus);
  await bus.flush();
  console.log("READY");
  const stop = async () => {
    await bus.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}
