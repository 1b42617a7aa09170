// CMSG_CHAR_CREATE: every 3.3.5 result code, checked in the order the cores check them
// (protocol.md §2.8, §2.8.1), and nothing written unless everything passes.
import type { CharacterRow, PluginContext, SessionHandle } from "../../server/api/index.ts";
import { CoreHooks, proto } from "../../server/api/index.ts";
import type { CharacterSettings } from "./settings.ts";
import { checkCharacterName } from "./names.ts";
import { DEFAULT_PROFANE, DEFAULT_RESERVED } from "./names.ts";

const R = proto.ResponseCodes;
/** Appearance bytes above this are refused (CharSections ranges stay well below it). */
export const APPEARANCE_MAX = 20;

const PVP_REALM_TYPES = new Set([1, 8]);

export async function createCharacter(ctx: PluginContext<CharacterSettings>, s: SessionHandle, m: proto.CharCreate): Promise<number> {
  const cfg = ctx.config;
  if (cfg.creationDisabled) return R.CHAR_CREATE_DISABLED;
  if (!proto.isRace(m.race) || !proto.isClass(m.class) || m.gender > 1) return R.CHAR_CREATE_FAILED;
  for (const v of [m.skin, m.face, m.hairStyle, m.hairColor, m.facialHair]) if (v > APPEARANCE_MAX) return R.CHAR_CREATE_FAILED;
  const account = await ctx.accounts.byId(s.accountId);
  if (!account) return R.CHAR_CREATE_ERROR;
  if (proto.raceExpansion(m.race) > account.expansion) return R.CHAR_CREATE_EXPANSION;
  if (proto.classExpansion(m.class) > account.expansion) return R.CHAR_CREATE_EXPANSION_CLASS;

  const name = checkCharacterName(m.name, [...DEFAULT_RESERVED, ...cfg.reservedNames], [...DEFAULT_PROFANE, ...cfg.profaneNames]);
  if (!name.ok) return name.code;
  if (await ctx.characters.byName(ctx.realmId, name.name)) return R.CHAR_CREATE_NAME_IN_USE;

  const mine = await ctx.characters.listByAccount(s.accountId, ctx.realmId);
  if (mine.length >= cfg.charactersPerRealm) return R.CHAR_CREATE_ACCOUNT_LIMIT;
  if (cfg.pvpFactionRestriction && PVP_REALM_TYPES.has(ctx.realm.type) && s.gmLevel === 0) {
    const team = proto.RACE_TEAM[m.race];
    if (mine.some((c) => proto.isRace(c.race) && proto.RACE_TEAM[c.race] !== team)) return R.CHAR_CREATE_PVP_TEAMS_VIOLATION;
  }
  if (m.class === proto.Class.DEATH_KNIGHT && s.gmLevel === 0) {
    if (mine.filter((c) => c.class === proto.Class.DEATH_KNIGHT).length >= cfg.heroicPerRealm) return R.CHAR_CREATE_UNIQUE_CLASS_LIMIT;
    if (cfg.deathKnightMinLevel > 0 && !mine.some((c) => c.level >= cfg.deathKnightMinLevel)) return R.CHAR_CREATE_LEVEL_REQUIREMENT;
  }
  if (!proto.isValidRaceClass(m.race, m.class)) return R.CHAR_CREATE_ERROR;

  const info = { accountId: s.accountId, realmId: ctx.realmId, name: name.name, race: m.race, class: m.class, gender: m.gender };
  if (ctx.hooks.run(CoreHooks.canCreateCharacter, info) === false) return R.CHAR_CREATE_DISABLED;

  const start = proto.startPosition(m.race, m.class);
  const level = m.class === proto.Class.DEATH_KNIGHT ? proto.DEATH_KNIGHT_START_LEVEL : cfg.startLevel;
  const row: CharacterRow | undefined = await ctx.characters.create({
    accountId: s.accountId,
    realmId: ctx.realmId,
    name: name.name,
    nameKey: name.name.toLowerCase(),
    race: m.race,
    class: m.class,
    gender: m.gender,
    skin: m.skin,
    face: m.face,
    hairStyle: m.hairStyle,
    hairColor: m.hairColor,
    facialHair: m.facialHair,
    level,
    map: start.map,
    zone: start.zone,
    x: start.x,
    y: start.y,
    z: start.z,
    orientation: start.orientation,
    bindMap: start.map,
    bindZone: start.zone,
    bindX: start.x,
    bindY: start.y,
    bindZ: start.z,
    equipment: JSON.stringify(ctx.content.outfit(m.class)),
    actionButtons: JSON.stringify(ctx.content.defaultActionButtons(m.class)),
    createdAt: ctx.now(),
  });
  if (!row) return R.CHAR_CREATE_NAME_IN_USE; // lost a race for the name
  ctx.log.info({ guid: row.guid, name: row.name, account: s.accountId, race: m.race, class: m.class }, "character created");
  ctx.hooks.run(CoreHooks.characterCreated, { ...info, guid: row.guid });
  return R.CHAR_CREATE_SUCCESS;
}
