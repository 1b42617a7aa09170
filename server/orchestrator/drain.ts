// Draining a world host (`orch.drain`, `.server drain <host>`): it takes no new instances
// or players, and each of its players moves, at its current position, to wherever the
// orchestrator now places its map, with the map-change flow (the host saves the character,
// asks `orch.transfer`, sends SMSG_TRANSFER_PENDING + SMSG_NEW_WORLD and the in-band bind
// to the new host; the client's MSG_MOVE_WORLDPORT_ACK completes it). `off` ends draining.
import type { DrainReply, DrainRequest } from "../bus/world-requests.ts";
import { describeError } from "../kernel/errors.ts";
import type { Orchestrator } from "./orchestrator.ts";
import { playersOn } from "./recovery.ts";

const PARALLEL = 8;

export async function drainHost(o: Orchestrator, req: DrainRequest): Promise<DrainReply> {
  const host = String(req.host ?? "");
  if (!o.isLive(host)) return { ok: false, moved: 0, failed: 0, message: `no live world host named "${host}"` };
  if (req.off) {
    o.draining.delete(host);
    await o.request(host, { op: "undrain" });
    o.d.log.info({ host }, "world host takes players again");
    return { ok: true, moved: 0, failed: 0 };
  }
  o.draining.add(host);
  await o.request(host, { op: "drain" });
  const players = await playersOn(o, host);
  o.d.log.info({ host, players: players.length }, "draining a world host");
  let moved = 0;
  let failed = 0;
  for (let i = 0; i < players.length; i += PARALLEL) {
    const results = await Promise.all(
      players.slice(i, i + PARALLEL).map(async (p) => {
        try {
          return (await o.request(host, { op: "relocate", guid: p.guid }, o.d.config.drainTimeoutMs)).ok;
        } catch (e) {
          o.d.log.warn({ err: describeError(e), guid: p.guid, host }, "moving a player off a draining host failed");
          return false;
        }
      }),
    );
    for (const ok of results) ok ? moved++ : failed++;
  }
  const message = failed > 0 && o.liveHosts().length === 0 ? "no other live world host takes players" : undefined;
  o.d.log.info({ host, moved, failed }, "world host drained");
  return { ok: failed === 0, moved, failed, message };
}
