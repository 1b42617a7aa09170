// Opcodes the gateway answers itself: ping, keep-alive, time query, tutorial flags.
import { decode } from "../protocol/message.ts";
import { Opcode } from "../protocol/opcodes.ts";
import { CMSG_QUERY_TIME, SMSG_QUERY_TIME_RESPONSE } from "../protocol/world/login-burst.ts";
import { CMSG_PING, SMSG_PONG } from "../protocol/world/session.ts";
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

export function handleLocal(g: Gateway, s: WorldSession, opcode: number, payload: Uint8Array): void {
  switch (opcode) {
    case Opcode.CMSG_PING: {
      const r = decode(CMSG_PING, payload);
      if (r.ok) g.sendRaw(s, SMSG_PONG.opcode, pong(r.value.sequence));
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

function pong(seq: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, seq >>> 0, true);
  return b;
}
