// Parties over real sockets: invitations and every refusal, decline, leader, loot method,
// kicks by name and guid, leaving, disbanding (§2.17.1 packets), party chat, party frames,
// the orchestrator's group key, a member's disconnect and return, `.group info`.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PartyOp, PartyResult as PR, readPartyMemberStats, writeLootMethod, writeUninviteGuid } from "../../../bench/client/messages/group.ts";
import { until } from "../../../server/testing/world-helpers.ts";
import { ChatType, groupOfKey, ORC, Opcode, socialWorld, type Pc, type SocialWorld } from "../testing/social-world.ts";

let w: SocialWorld;
let al: Pc;
let bo: Pc;
let cy: Pc;
let dee: Pc;
let orc: Pc;
beforeAll(async () => {
  w = await socialWorld({ plugins: { settings: { social: { flood: { messageCount: 1000 } } } } }, { manualClock: true });
  [al, bo, cy, dee] = [await w.player("Alvin"), await w.player("Bodo"), await w.player("Cyra"), await w.player("Deedee")];
  orc = await w.player("Grom", { race: ORC });
});
afterAll(() => w.stop());

/** Invites and accepts; resolves when the invitee has its list. */
async function join(leader: Pc, p: Pc): Promise<void> {
  const [sl, sp] = [leader.mark(), p.mark()];
  leader.invite(p.name);
  await p.waitInvite(sp);
  await leader.waitPartyResult((r) => r.name === p.name && r.result === PR.OK, sl);
  p.send(Opcode.CMSG_GROUP_ACCEPT, (x) => x.u32(0));
  await p.waitGroupList((l) => l.members.length > 0, sp);
}

const groupInfo = async (name: string) => (await w.player("Gm" + Math.random().toString(36).slice(2, 8).replace(/\d/g, "x"), { gmLevel: 1 })).command(`.group info ${name}`, /group|Group/);

describe("invitations", () => {
  test("invite and accept: both get the list, party frames, the orchestrator's group key", async () => {
    const sa = al.mark();
    al.invite("bodo");
    const inv = await bo.waitInvite(0);
    expect(inv).toEqual({ canAccept: 1, inviter: "Alvin" });
    expect(await al.waitPartyResult(() => true, sa)).toEqual({ operation: PartyOp.INVITE, name: "Bodo", result: PR.OK, value: 0 });
    bo.send(Opcode.CMSG_GROUP_ACCEPT, (x) => x.u32(0));
    const lb = await bo.waitGroupList((l) => l.members.length === 1, 0);
    const la = await al.waitGroupList((l) => l.members.length === 1, sa);
    expect([lb.groupType, lb.members[0]!.name, lb.members[0]!.online, lb.leader]).toEqual([0, "Alvin", 1, al.guid]);
    expect([la.members[0]!.guid, la.leader, la.loot?.method, la.groupGuid]).toEqual([bo.guid, al.guid, 3, lb.groupGuid]);
    const stats = await al.wait(Opcode.SMSG_PARTY_MEMBER_STATS, (r) => readPartyMemberStats(r), (x) => x.guid === bo.guid, sa);
    expect([stats.status, stats.level, stats.zone]).toEqual([1, 1, 12]);
    expect(stats.maxHp).toBeGreaterThan(0);
    const id = String(lb.groupGuid & 0xffffffffn);
    await until("group-of keys", async () => (await w.b.realm.cache.get(groupOfKey(Number(al.guid)))) === id && (await w.b.realm.cache.get(groupOfKey(Number(bo.guid)))) === id);
  });

  test("refusals: self, unknown, other faction, already grouped, not the leader; nothing changes", async () => {
    const sa = al.mark();
    al.invite("Alvin");
    al.invite("Nosuchperson");
    al.invite("Grom");
    await until("three results", () => al.partyResults(sa).length === 3);
    expect(al.partyResults(sa).map((r) => [r.name, r.result])).toEqual([["Alvin", PR.BAD_PLAYER_NAME], ["Nosuchperson", PR.BAD_PLAYER_NAME], ["Grom", PR.PLAYER_WRONG_FACTION]]);
    const [sc, sb] = [cy.mark(), bo.mark()];
    cy.invite("Bodo");
    expect(await cy.waitPartyResult(() => true, sc)).toEqual({ operation: 0, name: "Bodo", result: PR.ALREADY_IN_GROUP, value: 0 });
    expect(await bo.waitInvite(sb)).toEqual({ canAccept: 0, inviter: "Cyra" });
    bo.invite("Cyra");
    expect(await bo.waitPartyResult(() => true, sb)).toEqual({ operation: 0, name: "", result: PR.NOT_LEADER, value: 0 });
    const sd = dee.mark();
    dee.send(Opcode.CMSG_ADD_IGNORE, (x) => x.cstring("Alvin"));
    await dee.waitFriend((f) => f.result === 0x0f, sd);
    al.invite("Deedee");
    expect((await al.waitPartyResult((r) => r.name === "Deedee", sa)).result).toBe(PR.IGNORING_YOU);
    dee.send(Opcode.CMSG_DEL_IGNORE, (x) => x.u64(al.guid));
    await dee.waitFriend((f) => f.result === 0x10, sd);
    const info = (await groupInfo("Alvin")).join("\n");
    expect(info).toMatch(/2 member/);
    expect(info).not.toMatch(/Cyra|Deedee/);
  });

  test("decline tells the inviter", async () => {
    const [sa, sc] = [al.mark(), cy.mark()];
    al.invite("Cyra");
    await cy.waitInvite(sc);
    cy.send(Opcode.CMSG_GROUP_DECLINE);
    expect(await al.wait(Opcode.SMSG_GROUP_DECLINE, (r) => r.cstring(), () => true, sa)).toBe("Cyra");
  });
});

