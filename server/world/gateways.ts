// Gateway liveness as a world host sees it: gateways announce themselves on
// `r<realm>.gateway.heartbeat`; when one goes silent for `gateway.timeoutMs`, its
// sessions are treated as disconnected (the grace period runs, then the characters leave
// the world), exactly as if each connection had dropped. Sessions on other gateways are
// unaffected. A gateway that stops cleanly closes its sessions itself (session events).
import { Liveness } from "../bus/liveness.ts";
import { parseJson } from "../bus/port.ts";
import type { Subscription } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import type { GatewayHeartbeat } from "../bus/world-requests.ts";
import type { WorldHost } from "./host.ts";

export class GatewayWatch {
  readonly live: Liveness<number>;
  private sub: Subscription | undefined;

  constructor(private h: WorldHost) {
    this.live = new Liveness({ timeoutMs: h.d.config.gateway.timeoutMs, bus: h.d.bus });
  }

  start(): void {
    this.sub = this.h.d.bus.subscribe(Subjects.gatewayHeartbeat(this.h.realmId), (m) => {
      try {
        const hb = parseJson<GatewayHeartbeat>(m.data);
        if (hb.gone) this.live.drop(hb.id);
        else this.live.beat(hb.id);
      } catch {
        // a malformed heartbeat is ignored
      }
    });
    this.live.start((id) => this.lost(id));
  }

  stop(): void {
    this.sub?.unsubscribe();
    this.live.stop();
  }

  /** A character arrived through this gateway: it has `timeoutMs` to show up if unknown. */
  expect(gatewayId: number): void {
    this.live.expect(gatewayId);
  }

  /** Every character connected through `gatewayId` is now disconnected (grace period). */
  lost(gatewayId: number): number {
    const now = this.h.now();
    let n = 0;
    for (const p of this.h.byGuid.values()) {
      if (p.session.gatewayId !== gatewayId || p.disconnectedAt) continue;
      p.disconnectedAt = now;
      n++;
    }
    this.h.log.warn({ gateway: gatewayId, characters: n, graceMs: this.h.d.config.gateway.worldGraceMs }, "gateway lost: its sessions count as disconnected");
    return n;
  }
}
