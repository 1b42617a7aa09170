// How the orchestrator gets world processes: one interface, three drivers.
//   in-process  the realm's own world host (embedded mode)
//   process     world processes spawned with Bun.spawn on this machine, restarted on crash
//   kubernetes  the world Deployment of a Kubernetes cluster, scaled through its API
// The orchestrator asks for a number of hosts and learns about them from their heartbeats
// on the bus; the driver only keeps processes running.

export type HostState = "starting" | "running" | "stopping" | "exited";

export interface DriverHost {
  /** the node id the world process runs with (its heartbeats carry it) */
  id: string;
  state: HostState;
  restarts: number;
  /** pid (process driver) or pod name (kubernetes) */
  ref: string;
}

export interface DriverEvents {
  /** a host exited without being asked to (crash, SIGKILL, OOM) */
  onCrash?(host: DriverHost, code: number | null): void;
  /** a crashed host was started again */
  onRestart?(host: DriverHost): void;
}

export interface WorldDriver {
  readonly kind: "in-process" | "process" | "kubernetes";
  /** Keeps `n` world hosts running. */
  scale(n: number): Promise<void>;
  list(): Promise<DriverHost[]>;
  /** Stops one host (the orchestrator drains it first). */
  stop(id: string): Promise<void>;
  close(): Promise<void>;
}
