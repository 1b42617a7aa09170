// Small messages outside the main feature files that have vectors in vectors.json:
// combat start/stop, talents, equipment, auction hello, trade, pet names, GM teleport to
// unit, GM ticket, battlefield status, mail time, raid info. Layouts: wowm 3.3.5 (the
// vectors were written for 1.12 with identical 3.3.5 layouts, checked against cmangos).
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { emptyMessage, guidMessage, Limits } from "./common.ts";

export interface AttackStart {
  attacker: bigint;
  victim: bigint;
}

export const SMSG_ATTACKSTART = defineMessage<AttackStart>({
  name: "SMSG_ATTACKSTART",
  opcode: Opcode.SMSG_ATTACKSTART,
  direction: "s2c",
  doc: "wowm smsg_attackstart",
  read: (r) => ({ attacker: r.u64(), victim: r.u64() }),
  write: (w, v) => void w.u64(v.attacker).u64(v.victim),
});

export interface AttackStop {
  player: bigint;
  enemy: bigint;
  unknown: number;
}

export const SMSG_ATTACKSTOP = defineMessage<AttackStop>({
  name: "SMSG_ATTACKSTOP",
  opcode: Opcode.SMSG_ATTACKSTOP,
  direction: "s2c",
  doc: "wowm smsg_attackstop",
  read: (r) => ({ player: r.packedGuid(), enemy: r.packedGuid(), unknown: r.u32() }),
  write: (w, v) => void w.packedGuid(v.player).packedGuid(v.enemy).u32(v.unknown),
});

export const CMSG_ATTACKSWING = guidMessage("CMSG_ATTACKSWING", Opcode.CMSG_ATTACKSWING, "c2s", "wowm cmsg_attackswing");

export interface LearnTalent {
  talent: number;
  requestedRank: number;
}

export const CMSG_LEARN_TALENT = defineMessage<LearnTalent>({
  name: "CMSG_LEARN_TALENT",
  opcode: Opcode.CMSG_LEARN_TALENT,
  direction: "c2s",
  doc: "wowm cmsg_learn_talent",
  read: (r) => ({ talent: r.u32(), requestedRank: r.u32() }),
  write: (w, v) => void w.u32(v.talent).u32(v.requestedRank),
});

export interface AutoEquipItem {
  sourceBag: number;
  sourceSlot: number;
}

export const CMSG_AUTOEQUIP_ITEM = defineMessage<AutoEquipItem>({
  name: "CMSG_AUTOEQUIP_ITEM",
  opcode: Opcode.CMSG_AUTOEQUIP_ITEM,
  direction: "c2s",
  doc: "wowm cmsg_autoequip_item",
  read: (r) => ({ sourceBag: r.u8(), sourceSlot: r.u8() }),
  write: (w, v) => void w.u8(v.sourceBag).u8(v.sourceSlot),
});

/** C->S `u64 auctioneer`. */
export const MSG_AUCTION_HELLO_Client = defineMessage<{ auctioneer: bigint }>({
  name: "MSG_AUCTION_HELLO",
  opcode: Opcode.MSG_AUCTION_HELLO,
  direction: "c2s",
  doc: "protocol.md §2.19",
  read: (r) => ({ auctioneer: r.u64() }),
  write: (w, v) => void w.u64(v.auctioneer),
});

export interface AuctionHello {
  auctioneer: bigint;
  houseId: number;
  /** 1 */
  enabled: number;
}

/** S->C `u64 auctioneer, u32 house_id, u8 enabled`. */
export const MSG_AUCTION_HELLO_Server = defineMessage<AuctionHello>({
  name: "MSG_AUCTION_HELLO",
  opcode: Opcode.MSG_AUCTION_HELLO,
  direction: "s2c",
  doc: "protocol.md §2.19",
  read: (r) => ({ auctioneer: r.u64(), houseId: r.u32(), enabled: r.u8() }),
  write: (w, v) => void w.u64(v.auctioneer).u32(v.houseId).u8(v.enabled),
});

