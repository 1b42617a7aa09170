// The embedded mode's driver: the realm process hosts the one world host itself.
import type { DriverHost, WorldDriver } from "./driver.ts";

export class InProcessDriver implements WorldDriver {
  readonly kind = "in-process" as const;
  constructor(private nodeId: string) {}
  async scale(n: number): Promise<void> {
    if (n > 1) throw new Error("the in-process driver runs exactly one world host (use the process or kubernetes driver)");
  }
  async list(): Promise<DriverHost[]> {
    return [{ id: this.nodeId, state: "running", restarts: 0, ref: String(process.pid) }];
  }
  async stop(): Promise<void> {
    throw new Error("the in-process world host stops with the realm");
  }
  async close(): Promise<void> {}
}
