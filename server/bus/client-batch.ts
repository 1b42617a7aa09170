// CLIENT_BATCH: many client packets for one subject in one bus message, so a gateway under
// load sends one message per destination per event-loop turn instead of one per packet:
//   u8 4 | u32 count | (u32 length | CLIENT_PACKET envelope) * count
// A batch of one is sent as the plain CLIENT_PACKET envelope; receivers read both with
// forEachClientPacket. Packets keep their order within a subject.
import { Writer } from "../protocol/writer.ts";
import { Reader } from "../protocol/reader.ts";
import type { Bus } from "./port.ts";
import { CLIENT_PACKET_HEADER, decodeClientPacket, encodeClientPacket, ENVELOPE_CLIENT_PACKET, type ClientPacket } from "./packet-envelope.ts";

export const ENVELOPE_CLIENT_BATCH = 4;
const BATCH_HEADER = 5;

/** Calls `each` for every client packet in a CLIENT_PACKET or CLIENT_BATCH envelope; false when it is neither (or damaged). */
export function forEachClientPacket(b: Uint8Array, each: (p: ClientPacket) => void): boolean {
  if (b[0] === ENVELOPE_CLIENT_PACKET) {
    const p = decodeClientPacket(b);
    if (!p) return false;
    each(p);
    return true;
  }
  if (b.length < BATCH_HEADER || b[0] !== ENVELOPE_CLIENT_BATCH) return false;
  const r = new Reader(b, 1);
  const count = r.u32();
  // check the framing first so a damaged batch delivers nothing rather than half
  const parts: Uint8Array[] = [];
  try {
    for (let i = 0; i < count; i++) parts.push(r.bytes(r.u32()));
  } catch {
    return false;
  }
  if (r.remaining !== 0) return false;
  for (const part of parts) {
    const p = decodeClientPacket(part);
    if (p) each(p);
  }
  return true;
}

interface Pending {
  w: Writer;
  n: number;
}

/**
 * Collects client packets per subject and publishes them when the current event-loop turn
 * ends (`setImmediate`: after every socket read of the turn), or at `flush()`. Payloads are
 * copied in at `add`, so the caller's buffer may be reused at once.
 */
export class ClientPacketBatcher {
  /** per subject; a subject's writer is kept while it is used turn after turn */
  private pending = new Map<string, Pending>();
  private waiting = 0;
  private scheduled = false;

  /**
   * `schedule` runs the flush later (default: when the event-loop turn ends); `"immediate"`
   * publishes every packet at once as a plain CLIENT_PACKET, holding nothing back.
   */
  constructor(
    private readonly publish: (subject: string, data: Uint8Array) => void,
    private readonly schedule: ((fn: () => void) => void) | "immediate" = (fn) => void setImmediate(fn),
  ) {}

  /**
   * The batcher a gateway uses on `bus`: over NATS, one message per destination per
   * event-loop turn (a NATS message costs far more than its bytes); on the in-process bus,
   * which delivers without serialising, every packet goes at once.
   */
  static forBus(bus: Bus): ClientPacketBatcher {
    return new ClientPacketBatcher((subject, data) => bus.publish(subject, data), bus.kind === "nats" ? undefined : "immediate");
  }

  /** Packets waiting for the next flush. */
  get size(): number {
    return this.waiting;
  }

  add(subject: string, p: Omit<ClientPacket, "payload">, payload: Uint8Array): void {
    if (this.schedule === "immediate") return this.publish(subject, encodeClientPacket(p, payload));
    let q = this.pending.get(subject);
    if (!q) {
      q = { w: new Writer(1024), n: 0 };
      this.pending.set(subject, q);
    }
    if (q.n === 0) q.w.reset().u8(ENVELOPE_CLIENT_BATCH).u32(0);
    q.w.u32(CLIENT_PACKET_HEADER + payload.length);
    q.w.u8(ENVELOPE_CLIENT_PACKET).u32(p.gatewayId).u32(p.sessionId).u32(p.accountId).u8(p.gmLevel).u32(p.characterGuid).u16(p.opcode).bytes(payload);
    q.n++;
    this.waiting++;
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.flush());
    }
  }

  /** Publishes everything pending now (before any other message that must not overtake it). */
  flush(): void {
    this.scheduled = false;
    if (this.waiting === 0) return;
    this.waiting = 0;
    for (const [subject, q] of this.pending) {
      if (q.n === 0) {
        this.pending.delete(subject); // idle for a whole turn: let its writer go
        continue;
      }
      const n = q.n;
      q.n = 0;
      if (n > 1) q.w.patchU32(1, n);
      const bytes = q.w.finish();
      this.publish(subject, n === 1 ? bytes.slice(BATCH_HEADER + 4) : bytes.slice());
    }
  }
}
