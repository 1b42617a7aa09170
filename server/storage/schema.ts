// Tables declared once, as column maps written against a "kit" of column factories,
// then instantiated for each dialect (bun:sqlite and PostgreSQL). The row types of the
// two instantiations are identical; schema.test-d.ts checks that at the type level.
//
// Conventions: times are epoch milliseconds (64-bit integers), booleans are booleans,
// binary values (SRP salt/verifier, session keys) are Buffers, JSON is text.
import type { ColumnBuilder } from "drizzle-orm";
import * as pg from "drizzle-orm/pg-core";
import * as lite from "drizzle-orm/sqlite-core";

type CB = ColumnBuilder<any, any, any, any>;

/** The column factories a table definition may use. */
export interface Kit<Id extends CB, Int extends CB, Big extends CB, Real extends CB, Text extends CB, Bool extends CB, Bin extends CB> {
  /** auto-increment integer primary key */
  id: () => Id;
  int: () => Int;
  /** 64-bit integer returned as a JS number (times in ms, money) */
  big: () => Big;
  real: () => Real;
  text: () => Text;
  bool: () => Bool;
  bin: () => Bin;
}

const bytea = pg.customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const pgKit = {
  id: () => pg.integer().generatedByDefaultAsIdentity(),
  int: () => pg.integer(),
  big: () => pg.bigint({ mode: "number" }),
  real: () => pg.doublePrecision(),
  text: () => pg.text(),
  bool: () => pg.boolean(),
  bin: () => bytea(),
};

export const liteKit = {
  id: () => lite.integer().primaryKey({ autoIncrement: true }),
  int: () => lite.integer(),
  big: () => lite.integer(),
  real: () => lite.real(),
  text: () => lite.text(),
  bool: () => lite.integer({ mode: "boolean" }),
  bin: () => lite.blob({ mode: "buffer" }),
};

// Defaults inside generic column maps need `as never` (see stack-notes.md §2).
const D = <T>(v: T) => v as never;

// ---------------------------------------------------------------- column maps

const accountCols = <Id extends CB, I extends CB, B extends CB, R extends CB, T extends CB, Bo extends CB, Bi extends CB>(k: Kit<Id, I, B, R, T, Bo, Bi>) => ({
  id: k.id(),
  /** upper-case, 1-16 of [A-Z0-9] */
  name: k.text().notNull(),
  salt: k.bin().notNull(),
  verifier: k.bin().notNull(),
  email: k.text().notNull().default(D("")),
  gmLevel: k.int().notNull().default(D(0)),
  flags: k.int().notNull().default(D(0)),
  expansion: k.int().notNull().default(D(2)),
  failedLogins: k.int().notNull().default(D(0)),
  /** operator lock (login answers FAIL_LOCKED_ENFORCED) */
  locked: k.bool().notNull().default(D(false)),
  lockReason: k.text().notNull().default(D("")),
  muteUntil: k.big().notNull().default(D(0)),
  muteReason: k.text().notNull().default(D("")),
  lastIp: k.text().notNull().default(D("")),
  lastLogin: k.big().notNull().default(D(0)),
  createdAt: k.big().notNull(),
  /** the 40-byte SRP6 session key K of the last login, for the gateway and reconnect */
  sessionKey: k.bin(),
  sessionKeyAt: k.big().notNull().default(D(0)),
});

const accountBanCols = <Id extends CB, I extends CB, B extends CB, R extends CB, T extends CB, Bo extends CB, Bi extends CB>(k: Kit<Id, I, B, R, T, Bo, Bi>) => ({
  id: k.id(),
  accountId: k.int().notNull(),
  bannedAt: k.big().notNull(),
  /** 0 = permanent */
  expiresAt: k.big().notNull().default(D(0)),
  reason: k.text().notNull().default(D("")),
  bannedBy: k.text().notNull().default(D("")),
  active: k.bool().notNull().default(D(true)),
});

const ipBanCols = <Id extends CB, I extends CB, B extends CB, R extends CB, T extends CB, Bo extends CB, Bi extends CB>(k: Kit<Id, I, B, R, T, Bo, Bi>) => ({
  ip: k.text().notNull(),
  bannedAt: k.big().notNull(),
  expiresAt: k.big().notNull().default(D(0)),
  reason: k.text().notNull().default(D("")),
  bannedBy: k.text().notNull().default(D("")),
});

