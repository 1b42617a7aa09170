// The addon block of CMSG_AUTH_SESSION (protocol.md §2.3) and SMSG_ADDON_INFO (§2.6).
// The block is parsed LENIENTLY: it may or may not start with the u32 decompressed size,
// it is inflated with a hard cap, and any damage yields the entries read so far (or none)
// instead of an error, so a bad addon block never fails the session message itself.
import { deflateSync, inflateSync } from "node:zlib";
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { Reader } from "../reader.ts";
import { Writer } from "../writer.ts";
import { Limits } from "./common.ts";

/** CRC of Blizzard's addon signing key; addons reporting it need no key (vectors.json `addon_standard_crc`). */
export const ADDON_STANDARD_CRC = 0x4c1c776d;

/** The fixed 256-byte addon public key (vectors.json constant `addon_public_key_256`). */
export const ADDON_PUBLIC_KEY: Uint8Array = Uint8Array.from(
  Buffer.from(
    "c35b5084b93e32428cd0c748fa0e5d545aa30e14ba9e0db95d8beeb684934575ff31fe2f643f3d6d07d9449b408559344e10e1e7" +
      "4369ef7c16fcb4ed1b9528a82376513157302b790850101c4a1a2cc88b8f052d223ddb5a247a0f1350378f5acc9e04440e8701d4a3" +
      "15941634c6c2c3fb49fee1f9da8c503cbe2cbb57ed46b9ad8bc6df0ed60fbe80b38b1e77cfad22cfb74bcffbf06b11452d7a8118f2" +
      "927e98565d5e69720a0d030a85a2859ccbfb566e8f44bb8f0222686397bc85baa8f7b540683c77866f4bd788ca8ad7ce36f0456ed5" +
      "64790f17fc64dd106ff3f5e0a6c3fb1b8c29ef8ee534cbd12ace79c39a0d36ea01e0aa912054f072d81ec789d2",
    "hex",
  ),
);

/** One addon as the client reports it. */
export interface AddonEntry {
  name: string;
  /** 1 = enabled / has a signature */
  enabled: number;
  /** CRC of the addon's signing key */
  crc: number;
  /** URL / extra CRC, 0 */
  urlCrc: number;
}

export interface AddonList {
  addons: AddonEntry[];
  /** the u32 after the list (a timestamp), when present */
  timestamp: number | null;
}

