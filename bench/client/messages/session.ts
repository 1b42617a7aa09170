// World session messages: auth handshake, addons, account data, realm split, ping, time,
// logout (protocol.md §2.2-2.7, §2.13).
import { deflateSync, inflateSync } from "node:zlib";
import { ByteReader, type ByteWriter } from "../bytes.ts";

export const ResponseCode = {
  RESPONSE_SUCCESS: 0x00,
  RESPONSE_FAILURE: 0x01,
  AUTH_OK: 0x0c,
  AUTH_FAILED: 0x0d,
  AUTH_REJECT: 0x0e,
  AUTH_BAD_SERVER_PROOF: 0x0f,
  AUTH_UNAVAILABLE: 0x10,
  AUTH_SYSTEM_ERROR: 0x11,
  AUTH_VERSION_MISMATCH: 0x14,
  AUTH_UNKNOWN_ACCOUNT: 0x15,
  AUTH_INCORRECT_PASSWORD: 0x16,
  AUTH_SESSION_EXPIRED: 0x17,
  AUTH_SERVER_SHUTTING_DOWN: 0x18,
  AUTH_ALREADY_LOGGING_IN: 0x19,
  AUTH_WAIT_QUEUE: 0x1b,
  AUTH_BANNED: 0x1c,
  AUTH_ALREADY_ONLINE: 0x1d,
  CHAR_LIST_FAILED: 0x2d,
  CHAR_CREATE_IN_PROGRESS: 0x2e,
  CHAR_CREATE_SUCCESS: 0x2f,
  CHAR_CREATE_ERROR: 0x30,
  CHAR_CREATE_FAILED: 0x31,
  CHAR_CREATE_NAME_IN_USE: 0x32,
  CHAR_CREATE_DISABLED: 0x33,
  CHAR_CREATE_PVP_TEAMS_VIOLATION: 0x34,
  CHAR_CREATE_SERVER_LIMIT: 0x35,
  CHAR_CREATE_ACCOUNT_LIMIT: 0x36,
  CHAR_CREATE_EXPANSION: 0x39,
  CHAR_CREATE_EXPANSION_CLASS: 0x3a,
  CHAR_CREATE_LEVEL_REQUIREMENT: 0x3b,
  CHAR_CREATE_UNIQUE_CLASS_LIMIT: 0x3c,
  CHAR_DELETE_IN_PROGRESS: 0x46,
  CHAR_DELETE_SUCCESS: 0x47,
  CHAR_DELETE_FAILED: 0x48,
  CHAR_NAME_SUCCESS: 0x57,
  CHAR_NAME_FAILURE: 0x58,
  CHAR_NAME_NO_NAME: 0x59,
  CHAR_NAME_TOO_SHORT: 0x5a,
  CHAR_NAME_TOO_LONG: 0x5b,
  CHAR_NAME_INVALID_CHARACTER: 0x5c,
  CHAR_NAME_PROFANE: 0x5e,
  CHAR_NAME_RESERVED: 0x5f,
} as const;

// --- SMSG_AUTH_CHALLENGE ----------------------------------------------------------------------

export interface AuthChallenge {
  unknown: number;
  serverSeed: number;
  seed1: Uint8Array;
  seed2: Uint8Array;
}

export function readAuthChallenge(r: ByteReader): AuthChallenge {
  return { unknown: r.u32(), serverSeed: r.u32(), seed1: r.bytesCopy(16), seed2: r.bytesCopy(16) };
}

// --- CMSG_AUTH_SESSION ------------------------------------------------------------------------

export const BLIZZARD_ADDON_CRC = 0x4c1c776d;

export interface AddonEntry {
  name: string;
  enabled: number;
  crc: number;
  urlCrc: number;
}

/** A few of the Blizzard addons a stock client reports. */
export const DEFAULT_ADDONS: readonly AddonEntry[] = [
  "Blizzard_AchievementUI",
  "Blizzard_ArenaUI",
  "Blizzard_AuctionUI",
  "Blizzard_BarbershopUI",
  "Blizzard_BattlefieldMinimap",
].map((name) => ({ name, enabled: 1, crc: BLIZZARD_ADDON_CRC, urlCrc: 0 }));

export interface AddonBlock {
  addons: AddonEntry[];
  timestamp: number;
}

export function encodeAddonBlock(w: ByteWriter, block: AddonBlock): void {
  w.u32(block.addons.length);
  for (const a of block.addons) w.cstring(a.name).u8(a.enabled).u32(a.crc).u32(a.urlCrc);
  w.u32(block.timestamp);
}