const realmCols = <Id extends CB, I extends CB, B extends CB, R extends CB, T extends CB, Bo extends CB, Bi extends CB>(k: Kit<Id, I, B, R, T, Bo, Bi>) => ({
  id: k.int().notNull(),
  name: k.text().notNull(),
  /** host:port of the world gateway */
  address: k.text().notNull(),
  type: k.int().notNull().default(D(0)),
  flags: k.int().notNull().default(D(0)),
  timezone: k.int().notNull().default(D(1)),
  population: k.real().notNull().default(D(0)),
  playerLimit: k.int().notNull().default(D(1000)),
  online: k.int().notNull().default(D(0)),
  /** last heartbeat from the realm's processes; a stale realm is listed as offline */
  heartbeatAt: k.big().notNull().default(D(0)),
  startedAt: k.big().notNull().default(D(0)),
});

const characterCols = <Id extends CB, I extends CB, B extends CB, R extends CB, T extends CB, Bo extends CB, Bi extends CB>(k: Kit<Id, I, B, R, T, Bo, Bi>) => ({
  guid: k.id(),
  accountId: k.int().notNull(),
  realmId: k.int().notNull(),
  name: k.text().notNull(),
  /** lower-case name for uniqueness per realm; cleared to '#<guid>' while deleted */
  nameKey: k.text().notNull(),
  race: k.int().notNull(),
  class: k.int().notNull(),
  gender: k.int().notNull(),
  skin: k.int().notNull().default(D(0)),
  face: k.int().notNull().default(D(0)),
  hairStyle: k.int().notNull().default(D(0)),
  hairColor: k.int().notNull().default(D(0)),
  facialHair: k.int().notNull().default(D(0)),
  level: k.int().notNull().default(D(1)),
  xp: k.int().notNull().default(D(0)),
  money: k.big().notNull().default(D(0)),
  map: k.int().notNull(),
  zone: k.int().notNull(),
  x: k.real().notNull(),
  y: k.real().notNull(),
  z: k.real().notNull(),
  orientation: k.real().notNull().default(D(0)),
  instanceId: k.int().notNull().default(D(0)),
  bindMap: k.int().notNull().default(D(0)),
  bindZone: k.int().notNull().default(D(0)),
  bindX: k.real().notNull().default(D(0)),
  bindY: k.real().notNull().default(D(0)),
  bindZ: k.real().notNull().default(D(0)),
  guildId: k.int().notNull().default(D(0)),
  /** SMSG_CHAR_ENUM character flags (0x400 hide helm, 0x4000 needs rename, ...) */
  charFlags: k.int().notNull().default(D(0)),
  /** at-login flags: 0x1 rename, 0x8 customize (see server/storage/README.md) */
  atLogin: k.int().notNull().default(D(0)),
  firstLogin: k.bool().notNull().default(D(true)),
  /** JSON array of 23 item entries (equipment slots 0-18, bags 19-22), 0 = empty */
  equipment: k.text().notNull().default(D("[]")),
  /** JSON array of 144 packed action buttons */
  actionButtons: k.text().notNull().default(D("")),
  playedTotal: k.int().notNull().default(D(0)),
  playedLevel: k.int().notNull().default(D(0)),
  online: k.bool().notNull().default(D(false)),
  createdAt: k.big().notNull(),
  logoutAt: k.big().notNull().default(D(0)),
  savedAt: k.big().notNull().default(D(0)),
  /** soft delete: 0 = live */
  deletedAt: k.big().notNull().default(D(0)),
});

const accountDataCols = <Id extends CB, I extends CB, B extends CB, R extends CB, T extends CB, Bo extends CB, Bi extends CB>(k: Kit<Id, I, B, R, T, Bo, Bi>) => ({
  accountId: k.int().notNull(),
  /** 0 for the account-wide slots */
  characterGuid: k.int().notNull(),
  slot: k.int().notNull(),
  time: k.big().notNull(),
  /** uncompressed size as the client sent it */
  size: k.int().notNull(),
  /** zlib-compressed bytes as the client sent them */
  data: k.bin().notNull(),
});

const pluginDataCols = <Id extends CB, I extends CB, B extends CB, R extends CB, T extends CB, Bo extends CB, Bi extends CB>(k: Kit<Id, I, B, R, T, Bo, Bi>) => ({
  /** plugin name (the namespace) */
  plugin: k.text().notNull(),
  key: k.text().notNull(),
  /** JSON document */
  value: k.text().notNull(),
  updatedAt: k.big().notNull(),
});

const auditCols = <Id extends CB, I extends CB, B extends CB, R extends CB, T extends CB, Bo extends CB, Bi extends CB>(k: Kit<Id, I, B, R, T, Bo, Bi>) => ({
  id: k.id(),
  at: k.big().notNull(),
  realmId: k.int().notNull().default(D(0)),
  /** who: "account:NAME", "console", "ctl", "web:NAME", "system" */
  actor: k.text().notNull(),
  actorAccountId: k.int().notNull().default(D(0)),
  /** what: a dotted action name, e.g. "login.failed", "command", "account.ban" */
  action: k.text().notNull(),
  target: k.text().notNull().default(D("")),
  /** JSON details (the full command line, result, reason) */
  details: k.text().notNull().default(D("{}")),
  ip: k.text().notNull().default(D("")),
});

