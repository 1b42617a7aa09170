// In-band control entries inside OUTBOUND_BATCH envelopes. A world host binds a session
// to itself (or unbinds it) in the same envelope stream as the session's packets, so the
// gateway sees "bind" before the login burst and "unbind" after SMSG_LOGOUT_COMPLETE:
// no cross-subject ordering is assumed. The opcode 0xFFFF is outside the 11-bit opcode
// space, so it never collides with a real packet.
import { jsonBytes, parseJson } from "./port.ts";

export const CONTROL_OPCODE = 0xffff;

export type SessionControl =
  /** the session is in the world on `host` as character `guid` */
  | { op: "bind"; host: string; guid: number; name: string }
  /** back to the character screen */
  | { op: "unbind" }
  /** close the connection */
  | { op: "kick"; reason: string }
  /** the character failed to enter the world; the gateway returns to the character screen */
  | { op: "enter-failed"; reason: number };

export function encodeControl(c: SessionControl): Uint8Array {
  return jsonBytes(c);
}

export function decodeControl(b: Uint8Array): SessionControl | undefined {
  try {
    return parseJson<SessionControl>(b);
  } catch {
    return undefined;
  }
}

/** Requests on a gateway's control subject and the all-gateways subject. */
export type GatewayCommand =
  | { op: "kick"; sessionId: number; reason: string }
  | { op: "kickAccount"; accountId: number; reason: string; except?: { gatewayId: number; sessionId: number } }
  | { op: "closeAll"; reason: string }
  /** request/reply: is the session still connected, and which character is it playing */
  | { op: "session"; sessionId: number };

/** The answer to a `session` request. */
export interface SessionStatus {
  alive: boolean;
  state?: string;
  guid?: number;
}

/** The orchestrator's answer to an enter request. */
export type EnterReply = { ok: true; host: string } | { ok: false; reason: number; message?: string };

export interface EnterRequest {
  gatewayId: number;
  sessionId: number;
  accountId: number;
  accountName: string;
  gmLevel: number;
  guid: number;
}

/** Session lifecycle events on Subjects.sessionEvents. */
export type SessionEvent =
  | { op: "opened"; gatewayId: number; sessionId: number; accountId: number; ip: string }
  | { op: "closed"; gatewayId: number; sessionId: number; accountId: number; guid: number; host: string; reason: string };
