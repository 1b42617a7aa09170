// Where each (map, instance) runs, kept by the orchestrator leader and written through to
// the store's registry (world_instances), so a replica that takes over continues with the
// same placements and instance ids. Continents have one instance (id 0, key "0");
// dungeons, raids, battlegrounds and arenas one per group or player (key "g<group>" /
// "p<guid>"), and a key keeps its instance id when the instance moves to another host.
import type { Logger } from "../kernel/logger.ts";
import type { WorldRegistryStore } from "../storage/ports.ts";

export interface InstancePlacement {
  map: number;
  instanceId: number;
  key: string;
  host: string;
}

export class Placements {
  /** `${map}:${key}` -> placement */
  private byKey = new Map<string, InstancePlacement>();
  /** `${map}:${instanceId}` -> placement */
  private byId = new Map<string, InstancePlacement>();
  private nextId = 1;

  constructor(
    private realmId: number,
    private registry: WorldRegistryStore,
    private now: () => number,
    private log: Logger,
  ) {}

  /** Reads the registry (a new leader); returns how many placements it found. */
  async load(): Promise<number> {
    const rows = await this.registry.instances(this.realmId);
    for (const r of rows) this.remember({ map: r.map, instanceId: r.instanceId, key: r.instanceKey, host: r.host });
    this.nextId = Math.max(this.nextId, (await this.registry.maxInstanceId(this.realmId)) + 1);
    return rows.length;
  }

  private remember(p: InstancePlacement): void {
    this.byKey.set(`${p.map}:${p.key}`, p);
    this.byId.set(`${p.map}:${p.instanceId}`, p);
  }

  /** The placement of a group's (or player's) instance of `map`, if one was ever made. */
  byGroupKey(map: number, key: string): InstancePlacement | undefined {
    return this.byKey.get(`${map}:${key}`);
  }

  /** The host an instance runs on (or last ran on). */
  hostOf(map: number, instanceId: number): string | undefined {
    const p = this.byId.get(`${map}:${instanceId}`);
    return p?.host || undefined;
  }

  /** A new instance id (never reused on the realm). */
  allocateId(): number {
    return this.nextId++;
  }

  /** Records that (map, instanceId) runs on `host` now (memory at once, the registry off the request). */
  place(map: number, instanceId: number, key: string, host: string): InstancePlacement {
    const prev = this.byId.get(`${map}:${instanceId}`);
    const p: InstancePlacement = { map, instanceId, key, host };
    this.remember(p);
    const now = this.now();
    void this.registry
      .putInstance({ realmId: this.realmId, map, instanceId, instanceKey: key, host, createdAt: now, updatedAt: now })
      .catch((e) => this.log.warn({ err: e, map, instanceId, host, moved: prev?.host }, "registry: placement not written"));
    return p;
  }

  /** Instances on a host that is gone: they will be placed again (same ids) when next needed. */
  forgetHost(host: string): InstancePlacement[] {
    const out: InstancePlacement[] = [];
    for (const p of this.byId.values()) {
      if (p.host !== host) continue;
      p.host = "";
      out.push(p);
    }
    return out;
  }

  list(): InstancePlacement[] {
    return [...this.byId.values()].filter((p) => p.host !== "").sort((a, b) => a.map - b.map || a.instanceId - b.instanceId);
  }
}
