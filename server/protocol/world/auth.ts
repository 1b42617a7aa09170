// The world handshake: SMSG_AUTH_CHALLENGE, CMSG_AUTH_SESSION and SMSG_AUTH_RESPONSE
// (protocol.md §2.2, §2.3, §2.5). The digest check and header crypto live elsewhere.
import { defineMessage } from "../message.ts";
import { Opcode } from "../opcodes.ts";
import { parseAddonBlock, type AddonEntry } from "./addons.ts";
import { Limits } from "./common.ts";
import { ResponseCodes } from "./response-codes.ts";

export interface AuthChallenge {
  /** TC/cmangos send 1 */
  unknown: number;
  serverSeed: number;
  /** 16 random bytes ("encryption seeds", unused) */
  seed1: Uint8Array;
  seed2: Uint8Array;
}

export const SMSG_AUTH_CHALLENGE = defineMessage<AuthChallenge>({
  name: "SMSG_AUTH_CHALLENGE",
  opcode: Opcode.SMSG_AUTH_CHALLENGE,
  direction: "s2c",
  doc: "protocol.md §2.2",
  read: (r) => ({ unknown: r.u32(), serverSeed: r.u32(), seed1: r.copy(16), seed2: r.copy(16) }),
  write(w, v) {
    w.u32(v.unknown).u32(v.serverSeed);
    w.bytes(v.seed1.subarray(0, 16)).zeros(Math.max(0, 16 - v.seed1.length));
    w.bytes(v.seed2.subarray(0, 16)).zeros(Math.max(0, 16 - v.seed2.length));
  },
});

export interface AuthSession {
  build: number;
  loginServerId: number;
  /** upper-case account name as sent */
  account: string;
  loginServerType: number;
  clientSeed: number;
  regionId: number;
  battlegroupId: number;
  realmId: number;
  dosResponse: bigint;
  /** 20-byte SHA-1 digest */
  digest: Uint8Array;
  /** the raw addon block (u32 size + zlib, or whatever the client sent); written verbatim */
  addonBlock: Uint8Array;
  /** parsed leniently from addonBlock on decode; empty when the block is bad or missing */
  addons: AddonEntry[];
  /** the u32 after the addon list, when present */
  addonTimestamp: number | null;
}

export const AUTH_SESSION_MAX_ACCOUNT = 64;

export const CMSG_AUTH_SESSION = defineMessage<AuthSession>({
  name: "CMSG_AUTH_SESSION",
  opcode: Opcode.CMSG_AUTH_SESSION,
  direction: "c2s",
  doc: "protocol.md §2.3",
  read(r) {
    const build = r.u32();
    const loginServerId = r.u32();
    const account = r.cstring(AUTH_SESSION_MAX_ACCOUNT);
    const loginServerType = r.u32();
    const clientSeed = r.u32();
    const regionId = r.u32();
    const battlegroupId = r.u32();
    const realmId = r.u32();
    const dosResponse = r.u64();
    const digest = r.copy(20);
    const addonBlock = r.rest().slice();
    const list = parseAddonBlock(addonBlock, Limits.ADDON_BLOCK);
    return {
      build,
      loginServerId,
      account,
      loginServerType,
      clientSeed,
      regionId,
      battlegroupId,
      realmId,
      dosResponse,
      digest,
      addonBlock,
      addons: list.addons,
      addonTimestamp: list.timestamp,
    };
  },
  write(w, v) {
    w.u32(v.build).u32(v.loginServerId).cstring(v.account).u32(v.loginServerType).u32(v.clientSeed);
    w.u32(v.regionId).u32(v.battlegroupId).u32(v.realmId).u64(v.dosResponse);
    w.bytes(v.digest.subarray(0, 20)).zeros(Math.max(0, 20 - v.digest.length));
    w.bytes(v.addonBlock);
  },
});

export interface AuthResponse {
  result: number;
  /** AUTH_OK (and cmangos' AUTH_WAIT_QUEUE form) */
  billingTimeRemaining?: number;
  billingFlags?: number;
  billingTimeRested?: number;
  /** AUTH_OK: 0 classic, 1 TBC, 2 WotLK */
  expansion?: number;
  /** AUTH_WAIT_QUEUE */
  queuePosition?: number;
  /** AUTH_WAIT_QUEUE trailing u8 (wowm: realm has free character migration) */
  queueFlag?: number;
}

/** AUTH_OK with the usual zero billing fields. */
export function authOk(expansion = 2): AuthResponse {
  return { result: ResponseCodes.AUTH_OK, billingTimeRemaining: 0, billingFlags: 0, billingTimeRested: 0, expansion };
}

export const SMSG_AUTH_RESPONSE = defineMessage<AuthResponse>({
  name: "SMSG_AUTH_RESPONSE",
  opcode: Opcode.SMSG_AUTH_RESPONSE,
  direction: "s2c",
  doc: "protocol.md §2.5",
  read(r) {
    const result = r.u8();
    if (result === ResponseCodes.AUTH_OK) {
      return { result, billingTimeRemaining: r.u32(), billingFlags: r.u8(), billingTimeRested: r.u32(), expansion: r.u8() };
    }
    if (result === ResponseCodes.AUTH_WAIT_QUEUE) {
      if (r.remaining >= 14) {
        // cmangos form: the AUTH_OK billing fields come first (pitfall 13)
        const v: AuthResponse = { result, billingTimeRemaining: r.u32(), billingFlags: r.u8(), billingTimeRested: r.u32(), expansion: r.u8() };
        v.queuePosition = r.u32();
        if (r.remaining > 0) v.queueFlag = r.u8();
        return v;
      }
      return { result, queuePosition: r.u32(), queueFlag: r.u8() };
    }
    return { result };
  },
  write(w, v) {
    w.u8(v.result);
    if (v.result === ResponseCodes.AUTH_OK) {
      w.u32(v.billingTimeRemaining ?? 0).u8(v.billingFlags ?? 0).u32(v.billingTimeRested ?? 0).u8(v.expansion ?? 2);
    } else if (v.result === ResponseCodes.AUTH_WAIT_QUEUE) {
      // TrinityCore form: 1B pos u32 00
      w.u32(v.queuePosition ?? 0).u8(v.queueFlag ?? 0);
    }
  },
});
