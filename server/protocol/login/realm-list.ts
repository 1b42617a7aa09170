// CMD_REALM_LIST (protocol.md §1.11), protocol 8 layout.
import { RealmError } from "../../kernel/errors.ts";
import { DecodeError, Reader } from "../reader.ts";
import { defineMessage, type MessageDef } from "../message.ts";
import { AuthCmd } from "../opcodes.ts";
import { expectCommand } from "./fields.ts";

export const REALM_LIST_REQUEST_LENGTH = 5;

export interface RealmListClient {
  /** u32 after the command, 0. */
  padding: number;
}

export const CMD_REALM_LIST_Client: MessageDef<RealmListClient> = defineMessage({
  name: "CMD_REALM_LIST",
  opcode: AuthCmd.CMD_REALM_LIST,
  direction: "c2s",
  doc: "protocol.md §1.11",
  read(r) {
    expectCommand(r, AuthCmd.CMD_REALM_LIST, "CMD_REALM_LIST");
    return { padding: r.u32() };
  },
  write(w, v) {
    w.u8(AuthCmd.CMD_REALM_LIST).u32(v.padding);
  },
});

/** Realm flags byte. */
export const RealmFlag = {
  INVALID: 0x01,
  OFFLINE: 0x02,
  /** Adds the version block to the entry. */
  SPECIFY_BUILD: 0x04,
  RECOMMENDED: 0x20,
  NEW_PLAYERS: 0x40,
  FULL: 0x80,
} as const;

/** Realm type / icon byte. */
export const RealmType = {
  NORMAL: 0,
  PVP: 1,
  NORMAL_ALT: 4,
  RP: 6,
  RP_PVP: 8,
} as const;

export interface RealmVersion {
  major: number;
  minor: number;
  patch: number;
  build: number;
}

export interface RealmEntry {
  /** Icon (RealmType). */
  type: number;
  /** 1 = locked (greyed out). */
  locked: number;
  /** RealmFlag bits. */
  flags: number;
  name: string;
  /** "host:port" of the world server. */
  address: string;
  /** 0.0 low .. 2.0 high; 200/400/600 special. */
  population: number;
  /** This account's characters on the realm. */
  characters: number;
  /** Cfg_Categories id (timezone). */
  category: number;
  /** Echoed by the client in CMSG_AUTH_SESSION. */
  realmId: number;
  /** Present exactly when flags & SPECIFY_BUILD. */
  version?: RealmVersion;
}

export interface RealmListServer {
  /** u32 after the size, 0. */
  unused: number;
  realms: RealmEntry[];
  /** Trailing u16: TC/cmangos send 0x0010, wowm tests 0; the client ignores it. */
  footer: number;
}

/** Most realms the decoder accepts (a u16 count on the wire). */
export const REALM_LIST_MAX_REALMS = 1024;
const REALM_ENTRY_MIN = 12;
const TEXT_MAX = 255;

export const CMD_REALM_LIST_Server: MessageDef<RealmListServer> = defineMessage<RealmListServer>({
  name: "CMD_REALM_LIST",
  opcode: AuthCmd.CMD_REALM_LIST,
  direction: "s2c",
  doc: "protocol.md §1.11",
  read(outer) {
    expectCommand(outer, AuthCmd.CMD_REALM_LIST, "CMD_REALM_LIST");
    const size = outer.u16();
    // everything after the size field lives in `size` bytes; read it as its own bounded span
    const r = new Reader(outer.bytes(size));
    const unused = r.u32();
    const count = r.count(r.u16(), REALM_LIST_MAX_REALMS, REALM_ENTRY_MIN, "realm");
    const realms: RealmEntry[] = [];
    for (let i = 0; i < count; i++) {
      const type = r.u8();
      const locked = r.u8();
      const flags = r.u8();
      const name = r.cstring(TEXT_MAX);
      const address = r.cstring(TEXT_MAX);
      const population = r.f32();
      const characters = r.u8();
      const category = r.u8();
      const realmId = r.u8();
      const realm: RealmEntry = { type, locked, flags, name, address, population, characters, category, realmId };
      if (flags & RealmFlag.SPECIFY_BUILD) realm.version = { major: r.u8(), minor: r.u8(), patch: r.u8(), build: r.u16() };
      realms.push(realm);
    }
    const footerAt = r.offset;
    if (r.remaining < 2) throw new DecodeError("PROTO_TRUNCATED", "CMD_REALM_LIST: no footer", footerAt);
    return { unused, realms, footer: r.u16() };
  },
  write(w, v) {
    w.u8(AuthCmd.CMD_REALM_LIST);
    const sizeAt = w.reserve(2);
    const start = w.length;
    w.u32(v.unused);
    if (v.realms.length > 0xffff) throw new RealmError("PROTO_BAD_VALUE", "too many realms");
    w.u16(v.realms.length);
    for (const realm of v.realms) {
      w.u8(realm.type).u8(realm.locked).u8(realm.flags);
      w.cstring(realm.name).cstring(realm.address);
      w.f32(realm.population).u8(realm.characters).u8(realm.category).u8(realm.realmId);
      if (realm.flags & RealmFlag.SPECIFY_BUILD) {
        const ver = realm.version;
        if (!ver) throw new RealmError("PROTO_BAD_VALUE", `realm "${realm.name}" has SPECIFY_BUILD but no version`);
        w.u8(ver.major).u8(ver.minor).u8(ver.patch).u16(ver.build);
      }
    }
    w.u16(v.footer);
    const size = w.length - start;
    if (size > 0xffff) throw new RealmError("PROTO_BAD_VALUE", `realm list of ${size} bytes does not fit the u16 size`);
    w.patchU16(sizeAt, size);
  },
});