export function decodeAddonBlock(plain: Uint8Array): AddonBlock {
  const r = new ByteReader(plain);
  const n = r.u32();
  const addons: AddonEntry[] = [];
  for (let i = 0; i < n; i++) addons.push({ name: r.cstring(), enabled: r.u8(), crc: r.u32(), urlCrc: r.u32() });
  return { addons, timestamp: r.remaining >= 4 ? r.u32() : 0 };
}

export interface AuthSession {
  build: number;
  loginServerId: number;
  account: string;
  loginServerType: number;
  clientSeed: number;
  regionId: number;
  battlegroupId: number;
  realmId: number;
  dosResponse: bigint;
  digest: Uint8Array;
  /** Either the addon list (compressed here) or an already compressed block. */
  addons?: AddonBlock;
  rawAddons?: { uncompressedSize: number; compressed: Uint8Array };
  /** Bytes written verbatim after the digest (no size prefix added): lenient-parser tests. */
  addonBytes?: Uint8Array;
}

export function writeAuthSession(w: ByteWriter, s: AuthSession, scratch: ByteWriter): void {
  w.u32(s.build).u32(s.loginServerId).cstring(s.account).u32(s.loginServerType).u32(s.clientSeed);
  w.u32(s.regionId).u32(s.battlegroupId).u32(s.realmId).u64(s.dosResponse).bytes(s.digest);
  if (s.addonBytes) {
    w.bytes(s.addonBytes);
    return;
  }
  if (s.rawAddons) {
    w.u32(s.rawAddons.uncompressedSize).bytes(s.rawAddons.compressed);
    return;
  }
  scratch.reset();
  encodeAddonBlock(scratch, s.addons ?? { addons: [...DEFAULT_ADDONS], timestamp: 0 });
  const plain = scratch.view0();
  w.u32(plain.length).bytes(deflateSync(plain));
}

/** Decoder (tests and fake servers): the addon block is inflated and parsed. */
export function readAuthSession(r: ByteReader): AuthSession & { addons: AddonBlock } {
  const build = r.u32();
  const loginServerId = r.u32();
  const account = r.cstring();
  const loginServerType = r.u32();
  const clientSeed = r.u32();
  const regionId = r.u32();
  const battlegroupId = r.u32();
  const realmId = r.u32();
  const dosResponse = r.u64();
  const digest = r.bytesCopy(20);
  const uncompressedSize = r.u32();
  const compressed = r.bytesCopy(r.remaining);
  const plain = new Uint8Array(inflateSync(compressed));
  if (plain.length !== uncompressedSize) throw new RangeError(`addon block: size ${uncompressedSize} but inflated ${plain.length}`);
  return {
    build, loginServerId, account, loginServerType, clientSeed, regionId, battlegroupId, realmId, dosResponse, digest,
    addons: decodeAddonBlock(plain),
    rawAddons: { uncompressedSize, compressed },
  };
}

// --- SMSG_AUTH_RESPONSE -----------------------------------------------------------------------

export interface AuthResponse {
  result: number;
  billing?: { timeRemaining: number; flags: number; timeRested: number };
  expansion?: number;
  queuePosition?: number;
  queueFlag?: number;
}

/** AUTH_OK (11 bytes), AUTH_WAIT_QUEUE (TC `1B pos 00` or cmangos with the billing bytes first), or one byte. */
export function readAuthResponse(r: ByteReader): AuthResponse {
  const result = r.u8();
  const out: AuthResponse = { result };
  if (result === ResponseCode.AUTH_OK && r.remaining >= 10) {
    out.billing = { timeRemaining: r.u32(), flags: r.u8(), timeRested: r.u32() };
    out.expansion = r.u8();
  } else if (result === ResponseCode.AUTH_WAIT_QUEUE) {
    if (r.remaining >= 14) {
      out.billing = { timeRemaining: r.u32(), flags: r.u8(), timeRested: r.u32() };
      out.expansion = r.u8();
    }
    if (r.remaining >= 4) out.queuePosition = r.u32();
    if (r.remaining >= 1) out.queueFlag = r.u8();
  }
  return out;
}

// --- SMSG_ADDON_INFO (lenient) ----------------------------------------------------------------

export interface AddonInfoEntry {
  state: number;
  usesCrc: number;
  sendKey?: number;
  publicKey?: Uint8Array;
  unknown?: number;
  url?: string;
}

export interface AddonInfo {
  entries: AddonInfoEntry[];
  bannedCount?: number;
  /** Set when the packet did not parse cleanly; entries holds what did. */
  error?: string;
}

