// A Scope owns disposers. Everything a plugin, a session or a server registers is
// added to a scope, and disposing the scope undoes all of it in reverse order.

export type Disposer = () => void | Promise<void>;

export class Scope {
  private disposers: Disposer[] = [];
  private children = new Set<Scope>();
  private disposed = false;
  readonly name: string;
  private parent: Scope | undefined;
  onError: (e: unknown, scope: string) => void = () => {};

  constructor(name = "root", parent?: Scope) {
    this.name = name;
    this.parent = parent;
    if (parent) this.onError = parent.onError;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Registers a disposer; returns a function that runs it early and forgets it. */
  add(d: Disposer): () => void {
    if (this.disposed) {
      void this.runOne(d);
      return () => {};
    }
    this.disposers.push(d);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const i = this.disposers.lastIndexOf(d);
      if (i >= 0) this.disposers.splice(i, 1);
      void this.runOne(d);
    };
  }

  child(name: string): Scope {
    const c = new Scope(`${this.name}/${name}`, this);
    this.children.add(c);
    return c;
  }

  /** Number of live registrations, children included (used by leak tests). */
  get size(): number {
    let n = this.disposers.length;
    for (const c of this.children) n += c.size;
    return n;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const c of [...this.children].reverse()) await c.dispose();
    this.children.clear();
    const ds = this.disposers.splice(0).reverse();
    for (const d of ds) await this.runOne(d);
    this.parent?.children.delete(this);
    this.parent = undefined;
  }

  private async runOne(d: Disposer): Promise<void> {
    try {
      await d();
    } catch (e) {
      this.onError(e, this.name);
    }
  }
}