describe("leader, loot, kicks, leaving", () => {
  test("leader change and loot method; a non-leader is refused", async () => {
    await join(al, cy);
    const [sa, sb] = [al.mark(), bo.mark()];
    bo.send(Opcode.CMSG_LOOT_METHOD, (x) => writeLootMethod(x, 0, 0n, 2));
    expect((await bo.waitPartyResult(() => true, sb)).result).toBe(PR.NOT_LEADER);
    al.send(Opcode.CMSG_GROUP_SET_LEADER, (x) => x.u64(bo.guid));
    expect(await cy.wait(Opcode.SMSG_GROUP_SET_LEADER, (r) => r.cstring(), () => true, 0)).toBe("Bodo");
    await al.waitGroupList((l) => l.leader === bo.guid, sa);
    bo.send(Opcode.CMSG_LOOT_METHOD, (x) => writeLootMethod(x, 2, cy.guid, 3));
    const l = await al.waitGroupList((x) => x.loot?.method === 2, sa);
    expect([l.loot?.masterLooter, l.loot?.threshold]).toEqual([cy.guid, 3]);
    al.send(Opcode.CMSG_GROUP_SET_LEADER, (x) => x.u64(al.guid));
    expect((await al.waitPartyResult(() => true, sa)).result).toBe(PR.NOT_LEADER);
  });

  test("kick by name and by guid; the kicked get UNINVITE and the empty list", async () => {
    await join(bo, dee);
    const [sc, sd, sa] = [cy.mark(), dee.mark(), al.mark()];
    al.send(Opcode.CMSG_GROUP_UNINVITE, (x) => x.cstring("Deedee"));
    expect(await al.waitPartyResult(() => true, sa)).toEqual({ operation: PartyOp.UNINVITE, name: "", result: PR.NOT_LEADER, value: 0 });
    bo.send(Opcode.CMSG_GROUP_UNINVITE, (x) => x.cstring("Nobody"));
    expect((await bo.waitPartyResult((r) => r.operation === PartyOp.UNINVITE, 0)).result).toBe(PR.TARGET_NOT_IN_GROUP);
    bo.send(Opcode.CMSG_GROUP_UNINVITE, (x) => x.cstring("deedee"));
    await dee.wait(Opcode.SMSG_GROUP_UNINVITE, () => 1, () => true, sd);
    const empty = await dee.waitGroupList((l) => l.groupType === 0x10, sd);
    expect([empty.members.length, empty.leader]).toEqual([0, 0n]);
    await cy.waitGroupList((l) => l.members.length === 2, sc);
    await join(bo, dee);
    const sd2 = dee.mark();
    bo.send(Opcode.CMSG_GROUP_UNINVITE_GUID, (x) => writeUninviteGuid(x, dee.guid, "afk"));
    await dee.waitGroupList((l) => l.groupType === 0x10, sd2);
  });

  test("leave: LEAVE result first, the leaver gets the empty list, the rest the new list", async () => {
    const [sc, sa] = [cy.mark(), al.mark()];
    cy.send(Opcode.CMSG_GROUP_DISBAND);
    expect(await cy.waitPartyResult(() => true, sc)).toEqual({ operation: PartyOp.LEAVE, name: "Cyra", result: PR.OK, value: 0 });
    await cy.waitGroupList((l) => l.groupType === 0x10, sc);
    expect(cy.log.some((p) => p.seq >= sc && p.opcode === Opcode.SMSG_GROUP_UNINVITE)).toBe(false);
    await al.waitGroupList((l) => l.members.length === 1, sa);
    const s2 = cy.mark();
    cy.send(Opcode.CMSG_GROUP_DISBAND);
    expect((await cy.waitPartyResult(() => true, s2)).result).toBe(PR.NOT_IN_GROUP);
  });

  test("a two-member group breaks up: DESTROYED and the empty list for both", async () => {
    const [sa, sb] = [al.mark(), bo.mark()];
    bo.send(Opcode.CMSG_GROUP_DISBAND);
    for (const [p, s] of [[al, sa], [bo, sb]] as const) {
      await p.wait(Opcode.SMSG_GROUP_DESTROYED, () => 1, () => true, s);
      await p.waitGroupList((l) => l.groupType === 0x10, s);
    }
    await until("group-of keys cleared", async () => (await w.b.realm.cache.get(groupOfKey(Number(al.guid)))) === undefined);
    expect((await groupInfo("Alvin")).join(" ")).toMatch(/not in a group/);
  });
});

