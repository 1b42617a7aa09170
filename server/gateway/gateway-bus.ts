// The gateway's side of the bus besides client packets: outbound batches from world hosts
// and services (with their in-band controls), commands on its control subjects, the
// services' route announcements, its own heartbeat, and the liveness of the realm's other
// gateways (a session recorded on a gateway that died is not "still logged in", and that
// gateway's login-queue slots are freed).
import { forEachOutbound } from "../bus/packet-envelope.ts";
import { Liveness } from "../bus/liveness.ts";
import type { BusMessage, Subscription } from "../bus/port.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import { CONTROL_OPCODE, decodeControl, type GatewayCommand, type SessionStatus } from "../bus/session-control.ts";
import { Subjects } from "../bus/subjects.ts";
import type { GatewayHeartbeat } from "../bus/world-requests.ts";
import { admittedKey } from "./gateway-auth.ts";
import type { Gateway } from "./gateway.ts";

export class GatewayBus {
  /** the realm's other gateways */
  readonly peers: Liveness<number>;
  private subs: Subscription[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private g: Gateway) {
    this.peers = new Liveness({ timeoutMs: g.d.config.gateway.timeoutMs, bus: g.d.bus });
  }

  start(): void {
    const b = this.g.d.bus;
    const realm = this.g.realmId;
    this.subs.push(b.subscribe(Subjects.gatewayOut(this.g.id), (m) => this.onOutbound(m)));
    this.subs.push(b.subscribe(Subjects.gatewayCtl(this.g.id), (m) => this.onCommand(m)));
    this.subs.push(b.subscribe(Subjects.gatewayAll(), (m) => this.onCommand(m)));
    this.subs.push(b.subscribe(Subjects.routes(realm), (m) => this.onRoutes(m)));
    this.subs.push(b.subscribe(Subjects.gatewayHeartbeat(realm), (m) => this.onPeer(m)));
    this.peers.start((id) => void this.peerLost(id));
    this.timer = setInterval(() => this.heartbeat(), this.g.d.config.gateway.heartbeatMs);
    this.heartbeat();
  }

  stop(): void {
    clearInterval(this.timer);
    this.peers.stop();
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
    this.publishHeartbeat(true);
  }

  /** Is the session recorded on gateway `id` possibly still there? (unknown gateways: yes) */
  gatewayAlive(id: number): boolean {
    return id === this.g.id || !this.peers.wasLost(id);
  }

  private heartbeat(): void {
    this.publishHeartbeat(false);
  }

  private publishHeartbeat(gone: boolean): void {
    const hb: GatewayHeartbeat = { id: this.g.id, node: this.g.d.nodeId, sessions: this.g.sessions.size, at: this.g.d.clock.now(), ...(gone ? { gone } : {}) };
    this.g.d.bus.publish(Subjects.gatewayHeartbeat(this.g.realmId), jsonBytes(hb));
  }

  private onPeer(m: BusMessage): void {
    try {
      const hb = parseJson<GatewayHeartbeat>(m.data);
      if (hb.id === this.g.id) return;
      if (hb.gone) this.peers.drop(hb.id);
      else this.peers.beat(hb.id);
    } catch {
      // a malformed heartbeat is ignored
    }
  }

  /** Another gateway died: its login-queue slots are freed (every gateway does it; idempotent). */
  private async peerLost(id: number): Promise<void> {
    this.g.log.warn({ gateway: id }, "another gateway went silent");
    try {
      const key = admittedKey(this.g.realmId);
      const all = await this.g.d.cache.hgetall(key);
      for (const field of all.keys()) if (field.startsWith(`${id}:`)) await this.g.d.cache.hdel(key, field);
    } catch (e) {
      this.g.log.warn({ err: e }, "freeing a lost gateway's queue slots failed");
    }
  }

  private onOutbound(m: BusMessage): void {
    try {
      this.deliver(m.data);
    } catch (e) {
      this.g.log.error({ err: e }, "damaged outbound batch dropped");
    }
  }

  private deliver(batch: Uint8Array): void {
    forEachOutbound(batch, (sid, opcode, body) => {
      const s = this.g.sessions.get(sid);
      if (opcode === CONTROL_OPCODE) {
        const c = decodeControl(body);
        if (!c) return;
        if (s) return this.g.auth.onControl(s, c);
        // a world host took a session that is gone (e.g. it closed while its host was lost):
        // tell it, so the character leaves after the grace period instead of waiting forever
        if (c.op === "bind") {
          this.g.publishSessionEvent({ op: "closed", gatewayId: this.g.id, sessionId: sid, accountId: 0, guid: c.guid, host: c.host, reason: "session gone before the bind" });
        }
        return;
      }
      if (s) this.g.sendRaw(s, opcode, body);
    });
  }

  private onCommand(m: BusMessage): void {
    let c: GatewayCommand;
    try {
      c = parseJson<GatewayCommand>(m.data);
    } catch {
      return;
    }
    const g = this.g;
    if (c.op === "kick") {
      const s = g.sessions.get(c.sessionId);
      if (s) g.close(s, c.reason);
    } else if (c.op === "kickAccount") {
      for (const s of [...g.sessions.values()]) {
        if (s.accountId !== c.accountId) continue;
        if (c.except && c.except.gatewayId === g.id && c.except.sessionId === s.id) continue;
        g.close(s, c.reason);
      }
    } else if (c.op === "closeAll") {
      g.closing = true;
      for (const s of [...g.sessions.values()]) g.close(s, c.reason);
    } else if (c.op === "session") {
      const s = g.sessions.get(c.sessionId);
      const st: SessionStatus = s && s.state !== "closed" ? { alive: true, state: s.state, guid: s.characterGuid } : { alive: false };
      g.d.bus.respond(m, jsonBytes(st));
    }
  }

  private onRoutes(m: BusMessage): void {
    try {
      const r = parseJson<{ host: string; opcodes: number[]; gone?: boolean }>(m.data);
      if (r.gone) this.g.routes.forget(r.host);
      else this.g.routes.announce(r.host, r.opcodes, this.g.d.clock.now());
    } catch (e) {
      this.g.log.warn({ err: e }, "bad routes announcement");
    }
  }
}
