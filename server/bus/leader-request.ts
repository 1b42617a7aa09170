// Requests to a subject that one elected replica serves (the orchestrator leader): while
// nobody serves it - the moment between a leader's death and the next replica taking the
// lease - the request is retried instead of failing, for up to `retryForMs`.
import { isRealmError } from "../kernel/errors.ts";
import type { Bus, BusMessage } from "./port.ts";

export async function requestLeader(bus: Bus, subject: string, data: Uint8Array, o: { timeoutMs: number; retryForMs?: number; retryEveryMs?: number }): Promise<BusMessage> {
  const until = performance.now() + (o.retryForMs ?? 10_000);
  for (;;) {
    try {
      return await bus.request(subject, data, { timeoutMs: o.timeoutMs });
    } catch (e) {
      if (!isRealmError(e, "BUS_NO_RESPONDERS") || performance.now() >= until) throw e;
      await Bun.sleep(o.retryEveryMs ?? 200);
    }
  }
}
