// The gateway's Prometheus metrics. `realm_gateway_socket_writes_total` divided by
// `realm_gateway_flushes_total` (and the per-flush gauges) show the batching: in steady
// state each dirty session costs one socket write per flush.
import type { Counter, Gauge } from "prom-client";
import type { Metrics } from "../kernel/metrics.ts";
import type { Gateway } from "./gateway.ts";

export class GatewayMetrics {
  readonly packetsIn: Counter<string>;
  readonly packetsOut: Counter<string>;
  readonly writes: Counter<string>;
  readonly flushes: Counter<string>;
  readonly badFrames: Counter<string>;
  readonly unknown: Counter<string>;
  readonly dropped: Counter<string>;
  readonly rateLimited: Counter<string>;
  readonly refused: Counter<string>;
  readonly authOk: Counter<string>;
  readonly authFailed: Counter<string>;
  readonly sessions: Gauge<string>;
  lastFlushWrites = 0;
  lastFlushSessions = 0;

  constructor(
    m: Metrics,
    private g: Gateway,
  ) {
    this.packetsIn = m.counter("realm_gateway_packets_in_total", "client packets received");
    this.packetsOut = m.counter("realm_gateway_packets_out_total", "server packets queued to clients");
    this.writes = m.counter("realm_gateway_socket_writes_total", "socket write calls");
    this.flushes = m.counter("realm_gateway_flushes_total", "outbound flush passes");
    this.badFrames = m.counter("realm_gateway_bad_frames_total", "connections closed for a bad header or handshake");
    this.unknown = m.counter("realm_gateway_unhandled_opcodes_total", "in-range opcodes with no handler (skipped)", ["opcode"]);
    this.dropped = m.counter("realm_gateway_dropped_packets_total", "packets dropped (wrong state)", ["reason"]);
    this.rateLimited = m.counter("realm_gateway_rate_limited_total", "packets over their opcode budget", ["opcode", "action"]);
    this.refused = m.counter("realm_gateway_refused_total", "connections refused or cut", ["reason"]);
    this.authOk = m.counter("realm_gateway_auth_ok_total", "world logins accepted");
    this.authFailed = m.counter("realm_gateway_auth_failed_total", "world logins refused", ["result"]);
    this.sessions = m.gauge("realm_gateway_sessions", "sessions by state", ["state"]);
    m.gauge("realm_gateway_writes_per_flush", "socket writes in the last flush divided by sessions flushed", [], (gg) => {
      gg.set(this.lastFlushSessions ? this.lastFlushWrites / this.lastFlushSessions : 0);
    });
  }

  updateGauges(): void {
    for (const [state, n] of Object.entries(this.g.counts())) this.sessions.set({ state }, n);
  }
}
