// Web sessions in the cache port (shared by every web replica). The cookie holds a
// random id; the record holds the account and a stamp of its credentials, so a password
// change or an operator lock ends every web session of the account. Expiry reads the
// context's clock (the cache TTL only collects garbage), like the login lockouts.
import { createHash, randomBytes } from "node:crypto";
import type { AccountRow, WebCache } from "../../server/api/index.ts";

export const SESSION_COOKIE = "rc_sid";
const ID_RE = /^[A-Za-z0-9_-]{43}$/;
const TTL_SLACK_MS = 60_000;

export interface SessionRecord {
  accountId: number;
  name: string;
  stamp: string;
  createdAt: number;
  expiresAt: number;
  /** a one-time message shown on the next page */
  flash?: string;
}

export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export function isSessionId(v: string | undefined): v is string {
  return v !== undefined && ID_RE.test(v);
}

/** Changes whenever the password (salt/verifier) changes or the account is locked. */
export function accountStamp(a: Pick<AccountRow, "salt" | "verifier" | "locked">): string {
  return createHash("sha256").update(a.salt).update(a.verifier).update(a.locked ? "L" : "U").digest("hex").slice(0, 24);
}

export class WebSessions {
  constructor(
    private cache: WebCache,
    private clock: { now(): number },
    readonly ttlS: number,
  ) {}

  private key(sid: string): string {
    return `web:session:${sid}`;
  }

  async load(sid: string): Promise<SessionRecord | undefined> {
    const raw = await this.cache.get(this.key(sid));
    if (!raw) return undefined;
    let rec: SessionRecord;
    try {
      rec = JSON.parse(raw) as SessionRecord;
    } catch {
      return undefined;
    }
    if (!(rec.expiresAt > this.clock.now())) {
      await this.cache.del(this.key(sid));
      return undefined;
    }
    return rec;
  }

  async create(sid: string, a: AccountRow): Promise<SessionRecord> {
    const now = this.clock.now();
    const rec: SessionRecord = { accountId: a.id, name: a.name, stamp: accountStamp(a), createdAt: now, expiresAt: now + this.ttlS * 1000 };
    await this.save(sid, rec);
    return rec;
  }

  async save(sid: string, rec: SessionRecord): Promise<void> {
    await this.cache.set(this.key(sid), JSON.stringify(rec), Math.max(1, rec.expiresAt - this.clock.now()) + TTL_SLACK_MS);
  }

  /** Extends a session past half its life (sliding expiry); true when it did. */
  async touch(sid: string, rec: SessionRecord): Promise<boolean> {
    const now = this.clock.now();
    if (rec.expiresAt - now > (this.ttlS * 1000) / 2) return false;
    rec.expiresAt = now + this.ttlS * 1000;
    await this.save(sid, rec);
    return true;
  }

  async destroy(sid: string): Promise<void> {
    await this.cache.del(this.key(sid));
  }
}
