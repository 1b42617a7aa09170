// Control requests a world host answers (JSON over Subjects.worldCtl, from the
// orchestrator and from services/commands through WorldOps): entering the world, takeover,
// teleports, saves, kicks and the GM actions (.npc, .modify speed, .gps).
import type { NpcInfo, WorldPosition } from "../api/plugin.ts";
import type { WorldHostReply, WorldHostRequest } from "../bus/world-requests.ts";
import type { Creature } from "./entities.ts";
import type { WorldHost } from "./host.ts";
import { forceRunSpeed } from "./movement.ts";
import { UnitField } from "../protocol/update/index.ts";
import { beginTransfer, teleportSameMap } from "./teleport.ts";

/** Run speeds `.modify speed` accepts (yards/s; the default run speed is 7). */
export const MIN_RUN_SPEED = 0.1;
export const MAX_RUN_SPEED = 7 * 50;

export function npcInfo(c: Creature, defaultRespawnMs: number): NpcInfo {
  return {
    guid: `0x${c.guid.toString(16).toUpperCase()}`,
    entry: c.template.entry,
    name: c.template.name,
    level: c.template.level,
    alive: c.alive,
    x: c.x,
    y: c.y,
    z: c.z,
    spawnId: c.spawn.id,
    wanderRadius: c.spawn.wanderRadius,
    respawnAt: c.alive ? 0 : c.respawnAt,
    respawnMs: c.spawn.respawnMs ?? defaultRespawnMs,
  };
}

export async function handleControl(h: WorldHost, req: WorldHostRequest): Promise<WorldHostReply> {
  switch (req.op) {
    case "enter":
      return h.enter(req);
    case "takeover":
      return h.takeover(req);
    case "teleport": {
      const p = h.byGuid.get(req.guid);
      if (!p || p.phase !== "world") return { ok: false, message: "not in the world here" };
      if (!h.d.content.inBounds(req.to.map, req.to.x, req.to.y, req.to.z)) return { ok: false, message: "destination out of bounds" };
      if (req.to.map === p.map && !h.d.content.isInstanced(req.to.map)) {
        teleportSameMap(h, p, req.to.x, req.to.y, req.to.z, req.to.o ?? p.o);
        h.link.flush();
        return { ok: true };
      }
      return { ok: await beginTransfer(h, p, req.to) };
    }
    case "save": {
      if (req.guid === undefined) return { ok: true, saved: await h.saveAll() };
      const p = h.byGuid.get(req.guid);
      if (p) await h.saver.saveNow([h.saveOf(p)]);
      return { ok: !!p, saved: p ? 1 : 0 };
    }
    case "kick": {
      const p = h.byGuid.get(req.guid);
      if (p) h.link.control(p.session.gatewayId, p.session.sessionId, { op: "kick", reason: req.reason });
      h.link.flush();
      return { ok: !!p };
    }
    case "npc": {
      const p = h.byGuid.get(req.guid);
      const inst = p ? h.where.get(p.guidLow) : undefined;
      const c = p && inst ? inst.creatureByGuid(p.selection) : undefined;
      if (!c || !inst) return { ok: false, message: "select a creature first" };
      if (req.action === "kill") inst.despawn(c, h.now());
      h.link.flush();
      return { ok: true, npc: npcInfo(c, h.d.config.world.creatureRespawnMs) };
    }
    case "speed": {
      const p = h.byGuid.get(req.guid);
      if (!p || p.phase !== "world" || !Number.isFinite(req.speed) || req.speed < MIN_RUN_SPEED || req.speed > MAX_RUN_SPEED) return { ok: false };
      forceRunSpeed(h, p, req.speed);
      h.link.flush();
      return { ok: true };
    }
    case "where": {
      const p = h.byGuid.get(req.guid);
      if (!p || p.phase !== "world") return { ok: false, message: "not in the world here" };
      const powerType = p.values.getByte(UnitField.UNIT_FIELD_BYTES_0, 3);
      const position: WorldPosition = {
        map: p.map,
        mapName: h.d.content.map(p.map)?.name ?? "",
        zone: p.zone,
        instanceId: p.instanceId,
        x: p.x,
        y: p.y,
        z: p.z,
        o: p.o,
        host: h.nodeId,
        health: p.values.getU32(UnitField.UNIT_FIELD_HEALTH),
        maxHealth: p.values.getU32(UnitField.UNIT_FIELD_MAXHEALTH),
        powerType,
        power: p.values.getU32(UnitField.UNIT_FIELD_POWER1 + powerType),
        maxPower: p.values.getU32(UnitField.UNIT_FIELD_MAXPOWER1 + powerType),
      };
      return { ok: true, position };
    }
    case "info":
      return { ok: true, ...h.stats.snapshot() };
    case "ticks":
      return { ok: true, ...h.stats.ticksSince(Number(req.since) || 0), radius: Math.min(...[...h.instances.values()].map((i) => i.radius), Number.POSITIVE_INFINITY) };
    case "drain":
      h.draining = true;
      return { ok: true };
    case "undrain":
      h.draining = false;
      return { ok: true };
    case "relocate": {
      // draining: the orchestrator places the map elsewhere now; the player goes there as on a map change
      const p = h.byGuid.get(req.guid);
      if (!p || p.phase !== "world") return { ok: false, message: "not in the world here" };
      return { ok: await beginTransfer(h, p, { map: p.map, x: p.x, y: p.y, z: p.z, o: p.o }) };
    }
  }
}
