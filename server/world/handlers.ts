// Client packets a world host handles for its players. Every decode is guarded: a
// malformed packet is logged and skipped, the session stays.
import { encodeBody, decode, type MessageDef } from "../protocol/message.ts";
import { Opcode, opcodeName } from "../protocol/opcodes.ts";
import { UnitField } from "../protocol/update/index.ts";
import {
  CMSG_CREATURE_QUERY,
  CMSG_FORCE_RUN_SPEED_CHANGE_ACK,
  CMSG_GAMEOBJECT_QUERY,
  CMSG_ITEM_QUERY_SINGLE,
  CMSG_MOVE_TIME_SKIPPED,
  CMSG_NAME_QUERY,
  CMSG_PLAYED_TIME,
  CMSG_SETSHEATHED,
  CMSG_SET_ACTIVE_MOVER,
  CMSG_SET_SELECTION,
  CMSG_STANDSTATECHANGE,
  CMSG_WORLD_TELEPORT,
  CMSG_ZONEUPDATE,
  MSG_MOVE_TELEPORT_ACK_Client,
  MSG_MOVE_TIME_SKIPPED,
  SMSG_CREATURE_QUERY_RESPONSE,
  SMSG_GAMEOBJECT_QUERY_RESPONSE,
  SMSG_ITEM_QUERY_SINGLE_RESPONSE,
  SMSG_NAME_QUERY_RESPONSE,
  SMSG_PLAYED_TIME,
  SMSG_STANDSTATE_UPDATE,
  isMovementRelayOpcode,
  nameQueryUnknown,
} from "../protocol/world/index.ts";
import { Writer } from "../protocol/writer.ts";
import type { Player } from "./entities.ts";
import type { WorldHost } from "./host.ts";
import { cancelLogout, requestLogout } from "./logout.ts";
import { handleMovement, speedAck } from "./movement.ts";
import { creatureResponse, gameObjectResponse, itemResponse } from "./templates.ts";
import { beginTransfer, commitTeleport, teleportSameMap } from "./teleport.ts";

const w = new Writer(1024);

function reply<T>(h: WorldHost, p: Player, def: MessageDef<T>, v: T): void {
  h.link.send(p.session.gatewayId, p.session.sessionId, def.opcode, encodeBody(def, v, w));
}

function parse<T>(h: WorldHost, p: Player, def: MessageDef<T>, payload: Uint8Array): T | undefined {
  const r = decode(def, payload);
  if (r.ok) return r.value;
  h.stats.rejected("malformed");
  h.log.debug({ guid: p.guidLow, opcode: def.name, err: r.error.message }, "malformed packet skipped");
  return undefined;
}

