// WorldOps: acting on the world from a service, a command or the web plane, wherever
// the character's instance runs (bus requests to its world host or the orchestrator).
import type { WorldLocation, WorldOps } from "../api/plugin.ts";
import { encodeNearBroadcast } from "../bus/packet-envelope.ts";
import type { Bus } from "../bus/port.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import type { Presence } from "../ops/presence.ts";

export type WorldCtlRequest =
  | { op: "teleport"; guid: number; to: WorldLocation }
  | { op: "save"; guid?: number }
  | { op: "kick"; guid: number; reason: string }
  | { op: "info" };

export class World implements WorldOps {
  constructor(
    private realmId: number,
    private presence: Presence,
    private bus: Bus,
    private locations: (name: string) => WorldLocation | undefined,
  ) {}

  async teleport(guid: number, to: WorldLocation): Promise<boolean> {
    const p = await this.presence.byGuid(guid);
    if (!p) return false;
    const req: WorldCtlRequest = { op: "teleport", guid, to };
    const m = await this.bus.request(Subjects.worldCtl(this.realmId, p.worldHost), jsonBytes(req), { timeoutMs: 10_000 });
    return parseJson<{ ok: boolean }>(m.data).ok;
  }

  async sendNear(guid: number, range: number, opcode: number, body: Uint8Array, opts: { includeSelf?: boolean } = {}): Promise<void> {
    const p = await this.presence.byGuid(guid);
    if (!p) return;
    this.bus.publish(Subjects.worldIn(this.realmId, p.worldHost), encodeNearBroadcast({ guid, range, includeSelf: opts.includeSelf ?? true, opcode, body }));
  }

  async saveAll(): Promise<number> {
    const m = await this.bus.request(Subjects.orchestrator(this.realmId, "saveall"), jsonBytes({}), { timeoutMs: 30_000 });
    return parseJson<{ saved: number }>(m.data).saved;
  }

  teleportLocation(name: string): WorldLocation | undefined {
    return this.locations(name);
  }
}
