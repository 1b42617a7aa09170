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

/**
 * The column factories a table definition may use. Each returns a finished builder
 * (NOT NULL unless the name says `Null`, with the given default for `...D`), so the
 * concrete types are fixed inside each dialect's kit and survive the generic map.
 */
export interface Kit {
  /** auto-increment integer primary key */
  id(): CB;
  int(): CB;
  intD(d: number): CB;
  /** 64-bit integer as a JS number (times in ms, money) */
  big(): CB;
  bigD(d: number): CB;
  real(): CB;
  realD(d: number): CB;
  text(): CB;
  textD(d: string): CB;
  boolD(d: boolean): CB;
  bin(): CB;
  binNull(): CB;
}

const bytea = pg.customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const pgKit = {
  id: () => pg.integer().generatedByDefaultAsIdentity(),
  int: () => pg.integer().notNull(),
  intD: (d: number) => pg.integer().notNull().default(d),
  big: () => pg.bigint({ mode: "number" }).notNull(),
  bigD: (d: number) => pg.bigint({ mode: "number" }).notNull().default(d),
  real: () => pg.doublePrecision().notNull(),
  realD: (d: number) => pg.doublePrecision().notNull().default(d),
  text: () => pg.text().notNull(),
  textD: (d: string) => pg.text().notNull().default(d),
  boolD: (d: boolean) => pg.boolean().notNull().default(d),
  bin: () => bytea().notNull(),
  binNull: () => bytea(),
} satisfies Kit;

export const liteKit = {
  id: () => lite.integer().primaryKey({ autoIncrement: true }),
  int: () => lite.integer().notNull(),
  intD: (d: number) => lite.integer().notNull().default(d),
  big: () => lite.integer().notNull(),
  bigD: (d: number) => lite.integer().notNull().default(d),
  real: () => lite.real().notNull(),
  realD: (d: number) => lite.real().notNull().default(d),
  text: () => lite.text().notNull(),
  textD: (d: string) => lite.text().notNull().default(d),
  boolD: (d: boolean) => lite.integer({ mode: "boolean" }).notNull().default(d),
  bin: () => lite.blob({ mode: "buffer" }).notNull(),
  binNull: () => lite.blob({ mode: "buffer" }),
} satisfies Kit;

// A column map is written once as plain specs ({ t: factory name, d: default }) and
// built per dialect; the mapped type below gives each column its dialect's concrete
// builder type, so row types stay exact (a generic function over the kit would widen
// every column to ColumnBuilder<any>).
type Spec = { readonly t: keyof Kit; readonly d?: number | string | boolean };
const col = {
  id: () => ({ t: "id" }) as const,
  int: () => ({ t: "int" }) as const,
  intD: (d: number) => ({ t: "intD", d }) as const,
  big: () => ({ t: "big" }) as const,
  bigD: (d: number) => ({ t: "bigD", d }) as const,
  real: () => ({ t: "real" }) as const,
  realD: (d: number) => ({ t: "realD", d }) as const,
  text: () => ({ t: "text" }) as const,
  textD: (d: string) => ({ t: "textD", d }) as const,
  boolD: (d: boolean) => ({ t: "boolD", d }) as const,
  bin: () => ({ t: "bin" }) as const,
  binNull: () => ({ t: "binNull" }) as const,
};
type Built<S extends Record<string, Spec>, K> = { [P in keyof S]: K[S[P]["t"] & keyof K] extends (...a: never[]) => infer R ? R : never };
function build<S extends Record<string, Spec>, K extends Kit>(spec: S, kit: K): Built<S, K> {
  const out: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(spec)) out[name] = (kit[c.t] as (d?: unknown) => unknown)(c.d);
  return out as Built<S, K>;
}


// ---------------------------------------------------------------- column maps

const accountCols = {
  id: col.id(),
  /** upper-case, 1-16 of [A-Z0-9] */
  name: col.text(),
  salt: col.bin(),
  verifier: col.bin(),
  email: col.textD(""),
  gmLevel: col.intD(0),
  flags: col.intD(0),
  expansion: col.intD(2),
  failedLogins: col.intD(0),
  /** operator lock (login answers FAIL_LOCKED_ENFORCED) */
  locked: col.boolD(false),
  lockReason: col.textD(""),
  muteUntil: col.bigD(0),
  muteReason: col.textD(""),
  lastIp: col.textD(""),
  lastLogin: col.bigD(0),
  createdAt: col.big(),
  /** the 40-byte SRP6 session key K of the last login, for the gateway and reconnect */
  sessionKey: col.binNull(),
  sessionKeyAt: col.bigD(0),
};