export function handleClientPacket(h: WorldHost, p: Player, opcode: number, payload: Uint8Array): void {
  if (isMovementRelayOpcode(opcode)) {
    handleMovement(h, p, opcode, payload, true);
    return;
  }
  switch (opcode) {
    case Opcode.CMSG_MOVE_FALL_RESET:
    case Opcode.CMSG_MOVE_CHNG_TRANSPORT:
    case Opcode.CMSG_MOVE_SET_FLY:
      handleMovement(h, p, opcode, payload, opcode === Opcode.CMSG_MOVE_SET_FLY);
      return;
    case Opcode.MSG_MOVE_TELEPORT_ACK: {
      const m = parse(h, p, MSG_MOVE_TELEPORT_ACK_Client, payload);
      if (m && m.guid === p.guid) commitTeleport(h, p, m.counter);
      return;
    }
    case Opcode.MSG_MOVE_WORLDPORT_ACK:
      void h.arrive(p);
      return;
    case Opcode.CMSG_SET_ACTIVE_MOVER: {
      const m = parse(h, p, CMSG_SET_ACTIVE_MOVER, payload);
      if (m && m.guid === p.guid) p.activeMover = m.guid;
      else if (m) h.log.warn({ guid: p.guidLow, mover: m.guid.toString() }, "CMSG_SET_ACTIVE_MOVER for another unit ignored");
      return;
    }
    case Opcode.CMSG_MOVE_TIME_SKIPPED: {
      const m = parse(h, p, CMSG_MOVE_TIME_SKIPPED, payload);
      const inst = h.where.get(p.guidLow);
      if (m && inst && m.guid === p.guid) inst.relay(p, Opcode.MSG_MOVE_TIME_SKIPPED, inst.encode(MSG_MOVE_TIME_SKIPPED, m));
      return;
    }
    case Opcode.CMSG_FORCE_RUN_SPEED_CHANGE_ACK: {
      const m = parse(h, p, CMSG_FORCE_RUN_SPEED_CHANGE_ACK, payload);
      if (m) speedAck(h, p, m);
      return;
    }
    case Opcode.CMSG_LOGOUT_REQUEST:
      return requestLogout(h, p);
    case Opcode.CMSG_PLAYER_LOGOUT:
      return requestLogout(h, p, p.gmLevel > 0);
    case Opcode.CMSG_LOGOUT_CANCEL:
      return cancelLogout(h, p, true);
    case Opcode.CMSG_NAME_QUERY: {
      const m = parse(h, p, CMSG_NAME_QUERY, payload);
      if (m) void nameQuery(h, p, m.guid);
      return;
    }
    case Opcode.CMSG_CREATURE_QUERY: {
      const m = parse(h, p, CMSG_CREATURE_QUERY, payload);
      if (m) reply(h, p, SMSG_CREATURE_QUERY_RESPONSE, creatureResponse(m.entry, h.d.content.creatures.get(m.entry)));
      return;
    }
    case Opcode.CMSG_GAMEOBJECT_QUERY: {
      const m = parse(h, p, CMSG_GAMEOBJECT_QUERY, payload);
      if (m) reply(h, p, SMSG_GAMEOBJECT_QUERY_RESPONSE, gameObjectResponse(m.entry, h.d.content.gameobjects.get(m.entry)));
      return;
    }
    case Opcode.CMSG_ITEM_QUERY_SINGLE: {
      const m = parse(h, p, CMSG_ITEM_QUERY_SINGLE, payload);
      if (m) reply(h, p, SMSG_ITEM_QUERY_SINGLE_RESPONSE, itemResponse(m.entry, h.d.content.items.get(m.entry)));
      return;
    }
    case Opcode.CMSG_ZONEUPDATE: {
      const m = parse(h, p, CMSG_ZONEUPDATE, payload);
      if (m && m.area !== p.zone) {
        p.zone = m.area;
        p.dirty = true;
        void h.d.presence.patch(p.guidLow, { zone: m.area });
      }
      return;
    }
    case Opcode.CMSG_SET_SELECTION: {
      const m = parse(h, p, CMSG_SET_SELECTION, payload);
      if (m) p.selection = m.guid;
      return;
    }
    case Opcode.CMSG_STANDSTATECHANGE: {
      const m = parse(h, p, CMSG_STANDSTATECHANGE, payload);
      if (m && m.state <= 9) {
        p.values.setByte(UnitField.UNIT_FIELD_BYTES_1, 0, m.state);
        reply(h, p, SMSG_STANDSTATE_UPDATE, { state: m.state });
      }
      return;
    }
    case Opcode.CMSG_SETSHEATHED: {
      const m = parse(h, p, CMSG_SETSHEATHED, payload);
      if (m && m.sheathed <= 2) p.values.setByte(UnitField.UNIT_FIELD_BYTES_2, 0, m.sheathed);
      return;
    }
    case Opcode.CMSG_PLAYED_TIME: {
      const m = parse(h, p, CMSG_PLAYED_TIME, payload);
      if (!m) return;
      const session = Math.floor((h.now() - p.enteredAt) / 1000);
      reply(h, p, SMSG_PLAYED_TIME, { totalSeconds: p.row.playedTotal + session, levelSeconds: p.row.playedLevel + session, showInChat: m.showInChat });
      return;
    }
    case Opcode.CMSG_WORLD_TELEPORT: {
      if (p.gmLevel < 1) return;
      const m = parse(h, p, CMSG_WORLD_TELEPORT, payload);
      if (!m || !h.d.content.inBounds(m.map, m.x, m.y, m.z)) return;
      if (m.map === p.map && !h.d.content.isInstanced(m.map)) teleportSameMap(h, p, m.x, m.y, m.z, m.orientation);
      else void beginTransfer(h, p, { map: m.map, x: m.x, y: m.y, z: m.z, o: m.orientation });
      return;
    }
    case Opcode.CMSG_SET_ACTION_BUTTON: {
      // u8 slot, u32 packed action
      if (payload.length < 5 || payload[0]! >= 144) return;
      const buttons = safeButtons(p.row.actionButtons);
      buttons[payload[0]!] = new DataView(payload.buffer, payload.byteOffset + 1, 4).getUint32(0, true);
      p.row.actionButtons = JSON.stringify(buttons);
      p.dirty = true;
      return;
    }
    case Opcode.CMSG_TIME_SYNC_RESP:
    case Opcode.CMSG_AREATRIGGER:
    case Opcode.CMSG_MOVE_NOT_ACTIVE_MOVER:
      return;
    default:
      h.log.debug({ guid: p.guidLow, opcode: opcodeName(opcode) }, "world opcode without a handler; skipped");
  }
}

function safeButtons(json: string): number[] {
  try {
    const v = JSON.parse(json) as unknown;
    if (Array.isArray(v) && v.length === 144) return v as number[];
  } catch {
    // rebuild below
  }
  return new Array<number>(144).fill(0);
}

async function nameQuery(h: WorldHost, p: Player, guid: bigint): Promise<void> {
  const low = guid <= 0xffffffffn ? Number(guid) : 0;
  const here = h.byGuid.get(low);
  const row = here ? here.row : low ? await h.d.store.characters.byGuid(low) : undefined;
  if (!row || row.realmId !== h.realmId) return reply(h, p, SMSG_NAME_QUERY_RESPONSE, nameQueryUnknown(guid));
  reply(h, p, SMSG_NAME_QUERY_RESPONSE, { guid, found: true, name: row.name, realm: "", race: row.race, gender: row.gender, class: row.class, declinedNames: null });
  h.link.flush();
}
