// Account operations (AccountOps): the one implementation behind the ctl CLI, GM
// commands, plugins and the web portal.
import { timingSafeEqual } from "node:crypto";
import type { Clock } from "../kernel/clock.ts";
import { RealmError } from "../kernel/errors.ts";
import { computeVerifier, makeRegistration } from "../protocol/srp6.ts";
import type { AccountRow, AccountStore } from "../storage/ports.ts";
import type { AuditLog } from "./audit.ts";
import { checkPassword, normalizeAccountName } from "./names.ts";
import type { AccountOps, Actor } from "./types.ts";

export const GM_LEVEL_MAX = 4;

export class Accounts implements AccountOps {
  constructor(
    private store: AccountStore,
    private clock: Clock,
    private audit: AuditLog,
    /** Told when a password changes (the realm drops the cached session key). */
    private onPasswordChanged: (name: string) => Promise<void> = async () => {},
  ) {}

  private async need(name: string): Promise<AccountRow> {
    const a = await this.store.byName(normalizeAccountName(name));
    if (!a) throw new RealmError("ACCOUNT_NOT_FOUND", `no account named ${name.toUpperCase()}`);
    return a;
  }

  async create(name: string, password: string, opts: { email?: string; gmLevel?: number } & Actor): Promise<AccountRow> {
    const n = normalizeAccountName(name);
    checkPassword(password);
    const gm = opts.gmLevel ?? 0;
    if (!Number.isInteger(gm) || gm < 0 || gm > GM_LEVEL_MAX) throw new RealmError("CMD_USAGE", `GM level must be 0..${GM_LEVEL_MAX}`);
    const email = (opts.email ?? "").trim();
    if (email.length > 254) throw new RealmError("CMD_USAGE", "email is too long");
    const reg = makeRegistration(n, password);
    const row = await this.store.create({
      name: n,
      salt: Buffer.from(reg.salt),
      verifier: Buffer.from(reg.verifier),
      email,
      gmLevel: gm,
      createdAt: this.clock.now(),
    });
    await this.audit.write(opts, "account.create", n, { gmLevel: gm });
    return row;
  }

  get(name: string) {
    return this.store.byName(name.trim().toUpperCase());
  }
  byId(id: number) {
    return this.store.byId(id);
  }
  list(search?: string, page?: { limit?: number; offset?: number }) {
    return this.store.list(search, page);
  }

  async setPassword(name: string, password: string, by: Actor) {
    const a = await this.need(name);
    checkPassword(password);
    const reg = makeRegistration(a.name, password);
    // a new password invalidates the session key (no reconnect with the old one)
    await this.store.update(a.id, { salt: Buffer.from(reg.salt), verifier: Buffer.from(reg.verifier), sessionKey: null, failedLogins: 0 });
    await this.onPasswordChanged(a.name).catch(() => {});
    await this.audit.write(by, "account.password", a.name);
  }

  async setGmLevel(name: string, level: number, by: Actor) {
    if (!Number.isInteger(level) || level < 0 || level > GM_LEVEL_MAX) throw new RealmError("CMD_USAGE", `GM level must be 0..${GM_LEVEL_MAX}`);
    const a = await this.need(name);
    await this.store.update(a.id, { gmLevel: level });
    await this.audit.write(by, "account.gmlevel", a.name, { from: a.gmLevel, to: level });
  }

  async setEmail(name: string, email: string, by: Actor) {
    const a = await this.need(name);
    if (email.length > 254) throw new RealmError("CMD_USAGE", "email is too long");
    await this.store.update(a.id, { email: email.trim() });
    await this.audit.write(by, "account.email", a.name);
  }

  async setLocked(name: string, locked: boolean, reason: string, by: Actor) {
    const a = await this.need(name);
    await this.store.update(a.id, { locked, lockReason: locked ? reason : "" });
    await this.audit.write(by, locked ? "account.lock" : "account.unlock", a.name, { reason });
  }

  async mute(name: string, minutes: number, reason: string, by: Actor) {
    const a = await this.need(name);
    if (!Number.isFinite(minutes) || minutes < 0) throw new RealmError("CMD_USAGE", "mute minutes must be 0 or more");
    const until = minutes === 0 ? 0 : this.clock.now() + minutes * 60_000;
    await this.store.update(a.id, { muteUntil: until, muteReason: minutes === 0 ? "" : reason });
    await this.audit.write(by, minutes === 0 ? "account.unmute" : "account.mute", a.name, { minutes, reason });
    return until;
  }

  async verifyPassword(name: string, password: string) {
    let n: string;
    try {
      n = normalizeAccountName(name);
      checkPassword(password);
    } catch {
      return undefined;
    }
    const a = await this.store.byName(n);
    if (!a) return undefined;
    const v = computeVerifier(a.salt, a.name, password);
    return v.length === a.verifier.length && timingSafeEqual(v, a.verifier) ? a : undefined;
  }
}
