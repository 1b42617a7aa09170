// Group operations (protocol.md §2.17, §2.17.1). A change takes the group's lock, reads
// the stored group, applies model.ts, writes it back (store + cache), then tells the
// members: SMSG_PARTY_COMMAND_RESULT for the actor's outcome, SMSG_GROUP_LIST (each
// member's own view, online flags from presence) and the other notices. Refusals change
// nothing. Invitations are volatile (`invite:<guid>` in the cache, inviteTtlMs).
import { proto, type OnlinePlayer, type SessionHandle } from "../../../server/api/index.ts";
import type { Contacts } from "../contacts/contacts.ts";
import type { Addr, Social } from "../social.ts";
import { sameTeam } from "../state/faction.ts";
import * as M from "./model.ts";
import { sendStats } from "./stats.ts";
import { creatorLockKey, groupLockKey, GroupStore } from "./store.ts";

const OP = proto.PartyOperation;
const PR = proto.PartyResult;

export interface Invite {
  from: number;
  fromName: string;
}

const inviteKey = (g: number) => `invite:${g}`;

export class Groups {
  readonly store: GroupStore;

  constructor(
    readonly X: Social,
    private contacts: Contacts,
  ) {
    this.store = new GroupStore(X);
  }

  result(to: Addr | SessionHandle, operation: number, name: string, result: number): void {
    this.X.send(to, proto.SMSG_PARTY_COMMAND_RESULT, { operation, name, result, value: 0 });
  }

  /** Online members' presence entries. */
  async online(g: M.Group): Promise<Map<number, OnlinePlayer>> {
    const out = new Map<number, OnlinePlayer>();
    for (const m of g.members) {
      const p = await this.X.player(m.guid);
      if (p) out.set(m.guid, p);
    }
    return out;
  }

  /** Sends every online member its own SMSG_GROUP_LIST. */
  async publish(g: M.Group): Promise<Map<number, OnlinePlayer>> {
    const on = await this.online(g);
    for (const [guid, p] of on) this.X.send(p, proto.SMSG_GROUP_LIST, M.listFor(g, guid, (x) => on.has(x)));
    return on;
  }

  /**
   * Runs a change on the group `id` under its lock: reads the stored group, applies fn,
   * bumps the list counter and stores it. fn returns false for "nothing changed".
   */
  async change(id: number, fn: (g: M.Group) => Promise<boolean | void> | boolean | void): Promise<M.Group | undefined> {
    return this.X.lock.with(groupLockKey(id), async () => {
      const g = await this.store.fresh(id);
      if (!g) return undefined;
      if ((await fn(g)) === false) return undefined;
      g.counter++;
      await this.store.save(g);
      return g;
    });
  }

  /** The actor's group, or the NOT_IN_GROUP result (op) and undefined. */
  private async mine(s: SessionHandle, me: OnlinePlayer, op: number): Promise<number> {
    const id = await this.store.groupOf(me.guid);
    if (!id) this.result(s, op, "", PR.NOT_IN_GROUP);
    return id;
  }

  // ------------------------------------------------------------------ invitations

  async invite(s: SessionHandle, me: OnlinePlayer, name: string): Promise<void> {
    const X = this.X;
    const t = await X.ctx.sessions.byName(name);
    if (!t || t.guid === me.guid) return this.result(s, OP.INVITE, name, PR.BAD_PLAYER_NAME);
    if (!X.cfg.crossFaction.groups && me.gmLevel === 0 && !sameTeam(me, t)) return this.result(s, OP.INVITE, name, PR.PLAYER_WRONG_FACTION);
    if (await this.contacts.store.isIgnoring(t.guid, me.guid)) return this.result(s, OP.INVITE, name, PR.IGNORING_YOU);
    const g = await this.store.of(me.guid);
    if (g && !M.canManage(g, me.guid)) return this.result(s, OP.INVITE, "", PR.NOT_LEADER);
    if ((await this.store.groupOf(t.guid)) || (await X.vol.get<Invite>(inviteKey(t.guid)))) {
      X.send(t, proto.SMSG_GROUP_INVITE, { canAccept: 0, inviter: me.name });
      return this.result(s, OP.INVITE, t.name, PR.ALREADY_IN_GROUP);
    }
    if (g && M.isFull(g)) return this.result(s, OP.INVITE, "", PR.GROUP_FULL);
    await X.vol.put(inviteKey(t.guid), { from: me.guid, fromName: me.name } satisfies Invite, X.cfg.inviteTtlMs);
    X.send(t, proto.SMSG_GROUP_INVITE, { canAccept: 1, inviter: me.name });
    this.result(s, OP.INVITE, t.name, PR.OK);
  }

