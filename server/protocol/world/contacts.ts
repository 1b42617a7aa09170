// Contact list (protocol.md §2.16): friends, ignores (and the mute flag), the list itself
// and SMSG_FRIEND_STATUS with its result-dependent tail.
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { guidMessage, u32Message } from "./common.ts";

const DOC = "protocol.md §2.16";
const NAME_MAX = 64;
/** The client allows 48 characters; UTF-8 can make that longer in bytes. */
export const CONTACT_NOTE_MAX = 256;

export const ContactFlags = { FRIEND: 1, IGNORED: 2, MUTED: 4 } as const;
/** Friend status in the list and in ONLINE notifications. */
export const FriendStatus = { OFFLINE: 0, ONLINE: 1, AFK: 2, DND: 4 } as const;

export const FriendResult = {
  DB_ERROR: 0x00,
  LIST_FULL: 0x01,
  ONLINE: 0x02,
  OFFLINE: 0x03,
  NOT_FOUND: 0x04,
  REMOVED: 0x05,
  ADDED_ONLINE: 0x06,
  ADDED_OFFLINE: 0x07,
  ALREADY: 0x08,
  SELF: 0x09,
  ENEMY: 0x0a,
  IGNORE_FULL: 0x0b,
  IGNORE_SELF: 0x0c,
  IGNORE_NOT_FOUND: 0x0d,
  IGNORE_ALREADY: 0x0e,
  IGNORE_ADDED: 0x0f,
  IGNORE_REMOVED: 0x10,
  IGNORE_AMBIGUOUS: 0x11,
  MUTE_FULL: 0x12,
  MUTE_SELF: 0x13,
  MUTE_NOT_FOUND: 0x14,
  MUTE_ALREADY: 0x15,
  MUTE_ADDED: 0x16,
  MUTE_REMOVED: 0x17,
  MUTE_AMBIGUOUS: 0x18,
} as const;

export const CMSG_CONTACT_LIST = u32Message("CMSG_CONTACT_LIST", Opcode.CMSG_CONTACT_LIST, "c2s", DOC, "flags");

export interface ContactEntry {
  guid: bigint;
  /** ContactFlags */
  flags: number;
  note: string;
  /** friends only: FriendStatus (0 offline) */
  status: number;
  /** friends with status != 0 */
  area: number;
  level: number;
  class: number;
}

export interface ContactList {
  flags: number;
  contacts: ContactEntry[];
}

export const SMSG_CONTACT_LIST = defineMessage<ContactList>({
  name: "SMSG_CONTACT_LIST",
  opcode: Opcode.SMSG_CONTACT_LIST,
  direction: "s2c",
  doc: DOC,
  read(r) {
    const flags = r.u32();
    const n = r.count(r.u32(), 1000, 13, "contacts");
    const contacts: ContactEntry[] = [];
    for (let i = 0; i < n; i++) {
      const c: ContactEntry = { guid: r.u64(), flags: r.u32(), note: "", status: 0, area: 0, level: 0, class: 0 };
      c.note = r.cstring(CONTACT_NOTE_MAX);
      if (c.flags & ContactFlags.FRIEND) {
        c.status = r.u8();
        if (c.status !== 0) {
          c.area = r.u32();
          c.level = r.u32();
          c.class = r.u32();
        }
      }
      contacts.push(c);
    }
    return { flags, contacts };
  },
  write(w, v) {
    w.u32(v.flags).u32(v.contacts.length);
    for (const c of v.contacts) {
      w.u64(c.guid).u32(c.flags).cstring(c.note);
      if (c.flags & ContactFlags.FRIEND) {
        w.u8(c.status);
        if (c.status !== 0) w.u32(c.area).u32(c.level).u32(c.class);
      }
    }
  },
});

export interface FriendStatusMessage {
  result: number;
  guid: bigint;
  /** ADDED_ONLINE / ADDED_OFFLINE */
  note: string;
  /** ADDED_ONLINE / ONLINE */
  status: number;
  area: number;
  level: number;
  class: number;
}

export function friendStatus(result: number, guid: bigint, f: Partial<Omit<FriendStatusMessage, "result" | "guid">> = {}): FriendStatusMessage {
  return { result, guid, note: "", status: 0, area: 0, level: 0, class: 0, ...f };
}

const hasNote = (r: number) => r === FriendResult.ADDED_ONLINE || r === FriendResult.ADDED_OFFLINE;
const hasStatus = (r: number) => r === FriendResult.ADDED_ONLINE || r === FriendResult.ONLINE;

export const SMSG_FRIEND_STATUS = defineMessage<FriendStatusMessage>({
  name: "SMSG_FRIEND_STATUS",
  opcode: Opcode.SMSG_FRIEND_STATUS,
  direction: "s2c",
  doc: `${DOC} (the note/status tail that wowm omits, pitfall 6)`,
  read(r) {
    const v = friendStatus(r.u8(), r.u64());
    if (hasNote(v.result)) v.note = r.cstring(CONTACT_NOTE_MAX);
    if (hasStatus(v.result)) {
      v.status = r.u8();
      v.area = r.u32();
      v.level = r.u32();
      v.class = r.u32();
    }
    return v;
  },
  write(w, v) {
    w.u8(v.result).u64(v.guid);
    if (hasNote(v.result)) w.cstring(v.note);
    if (hasStatus(v.result)) w.u8(v.status).u32(v.area).u32(v.level).u32(v.class);
  },
});

export interface AddFriend {
  name: string;
  note: string;
}

export const CMSG_ADD_FRIEND = defineMessage<AddFriend>({
  name: "CMSG_ADD_FRIEND",
  opcode: Opcode.CMSG_ADD_FRIEND,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ name: r.cstring(NAME_MAX), note: r.remaining > 0 ? r.cstring(CONTACT_NOTE_MAX) : "" }),
  write: (w, v) => void w.cstring(v.name).cstring(v.note),
});

export const CMSG_DEL_FRIEND = guidMessage("CMSG_DEL_FRIEND", Opcode.CMSG_DEL_FRIEND, "c2s", DOC);

export interface ContactNote {
  guid: bigint;
  note: string;
}

export const CMSG_SET_CONTACT_NOTES = defineMessage<ContactNote>({
  name: "CMSG_SET_CONTACT_NOTES",
  opcode: Opcode.CMSG_SET_CONTACT_NOTES,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ guid: r.u64(), note: r.cstring(CONTACT_NOTE_MAX) }),
  write: (w, v) => void w.u64(v.guid).cstring(v.note),
});

export const CMSG_ADD_IGNORE = defineMessage<{ name: string }>({
  name: "CMSG_ADD_IGNORE",
  opcode: Opcode.CMSG_ADD_IGNORE,
  direction: "c2s",
  doc: DOC,
  read: (r) => ({ name: r.cstring(NAME_MAX) }),
  write: (w, v) => void w.cstring(v.name),
});

export const CMSG_DEL_IGNORE = guidMessage("CMSG_DEL_IGNORE", Opcode.CMSG_DEL_IGNORE, "c2s", DOC);
