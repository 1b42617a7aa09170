// Logout (protocol.md §2.13): SMSG_LOGOUT_RESPONSE, a 20 s wait unless the player is a
// GM (or resting), cancelled by CMSG_LOGOUT_CANCEL or by moving, then
// SMSG_LOGOUT_COMPLETE; the character is saved and leaves the world. A dropped
// connection leaves it in the world for the grace period, then the same removal runs.
import { Opcode } from "../protocol/opcodes.ts";
import { UnitField } from "../protocol/update/index.ts";
import type { Player } from "./entities.ts";
import type { WorldHost } from "./host.ts";
import { unregisterPlayer } from "./registry.ts";

export const LogoutResult = { OK: 0, IN_COMBAT: 1, FALLING: 3 } as const;
const STAND = 0;
const SIT = 1;

function logoutResponse(reason: number, instant: boolean): Uint8Array {
  const b = new Uint8Array(5);
  new DataView(b.buffer).setUint32(0, reason, true);
  b[4] = instant ? 1 : 0;
  return b;
}

export function requestLogout(h: WorldHost, p: Player, instant = false): void {
  if (p.logoutAt) return;
  const now = h.now();
  const immediate = instant || p.gmLevel > 0 || h.d.config.world.logoutDelayMs === 0;
  h.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_LOGOUT_RESPONSE, logoutResponse(LogoutResult.OK, immediate));
  if (immediate) {
    void completeLogout(h, p);
    return;
  }
  p.logoutAt = now + h.d.config.world.logoutDelayMs;
  p.values.setByte(UnitField.UNIT_FIELD_BYTES_1, 0, SIT);
}

export function cancelLogout(h: WorldHost, p: Player, ack: boolean): void {
  if (!p.logoutAt) return;
  p.logoutAt = 0;
  p.values.setByte(UnitField.UNIT_FIELD_BYTES_1, 0, STAND);
  if (ack) h.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_LOGOUT_CANCEL_ACK, new Uint8Array(0));
}

/** SMSG_LOGOUT_COMPLETE, back to the character screen, character saved and out of the world. */
export async function completeLogout(h: WorldHost, p: Player): Promise<void> {
  if (p.phase === "gone") return;
  p.logoutAt = 0;
  h.link.send(p.session.gatewayId, p.session.sessionId, Opcode.SMSG_LOGOUT_COMPLETE, new Uint8Array(0));
  h.unbind(p);
  await removeFromWorld(h, p, "logout");
}

/** Takes the character out of the world: observers see it go, it is saved offline. */
export async function removeFromWorld(h: WorldHost, p: Player, why: string): Promise<void> {
  if (p.phase === "gone") return;
  const inst = h.where.get(p.guidLow);
  const wasInWorld = p.phase === "world";
  const save = h.saveOf(p, false);
  p.phase = "gone";
  p.values.setByte(UnitField.UNIT_FIELD_BYTES_1, 0, STAND);
  inst?.removePlayer(p, true, h.now());
  h.forget(p);
  h.link.flush();
  await h.saver.saveNow([{ ...save, logoutAt: h.now() }]);
  await h.d.presence.remove(p.guidLow, p.session).catch(() => {});
  await unregisterPlayer(h, p);
  if (wasInWorld) h.hooksLogout(p);
  h.log.info({ guid: p.guidLow, name: p.name, why }, "character left the world");
}
