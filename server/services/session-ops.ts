// SessionOps: reaching players wherever they are connected, through the presence table
// and the gateways' bus subjects.
import type { OnlinePlayer, SessionOps } from "../api/plugin.ts";
import type { GatewayLink } from "../bus/gateway-link.ts";
import type { Bus } from "../bus/port.ts";
import { jsonBytes } from "../bus/port.ts";
import type { GatewayCommand } from "../bus/session-control.ts";
import { Subjects } from "../bus/subjects.ts";
import { encodeBody, type MessageDef } from "../protocol/message.ts";
import { Writer } from "../protocol/writer.ts";
import type { Presence } from "../ops/presence.ts";
import { groupOfKey } from "../ops/group-of.ts";
import type { Cache } from "../storage/cache/port.ts";

export class Sessions implements SessionOps {
  private w = new Writer(512);
  constructor(
    private presence: Presence,
    private link: GatewayLink,
    private bus: Bus,
    private cache?: Cache,
  ) {}

  online() {
    return this.presence.all();
  }
  byName(name: string) {
    return this.presence.byName(name);
  }
  byGuid(guid: number) {
    return this.presence.byGuid(guid);
  }
  sendTo(p: Pick<OnlinePlayer, "gatewayId" | "sessionId">, opcode: number, body: Uint8Array): void {
    this.link.send(p.gatewayId, p.sessionId, opcode, body);
  }
  send<T>(p: Pick<OnlinePlayer, "gatewayId" | "sessionId">, def: MessageDef<T>, value: T): void {
    this.link.send(p.gatewayId, p.sessionId, def.opcode, encodeBody(def, value, this.w));
  }
  async broadcast(opcode: number, body: Uint8Array, filter?: (p: OnlinePlayer) => boolean): Promise<void> {
    const byGw = new Map<number, number[]>();
    for (const p of await this.presence.all()) {
      if (filter && !filter(p)) continue;
      const l = byGw.get(p.gatewayId);
      if (l) l.push(p.sessionId);
      else byGw.set(p.gatewayId, [p.sessionId]);
    }
    for (const [gw, sids] of byGw) this.link.fanout(gw, sids, opcode, body);
  }
  kick(p: Pick<OnlinePlayer, "gatewayId" | "sessionId">, reason: string): void {
    const c: GatewayCommand = { op: "kick", sessionId: p.sessionId, reason };
    this.bus.publish(Subjects.gatewayCtl(p.gatewayId), jsonBytes(c));
  }
  async kickAccount(accountId: number, reason: string): Promise<void> {
    const c: GatewayCommand = { op: "kickAccount", accountId, reason };
    this.bus.publish(Subjects.gatewayAll(), jsonBytes(c));
  }
  async setPresence(guid: number, patch: Partial<OnlinePlayer>): Promise<void> {
    await this.presence.patch(guid, patch);
  }
  async setGroup(guid: number, groupId: number): Promise<void> {
    if (!this.cache) throw new Error("SessionOps.setGroup: no cache");
    if (groupId > 0) await this.cache.set(groupOfKey(guid), String(groupId));
    else await this.cache.del(groupOfKey(guid));
  }
}
