// Ban operations (BanOps). A ban kicks the account's sessions through `kick`.
import type { Clock } from "../kernel/clock.ts";
import { RealmError } from "../kernel/errors.ts";
import type { Store } from "../storage/ports.ts";
import type { AuditLog } from "./audit.ts";
import { formatDuration, parseDuration } from "./duration.ts";
import type { Actor, BanInfo, BanOps } from "./types.ts";

export type KickAccount = (accountId: number, reason: string) => Promise<void>;

const IP_RE = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+$/i;

export class Bans implements BanOps {
  constructor(
    private store: Pick<Store, "accounts" | "bans" | "characters">,
    private clock: Clock,
    private audit: AuditLog,
    private kick: KickAccount = async () => {},
  ) {}

  private expiry(duration: string): number {
    const ms = parseDuration(duration);
    return ms === 0 ? 0 : this.clock.now() + ms;
  }

  async banAccount(name: string, duration: string, reason: string, by: Actor): Promise<BanInfo> {
    const a = await this.store.accounts.byName(name.trim().toUpperCase());
    if (!a) throw new RealmError("ACCOUNT_NOT_FOUND", `no account named ${name.toUpperCase()}`);
    const expiresAt = this.expiry(duration);
    await this.store.bans.banAccount({ accountId: a.id, bannedAt: this.clock.now(), expiresAt, reason, bannedBy: by.actor });
    await this.audit.write(by, "ban.account", a.name, { duration: formatDuration(expiresAt ? expiresAt - this.clock.now() : 0), reason });
    await this.kick(a.id, `banned: ${reason}`);
    return { expiresAt, reason, bannedBy: by.actor };
  }

  async unbanAccount(name: string, by: Actor): Promise<boolean> {
    const a = await this.store.accounts.byName(name.trim().toUpperCase());
    if (!a) throw new RealmError("ACCOUNT_NOT_FOUND", `no account named ${name.toUpperCase()}`);
    const n = await this.store.bans.unbanAccount(a.id);
    await this.audit.write(by, "unban.account", a.name, { lifted: n });
    return n > 0;
  }

  async banIp(ip: string, duration: string, reason: string, by: Actor): Promise<BanInfo> {
    const addr = ip.trim();
    if (!IP_RE.test(addr)) throw new RealmError("CMD_USAGE", `"${ip}" is not an IP address`);
    const expiresAt = this.expiry(duration);
    await this.store.bans.banIp({ ip: addr, bannedAt: this.clock.now(), expiresAt, reason, bannedBy: by.actor });
    await this.audit.write(by, "ban.ip", addr, { reason, expiresAt });
    return { expiresAt, reason, bannedBy: by.actor };
  }

  async unbanIp(ip: string, by: Actor): Promise<boolean> {
    const ok = await this.store.bans.unbanIp(ip.trim());
    await this.audit.write(by, "unban.ip", ip.trim(), { lifted: ok });
    return ok;
  }

  async banCharacter(realmId: number, name: string, duration: string, reason: string, by: Actor): Promise<BanInfo> {
    const c = await this.store.characters.byName(realmId, name);
    if (!c) throw new RealmError("CHARACTER_NOT_FOUND", `no character named ${name}`);
    const a = await this.store.accounts.byId(c.accountId);
    if (!a) throw new RealmError("ACCOUNT_NOT_FOUND", `character ${name} has no account`);
    await this.audit.write(by, "ban.character", c.name, { account: a.name });
    return this.banAccount(a.name, duration, `${reason} (character ${c.name})`, by);
  }

  activeAccountBan(accountId: number) {
    return this.store.bans.activeAccountBan(accountId, this.clock.now());
  }
  accountBans(accountId: number) {
    return this.store.bans.accountBans(accountId);
  }
  ipBans() {
    return this.store.bans.ipBans();
  }
}
