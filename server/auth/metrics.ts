// Prometheus metrics of the login server, plus plain counters for stats() (tests and
// benchmarks read those without parsing the exposition text).
import type { Counter, Histogram } from "prom-client";
import type { Metrics } from "../kernel/metrics.ts";
import { loginResultName } from "../protocol/login/result.ts";

export type CloseReason =
  /** the client closed */
  | "client"
  /** bytes that are not a message the state accepts, or do not decode */
  | "junk"
  /** more buffered bytes than one message may take */
  | "overflow"
  /** idle timeout */
  | "idle"
  /** over the per-IP limit of unauthenticated sockets */
  | "per_ip_limit"
  /** after a refusal (the one attempt is used) */
  | "refused"
  /** an internal error (store or cache) */
  | "error"
  /** server shutdown */
  | "shutdown";

export interface AuthStats {
  /** Sockets open now. */
  connections: number;
  /** Sockets open now that have not authenticated. */
  unauthenticated: number;
  accepted: number;
  closed: Record<CloseReason, number>;
  /** Logon proofs by result name (SUCCESS, FAIL_UNKNOWN_ACCOUNT, ...), challenge refusals included. */
  logins: Record<string, number>;
  /** Reconnect proofs by result name. */
  reconnects: Record<string, number>;
  /** Locks placed by this server. */
  locks: { account: number; ip: number };
  realmLists: number;
  /** SRP6 server math: B at the challenge plus the proof check. */
  srp: { count: number; totalMicros: number };
  /** Messages being handled now (awaiting the store or cache). */
  inFlight: number;
}

export class AuthMetrics {
  readonly stats: AuthStats = {
    connections: 0,
    unauthenticated: 0,
    accepted: 0,
    closed: { client: 0, junk: 0, overflow: 0, idle: 0, per_ip_limit: 0, refused: 0, error: 0, shutdown: 0 },
    logins: {},
    reconnects: {},
    locks: { account: 0, ip: 0 },
    realmLists: 0,
    srp: { count: 0, totalMicros: 0 },
    inFlight: 0,
  };
  private readonly logins: Counter<string>;
  private readonly reconnects: Counter<string>;
  private readonly closes: Counter<string>;
  private readonly accepts: Counter<string>;
  private readonly lockouts: Counter<string>;
  private readonly realmListCounter: Counter<string>;
  private readonly srpSeconds: Histogram<string>;
  /** Label-bound children, so the hot path does not hash label objects. */
  private readonly srpPhase: Record<"challenge" | "proof", { observe(v: number): void }>;
  private readonly loginChildren = new Map<number, { inc(): void }>();

  constructor(m: Metrics) {
    this.logins = m.counter("auth_logins_total", "Logon attempts by result (SUCCESS or the LoginResult name sent)", ["result"]);
    this.reconnects = m.counter("auth_reconnects_total", "Reconnect attempts by result", ["result"]);
    this.accepts = m.counter("auth_connections_total", "Login sockets accepted");
    this.closes = m.counter("auth_connections_closed_total", "Login sockets closed, by reason", ["reason"]);
    this.lockouts = m.counter("auth_lockouts_total", "Brute-force locks placed, by kind (account, ip)", ["kind"]);
    this.realmListCounter = m.counter("auth_realm_lists_total", "Realm lists sent");
    this.srpSeconds = m.histogram(
      "auth_srp_seconds",
      "SRP6 server math per step (challenge: B; proof: u, S, K, M1, M2)",
      [0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.005],
      ["phase"],
    );
    this.srpPhase = { challenge: this.srpSeconds.labels("challenge"), proof: this.srpSeconds.labels("proof") };
    const stats = this.stats;
    m.gauge("auth_connections_active", "Login sockets open now", [], (g) => g.set(stats.connections));
    m.gauge("auth_connections_unauthenticated", "Login sockets open now that have not authenticated", [], (g) => g.set(stats.unauthenticated));
  }

  accepted(): void {
    this.stats.accepted++;
    this.stats.connections++;
    this.stats.unauthenticated++;
    this.accepts.inc();
  }

  closed(reason: CloseReason, wasAuthenticated: boolean): void {
    this.stats.connections--;
    if (!wasAuthenticated) this.stats.unauthenticated--;
    this.stats.closed[reason]++;
    this.closes.inc({ reason });
  }

  /** A socket refused at accept (never counted as open). */
  refusedAtAccept(reason: CloseReason): void {
    this.stats.closed[reason]++;
    this.closes.inc({ reason });
  }

  authenticated(): void {
    this.stats.unauthenticated--;
  }

  login(result: number): void {
    const name = loginResultName(result);
    this.stats.logins[name] = (this.stats.logins[name] ?? 0) + 1;
    let child = this.loginChildren.get(result);
    if (!child) {
      child = this.logins.labels(name);
      this.loginChildren.set(result, child);
    }
    child.inc();
  }

  reconnect(result: number): void {
    const name = loginResultName(result);
    this.stats.reconnects[name] = (this.stats.reconnects[name] ?? 0) + 1;
    this.reconnects.inc({ result: name });
  }

  locked(kind: "account" | "ip"): void {
    this.stats.locks[kind]++;
    this.lockouts.inc({ kind });
  }

  realmList(): void {
    this.stats.realmLists++;
    this.realmListCounter.inc();
  }

  srp(phase: "challenge" | "proof", micros: number): void {
    this.stats.srp.count += phase === "proof" ? 1 : 0;
    this.stats.srp.totalMicros += micros;
    this.srpPhase[phase].observe(micros / 1e6);
  }

  /** A copy of the counters. */
  snapshot(): AuthStats {
    return structuredClone(this.stats);
  }
}
