// Writing audit rows: every privileged action, every login failure and lock.
import type { Clock } from "../kernel/clock.ts";
import type { Logger } from "../kernel/logger.ts";
import type { AuditStore } from "../storage/ports.ts";
import type { Actor } from "./types.ts";

export class AuditLog {
  constructor(
    private store: AuditStore,
    private clock: Clock,
    private realmId: number,
    private log?: Logger,
  ) {}

  /** Appends a row; failures are logged, never thrown (auditing must not break the action). */
  async write(by: Actor, action: string, target = "", details: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.store.append({
        at: this.clock.now(),
        realmId: this.realmId,
        actor: by.actor,
        actorAccountId: by.actorAccountId ?? 0,
        action,
        target,
        details: JSON.stringify(details),
        ip: by.ip ?? "",
      });
    } catch (e) {
      this.log?.error({ err: e, action, target }, "audit write failed");
    }
  }
}
