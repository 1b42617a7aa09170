// Raids over real sockets: conversion, subgroups (moves, swaps, the size rule), assistants,
// raid chat, raid warnings, party chat inside a subgroup, ready checks.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PartyOp, PartyResult as PR, writeAssistant, writeChangeSubGroup, writeSwapSubGroup } from "../../../bench/client/messages/group.ts";
import { until } from "../../../server/testing/world-helpers.ts";
import { ChatType, Opcode, socialWorld, type Pc, type SocialWorld } from "../testing/social-world.ts";

let w: SocialWorld;
let ps: Pc[];
const names = ["Leader", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"];
beforeAll(async () => {
  w = await socialWorld({ plugins: { settings: { social: { flood: { messageCount: 1000 } } } } });
  ps = [];
  for (const n of names) ps.push(await w.player(n));
});
afterAll(() => w.stop());

const at = (i: number) => () => ps[i]!;
const [L, B, C, D, E, F, G] = [at(0), at(1), at(2), at(3), at(4), at(5), at(6)] as const;

async function join(p: Pc): Promise<void> {
  const s = p.mark();
  L().invite(p.name);
  await p.waitInvite(s);
  p.send(Opcode.CMSG_GROUP_ACCEPT, (x) => x.u32(0));
  await p.waitGroupList((l) => l.members.length > 0, s);
}

describe("raid", () => {
  test("a party holds five; conversion lifts the cap; only the leader converts", async () => {
    for (const p of [B(), C(), D(), E()]) await join(p);
    const s = L().mark();
    L().invite("Foxtrot");
    expect(await L().waitPartyResult(() => true, s)).toEqual({ operation: PartyOp.INVITE, name: "", result: PR.GROUP_FULL, value: 0 });
    const sb = B().mark();
    B().send(Opcode.CMSG_GROUP_RAID_CONVERT);
    expect((await B().waitPartyResult(() => true, sb)).result).toBe(PR.NOT_LEADER);
    L().send(Opcode.CMSG_GROUP_RAID_CONVERT);
    await B().waitGroupList((l) => l.groupType === 2, sb);
    await join(F());
    const lf = await F().waitGroupList((l) => l.groupType === 2, 0);
    expect(lf.subgroup).toBe(1); // subgroup 0 is full
  });

  test("subgroup moves and swaps by the leader or an assistant; a full subgroup refuses", async () => {
    const s = L().mark();
    L().send(Opcode.CMSG_GROUP_CHANGE_SUB_GROUP, (x) => writeChangeSubGroup(x, "Foxtrot", 0));
    expect(await L().waitPartyResult(() => true, s)).toEqual({ operation: PartyOp.SWAP, name: "Foxtrot", result: PR.GROUP_SWAP_FAILED, value: 0 });
    const sb = B().mark();
    B().send(Opcode.CMSG_GROUP_CHANGE_SUB_GROUP, (x) => writeChangeSubGroup(x, "Echo", 1));
    expect((await B().waitPartyResult(() => true, sb)).result).toBe(PR.NOT_LEADER);
    L().send(Opcode.CMSG_GROUP_ASSISTANT_LEADER, (x) => writeAssistant(x, B().guid, true));
    expect((await B().waitGroupList((l) => l.flags === 1, sb)).flags).toBe(1);
    B().send(Opcode.CMSG_GROUP_CHANGE_SUB_GROUP, (x) => writeChangeSubGroup(x, "Echo", 1));
    await E().waitGroupList((l) => l.subgroup === 1, 0);
    B().send(Opcode.CMSG_GROUP_SWAP_SUB_GROUP, (x) => writeSwapSubGroup(x, "Delta", "Foxtrot"));
    const ld = await D().waitGroupList((l) => l.subgroup === 1, 0);
    expect(ld.members.find((m) => m.name === "Foxtrot")!.subgroup).toBe(0);
    B().send(Opcode.CMSG_GROUP_SWAP_SUB_GROUP, (x) => writeSwapSubGroup(x, "Delta", "Nobody"));
    expect((await B().waitPartyResult((r) => r.name === "Nobody", sb)).result).toBe(PR.TARGET_NOT_IN_GROUP);
    const sc = C().mark();
    C().send(Opcode.CMSG_GROUP_ASSISTANT_LEADER, (x) => writeAssistant(x, C().guid, true));
    expect((await C().waitPartyResult(() => true, sc)).result).toBe(PR.NOT_LEADER);
  });

  test("raid chat, raid warnings from leader/assistants only, party chat stays in the subgroup", async () => {
    const marks = ps.map((p) => p.mark());
    L().chat(ChatType.RAID, "all of the raid");
    for (const i of [1, 2, 3, 4, 5]) await ps[i]!.waitChat((m) => m.message === "all of the raid" && m.type === ChatType.RAID, marks[i]);
    B().chat(ChatType.RAID_WARNING, "move out");
    await F().waitChat((m) => m.message === "move out" && m.type === ChatType.RAID_WARNING, marks[5]);
    C().chat(ChatType.RAID_WARNING, "not allowed");
    expect((await C().waitPartyResult(() => true, marks[2])).result).toBe(PR.NOT_LEADER);
    D().chat(ChatType.PARTY, "subgroup two"); // Delta is in subgroup 1 with Echo
    await E().waitChat((m) => m.message === "subgroup two", marks[4]);
    L().chat(ChatType.RAID, "barrier");
    await C().waitChat((m) => m.message === "barrier", marks[2]);
    expect(C().heard("subgroup two", marks[2])).toEqual([]);
    expect(C().heard("not allowed", marks[2])).toEqual([]);
    expect(G().heard("all of the raid", 0)).toEqual([]);
  });

  test("ready check: everyone is asked, answers go to leader and assistants, then FINISHED", async () => {
    const marks = ps.map((p) => p.mark());
    const sc = C().mark();
    C().send(Opcode.MSG_RAID_READY_CHECK);
    expect((await C().waitPartyResult(() => true, sc)).result).toBe(PR.NOT_LEADER);
    L().send(Opcode.MSG_RAID_READY_CHECK);
    for (const i of [1, 2, 3, 4, 5]) expect(await ps[i]!.wait(Opcode.MSG_RAID_READY_CHECK, (r) => r.u64(), () => true, marks[i])).toBe(L().guid);
    for (const i of [1, 2, 3, 4, 5]) ps[i]!.send(Opcode.MSG_RAID_READY_CHECK, (x) => x.u8(i === 3 ? 0 : 1));
    const confirm = (r: Parameters<Parameters<Pc["wait"]>[1]>[0]) => ({ guid: r.u64(), ready: r.u8() });
    await until("five answers at the leader", () => L().all(Opcode.MSG_RAID_READY_CHECK_CONFIRM, confirm, marks[0]).length === 5);
    expect(L().all(Opcode.MSG_RAID_READY_CHECK_CONFIRM, confirm, marks[0]).find((x) => x.guid === D().guid)!.ready).toBe(0);
    await B().wait(Opcode.MSG_RAID_READY_CHECK_CONFIRM, confirm, (x) => x.guid === E().guid, marks[1]); // assistant
    for (const i of [0, 1, 2, 3, 4, 5]) await ps[i]!.wait(Opcode.MSG_RAID_READY_CHECK_FINISHED, () => 1, () => true, marks[i]);
    expect(C().all(Opcode.MSG_RAID_READY_CHECK_CONFIRM, confirm, marks[2])).toEqual([]);
  });
});
