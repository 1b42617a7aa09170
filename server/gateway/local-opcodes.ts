// Opcodes the gateway answers itself: ping, keep-alive, time query, tutorial flags.
import { Opcode } from "../protocol/opcodes.ts";
import { CMSG_QUERY_TIME, SMSG_QUERY_TIME_RESPONSE } from "../protocol/world/login-burst.ts";
import { SMSG_PONG } from "../protocol/world/session.ts";
import type { Gateway } from "./gateway.ts";
import type { WorldSession } from "./session.ts";

/** Seconds until the next daily reset (06:00 server time, the usual realm default). */
export function secondsUntilDailyReset(nowMs: number, hour = 6): number {
  const d = new Date(nowMs);
  const next = new Date(d);
  next.setHours(hour, 0, 0, 0);
  if (next.getTime() <= nowMs) next.setDate(next.getDate() + 1);
  return Math.round((next.getTime() - nowMs) / 1000);
}

/** A gateway-local opcode; its payload is buf[start, end) (the session's inbound buffer). */
export function handleLocal(g: Gateway, s: WorldSession, opcode: number, buf: Uint8Array, start: number, end: number): void {
  switch (opcode) {
    case Opcode.CMSG_PING: {
      // u32 sequence, u32 latency (CMSG_PING); the pong echoes the sequence. Read in place:
      // a ping is the one packet load tools send by the million.
      if (end - start < CMSG_PING_SIZE) return;
      PONG[0] = buf[start]!;
      PONG[1] = buf[start + 1]!;
      PONG[2] = buf[start + 2]!;
      PONG[3] = buf[start + 3]!;
      g.sendRaw(s, SMSG_PONG.opcode, PONG); // copied into the session's outbound buffer
      return;
    }
    case Opcode.CMSG_QUERY_TIME: {
      const now = g.d.clock.now();
      g.send(s, SMSG_QUERY_TIME_RESPONSE, { unixTime: Math.floor(now / 1000), secondsUntilDailyReset: secondsUntilDailyReset(now) });
      return;
    }
    default:
      // keep-alive and tutorial flags need no answer (tutorials are all marked seen)
      void CMSG_QUERY_TIME;
      return;
  }
}

const CMSG_PING_SIZE = 8;
/** SMSG_PONG body (u32 sequence), reused. */
const PONG = new Uint8Array(4);
