// WorldOps: acting on the world from a service, a command or the web plane, wherever
// the character's instance runs (bus requests to its world host or the orchestrator).
import type { NpcInfo, WorldLocation, WorldOps, WorldPosition } from "../api/plugin.ts";
import { encodeNearBroadcast } from "../bus/packet-envelope.ts";
import type { Bus } from "../bus/port.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import type { Presence } from "../ops/presence.ts";
import type { WorldHostReply, WorldHostRequest } from "../bus/world-requests.ts";

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
    const m = await this.bus.request(Subjects.orchestrator(this.realmId, "saveall"), jsonBytes({}), { timeoutMs: 30_000 });
    return parseJson<{ saved: number }>(m.data).saved;
  }

  teleportLocation(name: string): WorldLocation | undefined {
    return this.locations(name);
  }
}
