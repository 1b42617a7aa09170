// Store ports: what the rest of the server may ask of persistent storage. Roles and
// services depend on these interfaces only; adapters (bun:sqlite, PostgreSQL) live in
// this folder. Every method is async so both dialects fit the same shape.
import type {
  AccountBanRow,
  AccountDataRow,
  AccountRow,
  AuditRow,
  CharacterRow,
  IpBanRow,
  NewAccountRow,
  NewAuditRow,
  NewCharacterRow,
  NewRealmRow,
  RealmRow,
  WorldInstanceRow,
  WorldPlayerRow,
} from "./schema.ts";

export type { AccountBanRow, AccountDataRow, AccountRow, AuditRow, CharacterRow, IpBanRow, NewAccountRow, NewAuditRow, NewCharacterRow, NewRealmRow, RealmRow, WorldInstanceRow, WorldPlayerRow };

export type Dialect = "sqlite" | "postgresql";

export interface Page {
  limit?: number;
  offset?: number;
}

export interface AccountStore {
  /** Inserts; rejects with RealmError ACCOUNT_EXISTS when the name is taken. */
  create(row: NewAccountRow): Promise<AccountRow>;
  byId(id: number): Promise<AccountRow | undefined>;
  /** Exact (upper-case) name. */
  byName(name: string): Promise<AccountRow | undefined>;
  /** Names containing `search` (case-insensitive), ordered by name. */
  list(search?: string, page?: Page): Promise<AccountRow[]>;
  count(): Promise<number>;
  update(id: number, patch: Partial<Omit<AccountRow, "id">>): Promise<void>;
}

export interface BanStore {
  banAccount(row: { accountId: number; bannedAt: number; expiresAt: number; reason: string; bannedBy: string }): Promise<AccountBanRow>;
  /** Marks every active ban of the account inactive; returns how many. */
  unbanAccount(accountId: number): Promise<number>;
  /** The ban in force at `now` (expiresAt 0 = permanent), if any. */
  activeAccountBan(accountId: number, now: number): Promise<AccountBanRow | undefined>;
  accountBans(accountId: number): Promise<AccountBanRow[]>;
  banIp(row: { ip: string; bannedAt: number; expiresAt: number; reason: string; bannedBy: string }): Promise<void>;
  unbanIp(ip: string): Promise<boolean>;
  activeIpBan(ip: string, now: number): Promise<IpBanRow | undefined>;
  ipBans(): Promise<IpBanRow[]>;
}

export interface RealmStore {
  upsert(row: NewRealmRow): Promise<void>;
  get(id: number): Promise<RealmRow | undefined>;
  list(): Promise<RealmRow[]>;
  update(id: number, patch: Partial<Omit<RealmRow, "id">>): Promise<void>;
  remove(id: number): Promise<void>;
}

/** What a periodic or logout save writes for one character. */
export type CharacterSave = { guid: number } & Partial<
  Pick<
    CharacterRow,
    "level" | "xp" | "money" | "map" | "zone" | "x" | "y" | "z" | "orientation" | "instanceId" | "playedTotal" | "playedLevel" | "online" | "logoutAt" | "savedAt" | "firstLogin" | "actionButtons" | "equipment" | "bindMap" | "bindZone" | "bindX" | "bindY" | "bindZ"
  >
>;

