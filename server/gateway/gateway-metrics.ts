// The gateway's Prometheus metrics. `realm_gateway_socket_writes_total` divided by
// `realm_gateway_flushes_total` (and the per-flush gauges) show the batching: in steady
// state each dirty session costs one socket write per flush.
import type { Counter, Gauge } from "prom-client";
import type { Metrics } from "../kernel/metrics.ts";
import type { Gateway } from "./gateway.ts";

/**
 * A counter bumped on the hot path as a plain number (`n++`, no prom-client call per
 * packet); prom-client catches up whenever the metric is read (its collect hook).
 */
export class HotCounter {
  n = 0;
  private seen = 0;
  constructor(readonly counter: Counter<string>) {
    (counter as unknown as { collect?: () => void }).collect = () => this.sync();
  }
  sync(): void {
    if (this.n === this.seen) return;
    this.counter.inc(this.n - this.seen);
    this.seen = this.n;
  }
}

export class GatewayMetrics {
  readonly packetsIn: HotCounter;
  readonly packetsOut: HotCounter;
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
    this.packetsIn = new HotCounter(m.counter("realm_gateway_packets_in_total", "client packets received"));
    this.packetsOut = new HotCounter(m.counter("realm_gateway_packets_out_total", "server packets queued to clients"));
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
