// The routing table: every client opcode goes to the gateway itself, to the session's
// world instance, to a plugin service, or to the orchestrator (CMSG_PLAYER_LOGIN).
// Plugin services announce the opcodes they own (routes subject); those entries win
// over the static world entries, so a plugin can take an opcode over.
import { Opcode, type OpcodeName } from "../protocol/opcodes.ts";

export type Route =
  | { kind: "gateway" }
  | { kind: "world" }
  | { kind: "enter" }
  | { kind: "service"; hosts: string[] }
  | { kind: "none" };

/** Handled by the gateway itself. */
export const GATEWAY_OPCODES = new Set<number>([
  Opcode.CMSG_AUTH_SESSION,
  Opcode.CMSG_PING,
  Opcode.CMSG_KEEP_ALIVE,
  Opcode.CMSG_QUERY_TIME,
  Opcode.CMSG_TUTORIAL_FLAG,
  Opcode.CMSG_TUTORIAL_CLEAR,
  Opcode.CMSG_TUTORIAL_RESET,
]);

/** The client's acknowledgements of SMSG_FORCE_*_SPEED_CHANGE / turn and pitch rates. */
export const FORCE_SPEED_CHANGE_ACKS: readonly OpcodeName[] = [
  "CMSG_FORCE_RUN_SPEED_CHANGE_ACK",
  "CMSG_FORCE_RUN_BACK_SPEED_CHANGE_ACK",
  "CMSG_FORCE_SWIM_SPEED_CHANGE_ACK",
  "CMSG_FORCE_WALK_SPEED_CHANGE_ACK",
  "CMSG_FORCE_SWIM_BACK_SPEED_CHANGE_ACK",
  "CMSG_FORCE_TURN_RATE_CHANGE_ACK",
  "CMSG_FORCE_FLIGHT_SPEED_CHANGE_ACK",
  "CMSG_FORCE_FLIGHT_BACK_SPEED_CHANGE_ACK",
  "CMSG_FORCE_PITCH_RATE_CHANGE_ACK",
];

const WORLD_NAMES: OpcodeName[] = [
  // movement relays and acks (protocol.md §2.12)
  "MSG_MOVE_START_FORWARD",
  "MSG_MOVE_START_BACKWARD",
  "MSG_MOVE_STOP",
  "MSG_MOVE_START_STRAFE_LEFT",
  "MSG_MOVE_START_STRAFE_RIGHT",
  "MSG_MOVE_STOP_STRAFE",
  "MSG_MOVE_JUMP",
  "MSG_MOVE_START_TURN_LEFT",
  "MSG_MOVE_START_TURN_RIGHT",
  "MSG_MOVE_STOP_TURN",
  "MSG_MOVE_START_PITCH_UP",
  "MSG_MOVE_START_PITCH_DOWN",
  "MSG_MOVE_STOP_PITCH",
  "MSG_MOVE_SET_RUN_MODE",
  "MSG_MOVE_SET_WALK_MODE",
  "MSG_MOVE_FALL_LAND",
  "MSG_MOVE_START_SWIM",
  "MSG_MOVE_STOP_SWIM",
  "MSG_MOVE_SET_FACING",
  "MSG_MOVE_SET_PITCH",
  "MSG_MOVE_HEARTBEAT",
  "MSG_MOVE_START_ASCEND",
  "MSG_MOVE_STOP_ASCEND",
  "MSG_MOVE_START_DESCEND",
  "CMSG_MOVE_FALL_RESET",
  "CMSG_MOVE_SET_FLY",
  "CMSG_MOVE_CHNG_TRANSPORT",
  "CMSG_SET_ACTIVE_MOVER",
  "CMSG_MOVE_NOT_ACTIVE_MOVER",
  "CMSG_MOVE_TIME_SKIPPED",
  "MSG_MOVE_TELEPORT_ACK",
  "MSG_MOVE_WORLDPORT_ACK",
  "CMSG_WORLD_TELEPORT",
  ...FORCE_SPEED_CHANGE_ACKS,
  "CMSG_FORCE_MOVE_ROOT_ACK",
  "CMSG_FORCE_MOVE_UNROOT_ACK",
  "CMSG_MOVE_KNOCK_BACK_ACK",
  "CMSG_MOVE_SPLINE_DONE",
  // in-world session traffic
  "CMSG_LOGOUT_REQUEST",
  "CMSG_LOGOUT_CANCEL",
  "CMSG_PLAYER_LOGOUT",
  "CMSG_TIME_SYNC_RESP",
  "CMSG_NAME_QUERY",
  "CMSG_CREATURE_QUERY",
  "CMSG_GAMEOBJECT_QUERY",
  "CMSG_ITEM_QUERY_SINGLE",
  "CMSG_ZONEUPDATE",
  "CMSG_SET_SELECTION",
  "CMSG_STANDSTATECHANGE",
  "CMSG_SETSHEATHED",
  "CMSG_PLAYED_TIME",
  "CMSG_AREATRIGGER",
  "CMSG_SET_ACTION_BUTTON",
];
export const WORLD_OPCODES = new Set<number>(WORLD_NAMES.map((n) => Opcode[n]));

