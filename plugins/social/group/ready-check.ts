// Ready checks (MSG_RAID_READY_CHECK, _CONFIRM, _FINISHED; layouts in
// server/protocol/world/group.ts): the leader or an assistant starts one, every online
// member gets MSG_RAID_READY_CHECK with the initiator; each answer goes to the leader and
// assistants as MSG_RAID_READY_CHECK_CONFIRM (offline members count as not ready at the
// start); when every other online member answered, the initiator's client sends
// _FINISHED, or readyCheckMs passes, everyone gets MSG_RAID_READY_CHECK_FINISHED.
import { proto, type OnlinePlayer, type SessionHandle } from "../../../server/api/index.ts";
import type { Groups } from "./groups.ts";
import * as M from "./model.ts";

interface Check {
  initiator: number;
  waiting: number[];
}

const checkKey = (id: number) => `ready:${id}`;

export class ReadyChecks {
  constructor(private G: Groups) {}

  private async managers(g: M.Group) {
    const on = await this.G.online(g);
    return [...on.values()].filter((p) => M.isLeader(g, p.guid) || M.isAssistant(g, p.guid));
  }

  async start(s: SessionHandle, me: OnlinePlayer): Promise<void> {
    const G = this.G;
    const g = await G.store.of(me.guid);
    if (!g) return G.result(s, proto.PartyOperation.INVITE, "", proto.PartyResult.NOT_IN_GROUP);
    if (!M.isLeader(g, me.guid) && !M.isAssistant(g, me.guid)) return G.result(s, proto.PartyOperation.INVITE, "", proto.PartyResult.NOT_LEADER);
    const on = await G.online(g);
    const check: Check = { initiator: me.guid, waiting: [...on.keys()].filter((x) => x !== me.guid) };
    await G.X.vol.put(checkKey(g.id), check, G.X.cfg.readyCheckMs + 5000);
    const start = G.X.encode(proto.MSG_RAID_READY_CHECK_Server, { guid: BigInt(me.guid) });
    for (const p of on.values()) G.X.sendRaw(p, proto.Opcode.MSG_RAID_READY_CHECK, start);
    const managers = await this.managers(g);
    for (const m of g.members) {
      if (on.has(m.guid)) continue;
      const body = G.X.encode(proto.MSG_RAID_READY_CHECK_CONFIRM, { guid: BigInt(m.guid), ready: 0 });
      for (const p of managers) G.X.sendRaw(p, proto.Opcode.MSG_RAID_READY_CHECK_CONFIRM, body);
    }
    const id = g.id;
    G.X.ctx.timers.setTimeout(() => G.X.background("ready check timeout", () => this.finish(id, me.guid)), G.X.cfg.readyCheckMs);
    if (check.waiting.length === 0) await this.finish(g.id, me.guid);
  }

  async answer(me: OnlinePlayer, ready: number): Promise<void> {
    const G = this.G;
    const g = await G.store.of(me.guid);
    if (!g) return;
    const done = await G.X.lock.with(checkKey(g.id), async () => {
      const c = await G.X.vol.get<Check>(checkKey(g.id));
      if (!c || !c.waiting.includes(me.guid)) return undefined;
      c.waiting = c.waiting.filter((x) => x !== me.guid);
      await G.X.vol.put(checkKey(g.id), c, G.X.cfg.readyCheckMs + 5000);
      return c;
    });
    if (!done) return;
    const body = G.X.encode(proto.MSG_RAID_READY_CHECK_CONFIRM, { guid: BigInt(me.guid), ready: ready ? 1 : 0 });
    for (const p of await this.managers(g)) G.X.sendRaw(p, proto.Opcode.MSG_RAID_READY_CHECK_CONFIRM, body);
    if (done.waiting.length === 0) await this.finish(g.id, done.initiator);
  }

  /** The initiator's client ends the check (or a manager's). */
  async clientFinished(me: OnlinePlayer): Promise<void> {
    const g = await this.G.store.of(me.guid);
    if (g && (M.isLeader(g, me.guid) || M.isAssistant(g, me.guid))) await this.finish(g.id, 0);
  }

  /** Ends the check once: FINISHED to every online member. `initiator` 0 = any check. */
  async finish(id: number, initiator: number): Promise<void> {
    const G = this.G;
    const ended = await G.X.lock.with(checkKey(id), async () => {
      const c = await G.X.vol.get<Check>(checkKey(id));
      if (!c || (initiator && c.initiator !== initiator)) return false;
      await G.X.vol.delete(checkKey(id));
      return true;
    });
    if (!ended) return;
    const g = await G.store.get(id);
    if (!g) return;
    const body = G.X.encode(proto.MSG_RAID_READY_CHECK_FINISHED, {});
    for (const p of (await G.online(g)).values()) G.X.sendRaw(p, proto.Opcode.MSG_RAID_READY_CHECK_FINISHED, body);
  }
}