export const CMSG_INITIATE_TRADE = guidMessage("CMSG_INITIATE_TRADE", Opcode.CMSG_INITIATE_TRADE, "c2s", "wowm cmsg_initiate_trade");
export const CMSG_CANCEL_TRADE = emptyMessage("CMSG_CANCEL_TRADE", Opcode.CMSG_CANCEL_TRADE, "c2s", "protocol.md §2.13");

export interface PetNameQuery {
  petNumber: number;
  guid: bigint;
}

export const CMSG_PET_NAME_QUERY = defineMessage<PetNameQuery>({
  name: "CMSG_PET_NAME_QUERY",
  opcode: Opcode.CMSG_PET_NAME_QUERY,
  direction: "c2s",
  doc: "wowm cmsg_pet_name_query",
  read: (r) => ({ petNumber: r.u32(), guid: r.u64() }),
  write: (w, v) => void w.u32(v.petNumber).u64(v.guid),
});

/** GM `.goname`-style teleport to a named unit. */
export const CMSG_TELEPORT_TO_UNIT = defineMessage<{ name: string }>({
  name: "CMSG_TELEPORT_TO_UNIT",
  opcode: Opcode.CMSG_TELEPORT_TO_UNIT,
  direction: "c2s",
  doc: "wowm cmsg_teleport_to_unit",
  read: (r) => ({ name: r.cstring(Limits.NAME * 4) }),
  write: (w, v) => void w.cstring(v.name),
});

export const CMSG_GMTICKET_GETTICKET = emptyMessage("CMSG_GMTICKET_GETTICKET", Opcode.CMSG_GMTICKET_GETTICKET, "c2s", "protocol.md §2.19");
export const CMSG_BATTLEFIELD_STATUS = emptyMessage("CMSG_BATTLEFIELD_STATUS", Opcode.CMSG_BATTLEFIELD_STATUS, "c2s", "protocol.md §2.19");

/** C->S: empty. */
export const MSG_QUERY_NEXT_MAIL_TIME_Client = emptyMessage("MSG_QUERY_NEXT_MAIL_TIME", Opcode.MSG_QUERY_NEXT_MAIL_TIME, "c2s", "protocol.md §2.19");

export interface NextMailSender {
  senderGuid: bigint;
  senderId: number;
  /** 0 normal, 2 auction, 3 creature, 4 gameobject, 5 calendar */
  messageType: number;
  stationery: number;
  /** f32 0 */
  delay: number;
}

export interface NextMailTime {
  /** -86400.0 when there is no unread mail, else 0 */
  float: number;
  /** at most 3 */
  senders: NextMailSender[];
}

/**
 * S->C (cmangos): no unread mail = `f32 -86400.0, u32 0`; unread mail = `u32 0, u32 count`
 * then per mail `u64 sender_guid, u32 sender_id, u32 message_type, u32 stationery, f32 0`.
 * The first u32 is kept as raw float bits so both forms round-trip.
 */
export const MSG_QUERY_NEXT_MAIL_TIME_Server = defineMessage<NextMailTime>({
  name: "MSG_QUERY_NEXT_MAIL_TIME",
  opcode: Opcode.MSG_QUERY_NEXT_MAIL_TIME,
  direction: "s2c",
  doc: "protocol.md §2.19",
  read(r) {
    const float = r.f32();
    const n = r.count(r.u32(), 3, 24, "mail sender");
    const senders: NextMailSender[] = [];
    for (let i = 0; i < n; i++) senders.push({ senderGuid: r.u64(), senderId: r.u32(), messageType: r.u32(), stationery: r.u32(), delay: r.f32() });
    return { float, senders };
  },
  write(w, v) {
    w.f32(v.float).u32(v.senders.length);
    for (const s of v.senders) w.u64(s.senderGuid).u32(s.senderId).u32(s.messageType).u32(s.stationery).f32(s.delay);
  },
});

export const CMSG_REQUEST_RAID_INFO = emptyMessage("CMSG_REQUEST_RAID_INFO", Opcode.CMSG_REQUEST_RAID_INFO, "c2s", "protocol.md §2.9");