/** Only valid at the character screen (TrinityCore STATUS_AUTHED). */
export const CHAR_SCREEN_OPCODES = new Set<number>([
  Opcode.CMSG_CHAR_ENUM,
  Opcode.CMSG_CHAR_CREATE,
  Opcode.CMSG_CHAR_DELETE,
  Opcode.CMSG_CHAR_RENAME,
  Opcode.CMSG_CHAR_CUSTOMIZE,
  Opcode.CMSG_CHAR_FACTION_CHANGE,
  Opcode.CMSG_CHAR_RACE_CHANGE,
  Opcode.CMSG_PLAYER_LOGIN,
  Opcode.CMSG_SET_PLAYER_DECLINED_NAMES,
]);

/** Valid in any authenticated state (character screen or world). */
export const ANY_AUTHED_OPCODES = new Set<number>([
  Opcode.CMSG_PING,
  Opcode.CMSG_KEEP_ALIVE,
  Opcode.CMSG_QUERY_TIME,
  Opcode.CMSG_REALM_SPLIT,
  Opcode.CMSG_READY_FOR_ACCOUNT_DATA_TIMES,
  Opcode.CMSG_UPDATE_ACCOUNT_DATA,
  Opcode.CMSG_REQUEST_ACCOUNT_DATA,
  Opcode.CMSG_TUTORIAL_FLAG,
  Opcode.CMSG_TUTORIAL_CLEAR,
  Opcode.CMSG_TUTORIAL_RESET,
  Opcode.CMSG_WARDEN_DATA,
]);

/** Opcode -> route, rebuilt when a services host announces (never mutated in place). */
// one object per route (route() runs for every client packet and allocates nothing)
const GATEWAY_ROUTE: Route = Object.freeze({ kind: "gateway" });
const ENTER_ROUTE: Route = Object.freeze({ kind: "enter" });
const WORLD_ROUTE: Route = Object.freeze({ kind: "world" });
const NO_ROUTE: Route = Object.freeze({ kind: "none" });

export class RouteTable {
  private services = new Map<number, string[]>();
  private serviceRoutes = new Map<number, Route>();
  /** host -> its opcodes and when it last announced */
  private hosts = new Map<string, { opcodes: number[]; at: number }>();

  /** Records a services host's announcement (replaces its previous one). */
  announce(host: string, opcodes: number[], at: number): void {
    this.hosts.set(host, { opcodes, at });
    this.rebuild();
  }

  /** Drops hosts not heard from since `before`. */
  expire(before: number): void {
    let changed = false;
    for (const [h, v] of this.hosts) if (v.at < before) (this.hosts.delete(h), (changed = true));
    if (changed) this.rebuild();
  }

  forget(host: string): void {
    if (this.hosts.delete(host)) this.rebuild();
  }

  private rebuild(): void {
    const next = new Map<number, string[]>();
    for (const [h, v] of [...this.hosts.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      for (const op of v.opcodes) {
        const l = next.get(op);
        if (l) l.push(h);
        else next.set(op, [h]);
      }
    }
    this.services = next;
    this.serviceRoutes = new Map([...next].map(([op, hosts]) => [op, { kind: "service", hosts } as const]));
  }

  route(opcode: number): Route {
    if (GATEWAY_OPCODES.has(opcode)) return GATEWAY_ROUTE;
    if (opcode === Opcode.CMSG_PLAYER_LOGIN) return ENTER_ROUTE;
    const r = this.serviceRoutes.get(opcode);
    if (r) return r;
    if (WORLD_OPCODES.has(opcode)) return WORLD_ROUTE;
    return NO_ROUTE;
  }

  serviceHosts(): string[] {
    return [...this.hosts.keys()];
  }
}
