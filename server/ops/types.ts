// Shared operations on accounts, bans and characters. They live once, in server/ops,
// and reach plugins, GM commands, the ctl CLI and the web plane through their context
// objects (never by import). Every mutating operation takes the actor for the audit log.
import type { AccountBanRow, AccountRow, CharacterStore, IpBanRow } from "../storage/ports.ts";

export interface Actor {
  /** "console", "ctl", "account:NAME", "web:NAME", "system", "plugin:NAME" */
  actor: string;
  actorAccountId?: number;
  ip?: string;
}

export interface AccountOps {
  /** Creates an account (SRP salt + verifier); RealmError ACCOUNT_BAD_NAME/ACCOUNT_BAD_PASSWORD/ACCOUNT_EXISTS. */
  create(name: string, password: string, opts: { email?: string; gmLevel?: number } & Actor): Promise<AccountRow>;
  get(name: string): Promise<AccountRow | undefined>;
  byId(id: number): Promise<AccountRow | undefined>;
  list(search?: string, page?: { limit?: number; offset?: number }): Promise<AccountRow[]>;
  setPassword(name: string, password: string, by: Actor): Promise<void>;
  setGmLevel(name: string, level: number, by: Actor): Promise<void>;
  setEmail(name: string, email: string, by: Actor): Promise<void>;
  /** Operator lock: login answers FAIL_LOCKED_ENFORCED while locked. */
  setLocked(name: string, locked: boolean, reason: string, by: Actor): Promise<void>;
  /** Chat mute; minutes 0 lifts it. */
  mute(name: string, minutes: number, reason: string, by: Actor): Promise<number>;
  /** Checks a password against the stored SRP verifier (web login). */
  verifyPassword(name: string, password: string): Promise<AccountRow | undefined>;
}

export interface BanInfo {
  /** 0 = permanent */
  expiresAt: number;
  reason: string;
  bannedBy: string;
}

export interface BanOps {
  /** duration: "30m", "4d20h3s", "perm"/"0"/"-1"; kicks the account's sessions. */
  banAccount(name: string, duration: string, reason: string, by: Actor): Promise<BanInfo>;
  unbanAccount(name: string, by: Actor): Promise<boolean>;
  banIp(ip: string, duration: string, reason: string, by: Actor): Promise<BanInfo>;
  unbanIp(ip: string, by: Actor): Promise<boolean>;
  /** Bans the character's account (3.3.5 has no per-character ban result code). */
  banCharacter(realmId: number, name: string, duration: string, reason: string, by: Actor): Promise<BanInfo>;
  activeAccountBan(accountId: number): Promise<AccountBanRow | undefined>;
  accountBans(accountId: number): Promise<AccountBanRow[]>;
  ipBans(): Promise<IpBanRow[]>;
}

export interface CharacterOps extends CharacterStore {
  /** Adds/removes at-login flags (AT_LOGIN_RENAME 0x1, AT_LOGIN_CUSTOMIZE 0x8). */
  setAtLogin(guid: number, add: number, remove: number, by: Actor): Promise<void>;
  /** Restores a soft-deleted character inside the restore window. */
  restoreDeleted(guid: number, by: Actor): Promise<{ ok: boolean; reason?: string }>;
}

/** at-login flags stored in characters.atLogin */
export const AT_LOGIN_RENAME = 0x1;
export const AT_LOGIN_CUSTOMIZE = 0x8;

/** Online players as the presence table knows them (any process). */
export interface OnlinePlayer {
  guid: number;
  name: string;
  accountId: number;
  gatewayId: number;
  sessionId: number;
  race: number;
  class: number;
  gender: number;
  level: number;
  map: number;
  zone: number;
  instanceId: number;
  worldHost: string;
  gmLevel: number;
  guildId: number;
  /** flags: 1 AFK, 2 DND */
  status: number;
}

