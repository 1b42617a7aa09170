// The audit log.
import { and, desc, eq, gt, type SQL } from "drizzle-orm";
import type { AuditStore } from "../ports.ts";
import { lim, off, Part, startsWith } from "./part.ts";

export class Audit extends Part implements AuditStore {
  async append(row: Parameters<AuditStore["append"]>[0]) {
    await (await this.db()).insert(this.t.auditLog).values(row);
  }
  async list(f: Parameters<AuditStore["list"]>[0] = {}) {
    const t = this.t.auditLog;
    const conds: SQL[] = [];
    if (f.actor) conds.push(eq(t.actor, f.actor));
    if (f.action) conds.push(startsWith(t.action, f.action));
    if (f.target) conds.push(eq(t.target, f.target));
    if (f.since !== undefined) conds.push(gt(t.at, f.since));
    const q = (await this.db()).select().from(t);
    return (conds.length ? q.where(and(...conds)) : q).orderBy(desc(t.id)).limit(lim(f)).offset(off(f));
  }
}
