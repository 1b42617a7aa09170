// Account data (protocol.md §2.7): the client's macros, key bindings, layout and chat
// settings, kept per account (global slots) and per character. Stored compressed as the
// client sent it.
import type { PluginContext, SessionHandle } from "../../server/api/index.ts";
import { proto } from "../../server/api/index.ts";

const isGlobal = (slot: number) => ((1 << slot) & proto.GLOBAL_CACHE_MASK) !== 0;

export async function sendTimes(ctx: PluginContext, s: SessionHandle, perCharacter: boolean): Promise<void> {
  const mask = perCharacter ? proto.PER_CHARACTER_CACHE_MASK : proto.GLOBAL_CACHE_MASK;
  const owner = perCharacter ? s.characterGuid : 0;
  const times = await ctx.accountData.times(s.accountId, owner);
  const list: number[] = [];
  for (let slot = 0; slot < proto.NUM_ACCOUNT_DATA_TYPES; slot++) if (mask & (1 << slot)) list.push(Math.floor((times.get(slot) ?? 0) / 1000));
  s.send(proto.SMSG_ACCOUNT_DATA_TIMES, { serverTime: Math.floor(ctx.now() / 1000), unknown: 1, mask, times: list });
}

export async function update(ctx: PluginContext, s: SessionHandle, m: proto.UpdateAccountData): Promise<void> {
  if (m.slot >= proto.NUM_ACCOUNT_DATA_TYPES) return;
  const owner = isGlobal(m.slot) ? 0 : s.characterGuid;
  if (!isGlobal(m.slot) && owner === 0) return; // per-character data needs a character
  await ctx.accountData.put({ accountId: s.accountId, characterGuid: owner, slot: m.slot, time: m.time * 1000, size: m.size, data: Buffer.from(m.data) });
  s.send(proto.SMSG_UPDATE_ACCOUNT_DATA_COMPLETE, { slot: m.slot, result: 0 });
}

export async function request(ctx: PluginContext, s: SessionHandle, slot: number): Promise<void> {
  if (slot >= proto.NUM_ACCOUNT_DATA_TYPES) return;
  const owner = isGlobal(slot) ? 0 : s.characterGuid;
  const row = await ctx.accountData.get(s.accountId, owner, slot);
  s.send(proto.SMSG_UPDATE_ACCOUNT_DATA, {
    guid: BigInt(s.characterGuid),
    slot,
    time: row ? Math.floor(row.time / 1000) : 0,
    size: row?.size ?? 0,
    data: row?.data ?? new Uint8Array(0),
  });
}