function isZlibHeader(cmf: number | undefined, flg: number | undefined): boolean {
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

function inflateCapped(data: Uint8Array, cap: number): Uint8Array | null {
  try {
    return new Uint8Array(inflateSync(data, { maxOutputLength: cap }));
  } catch {
    return null;
  }
}

/**
 * Parses the addon block (everything after the digest). Never throws: a missing,
 * damaged, oversized or truncated block gives the entries read so far or an empty list.
 */
export function parseAddonBlock(block: Uint8Array, cap: number = Limits.ADDON_BLOCK): AddonList {
  let inflated: Uint8Array | null = null;
  if (block.length >= 6 && isZlibHeader(block[4], block[5])) inflated = inflateCapped(block.subarray(4), cap);
  if (!inflated && block.length >= 2 && isZlibHeader(block[0], block[1])) inflated = inflateCapped(block, cap);
  if (!inflated) return { addons: [], timestamp: null };
  return parseAddonList(inflated);
}

/** Parses an inflated addon list leniently (see parseAddonBlock). */
export function parseAddonList(data: Uint8Array): AddonList {
  const r = new Reader(data);
  const addons: AddonEntry[] = [];
  if (r.remaining < 4) return { addons, timestamp: null };
  const declared = r.u32();
  // an entry is at least 10 bytes (empty name + u8 + u32 + u32)
  const count = Math.min(declared, Math.floor(r.remaining / 10));
  try {
    for (let i = 0; i < count; i++) {
      const name = r.cstring(Limits.ADDON_NAME);
      const enabled = r.u8();
      const crc = r.u32();
      const urlCrc = r.u32();
      addons.push({ name, enabled, crc, urlCrc });
    }
  } catch {
    return { addons, timestamp: null };
  }
  const timestamp = addons.length === declared && r.remaining >= 4 ? r.u32() : null;
  return { addons, timestamp };
}

/** Builds an addon block in the client's form: u32 inflated size, then a zlib stream. */
export function buildAddonBlock(list: AddonList): Uint8Array {
  const w = new Writer(64 + list.addons.length * 32);
  w.u32(list.addons.length);
  for (const a of list.addons) w.cstring(a.name).u8(a.enabled).u32(a.crc).u32(a.urlCrc);
  if (list.timestamp !== null) w.u32(list.timestamp);
  const raw = w.finish();
  const z = deflateSync(raw);
  const out = new Uint8Array(4 + z.length);
  new DataView(out.buffer).setUint32(0, raw.length, true);
  out.set(z, 4);
  return out;
}

// ---------------------------------------------------------------------------------------
// SMSG_ADDON_INFO

export interface AddonInfoEntry {
  /** 2 in all emulators */
  state: number;
  /** 1 = the key/CRC part follows */
  usesCrc: number;
  /** send the 256-byte public key (the client's CRC was not the Blizzard one) */
  sendKey: boolean;
  unknown: number;
  /** null = no URL (has_url 0) */
  url: string | null;
}

export interface BannedAddon {
  id: number;
  nameMd5: Uint8Array;
  versionMd5: Uint8Array;
  timestamp: number;
  isBanned: number;
}

export interface AddonInfo {
  addons: AddonInfoEntry[];
  banned: BannedAddon[];
}

/** The reply entries for the addons a client reported, in the order received. */
export function addonInfoFor(addons: readonly AddonEntry[]): AddonInfo {
  return {
    addons: addons.map((a) => ({ state: 2, usesCrc: 1, sendKey: a.crc !== ADDON_STANDARD_CRC, unknown: 0, url: null })),
    banned: [],
  };
}

const BANNED_ENTRY_BYTES = 4 + 16 + 16 + 4 + 4;

export const SMSG_ADDON_INFO = defineMessage<AddonInfo>({
  name: "SMSG_ADDON_INFO",
  opcode: Opcode.SMSG_ADDON_INFO,
  direction: "s2c",
  doc: "protocol.md §2.6",
  read(r) {
    // No count prefix: entries run until what is left is exactly the banned list
    // (u32 n + n * 44 bytes). Decoding is for tests and headless clients.
    const rest = r.rest();
    const view = new DataView(rest.buffer, rest.byteOffset, rest.byteLength);
    const sub = new Reader(rest);
    const addons: AddonInfoEntry[] = [];
    for (;;) {
      const left = sub.remaining;
      if (left >= 4 && view.getUint32(sub.offset, true) * BANNED_ENTRY_BYTES === left - 4) break;
      const state = sub.u8();
      const usesCrc = sub.u8();
      let sendKey = false;
      let unknown = 0;
      if (usesCrc !== 0) {
        sendKey = sub.u8() !== 0;
        if (sendKey) sub.skip(256);
        unknown = sub.u32();
      }
      const url = sub.u8() !== 0 ? sub.cstring(Limits.TEXT) : null;
      addons.push({ state, usesCrc, sendKey, unknown, url });
    }
    const n = sub.count(sub.u32(), 4096, BANNED_ENTRY_BYTES, "banned addon");
    const banned: BannedAddon[] = [];
    for (let i = 0; i < n; i++) {
      banned.push({ id: sub.u32(), nameMd5: sub.copy(16), versionMd5: sub.copy(16), timestamp: sub.u32(), isBanned: sub.u32() });
    }
    return { addons, banned };
  },
  write(w, v) {
    for (const a of v.addons) {
      w.u8(a.state).u8(a.usesCrc);
      if (a.usesCrc !== 0) {
        w.u8(a.sendKey ? 1 : 0);
        if (a.sendKey) w.bytes(ADDON_PUBLIC_KEY);
        w.u32(a.unknown);
      }
      if (a.url === null) w.u8(0);
      else w.u8(1).cstring(a.url);
    }
    w.u32(v.banned.length);
    for (const b of v.banned) w.u32(b.id).bytes(b.nameMd5).bytes(b.versionMd5).u32(b.timestamp).u32(b.isBanned);
  },
});
