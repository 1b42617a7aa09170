// Teleports (protocol.md §2.12, §2.12.1): within a map with the MSG_MOVE_TELEPORT_ACK
// order/ack pair, across maps with SMSG_TRANSFER_PENDING + SMSG_NEW_WORLD and the
// client's MSG_MOVE_WORLDPORT_ACK. The orchestrator decides which host runs the
// destination instance; the character is saved at the destination before it leaves.
import type { WorldLocation } from "../api/plugin.ts";
import { requestLeader } from "../bus/leader-request.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import { describeError } from "../kernel/errors.ts";
import { Opcode } from "../protocol/opcodes.ts";
import { copyMovementInfo, newMovementInfo } from "../protocol/world/movement-info.ts";
import { MSG_MOVE_TELEPORT, MSG_MOVE_TELEPORT_ACK_Server } from "../protocol/world/movement.ts";
import { SMSG_NEW_WORLD, SMSG_TRANSFER_ABORTED, SMSG_TRANSFER_PENDING, TransferAbortReason } from "../protocol/world/transfer.ts";
import type { Player } from "./entities.ts";
import type { WorldHost } from "./host.ts";
import type { TransferRequest } from "../bus/world-requests.ts";

/** Orders a same-map teleport: the mover gets the ack order, observers see the jump. */
export function teleportSameMap(h: WorldHost, p: Player, x: number, y: number, z: number, o: number): void {
  const inst = h.where.get(p.guidLow);
  if (!inst) return;
  const counter = p.moveCounter++;
  p.pendingTeleport = { counter, x, y, z, o };
  p.logoutAt = 0;
  const m = copyMovementInfo(p.movement, newMovementInfo());
  m.x = x;
  m.y = y;
  m.z = z;
  m.o = o;
  m.flags = 0;
  m.time = h.now() >>> 0;
  m.fallTime = 0;
  m.jump = null;
  h.link.send(p.session.gatewayId, p.session.sessionId, Opcode.MSG_MOVE_TELEPORT_ACK, inst.encode(MSG_MOVE_TELEPORT_ACK_Server, { guid: p.guid, counter, movement: m }));
  inst.relay(p, Opcode.MSG_MOVE_TELEPORT, inst.encode(MSG_MOVE_TELEPORT, { guid: p.guid, movement: m }));
  p.lastMoveAt = h.now();
}

/** The client acked a same-map teleport: commit the position. */
export function commitTeleport(h: WorldHost, p: Player, counter: number): void {
  const t = p.pendingTeleport;
  if (!t || t.counter !== counter) return;
  p.pendingTeleport = undefined;
  p.setPosition(t.x, t.y, t.z, t.o);
  p.movement.x = t.x;
  p.movement.y = t.y;
  p.movement.z = t.z;
  p.movement.o = t.o;
  p.movement.flags = 0;
  p.lastValid = { ...t };
  p.lastMoveAt = h.now();
  h.where.get(p.guidLow)?.grid.moved(p);
}

/** Starts a map change; false (and SMSG_TRANSFER_ABORTED) when no host takes the destination. */
export async function beginTransfer(h: WorldHost, p: Player, to: WorldLocation): Promise<boolean> {
  const inst = h.where.get(p.guidLow);
  if (!inst || p.phase !== "world") return false;
  const from = { map: p.map, x: p.x, y: p.y, z: p.z, o: p.o, zone: p.zone };
  const o = to.o ?? p.o;
  // save at the destination first: whichever host loads the character sees it there
  const save = { ...h.saveOf(p), map: to.map, x: to.x, y: to.y, z: to.z, orientation: o, instanceId: 0 };
  await h.saver.saveNow([save]);
  const req: TransferRequest = { guid: p.guidLow, session: p.session, accountId: p.accountId, gmLevel: p.gmLevel, to: { ...to, o }, fromHost: h.nodeId };
  let host: string | undefined;
  let reason: number = TransferAbortReason.NOT_FOUND;
  try {
    const m = await requestLeader(h.d.bus, Subjects.orchestrator(h.realmId, "transfer"), jsonBytes(req), { timeoutMs: 15_000 });
    const rep = parseJson<{ ok: boolean; host?: string; reason?: number }>(m.data);
    if (rep.ok) host = rep.host;
    else reason = rep.reason ?? reason;
  } catch (e) {
    h.log.warn({ err: describeError(e), guid: p.guidLow }, "transfer request failed");
  }
  if (!host) {
    await h.saver.saveNow([{ ...h.saveOf(p), map: from.map, x: from.x, y: from.y, z: from.z, orientation: from.o }]);
    h.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_TRANSFER_ABORTED, inst.encode(SMSG_TRANSFER_ABORTED, { map: to.map, reason, argument: 0 }));
    h.link.flush();
    return false;
  }
  h.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_TRANSFER_PENDING, inst.encode(SMSG_TRANSFER_PENDING, { map: to.map, transport: null }));
  h.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_NEW_WORLD, inst.encode(SMSG_NEW_WORLD, { map: to.map, x: to.x, y: to.y, z: to.z, orientation: o }));
  if (host !== h.nodeId) h.link.control(p.session.gatewayId, p.session.sessionId, { op: "bind", host, guid: p.guidLow, name: p.name });
  inst.removePlayer(p, true, h.now());
  h.forget(p);
  p.phase = p.phase === "world" ? "gone" : p.phase;
  h.link.flush();
  h.log.info({ guid: p.guidLow, name: p.name, from: from.map, to: to.map, host }, "map change");
  return true;
}