  async decline(me: OnlinePlayer): Promise<void> {
    const inv = await this.X.vol.get<Invite>(inviteKey(me.guid));
    if (!inv) return;
    await this.X.vol.delete(inviteKey(me.guid));
    const from = await this.X.player(inv.from);
    if (from) this.X.send(from, proto.SMSG_GROUP_DECLINE, { name: me.name });
  }

  async accept(s: SessionHandle, me: OnlinePlayer): Promise<void> {
    const X = this.X;
    const inv = await X.vol.get<Invite>(inviteKey(me.guid));
    if (!inv) return;
    await X.vol.delete(inviteKey(me.guid));
    if (await this.store.groupOfFresh(me.guid)) return;
    const g = await X.lock.with(creatorLockKey(inv.from), async () => {
      const id = await this.store.groupOfFresh(inv.from);
      if (!id) {
        const leader = await X.player(inv.from);
        if (!leader) return void this.result(s, OP.INVITE, inv.fromName, PR.BAD_PLAYER_NAME);
        const g = M.newGroup(await this.store.newId(), leader);
        M.addMember(g, me);
        await this.store.save(g);
        await this.store.setMember(leader.guid, g.id);
        await this.store.setMember(me.guid, g.id);
        return g;
      }
      return this.change(id, async (g) => {
        if (!M.addMember(g, me)) return void this.result(s, OP.INVITE, "", PR.GROUP_FULL), false;
        await this.store.setMember(me.guid, g.id);
      });
    });
    if (!g) return;
    const on = await this.publish(g);
    const others = [...on.values()].filter((p) => p.guid !== me.guid);
    await sendStats(X, me.guid, others);
    for (const o of g.members) if (o.guid !== me.guid) await sendStats(X, o.guid, [s]);
  }

  // ------------------------------------------------------------------ leaving

  /** Removes a member (leave or kick); disbands when fewer than two would remain. */
  private async remove(id: number, guid: number, kicked: boolean): Promise<void> {
    const X = this.X;
    let disband = false;
    let newLeader = 0;
    const g = await this.change(id, async (g) => {
      if (!M.memberOf(g, guid)) return false;
      if (g.members.length - 1 < 2) {
        disband = true;
        return;
      }
      newLeader = M.removeMember(g, guid);
    });
    if (!g) return;
    if (disband) return this.disband(g);
    await this.store.setMember(guid, 0);
    const gone = await X.player(guid);
    if (gone) {
      if (kicked) X.send(gone, proto.SMSG_GROUP_UNINVITE, {});
      X.send(gone, proto.SMSG_GROUP_LIST, proto.emptyGroupList(M.groupGuid(g.id), g.counter));
    }
    if (newLeader) {
      const name = M.memberOf(g, newLeader)?.name ?? "";
      for (const p of (await this.online(g)).values()) X.send(p, proto.SMSG_GROUP_SET_LEADER, { name });
    }
    const on = await this.publish(g);
    await sendStats(X, guid, [...on.values()]);
  }

  /** Everyone gets SMSG_GROUP_DESTROYED and the empty list; the group is deleted. */
  async disband(g: M.Group): Promise<void> {
    const X = this.X;
    await X.lock.with(groupLockKey(g.id), () => this.store.delete(g.id));
    for (const m of g.members) {
      await this.store.setMember(m.guid, 0);
      const p = await X.player(m.guid);
      if (!p) continue;
      X.send(p, proto.SMSG_GROUP_DESTROYED, {});
      X.send(p, proto.SMSG_GROUP_LIST, proto.emptyGroupList(M.groupGuid(g.id), g.counter));
    }
  }

  /** CMSG_GROUP_DISBAND = "leave the party". */
  async leave(s: SessionHandle, me: OnlinePlayer): Promise<void> {
    const id = await this.mine(s, me, OP.LEAVE);
    if (!id) return;
    this.result(s, OP.LEAVE, me.name, PR.OK);
    await this.remove(id, me.guid, false);
  }

  /** CMSG_GROUP_UNINVITE(_GUID): by name or by guid. */
  async kick(s: SessionHandle, me: OnlinePlayer, target: { name?: string; guid?: number }): Promise<void> {
    const id = await this.mine(s, me, OP.UNINVITE);
    if (!id) return;
    const g = await this.store.fresh(id);
    if (!g) return;
    const label = target.name ?? "";
    if (!M.canManage(g, me.guid)) return this.result(s, OP.UNINVITE, "", PR.NOT_LEADER);
    const t = target.name !== undefined ? M.memberByName(g, target.name) : M.memberOf(g, target.guid ?? 0);
    if (!t) {
      const p = target.name !== undefined ? await this.X.ctx.sessions.byName(target.name) : await this.X.player(target.guid ?? 0);
      const inv = p ? await this.X.vol.get<Invite>(inviteKey(p.guid)) : undefined;
      if (p && inv && M.memberOf(g, inv.from)) return this.X.vol.delete(inviteKey(p.guid));
      return this.result(s, OP.UNINVITE, label, PR.TARGET_NOT_IN_GROUP);
    }
    if (t.guid === me.guid) return this.result(s, OP.UNINVITE, t.name, PR.BAD_PLAYER_NAME);
    if (t.guid === g.leader && !M.isLeader(g, me.guid)) return this.result(s, OP.UNINVITE, "", PR.NOT_LEADER);
    await this.remove(id, t.guid, true);
  }

