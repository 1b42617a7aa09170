// Scheduled shutdown and restart (`.server shutdown|restart <delay> [exit code]`): a
// countdown announced to players with SMSG_SERVER_MESSAGE, then every character is saved
// and the process exits with the code (2 = restart, for the supervisor). In cluster mode
// the schedule is broadcast on the lifecycle subject and every realm process stops.
import { jsonBytes, parseJson } from "./bus/port.ts";
import type { Subscription } from "./bus/port.ts";
import { Subjects } from "./bus/subjects.ts";
import { encodeBody } from "./protocol/message.ts";
import { SMSG_SERVER_MESSAGE } from "./protocol/world/chat.ts";
import type { Realm } from "./realm.ts";

export const ServerMessageType = { SHUTDOWN_TIME: 1, RESTART_TIME: 2, STRING: 3, SHUTDOWN_CANCELLED: 4, RESTART_CANCELLED: 5 } as const;

type LifecycleEvent = { op: "schedule"; kind: "shutdown" | "restart"; delayS: number; exitCode: number; by: string; origin: string } | { op: "cancel"; by: string; origin: string };

/** When to announce: every minute above a minute, then 30, 15, 10, 5..1 s. */
export function announceAt(delayS: number): number[] {
  const marks = new Set<number>([delayS]);
  for (let m = Math.floor(delayS / 60) * 60; m >= 60; m -= 60) if (m < delayS) marks.add(m);
  for (const s of [30, 15, 10, 5, 4, 3, 2, 1]) if (s < delayS) marks.add(s);
  return [...marks].sort((a, b) => b - a);
}

export function countdownText(s: number): string {
  if (s >= 60) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return `${m} minute${m === 1 ? "" : "s"}${r ? ` ${r} second${r === 1 ? "" : "s"}` : ""}`;
  }
  return `${s} second${s === 1 ? "" : "s"}`;
}

export class Lifecycle {
  private timers: ReturnType<typeof setTimeout>[] = [];
  private sub: Subscription | undefined;
  pending: { kind: "shutdown" | "restart"; at: number; exitCode: number } | undefined;

  constructor(private realm: Realm) {}

  listen(): void {
    this.sub = this.realm.bus.subscribe(Subjects.lifecycle(this.realm.config.realm.id), (m) => {
      const ev = parseJson<LifecycleEvent>(m.data);
      if (ev.origin === this.realm.nodeId) return;
      if (ev.op === "schedule") this.arm(ev.kind, ev.delayS, ev.exitCode, false);
      else this.disarm(false);
    });
  }

  stopListening(): void {
    this.sub?.unsubscribe();
    this.disarm(false);
  }

  async schedule(kind: "shutdown" | "restart", delayS: number, exitCode: number, by: string): Promise<void> {
    await this.realm.audit.write({ actor: by }, `server.${kind}`, "", { delayS, exitCode });
    this.realm.bus.publish(Subjects.lifecycle(this.realm.config.realm.id), jsonBytes({ op: "schedule", kind, delayS, exitCode, by, origin: this.realm.nodeId } satisfies LifecycleEvent));
    this.arm(kind, delayS, exitCode, true);
  }

  async cancel(by: string): Promise<boolean> {
    if (!this.pending) return false;
    const kind = this.pending.kind;
    this.disarm(true);
    await this.realm.audit.write({ actor: by }, "server.cancel", "", {});
    this.realm.bus.publish(Subjects.lifecycle(this.realm.config.realm.id), jsonBytes({ op: "cancel", by, origin: this.realm.nodeId } satisfies LifecycleEvent));
    void this.announce(kind === "restart" ? ServerMessageType.RESTART_CANCELLED : ServerMessageType.SHUTDOWN_CANCELLED, "");
    return true;
  }

  private arm(kind: "shutdown" | "restart", delayS: number, exitCode: number, announcer: boolean): void {
    this.disarm(false);
    this.pending = { kind, at: Date.now() + delayS * 1000, exitCode };
    const type = kind === "restart" ? ServerMessageType.RESTART_TIME : ServerMessageType.SHUTDOWN_TIME;
    if (announcer) {
      for (const s of announceAt(delayS)) {
        this.timers.push(setTimeout(() => void this.announce(type, countdownText(s)), (delayS - s) * 1000));
      }
    }
    this.timers.push(
      setTimeout(() => {
        this.pending = undefined;
        void this.realm.stop().then(() => this.realm.o.onExit?.(exitCode));
      }, delayS * 1000),
    );
    this.realm.log.warn({ kind, delayS, exitCode }, "server stop scheduled");
  }

  private disarm(log: boolean): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (log && this.pending) this.realm.log.warn("scheduled server stop cancelled");
    this.pending = undefined;
  }

  private async announce(type: number, text: string): Promise<void> {
    const body = encodeBody(SMSG_SERVER_MESSAGE, { type, text }).slice();
    await this.realm.sessions.broadcast(SMSG_SERVER_MESSAGE.opcode, body).catch(() => {});
  }
}