const accountBanCols = {
  id: col.id(),
  accountId: col.int(),
  bannedAt: col.big(),
  /** 0 = permanent */
  expiresAt: col.bigD(0),
  reason: col.textD(""),
  bannedBy: col.textD(""),
  active: col.boolD(true),
};

const ipBanCols = {
  ip: col.text(),
  bannedAt: col.big(),
  expiresAt: col.bigD(0),
  reason: col.textD(""),
  bannedBy: col.textD(""),
};

const realmCols = {
  id: col.int(),
  name: col.text(),
  /** host:port of the world gateway */
  address: col.text(),
  type: col.intD(0),
  flags: col.intD(0),
  timezone: col.intD(1),
  population: col.realD(0),
  playerLimit: col.intD(1000),
  online: col.intD(0),
  /** last heartbeat from the realm's processes; a stale realm is listed as offline */
  heartbeatAt: col.bigD(0),
  startedAt: col.bigD(0),
};

const characterCols = {
  guid: col.id(),
  accountId: col.int(),
  realmId: col.int(),
  name: col.text(),
  /** lower-case name for uniqueness per realm; cleared to '#<guid>' while deleted */
  nameKey: col.text(),
  race: col.int(),
  class: col.int(),
  gender: col.int(),
  skin: col.intD(0),
  face: col.intD(0),
  hairStyle: col.intD(0),
  hairColor: col.intD(0),
  facialHair: col.intD(0),
  level: col.intD(1),
  xp: col.intD(0),
  money: col.bigD(0),
  map: col.int(),
  zone: col.int(),
  x: col.real(),
  y: col.real(),
  z: col.real(),
  orientation: col.realD(0),
  instanceId: col.intD(0),
  bindMap: col.intD(0),
  bindZone: col.intD(0),
  bindX: col.realD(0),
  bindY: col.realD(0),
  bindZ: col.realD(0),
  guildId: col.intD(0),
  /** SMSG_CHAR_ENUM character flags (0x400 hide helm, 0x4000 needs rename, ...) */
  charFlags: col.intD(0),
  /** at-login flags: 0x1 rename, 0x8 customize (see server/storage/README.md) */
  atLogin: col.intD(0),
  firstLogin: col.boolD(true),
  /** JSON array of 23 item entries (equipment slots 0-18, bags 19-22), 0 = empty */
  equipment: col.textD("[]"),
  /** JSON array of 144 packed action buttons */
  actionButtons: col.textD(""),
  playedTotal: col.intD(0),
  playedLevel: col.intD(0),
  online: col.boolD(false),
  createdAt: col.big(),
  logoutAt: col.bigD(0),
  savedAt: col.bigD(0),
  /** soft delete: 0 = live */
  deletedAt: col.bigD(0),
};

const accountDataCols = {
  accountId: col.int(),
  /** 0 for the account-wide slots */
  characterGuid: col.int(),
  slot: col.int(),
  time: col.big(),
  /** uncompressed size as the client sent it */
  size: col.int(),
  /** zlib-compressed bytes as the client sent them */
  data: col.bin(),
};

const pluginDataCols = {
  /** plugin name (the namespace) */
  plugin: col.text(),
  key: col.text(),
  /** JSON document */
  value: col.text(),
  updatedAt: col.big(),
};

/** The orchestrator's registry: which world host runs which (map, instance). */
const worldInstanceCols = {
  realmId: col.int(),
  map: col.int(),
  instanceId: col.int(),
  /** "0" for continents, "g<group>" / "p<guid>" for per-group instances */
  instanceKey: col.text(),
  host: col.text(),
  createdAt: col.big(),
  updatedAt: col.big(),
};

/** The orchestrator's registry: which player is on which host and instance. */
const worldPlayerCols = {
  realmId: col.int(),
  guid: col.int(),
  host: col.text(),
  map: col.int(),
  instanceId: col.int(),
  gatewayId: col.big(),
  sessionId: col.int(),
  updatedAt: col.big(),
};

const auditCols = {
  id: col.id(),
  at: col.big(),
  realmId: col.intD(0),
  /** who: "account:NAME", "console", "ctl", "web:NAME", "system" */
  actor: col.text(),
  actorAccountId: col.intD(0),
  /** what: a dotted action name, e.g. "login.failed", "command", "account.ban" */
  action: col.text(),
  target: col.textD(""),
  /** JSON details (the full command line, result, reason) */
  details: col.textD("{}"),
  ip: col.textD(""),
};

// ---------------------------------------------------------------- PostgreSQL

