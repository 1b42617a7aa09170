// Who and the contact list (protocol.md §2.15, §2.16).
import type { ByteReader, ByteWriter } from "../bytes.ts";

export interface WhoQuery {
  minLevel?: number;
  maxLevel?: number;
  name?: string;
  guild?: string;
  raceMask?: number;
  classMask?: number;
  zones?: number[];
  strings?: string[];
}

/** CMSG_WHO with "no filter" defaults (0, 100, "", "", all races, all classes). */
export function writeWho(w: ByteWriter, q: WhoQuery = {}): void {
  w.u32(q.minLevel ?? 0).u32(q.maxLevel ?? 100).cstring(q.name ?? "").cstring(q.guild ?? "");
  w.u32(q.raceMask ?? 0xffffffff).u32(q.classMask ?? 0xffffffff);
  const zones = q.zones ?? [];
  w.u32(zones.length);
  for (const z of zones) w.u32(z);
  const strings = q.strings ?? [];
  w.u32(strings.length);
  for (const s of strings) w.cstring(s);
}

export interface WhoEntry {
  name: string;
  guild: string;
  level: number;
  class: number;
  race: number;
  gender: number;
  zone: number;
}

/** SMSG_WHO: u32 displayed, u32 total, entries (class and race are u32, pitfall 6). */
export function readWho(r: ByteReader): { displayed: number; total: number; entries: WhoEntry[] } {
  const displayed = r.u32();
  const total = r.u32();
  const entries: WhoEntry[] = [];
  for (let i = 0; i < displayed; i++) entries.push({ name: r.cstring(), guild: r.cstring(), level: r.u32(), class: r.u32(), race: r.u32(), gender: r.u8(), zone: r.u32() });
  return { displayed, total, entries };
}

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
} as const;

export interface FriendStatusMessage {
  result: number;
  guid: bigint;
  note?: string;
  status?: number;
  area?: number;
  level?: number;
  class?: number;
}

/** SMSG_FRIEND_STATUS: u8 result, u64 guid, [note], [status, area, level, class]. */
export function readFriendStatus(r: ByteReader): FriendStatusMessage {
  const result = r.u8();
  const out: FriendStatusMessage = { result, guid: r.u64() };
  if (result === FriendResult.ADDED_ONLINE || result === FriendResult.ADDED_OFFLINE) out.note = r.cstring();
  if (result === FriendResult.ADDED_ONLINE || result === FriendResult.ONLINE) {
    out.status = r.u8();
    out.area = r.u32();
    out.level = r.u32();
    out.class = r.u32();
  }
  return out;
}

export interface Contact {
  guid: bigint;
  flags: number;
  note: string;
  status: number;
  area?: number;
  level?: number;
  class?: number;
}

/** SMSG_CONTACT_LIST: u32 flags, u32 count, {u64, u32 flags, CString note, friend: u8 status [u32 area, level, class]}. */
export function readContactList(r: ByteReader): { flags: number; contacts: Contact[] } {
  const flags = r.u32();
  const n = r.u32();
  const contacts: Contact[] = [];
  for (let i = 0; i < n; i++) {
    const c: Contact = { guid: r.u64(), flags: r.u32(), note: r.cstring(), status: 0 };
    if (c.flags & 1) {
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
}

/** CMSG_ADD_FRIEND: CString name, CString note. */
export function writeAddFriend(w: ByteWriter, name: string, note = ""): void {
  w.cstring(name).cstring(note);
}

/** CMSG_SET_CONTACT_NOTES: u64 guid, CString note. */
export function writeContactNote(w: ByteWriter, guid: bigint, note: string): void {
  w.u64(guid).cstring(note);
}
