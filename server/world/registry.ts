// The world host's rows in the orchestrator's registry (store.registry.world_players):
// which host a character is on, in which instance, through which gateway session. Written
// when a character is placed here (login, map change or resume onto this host, takeover by
// a new connection) and removed when it leaves the world from here. Off the tick: a failed
// write is logged, never waited for.
import type { Player } from "./entities.ts";
import type { WorldHost } from "./host.ts";

export function registerPlayer(h: WorldHost, p: Player): void {
  const row = {
    realmId: h.realmId,
    guid: p.guidLow,
    host: h.nodeId,
    map: p.map,
    instanceId: p.instanceId,
    gatewayId: p.session.gatewayId,
    sessionId: p.session.sessionId,
    updatedAt: h.now(),
  };
  void h.d.store.registry.putPlayer(row).catch((e) => h.log.warn({ err: e, guid: p.guidLow }, "registry update failed"));
}

/** Removes the row if it still names this host (a map change may already have moved it). */
export function unregisterPlayer(h: WorldHost, p: Player): Promise<void> {
  return h.d.store.registry.removePlayer(h.realmId, p.guidLow, h.nodeId).catch((e) => h.log.warn({ err: e, guid: p.guidLow }, "registry removal failed"));
}
