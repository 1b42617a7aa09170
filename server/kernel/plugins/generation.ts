// One generation of one plugin: what its setup registered (table entries), the work it
// deferred until it serves (timers, subscriptions), and the scope that undoes both.
// Registrations made while the generation is active go live at once; those made during
// setup go live at the swap.
import type { RealmError } from "../errors.ts";
import type { Scope } from "../scope.ts";
import type { Registration } from "./tables.ts";
import type { GenerationHandle, PluginInstanceLike, PluginModule } from "./types.ts";

type Starter = { start: () => (() => void) | void; stop?: (() => void) | void; done: boolean };

/** What a generation needs from its host. */
export interface GenerationHost {
  rebuild(): void;
  conflict(table: string, key: string, plugin: string): RealmError | undefined;
  fault(plugin: string, where: string, entity: string | undefined, err: unknown): void;
}

export class Generation {
  readonly regs = new Set<Registration>();
  private starters = new Set<Starter>();
  instance: PluginInstanceLike | undefined;
  active = false;

  constructor(
    readonly id: number,
    readonly def: PluginModule,
    readonly scope: Scope,
    private host: GenerationHost,
  ) {}

  /** Starts everything deferred during setup (called right after the swap). */
  startDeferred(): void {
    for (const st of this.starters) this.startOne(st);
  }

  private startOne(st: Starter): void {
    if (st.done) return;
    try {
      st.stop = st.start();
    } catch (e) {
      this.host.fault(this.def.name, "start", undefined, e);
    }
  }

  handle(config: unknown, restored: unknown): GenerationHandle {
    return {
      plugin: this.def.name,
      version: this.def.version,
      generation: this.id,
      config,
      restored,
      scope: this.scope,
      register: (table, key, value) => {
        if (this.active) {
          const c = this.host.conflict(table, key, this.def.name);
          if (c) throw c;
        }
        const reg = { table, key, value };
        this.regs.add(reg);
        if (this.active) this.host.rebuild();
        return this.scope.add(() => {
          if (this.regs.delete(reg) && this.active) this.host.rebuild();
        });
      },
      defer: (start) => {
        const st: Starter = { start, done: false };
        this.starters.add(st);
        if (this.active) this.startOne(st);
        return this.scope.add(() => {
          st.done = true;
          this.starters.delete(st);
          const stop = st.stop;
          st.stop = undefined;
          if (typeof stop === "function") stop();
        });
      },
    };
  }
}
