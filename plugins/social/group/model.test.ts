import { describe, expect, test } from "bun:test";
import { proto } from "../../../server/api/index.ts";
import * as m from "./model.ts";

const mk = (n: number) => {
  const g = m.newGroup(7, { guid: 1, name: "P1" });
  for (let i = 2; i <= n; i++) m.addMember(g, { guid: i, name: `P${i}` });
  return g;
};

describe("group rules", () => {
  test("a party holds 5; a raid 40 in subgroups of 5", () => {
    const g = mk(5);
    expect(m.isFull(g)).toBe(true);
    expect(m.addMember(g, { guid: 6, name: "P6" })).toBe(false);
    expect(m.convertToRaid(g)).toBe(true);
    expect(m.convertToRaid(g)).toBe(false);
    for (let i = 6; i <= 40; i++) expect(m.addMember(g, { guid: i, name: `P${i}` })).toBe(true);
    expect(m.addMember(g, { guid: 41, name: "P41" })).toBe(false);
    for (let sg = 0; sg < 8; sg++) expect(m.subgroupSize(g, sg)).toBe(5);
  });

  test("subgroup moves and swaps respect the size", () => {
    const g = mk(5);
    m.convertToRaid(g);
    m.addMember(g, { guid: 6, name: "P6" });
    expect(g.members.find((x) => x.guid === 6)!.subgroup).toBe(1);
    expect(m.changeSubgroup(g, 6, 0)).toBe(false);
    expect(m.changeSubgroup(g, 2, 1)).toBe(true);
    expect(m.changeSubgroup(g, 6, 0)).toBe(true);
    expect(m.changeSubgroup(g, 6, 8)).toBe(false);
    expect(m.swapSubgroups(g, 2, 3)).toBe(true);
    expect([m.memberOf(g, 2)!.subgroup, m.memberOf(g, 3)!.subgroup]).toEqual([0, 1]);
    expect(m.swapSubgroups(g, 2, 99)).toBe(false);
  });

  test("leadership passes to an assistant first, else the first member", () => {
    const g = mk(4);
    m.convertToRaid(g);
    m.memberOf(g, 3)!.flags = proto.GroupMemberFlags.ASSISTANT;
    expect(m.canManage(g, 3)).toBe(true);
    expect(m.canManage(g, 2)).toBe(false);
    expect(m.removeMember(g, 1)).toBe(3);
    expect(m.removeMember(g, 2)).toBe(0);
  });

  test("each member sees the others; the loot block and online flags", () => {
    const g = mk(3);
    const l = m.listFor(g, 2, (x) => x !== 3);
    expect(l.members.map((x) => [x.name, x.online])).toEqual([["P1", 1], ["P3", 0]]);
    expect(l.leaderGuid).toBe(1n);
    expect(l.groupGuid).toBe(0x1f50000000000007n);
    expect(l.lootMethod).toBe(proto.LootMethod.GROUP_LOOT);
    expect(m.validLoot(g, 2, 3, 2)).toBe(true);
    expect(m.validLoot(g, 2, 9, 2)).toBe(false);
    expect(m.validLoot(g, 5, 0, 2)).toBe(false);
    expect(m.validLoot(g, 0, 0, 1)).toBe(false);
  });
});