export interface CharacterStore {
  /** Inserts; resolves undefined (nothing written) when the name is taken on the realm. */
  create(row: NewCharacterRow): Promise<CharacterRow | undefined>;
  byGuid(guid: number): Promise<CharacterRow | undefined>;
  /** Live (not deleted) character with this name on the realm, case-insensitive. */
  byName(realmId: number, name: string): Promise<CharacterRow | undefined>;
  /** The account's characters on a realm, by guid; deleted ones only when asked. */
  listByAccount(accountId: number, realmId: number, opts?: { deleted?: boolean }): Promise<CharacterRow[]>;
  /** Live characters per realm for the realm list: realmId -> count. */
  countsByAccount(accountId: number): Promise<Map<number, number>>;
  /** Search by name substring across realms (admin, who-is), live only unless asked. */
  search(text: string, page?: Page & { realmId?: number; deleted?: boolean; online?: boolean }): Promise<CharacterRow[]>;
  update(guid: number, patch: Partial<Omit<CharacterRow, "guid">>): Promise<void>;
  /** Renames; false when the new name is taken on the realm. */
  rename(guid: number, name: string): Promise<boolean>;
  /** Applies many saves in one transaction (the world's save batches). */
  saveBatch(saves: CharacterSave[]): Promise<void>;
  /** Soft delete: frees the name, keeps the row for the restore window. */
  softDelete(guid: number, at: number): Promise<void>;
  /** Restores a soft-deleted character; false if its name is now taken. */
  restore(guid: number): Promise<boolean>;
  /** Marks every character of a realm offline (after a crash/restart). */
  markRealmOffline(realmId: number): Promise<void>;
}

export interface AccountDataStore {
  get(accountId: number, characterGuid: number, slot: number): Promise<AccountDataRow | undefined>;
  put(row: AccountDataRow): Promise<void>;
  /** slot -> time for the given owner (characterGuid 0 = account-wide). */
  times(accountId: number, characterGuid: number): Promise<Map<number, number>>;
}

export interface AuditStore {
  append(row: NewAuditRow): Promise<void>;
  list(filter?: { actor?: string; action?: string; target?: string; since?: number } & Page): Promise<AuditRow[]>;
}

/** Free-form JSON documents per plugin (plugins have no tables of their own). */
export interface PluginDataStore {
  get<T = unknown>(plugin: string, key: string): Promise<T | undefined>;
  put(plugin: string, key: string, value: unknown): Promise<void>;
  delete(plugin: string, key: string): Promise<boolean>;
  /** Documents whose key starts with `prefix`, ordered by key. */
  list<T = unknown>(plugin: string, prefix?: string, page?: Page): Promise<{ key: string; value: T }[]>;
}

/** The orchestrator's registry of instances and players (cluster mode reads it after a failover). */
export interface WorldRegistryStore {
  putInstance(row: WorldInstanceRow): Promise<void>;
  instances(realmId: number): Promise<WorldInstanceRow[]>;
  instanceByKey(realmId: number, map: number, instanceKey: string): Promise<WorldInstanceRow | undefined>;
  removeInstance(realmId: number, map: number, instanceId: number): Promise<void>;
  /** Highest instance id used on the realm (new ids continue from it). */
  maxInstanceId(realmId: number): Promise<number>;
  putPlayer(row: WorldPlayerRow): Promise<void>;
  /** Removes the player's row (only while it names `host`, when given). */
  removePlayer(realmId: number, guid: number, host?: string): Promise<void>;
  players(realmId: number, host?: string): Promise<WorldPlayerRow[]>;
}

/** A named exclusive lease held by one process (orchestrator leader election). */
export interface Leadership {
  /** Takes the lease if free (or confirms it is still held); false when another holder has it. */
  tryAcquire(): Promise<boolean>;
  readonly held: boolean;
  release(): Promise<void>;
}

/** The data parts of a store, usable inside or outside a transaction. */
export interface StoreParts {
  readonly dialect: Dialect;
  readonly accounts: AccountStore;
  readonly bans: BanStore;
  readonly realms: RealmStore;
  readonly characters: CharacterStore;
  readonly accountData: AccountDataStore;
  readonly pluginData: PluginDataStore;
  readonly audit: AuditStore;
  readonly registry: WorldRegistryStore;
}

export interface Store extends StoreParts {
  /**
   * An exclusive lease named `name` (PostgreSQL: a session advisory lock on a dedicated
   * connection, released when the process or its connection dies; SQLite: always granted,
   * one embedded process runs the orchestrator).
   */
  leadership(name: string): Leadership;
  /** Runs `fn` in one transaction; everything it does through `tx` commits or rolls back together. */
  transaction<T>(fn: (tx: StoreParts) => Promise<T>): Promise<T>;
  /** Applies pending migrations; returns the tags applied. Refuses a newer schema. */
  migrate(): Promise<string[]>;
  /** Liveness probe (a trivial query). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
