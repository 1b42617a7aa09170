import { join } from "node:path";
import type { RealmConfig } from "../../kernel/config.ts";
import type { DriverEvents, WorldDriver } from "./driver.ts";
import { InProcessDriver } from "./in-process.ts";
import { KubernetesDriver } from "./kubernetes.ts";
import { ProcessDriver } from "./process.ts";

export type { DriverHost, DriverEvents, HostState, WorldDriver } from "./driver.ts";
export { InProcessDriver, KubernetesDriver, ProcessDriver };

/** The driver the configuration asks for (orchestrator.driver). */
export function createDriver(config: RealmConfig, nodeId: string, env: Record<string, string | undefined>, events: DriverEvents = {}): WorldDriver {
  const o = config.orchestrator;
  switch (o.driver) {
    case "process":
      // node ids stay unique when this orchestrator restarts while its old children still run
      return new ProcessDriver({ env, prefix: `${nodeId}-w${Math.random().toString(36).slice(2, 6)}`, hostEnv: (id) => ({ REALMCORE_DATA_DIR: join(config.dataDir, "world-hosts", id) }), ...events });
    case "kubernetes":
      return new KubernetesDriver({ apiUrl: o.kubernetes.apiUrl || undefined, namespace: o.kubernetes.namespace, deployment: o.kubernetes.deployment, selector: o.kubernetes.selector });
    default:
      return new InProcessDriver(nodeId);
  }
}
