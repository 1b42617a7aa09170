// Emotes (protocol.md §2.14 "Emotes"): CMSG_TEXT_EMOTE -> SMSG_TEXT_EMOTE to everyone in
// say range (with the target's name) and, when the text emote animates, SMSG_EMOTE;
// CMSG_EMOTE -> SMSG_EMOTE. Muted speakers are refused (AzerothCore applies the mute to
// text emotes); listeners who ignore the actor do not get them.
import { proto, type SessionHandle } from "../../../server/api/index.ts";
import type { Contacts } from "../contacts/contacts.ts";
import type { Social } from "../social.ts";
import { isPlayerGuid, lowGuid } from "../social.ts";
import { formatWait } from "./flood.ts";
import { MAX_EMOTE_ID, textEmoteAnimation } from "./emotes.ts";

/** Name of an emote target: a player (presence) or a creature (entry in bits 24..51). */
async function targetName(X: Social, g: bigint): Promise<string> {
  if (g === 0n) return "";
  if (isPlayerGuid(g)) return (await X.player(lowGuid(g)))?.name ?? "";
  const high = Number(g >> 52n);
  if (high === proto.HighGuid.UNIT || high === proto.HighGuid.VEHICLE) return X.ctx.content.creatures.get(Number((g >> 24n) & 0xfffffffn))?.name ?? "";
  return "";
}

export async function onTextEmote(X: Social, contacts: Contacts, s: SessionHandle, m: proto.TextEmoteRequest): Promise<void> {
  const me = await X.me(s);
  if (!me) return;
  const now = X.now();
  const account = await X.ctx.accounts.byId(s.accountId);
  const wait = Math.max(account && account.muteUntil > now ? account.muteUntil - now : 0, X.flood.mutedFor(me.guid, now));
  if (wait > 0) return X.notify(s, `You must wait ${formatWait(wait)} before speaking again.`);
  const exclude = await contacts.store.ignoredBy(me.guid);
  const guid = BigInt(me.guid);
  const text = X.encode(proto.SMSG_TEXT_EMOTE, { guid, textEmote: m.textEmote, emoteNumber: m.emoteNumber, targetName: await targetName(X, m.target) });
  await X.ctx.world.sendNear(me.guid, X.cfg.sayRange, proto.Opcode.SMSG_TEXT_EMOTE, text, { includeSelf: true, exclude });
  const anim = textEmoteAnimation(m.textEmote);
  if (anim) await X.ctx.world.sendNear(me.guid, X.cfg.sayRange, proto.Opcode.SMSG_EMOTE, X.encode(proto.SMSG_EMOTE, { emote: anim, guid }), { includeSelf: true, exclude });
}

export async function onEmote(X: Social, s: SessionHandle, m: { emote: number }): Promise<void> {
  if (!s.characterGuid || m.emote === 0 || m.emote > MAX_EMOTE_ID) return;
  await X.ctx.world.sendNear(s.characterGuid, X.cfg.sayRange, proto.Opcode.SMSG_EMOTE, X.encode(proto.SMSG_EMOTE, { emote: m.emote, guid: BigInt(s.characterGuid) }), { includeSelf: true });
}