  // ------------------------------------------------------------------ leader-only changes

  /**
   * A change only the leader (or with `assistants`, a raid assistant) may make: errors go
   * to the actor with `op`; `fn` returns false to refuse (it sent its own error).
   */
  async lead(s: SessionHandle, me: OnlinePlayer, op: number, assistants: boolean, fn: (g: M.Group) => boolean | void): Promise<M.Group | undefined> {
    const id = await this.mine(s, me, op);
    if (!id) return undefined;
    let refused = false;
    const g = await this.change(id, (g) => {
      if (!(assistants ? M.canManage(g, me.guid) : M.isLeader(g, me.guid))) {
        refused = true;
        this.result(s, op, "", PR.NOT_LEADER);
        return false;
      }
      return fn(g);
    });
    if (!g || refused) return undefined;
    await this.publish(g);
    return g;
  }

  async setLeader(s: SessionHandle, me: OnlinePlayer, guid: number): Promise<void> {
    let name = "";
    const g = await this.lead(s, me, OP.INVITE, false, (g) => {
      const t = M.memberOf(g, guid);
      if (!t) return void this.result(s, OP.INVITE, "", PR.TARGET_NOT_IN_GROUP), false;
      if (t.guid === me.guid) return false;
      g.leader = t.guid;
      t.flags &= ~proto.GroupMemberFlags.ASSISTANT;
      name = t.name;
    });
    if (g) for (const p of (await this.online(g)).values()) this.X.send(p, proto.SMSG_GROUP_SET_LEADER, { name });
  }

  async lootMethod(s: SessionHandle, me: OnlinePlayer, m: proto.LootMethodRequest): Promise<void> {
    const master = Number(m.masterLooter & 0xffffffffn);
    await this.lead(s, me, OP.INVITE, false, (g) => {
      if (!M.validLoot(g, m.method, master, m.threshold)) return false;
      g.lootMethod = m.method;
      g.masterLooter = m.method === proto.LootMethod.MASTER_LOOT ? master : 0;
      g.lootThreshold = m.threshold;
    });
  }

  async convertToRaid(s: SessionHandle, me: OnlinePlayer): Promise<void> {
    const g = await this.lead(s, me, OP.INVITE, false, (g) => M.convertToRaid(g));
    if (g) this.result(s, OP.INVITE, "", PR.OK);
  }

  async changeSubgroup(s: SessionHandle, me: OnlinePlayer, name: string, sg: number): Promise<void> {
    await this.lead(s, me, OP.SWAP, true, (g) => {
      if (!M.isRaid(g)) return false;
      const t = M.memberByName(g, name);
      if (!t) return void this.result(s, OP.SWAP, name, PR.TARGET_NOT_IN_GROUP), false;
      if (!M.changeSubgroup(g, t.guid, sg)) return void this.result(s, OP.SWAP, name, PR.GROUP_SWAP_FAILED), false;
    });
  }

  async swapSubgroups(s: SessionHandle, me: OnlinePlayer, a: string, b: string): Promise<void> {
    await this.lead(s, me, OP.SWAP, true, (g) => {
      if (!M.isRaid(g)) return false;
      const ta = M.memberByName(g, a);
      const tb = M.memberByName(g, b);
      if (!ta || !tb) return void this.result(s, OP.SWAP, ta ? b : a, PR.TARGET_NOT_IN_GROUP), false;
      M.swapSubgroups(g, ta.guid, tb.guid);
    });
  }

  async setAssistant(s: SessionHandle, me: OnlinePlayer, guid: number, on: boolean): Promise<void> {
    await this.lead(s, me, OP.INVITE, false, (g) => {
      const t = M.memberOf(g, guid);
      if (!t) return void this.result(s, OP.INVITE, "", PR.TARGET_NOT_IN_GROUP), false;
      const f = on ? t.flags | proto.GroupMemberFlags.ASSISTANT : t.flags & ~proto.GroupMemberFlags.ASSISTANT;
      if (f === t.flags) return false;
      t.flags = f;
    });
  }
}
