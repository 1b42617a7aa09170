// Saves leave the tick as data: the tick queues plain save records, and a batch is
// written by the store off the tick (one transaction per batch). Logout, map change and
// shutdown saves are awaited (saveNow).
import type { Logger } from "../kernel/logger.ts";
import type { CharacterSave, Store } from "../storage/ports.ts";

export class Saver {
  private pending = new Map<number, CharacterSave>();
  private inflight: Promise<void> = Promise.resolve();
  /** saves written (metrics, tests) */
  written = 0;
  failures = 0;

  constructor(
    private store: Pick<Store, "characters">,
    private log: Logger,
  ) {}

  /** Queues a save; a later save of the same character replaces it. */
  queue(s: CharacterSave): void {
    this.pending.set(s.guid, { ...this.pending.get(s.guid), ...s });
  }

  /** Starts writing what is queued (not awaited by the tick). */
  flush(): void {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.inflight = this.inflight.then(() => this.write(batch));
  }

  /** Writes these saves (after anything already queued) and waits for the commit. */
  async saveNow(saves: CharacterSave[]): Promise<void> {
    for (const s of saves) this.queue(s);
    this.flush();
    await this.inflight;
  }

  /** Waits until every queued save is written. */
  async drain(): Promise<void> {
    this.flush();
    await this.inflight;
  }

  private async write(batch: CharacterSave[]): Promise<void> {
    try {
      await this.store.characters.saveBatch(batch);
      this.written += batch.length;
    } catch (e) {
      this.failures++;
      this.log.error({ err: e, count: batch.length }, "character save batch failed; retrying in the next batch");
      for (const s of batch) if (!this.pending.has(s.guid)) this.pending.set(s.guid, s);
    }
  }
}
