// A load process for the bus scenario: answers every request on `<prefix>.bench.echo`
// with its own payload, until killed. Run pinned to core 1 by the scenario.
//   bun bench/load/bus-echo.ts <nats-url> <prefix>
import { connectNatsBus } from "../../server/bus/nats.ts";

const [url, prefix] = Bun.argv.slice(2);
if (!url || !prefix) {
  console.error("usage: bun bench/load/bus-echo.ts <nats-url> <prefix>");
  process.exit(2);
}
const bus = await connectNatsBus({ url, prefix, retryForMs: 10_000 });
bus.subscribe("bench.echo", (m) => bus.respond(m, m.data));
await bus.flush();
const stop = async () => {
  await bus.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