// ---------------------------------------------------------------- PostgreSQL

export const pgTables = {
  accounts: pg.pgTable("accounts", accountCols(pgKit), (t) => [pg.primaryKey({ columns: [t.id] }), pg.uniqueIndex("accounts_name_uq").on(t.name)]),
  accountBans: pg.pgTable("account_bans", accountBanCols(pgKit), (t) => [pg.primaryKey({ columns: [t.id] }), pg.index("account_bans_account_idx").on(t.accountId)]),
  ipBans: pg.pgTable("ip_bans", ipBanCols(pgKit), (t) => [pg.primaryKey({ columns: [t.ip] })]),
  realms: pg.pgTable("realms", realmCols(pgKit), (t) => [pg.primaryKey({ columns: [t.id] })]),
  characters: pg.pgTable("characters", characterCols(pgKit), (t) => [
    pg.primaryKey({ columns: [t.guid] }),
    pg.uniqueIndex("characters_realm_name_uq").on(t.realmId, t.nameKey),
    pg.index("characters_account_idx").on(t.accountId, t.realmId),
  ]),
  accountData: pg.pgTable("account_data", accountDataCols(pgKit), (t) => [pg.primaryKey({ columns: [t.accountId, t.characterGuid, t.slot] })]),
  pluginData: pg.pgTable("plugin_data", pluginDataCols(pgKit), (t) => [pg.primaryKey({ columns: [t.plugin, t.key] })]),
  auditLog: pg.pgTable("audit_log", auditCols(pgKit), (t) => [pg.primaryKey({ columns: [t.id] }), pg.index("audit_log_at_idx").on(t.at)]),
};

// ---------------------------------------------------------------- SQLite

export const liteTables = {
  accounts: lite.sqliteTable("accounts", accountCols(liteKit), (t) => [lite.uniqueIndex("accounts_name_uq").on(t.name)]),
  accountBans: lite.sqliteTable("account_bans", accountBanCols(liteKit), (t) => [lite.index("account_bans_account_idx").on(t.accountId)]),
  ipBans: lite.sqliteTable("ip_bans", ipBanCols(liteKit), (t) => [lite.primaryKey({ columns: [t.ip] })]),
  realms: lite.sqliteTable("realms", realmCols(liteKit), (t) => [lite.primaryKey({ columns: [t.id] })]),
  characters: lite.sqliteTable("characters", characterCols(liteKit), (t) => [
    lite.uniqueIndex("characters_realm_name_uq").on(t.realmId, t.nameKey),
    lite.index("characters_account_idx").on(t.accountId, t.realmId),
  ]),
  accountData: lite.sqliteTable("account_data", accountDataCols(liteKit), (t) => [lite.primaryKey({ columns: [t.accountId, t.characterGuid, t.slot] })]),
  pluginData: lite.sqliteTable("plugin_data", pluginDataCols(liteKit), (t) => [lite.primaryKey({ columns: [t.plugin, t.key] })]),
  auditLog: lite.sqliteTable("audit_log", auditCols(liteKit), (t) => [lite.index("audit_log_at_idx").on(t.at)]),
};

// drizzle-kit discovers tables among the module's top-level exports.
export const { accounts: pgAccounts, accountBans: pgAccountBans, ipBans: pgIpBans, realms: pgRealms, characters: pgCharacters, accountData: pgAccountData, pluginData: pgPluginData, auditLog: pgAuditLog } = pgTables;
export const { accounts: liteAccounts, accountBans: liteAccountBans, ipBans: liteIpBans, realms: liteRealms, characters: liteCharacters, accountData: liteAccountData, pluginData: litePluginData, auditLog: liteAuditLog } = liteTables;

// ---------------------------------------------------------------- row types

export type AccountRow = typeof pgTables.accounts.$inferSelect;
export type NewAccountRow = typeof pgTables.accounts.$inferInsert;
export type AccountBanRow = typeof pgTables.accountBans.$inferSelect;
export type IpBanRow = typeof pgTables.ipBans.$inferSelect;
export type RealmRow = typeof pgTables.realms.$inferSelect;
export type NewRealmRow = typeof pgTables.realms.$inferInsert;
export type CharacterRow = typeof pgTables.characters.$inferSelect;
export type NewCharacterRow = typeof pgTables.characters.$inferInsert;
export type AccountDataRow = typeof pgTables.accountData.$inferSelect;
export type PluginDataRow = typeof pgTables.pluginData.$inferSelect;
export type AuditRow = typeof pgTables.auditLog.$inferSelect;
export type NewAuditRow = typeof pgTables.auditLog.$inferInsert;

export type Tables = typeof pgTables;
