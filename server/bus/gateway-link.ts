// Sending packets to client sessions from any process: packets are collected per
// gateway and published as one OUTBOUND_BATCH per gateway, either at the end of the
// current microtask (services) or when the owner calls flush() (a world tick).
import { OutboundBatchWriter } from "./packet-envelope.ts";
import type { Bus } from "./port.ts";
import { Subjects } from "./subjects.ts";
import { CONTROL_OPCODE, encodeControl, type SessionControl } from "./session-control.ts";

export class GatewayLink {
  private batches = new Map<number, OutboundBatchWriter>();
  private scheduled = false;
  /** envelopes published (metrics: one per gateway per flush) */
  published = 0;

  constructor(
    private bus: Bus,
    /** flush at the end of each microtask; false = the owner calls flush() */
    private auto = true,
  ) {}

  private batch(gatewayId: number): OutboundBatchWriter {
    let b = this.batches.get(gatewayId);
    if (!b) this.batches.set(gatewayId, (b = new OutboundBatchWriter()));
    if (this.auto && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
    return b;
  }

  send(gatewayId: number, sessionId: number, opcode: number, body: Uint8Array): void {
    this.batch(gatewayId).add(sessionId, opcode, body);
  }

  fanout(gatewayId: number, sessionIds: ArrayLike<number>, opcode: number, body: Uint8Array): void {
    this.batch(gatewayId).addFanout(sessionIds, opcode, body);
  }

  control(gatewayId: number, sessionId: number, c: SessionControl): void {
    this.batch(gatewayId).add(sessionId, CONTROL_OPCODE, encodeControl(c));
  }

  /** Bytes waiting for a gateway (tests, metrics). */
  pending(): number {
    let n = 0;
    for (const b of this.batches.values()) n += b.count;
    return n;
  }

  flush(): void {
    this.scheduled = false;
    for (const [gw, b] of this.batches) {
      if (b.count === 0) continue;
      this.bus.publish(Subjects.gatewayOut(gw), b.take());
      this.published++;
    }
  }
}
