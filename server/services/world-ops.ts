// WorldOps: acting on the world from a service, a command or the web plane, wherever
// the character's instance runs (bus requests to its world host or the orchestrator).
import type { NpcInfo, WorldLocation, WorldOps, WorldPosition } from "../api/plugin.ts";
import { encodeNearBroadcast } from "../bus/packet-envelope.ts";
import { requestLeader } from "../bus/leader-request.ts";
import type { Bus } from "../bus/port.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import type { Presence } from "../ops/presence.ts";
import type { DrainReply, DrainRequest, WorldHeartbeat, WorldHostReply, WorldHostRequest } from "../bus/world-requests.ts";
import type { WorldHostSummary } from "../commands/core/deps.ts";

export class World implements WorldOps {
  constructor(
    private realmId: number,
    private presence: Presence,
    private bus: Bus,
    private locations: (name: string) => WorldLocation | undefined,
  ) {}

  /** Asks the world host the character is on; undefined when it is not in the world. */
  private async ctl(guid: number, req: WorldHostRequest): Promise<WorldHostReply | undefined> {
    const p = await this.presence.byGuid(guid);
    if (!p) return undefined;
    const m = await this.bus.request(Subjects.worldCtl(this.realmId, p.worldHost), jsonBytes(req), { timeoutMs: 10_000 });
    return parseJson<WorldHostReply>(m.data);
  }

  async teleport(guid: number, to: WorldLocation): Promise<boolean> {
    return (await this.ctl(guid, { op: "teleport", guid, to }))?.ok ?? false;
  }

  async npc(guid: number, action: "kill" | "info"): Promise<NpcInfo | undefined> {
    const r = await this.ctl(guid, { op: "npc", guid, action });
    return r?.ok ? (r.npc as NpcInfo) : undefined;
  }

  async setRunSpeed(guid: number, speed: number): Promise<boolean> {
    return (await this.ctl(guid, { op: "speed", guid, speed }))?.ok ?? false;
  }

  async locate(guid: number): Promise<WorldPosition | undefined> {
    const r = await this.ctl(guid, { op: "where", guid });
    return r?.ok ? (r.position as WorldPosition) : undefined;
  }

  async sendNear(guid: number, range: number, opcode: number, body: Uint8Array, opts: { includeSelf?: boolean; exclude?: readonly number[] } = {}): Promise<void> {
    const p = await this.presence.byGuid(guid);
    if (!p) return;
    this.bus.publish(Subjects.worldIn(this.realmId, p.worldHost), encodeNearBroadcast({ guid, range, includeSelf: opts.includeSelf ?? true, opcode, body, exclude: opts.exclude }));
  }

  async saveAll(): Promise<number> {
    const m = await requestLeader(this.bus, Subjects.orchestrator(this.realmId, "saveall"), jsonBytes({}), { timeoutMs: 30_000 });
    return parseJson<{ saved: number }>(m.data).saved;
  }

  /** The world hosts the orchestrator leader knows (`.server hosts`). */
  async hosts(): Promise<WorldHostSummary[]> {
    const m = await requestLeader(this.bus, Subjects.orchestrator(this.realmId, "instances"), jsonBytes({}), { timeoutMs: 5000 });
    const r = parseJson<{ hosts: WorldHeartbeat[]; draining?: string[] }>(m.data);
    const draining = new Set(r.draining ?? []);
    return r.hosts.map((h) => ({ host: h.host, players: h.players, instances: h.instances.length, tickP99: h.tickP99, draining: !!h.draining || draining.has(h.host) }));
  }

  /** Drains a world host through the orchestrator (`.server drain`). */
  async drain(host: string, off: boolean): Promise<DrainReply> {
    const m = await requestLeader(this.bus, Subjects.orchestrator(this.realmId, "drain"), jsonBytes({ host, off } satisfies DrainRequest), { timeoutMs: 120_000 });
    return parseJson<DrainReply>(m.data);
  }

  teleportLocation(name: string): WorldLocation | undefined {
    return this.locations(name);
  }
}
