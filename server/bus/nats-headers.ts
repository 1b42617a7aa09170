// Our flat Record<string, string> headers to and from NATS headers (the first value wins
// when a header repeats on the wire).
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import type { Headers } from "./port.ts";

export function toHeaders(h: Headers | undefined): MsgHdrs | undefined {
  if (!h) return undefined;
  const keys = Object.keys(h);
  if (keys.length === 0) return undefined;
  const out = natsHeaders();
  for (const k of keys) out.set(k, h[k]!);
  return out;
}

export function fromHeaders(h: MsgHdrs | undefined): Headers | undefined {
  if (!h) return undefined;
  const keys = h.keys();
  if (keys.length === 0) return undefined;
  const out: Headers = {};
  for (const k of keys) out[k] = h.get(k);
  return out;
}