export const pgTables = {
  accounts: pg.pgTable("accounts", build(accountCols, pgKit), (t) => [pg.primaryKey({ columns: [t.id] }), pg.uniqueIndex("accounts_name_uq").on(t.name)]),
  accountBans: pg.pgTable("account_bans", build(accountBanCols, pgKit), (t) => [pg.primaryKey({ columns: [t.id] }), pg.index("account_bans_account_idx").on(t.accountId)]),
  ipBans: pg.pgTable("ip_bans", build(ipBanCols, pgKit), (t) => [pg.primaryKey({ columns: [t.ip] })]),
  realms: pg.pgTable("realms", build(realmCols, pgKit), (t) => [pg.primaryKey({ columns: [t.id] })]),
  characters: pg.pgTable("characters", build(characterCols, pgKit), (t) => [
    pg.primaryKey({ columns: [t.guid] }),
    pg.uniqueIndex("characters_realm_name_uq").on(t.realmId, t.nameKey),
    pg.index("characters_account_idx").on(t.accountId, t.realmId),
  ]),
  accountData: pg.pgTable("account_data", build(accountDataCols, pgKit), (t) => [pg.primaryKey({ columns: [t.accountId, t.characterGuid, t.slot] })]),
  pluginData: pg.pgTable("plugin_data", build(pluginDataCols, pgKit), (t) => [pg.primaryKey({ columns: [t.plugin, t.key] })]),
  worldInstances: pg.pgTable("world_instances", build(worldInstanceCols, pgKit), (t) => [pg.primaryKey({ columns: [t.realmId, t.map, t.instanceId] })]),
  worldPlayers: pg.pgTable("world_players", build(worldPlayerCols, pgKit), (t) => [pg.primaryKey({ columns: [t.realmId, t.guid] }), pg.index("world_players_host_idx").on(t.realmId, t.host)]),
  auditLog: pg.pgTable("audit_log", build(auditCols, pgKit), (t) => [pg.primaryKey({ columns: [t.id] }), pg.index("audit_log_at_idx").on(t.at)]),
};

// ---------------------------------------------------------------- SQLite

export const liteTables = {
  accounts: lite.sqliteTable("accounts", build(accountCols, liteKit), (t) => [lite.uniqueIndex("accounts_name_uq").on(t.name)]),
  accountBans: lite.sqliteTable("account_bans", build(accountBanCols, liteKit), (t) => [lite.index("account_bans_account_idx").on(t.accountId)]),
  ipBans: lite.sqliteTable("ip_bans", build(ipBanCols, liteKit), (t) => [lite.primaryKey({ columns: [t.ip] })]),
  realms: lite.sqliteTable("realms", build(realmCols, liteKit), (t) => [lite.primaryKey({ columns: [t.id] })]),
  characters: lite.sqliteTable("characters", build(characterCols, liteKit), (t) => [
    lite.uniqueIndex("characters_realm_name_uq").on(t.realmId, t.nameKey),
    lite.index("characters_account_idx").on(t.accountId, t.realmId),
  ]),
  accountData: lite.sqliteTable("account_data", build(accountDataCols, liteKit), (t) => [lite.primaryKey({ columns: [t.accountId, t.characterGuid, t.slot] })]),
  pluginData: lite.sqliteTable("plugin_data", build(pluginDataCols, liteKit), (t) => [lite.primaryKey({ columns: [t.plugin, t.key] })]),
  worldInstances: lite.sqliteTable("world_instances", build(worldInstanceCols, liteKit), (t) => [lite.primaryKey({ columns: [t.realmId, t.map, t.instanceId] })]),
  worldPlayers: lite.sqliteTable("world_players", build(worldPlayerCols, liteKit), (t) => [lite.primaryKey({ columns: [t.realmId, t.guid] }), lite.index("world_players_host_idx").on(t.realmId, t.host)]),
  auditLog: lite.sqliteTable("audit_log", build(auditCols, liteKit), (t) => [lite.index("audit_log_at_idx").on(t.at)]),
};

// drizzle-kit discovers tables among the module's top-level exports.
export const { accounts: pgAccounts, accountBans: pgAccountBans, ipBans: pgIpBans, realms: pgRealms, characters: pgCharacters, accountData: pgAccountData, pluginData: pgPluginData, worldInstances: pgWorldInstances, worldPlayers: pgWorldPlayers, auditLog: pgAuditLog } = pgTables;
export const { accounts: liteAccounts, accountBans: liteAccountBans, ipBans: liteIpBans, realms: liteRealms, characters: liteCharacters, accountData: liteAccountData, pluginData: litePluginData, worldInstances: liteWorldInstances, worldPlayers: liteWorldPlayers, auditLog: liteAuditLog } = liteTables;

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
export type WorldInstanceRow = typeof pgTables.worldInstances.$inferSelect;
export type WorldPlayerRow = typeof pgTables.worldPlayers.$inferSelect;
export type AuditRow = typeof pgTables.auditLog.$inferSelect;
export type NewAuditRow = typeof pgTables.auditLog.$inferInsert;

export type Tables = typeof pgTables;
