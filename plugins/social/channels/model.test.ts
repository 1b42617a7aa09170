import { describe, expect, test } from "bun:test";
import { proto } from "../../../server/api/index.ts";
import { ChannelOps, newChannel, type Actor, type Channel } from "./model.ts";

const N = proto.ChannelNotifyType;
const MF = proto.ChannelMemberFlags;
const actor = (guid: number, name: string, gm = false): Actor => ({ guid, name, gatewayId: 1, sessionId: guid, gm });
const al = actor(1, "Al");
const bo = actor(2, "Bo");
const cy = actor(3, "Cy");

/** Runs one operation; returns [notify, recipients' session ids] pairs. */
function run(c: Channel, f: (o: ChannelOps) => unknown): [number, number[]][] {
  const o = new ChannelOps(c);
  f(o);
  return o.out.map((x) => [x.n.notify, x.to.map((t) => t.sessionId)]);
}

describe("channel rules", () => {
  test("first joiner of a custom channel owns it; later joins are announced", () => {
    const c = newChannel("mine", 0, 0);
    expect(run(c, (o) => o.join(al, ""))).toEqual([[N.YOU_JOINED, [1]], [N.MODE_CHANGE, [1]]]);
    expect(c.owner).toBe(1);
    expect(c.members[0]!.flags).toBe(MF.OWNER | MF.MODERATOR);
    expect(run(c, (o) => o.join(bo, ""))).toEqual([[N.JOINED, [1]], [N.YOU_JOINED, [2]]]);
    expect(run(c, (o) => o.join(bo, ""))).toEqual([[N.PLAYER_ALREADY_MEMBER, [2]]]);
  });

  test("constant channels: no owner, no announcements, silent re-join", () => {
    const c = newChannel("General - Elwynn Forest", 1, 0x18);
    expect(run(c, (o) => o.join(al, ""))).toEqual([[N.YOU_JOINED, [1]]]);
    expect(run(c, (o) => o.join(bo, ""))).toEqual([[N.YOU_JOINED, [2]]]);
    expect(run(c, (o) => o.join(bo, ""))).toEqual([]);
    expect(c.owner).toBe(0);
    expect(run(c, (o) => o.changeOwner(al, "Bo"))).toEqual([[N.NOT_OWNER, [1]]]);
  });

  test("passwords, moderation, mutes", () => {
    const c = newChannel("pw", 0, 0);
    run(c, (o) => o.join(al, ""));
    expect(run(c, (o) => o.password(al, "s3"))).toEqual([[N.PASSWORD_CHANGED, [1]]]);
    expect(run(c, (o) => o.join(bo, "nope"))).toEqual([[N.WRONG_PASSWORD, [2]]]);
    run(c, (o) => o.join(bo, "s3"));
    expect(run(c, (o) => o.password(bo, "x"))).toEqual([[N.NOT_MODERATOR, [2]]]);
    expect(c.password).toBe("s3");
    expect(run(c, (o) => o.setMode(al, "Bo", MF.MUTED, true))).toEqual([[N.MODE_CHANGE, [1, 2]]]);
    expect(run(c, (o) => o.canSpeak(bo))).toEqual([[N.MUTED, [2]]]);
    run(c, (o) => o.setMode(al, "bo", MF.MUTED, false));
    expect(run(c, (o) => o.canSpeak(bo))).toEqual([]);
    expect(run(c, (o) => o.toggleModerate(al))).toEqual([[N.MODERATION_ON, [1, 2]]]);
    expect(run(c, (o) => o.canSpeak(bo))).toEqual([[N.MUTED, [2]]]);
    expect(run(c, (o) => o.canSpeak(al))).toEqual([]);
    expect(run(c, (o) => o.canSpeak(cy))).toEqual([[N.NOT_MEMBER, [3]]]);
    expect(run(c, (o) => o.setMode(bo, "Al", MF.MODERATOR, false))).toEqual([[N.NOT_MODERATOR, [2]]]);
    expect(run(c, (o) => o.setMode(al, "Zed", MF.MODERATOR, true))).toEqual([[N.PLAYER_NOT_FOUND, [1]]]);
  });

  test("kick, ban, unban; a kicked owner hands the channel on", () => {
    const c = newChannel("k", 0, 0);
    run(c, (o) => o.join(al, ""));
    run(c, (o) => o.join(bo, ""));
    run(c, (o) => o.join(cy, ""));
    expect(run(c, (o) => o.kick(bo, "Cy", false))).toEqual([[N.NOT_MODERATOR, [2]]]);
    expect(run(c, (o) => o.kick(al, "Cy", true))).toEqual([[N.PLAYER_BANNED, [1, 2, 3]], [N.YOU_LEFT, [3]], [N.LEFT, [1, 2]]]);
    expect(run(c, (o) => o.join(cy, ""))).toEqual([[N.BANNED, [3]]]);
    expect(run(c, (o) => o.unban(al, "Zed", undefined))).toEqual([[N.PLAYER_NOT_BANNED, [1]]]);
    expect(run(c, (o) => o.unban(al, "Cy", 3))).toEqual([[N.PLAYER_UNBANNED, [1, 2]]]);
    expect(run(c, (o) => o.join(cy, ""))[1]).toEqual([N.YOU_JOINED, [3]]);
    const gm = actor(9, "Gm", true);
    expect(run(c, (o) => o.kick(gm, "Al", false)).map((x) => x[0])).toEqual([N.PLAYER_KICKED, N.YOU_LEFT, N.LEFT, N.MODE_CHANGE, N.OWNER_CHANGED]);
    expect(c.owner).toBe(2);
  });

  test("owner changes, announcements, invitations, lists", () => {
    const c = newChannel("o", 0, 0);
    run(c, (o) => o.join(al, ""));
    run(c, (o) => o.join(bo, ""));
    expect(run(c, (o) => o.changeOwner(bo, "Al"))).toEqual([[N.NOT_OWNER, [2]]]);
    expect(run(c, (o) => o.changeOwner(al, "Bo")).map((x) => x[0])).toEqual([N.MODE_CHANGE, N.MODE_CHANGE, N.OWNER_CHANGED]);
    const o2 = new ChannelOps(c);
    o2.whoOwns(al);
    expect(o2.out[0]!.n.name).toBe("Bo");
    expect(run(c, (o) => o.toggleAnnounce(bo))).toEqual([[N.ANNOUNCEMENTS_OFF, [1, 2]]]);
    expect(run(c, (o) => o.join(cy, ""))).toEqual([[N.YOU_JOINED, [3]]]);
    run(c, (o) => o.leave(cy));
    expect(run(c, (o) => o.invite(al, "Cy", cy, { sameTeam: true, ignoresActor: false }))).toEqual([[N.INVITE, [3]], [N.PLAYER_INVITED, [1]]]);
    expect(run(c, (o) => o.invite(al, "Cy", cy, { sameTeam: true, ignoresActor: true }))).toEqual([[N.PLAYER_INVITED, [1]]]);
    expect(run(c, (o) => o.invite(al, "Cy", cy, { sameTeam: false, ignoresActor: false }))).toEqual([[N.INVITE_WRONG_FACTION, [1]]]);
    expect(run(c, (o) => o.invite(al, "Bo", bo, { sameTeam: true, ignoresActor: false }))).toEqual([[N.PLAYER_ALREADY_MEMBER, [1]]]);
    expect(run(c, (o) => o.invite(al, "Zed", undefined, { sameTeam: true, ignoresActor: false }))).toEqual([[N.PLAYER_NOT_FOUND, [1]]]);
    expect(new ChannelOps(c).list(al)!.members.map((m) => m.guid)).toEqual([1n, 2n]);
    expect(new ChannelOps(c).list(cy)).toBeUndefined();
    expect(run(c, (o) => o.leave(cy))).toEqual([[N.NOT_MEMBER, [3]]]);
  });
});
