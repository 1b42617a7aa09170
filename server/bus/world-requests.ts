// Requests a world host answers on its control subject (JSON: low rate, not the packet
// path), and what the orchestrator sends it.
/** A client session: which gateway, which connection on it. */
export interface SessionAddress {
  gatewayId: number;
  sessionId: number;
}

export interface WorldLocation {
  map: number;
  x: number;
  y: number;
  z: number;
  o?: number;
}


export type WorldHostRequest =
  /**
   * A character enters the world: login; transfer (arrives from another map or host, the
   * source host sent SMSG_NEW_WORLD); resume (its host died: this host loads the last save
   * and itself sends the bind, SMSG_TRANSFER_PENDING and SMSG_NEW_WORLD).
   */
  | { op: "enter"; mode: "login" | "transfer" | "resume"; guid: number; session: SessionAddress; accountId: number; gmLevel: number; instanceId: number }
  /** a new connection takes over a character still in the world (grace period) */
  | { op: "takeover"; guid: number; session: SessionAddress; gmLevel: number }
  | { op: "teleport"; guid: number; to: WorldLocation }
  | { op: "save"; guid?: number }
  | { op: "kick"; guid: number; reason: string }
  /** GM actions on the character's selection */
  | { op: "npc"; guid: number; action: "kill" | "info" }
  | { op: "speed"; guid: number; speed: number }
  /** where a character is (map, zone, instance, position) */
  | { op: "where"; guid: number }
  | { op: "info" }
  /** tick durations and lateness since tick number `since` (benchmarks of a separate world process) */
  | { op: "ticks"; since: number }
  /** no new players here (draining); undrain takes new players again */
  | { op: "drain" }
  | { op: "undrain" }
  /** move a player to wherever the orchestrator places its map now, at its current position (draining) */
  | { op: "relocate"; guid: number };

export type WorldHostReply = { ok: boolean; reason?: number; message?: string; [k: string]: unknown };

/** Requests to the orchestrator (Subjects.orchestrator(realm, op)). */
export interface TransferRequest {
  guid: number;
  session: SessionAddress;
  accountId: number;
  gmLevel: number;
  to: WorldLocation;
  fromHost: string;
}

/** A world host's heartbeat (Subjects.worldHeartbeat). */
export interface WorldHeartbeat {
  host: string;
  players: number;
  instances: { map: number; instanceId: number; players: number }[];
  tickP99: number;
  at: number;
  draining?: boolean;
  /** the process id (operators, tests) */
  pid?: number;
}

/** A gateway's heartbeat (Subjects.gatewayHeartbeat). */
export interface GatewayHeartbeat {
  id: number;
  node: string;
  sessions: number;
  at: number;
  gone?: boolean;
}

/** `orch.drain`: stop placing on a host and move its players off (off: take players again). */
export interface DrainRequest {
  host: string;
  off?: boolean;
}

export interface DrainReply {
  ok: boolean;
  moved: number;
  failed: number;
  message?: string;
}
