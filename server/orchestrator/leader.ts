// Leader election for orchestrator replicas: each replica tries to hold the store's
// leadership lease (a PostgreSQL advisory lock in cluster mode) every `intervalMs`; the
// holder serves the orchestrator subjects, the others wait. When the leader's process or
// connection dies, PostgreSQL frees the lock and the next replica takes over.
import type { Logger } from "../kernel/logger.ts";
import type { Leadership } from "../storage/ports.ts";

export class LeaderElector {
  private timer: ReturnType<typeof setInterval> | undefined;
  private leading = false;
  private busy = false;

  constructor(
    private lease: Leadership,
    private o: { intervalMs?: number; log: Logger; onChange(leading: boolean): void | Promise<void> },
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.o.intervalMs ?? 2000);
  }

  private async check(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const held = await this.lease.tryAcquire();
      if (held !== this.leading) {
        this.leading = held;
        this.o.log.info({ leading: held }, held ? "orchestrator leadership acquired" : "orchestrator leadership lost");
        await this.o.onChange(held);
      }
    } catch (e) {
      this.o.log.warn({ err: e }, "leadership check failed");
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.leading) {
      this.leading = false;
      await this.o.onChange(false);
    }
    await this.lease.release();
  }
}