/** `expectedCount` = the number of addons we sent (the packet has no count prefix). */
export function readAddonInfo(r: ByteReader, expectedCount?: number): AddonInfo {
  const out: AddonInfo = { entries: [] };
  try {
    while (expectedCount !== undefined ? out.entries.length < expectedCount : r.remaining > 4) {
      const e: AddonInfoEntry = { state: r.u8(), usesCrc: r.u8() };
      if (e.usesCrc) {
        e.sendKey = r.u8();
        if (e.sendKey) e.publicKey = r.bytesCopy(256);
        e.unknown = r.u32();
      }
      if (r.u8()) e.url = r.cstring();
      out.entries.push(e);
    }
    if (r.remaining >= 4) out.bannedCount = r.u32();
  } catch (err) {
    out.error = (err as Error).message;
  }
  return out;
}

// --- account data, realm split, tutorial flags, cache version ---------------------------------

export interface AccountDataTimes {
  serverTime: number;
  unknown: number;
  mask: number;
  /** slot -> unix time, one per set mask bit. */
  times: Map<number, number>;
}

export function readAccountDataTimes(r: ByteReader): AccountDataTimes {
  const serverTime = r.u32();
  const unknown = r.u8();
  const mask = r.u32();
  const times = new Map<number, number>();
  for (let slot = 0; slot < 32; slot++) if (mask & (1 << slot)) times.set(slot, r.u32());
  return { serverTime, unknown, mask, times };
}

/** CMSG_REALM_SPLIT: u32 realm id. */
export function writeRealmSplit(w: ByteWriter, realmId: number): void {
  w.u32(realmId);
}

export function readRealmSplit(r: ByteReader): { realmId: number; state: number; date: string } {
  return { realmId: r.u32(), state: r.u32(), date: r.cstring() };
}

export function readTutorialFlags(r: ByteReader): number[] {
  const out: number[] = [];
  for (let i = 0; i < 8; i++) out.push(r.u32());
  return out;
}

export function readClientCacheVersion(r: ByteReader): number {
  return r.u32();
}

/** CMSG_REQUEST_ACCOUNT_DATA: u32 slot. */
export function writeRequestAccountData(w: ByteWriter, slot: number): void {
  w.u32(slot);
}

/** CMSG_UPDATE_ACCOUNT_DATA: u32 slot, u32 unix_time, u32 decompressed_size, zlib bytes (size 0 = erase). */
export function writeUpdateAccountData(w: ByteWriter, slot: number, unixTime: number, data: Uint8Array): void {
  w.u32(slot).u32(unixTime).u32(data.length);
  if (data.length > 0) w.bytes(deflateSync(data));
}

/** SMSG_UPDATE_ACCOUNT_DATA_COMPLETE: u32 slot, u32 result (0). */
export function readUpdateAccountDataComplete(r: ByteReader): { slot: number; result: number } {
  return { slot: r.u32(), result: r.u32() };
}

export interface AccountDataReply {
  guid: bigint;
  slot: number;
  unixTime: number;
  /** The inflated data (empty when the size was 0). */
  data: Uint8Array;
}

/** SMSG_UPDATE_ACCOUNT_DATA: u64 guid, u32 slot, u32 unix_time, u32 decompressed_size, zlib bytes. */
export function readUpdateAccountData(r: ByteReader): AccountDataReply {
  const guid = r.u64();
  const slot = r.u32();
  const unixTime = r.u32();
  const size = r.u32();
  const compressed = r.rest();
  const data = size > 0 && compressed.length > 0 ? new Uint8Array(inflateSync(compressed)) : new Uint8Array(0);
  if (data.length !== size) throw new RangeError(`account data: size ${size} but inflated ${data.length}`);
  return { guid, slot, unixTime, data };
}

// --- ping, time -------------------------------------------------------------------------------

export function writePing(w: ByteWriter, sequence: number, latencyMs: number): void {
  w.u32(sequence).u32(latencyMs);
}

export function readPong(r: ByteReader): number {
  return r.u32();
}

export function readTimeSyncReq(r: ByteReader): number {
  return r.u32();
}

export function writeTimeSyncResp(w: ByteWriter, counter: number, clientTicks: number): void {
  w.u32(counter).u32(clientTicks);
}

export function readQueryTimeResponse(r: ByteReader): { unixTime: number; dailyResetIn: number } {
  return { unixTime: r.u32(), dailyResetIn: r.u32() };
}

// --- logout -----------------------------------------------------------------------------------

export function readLogoutResponse(r: ByteReader): { reason: number; instant: boolean } {
  return { reason: r.u32(), instant: r.u8() !== 0 };
}

export function readKickReason(r: ByteReader): { reason: number; text: string } {
  return { reason: r.u8(), text: r.remaining > 0 ? r.cstring() : "" };
}
