// The rest of the character screen (protocol.md §2.7-2.8) for a connected HeadlessClient:
// rename and customize (sent when the enum flags ask for them), account data, realm split.
// Each call goes through HeadlessClient.request (wait registered before sending) and returns the
// parsed reply.
import { ByteReader } from "./bytes.ts";
import { type CharCustomizeRequest, readCharCustomize, readCharRename, writeCharCustomize, writeCharRename } from "./messages/character.ts";
import { Opcode } from "./messages/opcodes.ts";
import {
  type AccountDataReply,
  readRealmSplit,
  readUpdateAccountData,
  readUpdateAccountDataComplete,
  writeRealmSplit,
  writeRequestAccountData,
  writeUpdateAccountData,
} from "./messages/session.ts";
import type { HeadlessClient } from "./headless-client.ts";

/** In-character flag: the enum entry asks for a new name (client sends CMSG_CHAR_RENAME). */
export const CHARACTER_FLAG_RENAME = 0x4000;
/** Customize flag: the enum entry asks for a barber visit (client sends CMSG_CHAR_CUSTOMIZE). */
export const CUSTOMIZE_FLAG_CUSTOMIZE = 0x1;

/** CMSG_CHAR_RENAME -> SMSG_CHAR_RENAME: result 0 carries the guid and the stored name. */
export async function renameCharacter(c: HeadlessClient, guid: bigint, newName: string): Promise<{ result: number; guid?: bigint; name?: string }> {
  const p = await c.request(Opcode.SMSG_CHAR_RENAME, (w) => w.packet(Opcode.CMSG_CHAR_RENAME, (b) => writeCharRename(b, guid, newName)));
  return readCharRename(new ByteReader(p.payload));
}

/** CMSG_CHAR_CUSTOMIZE -> SMSG_CHAR_CUSTOMIZE: result 0 echoes the new look. */
export async function customizeCharacter(c: HeadlessClient, req: CharCustomizeRequest): Promise<{ result: number } & Partial<CharCustomizeRequest>> {
  const p = await c.request(Opcode.SMSG_CHAR_CUSTOMIZE, (w) => w.packet(Opcode.CMSG_CHAR_CUSTOMIZE, (b) => writeCharCustomize(b, req)));
  return readCharCustomize(new ByteReader(p.payload));
}

/** CMSG_UPDATE_ACCOUNT_DATA -> SMSG_UPDATE_ACCOUNT_DATA_COMPLETE. */
export async function updateAccountData(c: HeadlessClient, slot: number, unixTime: number, data: Uint8Array): Promise<{ slot: number; result: number }> {
  const p = await c.request(Opcode.SMSG_UPDATE_ACCOUNT_DATA_COMPLETE, (w) => w.packet(Opcode.CMSG_UPDATE_ACCOUNT_DATA, (b) => writeUpdateAccountData(b, slot, unixTime, data)));
  return readUpdateAccountDataComplete(new ByteReader(p.payload));
}

/** CMSG_REQUEST_ACCOUNT_DATA -> SMSG_UPDATE_ACCOUNT_DATA (inflated). */
export async function requestAccountData(c: HeadlessClient, slot: number): Promise<AccountDataReply> {
  const p = await c.request(Opcode.SMSG_UPDATE_ACCOUNT_DATA, (w) => w.packet(Opcode.CMSG_REQUEST_ACCOUNT_DATA, (b) => writeRequestAccountData(b, slot)));
  return readUpdateAccountData(new ByteReader(p.payload));
}

/** CMSG_REALM_SPLIT -> SMSG_REALM_SPLIT. */
export async function realmSplitState(c: HeadlessClient, realmId: number): Promise<{ realmId: number; state: number; date: string }> {
  const p = await c.request(Opcode.SMSG_REALM_SPLIT, (w) => w.packet(Opcode.CMSG_REALM_SPLIT, (b) => writeRealmSplit(b, realmId)));
  return readRealmSplit(new ByteReader(p.payload));
}
