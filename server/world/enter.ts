// Entering the world (protocol.md §2.9): a login places the character in its instance
// after the login burst; a map change prepares the player and places it when the client's
// MSG_MOVE_WORLDPORT_ACK arrives; a resume (the character's world host died) loads the last
// save and brings the client here with the in-band bind, SMSG_TRANSFER_PENDING and
// SMSG_NEW_WORLD, then the same MSG_MOVE_WORLDPORT_ACK completes it; a new connection for a
// character still in the world (grace period, second login) takes it over with a fresh
// burst and view.
import { CoreHooks } from "../api/hooks.ts";
import type { WorldHostReply, WorldHostRequest } from "../bus/world-requests.ts";
import { CharLoginFailed } from "../protocol/world/char-constants.ts";
import { Opcode } from "../protocol/opcodes.ts";
import { SMSG_NEW_WORLD, SMSG_TRANSFER_PENDING } from "../protocol/world/transfer.ts";
import { Player } from "./entities.ts";
import type { WorldHost } from "./host.ts";
import type { MapInstance } from "./instance.ts";
import { sendLoginBurst, sendLoginEnd, sendSelfCreate, sendWorldInit, type BurstContext } from "./login-burst.ts";
import { registerPlayer } from "./registry.ts";

/** Players being resumed here -> when the resume started (host ms), for the arrival log. */
const resuming = new WeakMap<Player, number>();

async function burstContext(h: WorldHost, p: Player): Promise<BurstContext> {
  const [motd, times] = await Promise.all([h.d.motd(), h.d.store.accountData.times(p.accountId, p.guidLow)]);
  return { link: h.link, content: h.d.content, now: h.now(), motd, accountDataTimes: times };
}

/** A character enters the world here (login, or arrival from another map: mode transfer). */
export async function enterWorld(h: WorldHost, req: Extract<WorldHostRequest, { op: "enter" }>): Promise<WorldHostReply> {
  const row = await h.d.store.characters.byGuid(req.guid);
  if (!row || row.accountId !== req.accountId || row.deletedAt !== 0 || row.realmId !== h.realmId) return { ok: false, reason: CharLoginFailed.NO_CHARACTER };
  const existing = h.byGuid.get(req.guid);
  if (existing && req.mode === "login") return takeoverCharacter(h, { op: "takeover", guid: req.guid, session: req.session, gmLevel: req.gmLevel });
  const inst = h.instance(row.map, req.instanceId);
  if (!inst || !h.d.content.inBounds(row.map, row.x, row.y, row.z)) return { ok: false, reason: CharLoginFailed.NO_WORLD };
  const now = h.now();
  const p = new Player(row, req.session, req.accountId, req.gmLevel, now);
  p.instanceId = req.instanceId;
  p.nextSaveAt = now + h.d.config.world.saveIntervalMs * (0.5 + Math.random() * 0.5);
  p.nextTimeSyncAt = now + 10_000;
  if (existing) h.forget(existing);
  h.bySession.set(h.sessionKey(req.session), p);
  h.byGuid.set(p.guidLow, p);
  h.gateways.expect(req.session.gatewayId);
  registerPlayer(h, p);
  if (req.mode === "transfer" || req.mode === "resume") {
    p.phase = "transfer";
    p.pendingInstance = inst;
    if (req.mode === "resume") await resume(h, p, inst);
    return { ok: true };
  }
  h.link.control(req.session.gatewayId, req.session.sessionId, { op: "bind", host: h.nodeId, guid: p.guidLow, name: p.name });
  sendLoginBurst(p, await burstContext(h, p), p.map);
  placeInWorld(h, p, inst);
  await h.d.store.characters.update(p.guidLow, { online: true, firstLogin: false, logoutAt: 0 });
  h.log.info({ guid: p.guidLow, name: p.name, map: p.map, instance: p.instanceId }, "character entered the world");
  h.link.flush();
  return { ok: true };
}

/** Its host died: the client is sent here as if it changed maps, to its last saved position. */
async function resume(h: WorldHost, p: Player, inst: MapInstance): Promise<void> {
  const s = p.session;
  resuming.set(p, h.now());
  h.link.control(s.gatewayId, s.sessionId, { op: "bind", host: h.nodeId, guid: p.guidLow, name: p.name });
  h.link.send(s.gatewayId, s.sessionId, Opcode.SMSG_TRANSFER_PENDING, inst.encode(SMSG_TRANSFER_PENDING, { map: p.map, transport: null }));
  h.link.send(s.gatewayId, s.sessionId, Opcode.SMSG_NEW_WORLD, inst.encode(SMSG_NEW_WORLD, { map: p.map, x: p.x, y: p.y, z: p.z, orientation: p.o }));
  h.link.flush();
  await h.d.store.characters.update(p.guidLow, { online: true });
  h.log.info({ guid: p.guidLow, name: p.name, map: p.map, instance: p.instanceId }, "resuming a character whose world host was lost");
}

/** The client finished loading the new map (MSG_MOVE_WORLDPORT_ACK): world init, self create, in. */
export async function arriveAfterTransfer(h: WorldHost, p: Player): Promise<void> {
  const inst = p.pendingInstance;
  if (p.phase !== "transfer" || !inst) return;
  p.pendingInstance = undefined;
  const c = await burstContext(h, p);
  sendWorldInit(p, c, p.map);
  sendSelfCreate(p, c);
  sendLoginEnd(p, c);
  placeInWorld(h, p, inst);
  h.link.flush();
  const since = resuming.get(p);
  if (since !== undefined) {
    resuming.delete(p);
    const ms = h.now() - since;
    h.stats.resumed(ms);
    h.log.info({ guid: p.guidLow, name: p.name, ms }, "resumed character back in the world");
  }
}

function placeInWorld(h: WorldHost, p: Player, inst: MapInstance): void {
  p.phase = "world";
  h.where.set(p.guidLow, inst);
  inst.addPlayer(p);
  // the hook fires once the presence entry is written, so handlers reach the new session
  const info = h.playerInfo(p);
  void h.d.presence
    .put(h.presenceOf(p))
    .catch((e) => h.log.warn({ err: e }, "presence update failed"))
    .then(() => h.d.hooks.run(CoreHooks.playerLogin, info));
}

/** A new connection takes over a character still in the world (grace period or duplicate login). */
export async function takeoverCharacter(h: WorldHost, req: Extract<WorldHostRequest, { op: "takeover" }>): Promise<WorldHostReply> {
  const p = h.byGuid.get(req.guid);
  if (!p || p.phase !== "world") return { ok: false, reason: CharLoginFailed.DUPLICATE_CHARACTER };
  const inst = h.where.get(p.guidLow)!;
  h.bySession.delete(h.sessionKey(p.session));
  p.session = req.session;
  p.gmLevel = req.gmLevel;
  p.disconnectedAt = 0;
  p.logoutAt = 0;
  p.pendingTeleport = undefined;
  h.bySession.set(h.sessionKey(req.session), p);
  h.gateways.expect(req.session.gatewayId);
  registerPlayer(h, p);
  inst.resetView(p);
  h.link.control(req.session.gatewayId, req.session.sessionId, { op: "bind", host: h.nodeId, guid: p.guidLow, name: p.name });
  sendLoginBurst(p, await burstContext(h, p), p.map);
  await h.d.presence.put(h.presenceOf(p)).catch((e) => h.log.warn({ err: e }, "presence update failed"));
  h.d.hooks.run(CoreHooks.playerReconnect, h.playerInfo(p));
  h.log.info({ guid: p.guidLow, name: p.name }, "character taken over by a new connection");
  h.link.flush();
  return { ok: true };
}