describe("party chat and frames", () => {
  test("party lines reach members only (ignoring members excluded); the stats request", async () => {
    await join(al, bo);
    await join(al, cy);
    const [sb, sc, sd] = [bo.mark(), cy.mark(), dee.mark()];
    cy.send(Opcode.CMSG_ADD_IGNORE, (x) => x.cstring("Alvin"));
    await cy.waitFriend((f) => f.result === 0x0f, sc);
    al.chat(ChatType.PARTY, "group only");
    bo.chat(ChatType.PARTY, "from bodo");
    await cy.waitChat((m) => m.message === "from bodo" && m.type === ChatType.PARTY, sc);
    await bo.waitChat((m) => m.message === "group only", sb);
    expect(cy.heard("group only", sc)).toEqual([]);
    dee.c.say("barrier");
    await dee.waitChat((m) => m.message === "barrier", sd);
    expect(dee.heard("group only", sd)).toEqual([]);
    dee.chat(ChatType.PARTY, "not grouped");
    expect((await dee.waitPartyResult(() => true, sd)).result).toBe(PR.NOT_IN_GROUP);
    al.send(Opcode.CMSG_REQUEST_PARTY_MEMBER_STATS, (x) => x.u64(bo.guid));
    const full = await al.wait(Opcode.SMSG_PARTY_MEMBER_STATS_FULL, (r) => readPartyMemberStats(r, true), (x) => x.guid === bo.guid, 0);
    expect([full.status, full.level, full.zone, full.x]).toEqual([1, 1, 12, -9464]);
  });
});

describe("disconnect and return", () => {
  test("a member who drops stays in the group (offline flag after the grace), comes back online", async () => {
    const sa = al.mark();
    bo.close();
    await until("the world host notices the drop", () => (w.b.realm.worldHost!.byGuid.get(Number(bo.guid))?.disconnectedAt ?? 0) > 0);
    w.advance(21_000);
    const off = await al.waitGroupList((l) => l.members.some((m) => m.guid === bo.guid && m.online === 0), sa);
    expect(off.members.length).toBe(2);
    const s2 = al.mark();
    bo = await w.relog(bo);
    const back = await bo.waitGroupList((l) => l.members.length === 2, 0);
    expect(back.leader).toBe(al.guid);
    await al.waitGroupList((l) => l.members.some((m) => m.guid === bo.guid && m.online === 1), s2);
    expect((await groupInfo("Bodo")).join("\n")).toMatch(/Bodo \[online\]/);
  });

  test("a reconnect within the grace takes the character over and gets the list again", async () => {
    const sa = al.mark();
    al.close();
    al = await w.relog(al);
    const l = await al.waitGroupList((x) => x.members.length === 2, 0);
    expect(l.members.every((m) => m.online === 1)).toBe(true);
    expect(al.log.filter((p) => p.seq >= sa && p.opcode === Opcode.SMSG_GROUP_DESTROYED)).toEqual([]);
  });
});

describe("GM commands", () => {
  test(".group disband breaks a group up like the last leave", async () => {
    const gm = await w.player("Warden", { gmLevel: 2 });
    const [sa, sb] = [al.mark(), bo.mark()];
    await gm.command(".group disband Bodo", /disbanded/);
    await al.wait(Opcode.SMSG_GROUP_DESTROYED, () => 1, () => true, sa);
    await bo.waitGroupList((l) => l.groupType === 0x10, sb);
    expect((await gm.command(".group info Alvin", /group/)).join(" ")).toMatch(/not in a group/);
  });
});
