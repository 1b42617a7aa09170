// The rest of the character screen: enum, delete (soft, with a restore window), rename
// and customize driven by at-login flags, and the realm-split question.
import type { PluginContext, SessionHandle } from "../../server/api/index.ts";
import { AT_LOGIN_CUSTOMIZE, AT_LOGIN_RENAME, proto } from "../../server/api/index.ts";
import { enumEntry } from "./enum.ts";
import { checkCharacterName, DEFAULT_PROFANE, DEFAULT_RESERVED } from "./names.ts";
import { APPEARANCE_MAX } from "./create.ts";
import type { CharacterSettings } from "./settings.ts";

const R = proto.ResponseCodes;
type Ctx = PluginContext<CharacterSettings>;

export async function sendEnum(ctx: Ctx, s: SessionHandle): Promise<void> {
  const rows = await ctx.characters.listByAccount(s.accountId, ctx.realmId);
  s.send(proto.SMSG_CHAR_ENUM, { characters: rows.slice(0, 10).map((r) => enumEntry(r, ctx.content)) });
}

/** The character if it belongs to the session's account on this realm and is live. */
async function own(ctx: Ctx, s: SessionHandle, guid: bigint) {
  if (guid <= 0n || guid > 0xffffffffn) return undefined;
  const c = await ctx.characters.byGuid(Number(guid));
  return c && c.accountId === s.accountId && c.realmId === ctx.realmId && c.deletedAt === 0 ? c : undefined;
}

export async function deleteCharacter(ctx: Ctx, s: SessionHandle, guid: bigint): Promise<number> {
  const c = await own(ctx, s, guid);
  if (!c) return R.CHAR_DELETE_FAILED;
  if (await ctx.sessions.byGuid(c.guid)) return R.CHAR_DELETE_FAILED; // still in the world (grace period)
  await ctx.characters.softDelete(c.guid, ctx.now());
  ctx.log.info({ guid: c.guid, name: c.name, account: s.accountId }, "character deleted (restorable)");
  return R.CHAR_DELETE_SUCCESS;
}

const names = (ctx: Ctx) => [[...DEFAULT_RESERVED, ...ctx.config.reservedNames], [...DEFAULT_PROFANE, ...ctx.config.profaneNames]] as const;

export async function rename(ctx: Ctx, s: SessionHandle, m: proto.CharRename): Promise<void> {
  const c = await own(ctx, s, m.guid);
  if (!c || !(c.atLogin & AT_LOGIN_RENAME)) return s.send(proto.SMSG_CHAR_RENAME, { result: R.CHAR_CREATE_ERROR });
  const [reserved, profane] = names(ctx);
  const n = checkCharacterName(m.newName, reserved, profane);
  if (!n.ok) return s.send(proto.SMSG_CHAR_RENAME, { result: n.code });
  if (n.name !== c.name && !(await ctx.characters.rename(c.guid, n.name))) return s.send(proto.SMSG_CHAR_RENAME, { result: R.CHAR_CREATE_NAME_IN_USE });
  await ctx.characters.update(c.guid, { atLogin: c.atLogin & ~AT_LOGIN_RENAME });
  ctx.log.info({ guid: c.guid, from: c.name, to: n.name }, "character renamed");
  s.send(proto.SMSG_CHAR_RENAME, { result: R.RESPONSE_SUCCESS, guid: m.guid, newName: n.name });
}

export async function customize(ctx: Ctx, s: SessionHandle, m: proto.CharCustomize): Promise<void> {
  const c = await own(ctx, s, m.guid);
  if (!c || !(c.atLogin & AT_LOGIN_CUSTOMIZE)) return s.send(proto.SMSG_CHAR_CUSTOMIZE, { result: R.CHAR_CREATE_ERROR });
  if (m.gender > 1 || [m.skin, m.face, m.hairStyle, m.hairColor, m.facialHair].some((v) => v > APPEARANCE_MAX)) {
    return s.send(proto.SMSG_CHAR_CUSTOMIZE, { result: R.CHAR_CREATE_FAILED });
  }
  const [reserved, profane] = names(ctx);
  const n = checkCharacterName(m.newName, reserved, profane);
  if (!n.ok) return s.send(proto.SMSG_CHAR_CUSTOMIZE, { result: n.code });
  if (n.name !== c.name && !(await ctx.characters.rename(c.guid, n.name))) return s.send(proto.SMSG_CHAR_CUSTOMIZE, { result: R.CHAR_CREATE_NAME_IN_USE });
  await ctx.characters.update(c.guid, {
    gender: m.gender,
    skin: m.skin,
    face: m.face,
    hairStyle: m.hairStyle,
    hairColor: m.hairColor,
    facialHair: m.facialHair,
    atLogin: c.atLogin & ~AT_LOGIN_CUSTOMIZE,
  });
  s.send(proto.SMSG_CHAR_CUSTOMIZE, {
    result: R.RESPONSE_SUCCESS,
    guid: m.guid,
    name: n.name,
    gender: m.gender,
    skin: m.skin,
    face: m.face,
    hairStyle: m.hairStyle,
    hairColor: m.hairColor,
    facialHair: m.facialHair,
  });
}
