// Channels over real sockets: custom channels with every moderation request and the
// notifications they produce, bad names, ignore filtering, zone channels joined by zone,
// and the GM commands.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ChannelNotify as N, type ChannelNotifyMessage } from "../../../bench/client/messages/channels.ts";
import { writeZoneUpdate } from "../../../bench/client/messages/chat.ts";
import { until } from "../../../server/testing/world-helpers.ts";
import { ChatType, ORC, Opcode, socialWorld, type Pc, type SocialWorld } from "../testing/social-world.ts";

let w: SocialWorld;
let al: Pc;
let bo: Pc;
let cy: Pc;
let dee: Pc;
let gm: Pc;
const CH = "Traders";
beforeAll(async () => {
  w = await socialWorld({ plugins: { settings: { social: { flood: { messageCount: 1000 } } } } });
  [al, bo, cy, dee] = [await w.player("Alvin"), await w.player("Bodo"), await w.player("Cyra"), await w.player("Deedee")];
  gm = await w.player("Warden", { gmLevel: 2 });
});
afterAll(() => w.stop());

const is = (notify: number, f: (n: ChannelNotifyMessage) => boolean = () => true) => (n: ChannelNotifyMessage) => n.notify === notify && n.channel === CH && f(n);
const say = (p: Pc, text: string, channel = CH) => p.chat(ChatType.CHANNEL, text, channel);

describe("custom channels", () => {
  test("join: the first member owns it, later joins are announced, members hear channel lines", async () => {
    const sa = al.mark();
    al.join(CH);
    const joined = await al.waitChannel(is(N.YOU_JOINED), sa);
    expect([joined.channelFlags, joined.channelId]).toEqual([0x01, 0]);
    const mode = await al.waitChannel(is(N.MODE_CHANGE), sa);
    expect([mode.guid, mode.newFlags]).toEqual([al.guid, 3]);
    const sb = bo.mark();
    bo.join(CH);
    await bo.waitChannel(is(N.YOU_JOINED), sb);
    expect((await al.waitChannel(is(N.JOINED), sa)).guid).toBe(bo.guid);
    say(al, "anyone selling linen?");
    const m = await bo.waitChat((x) => x.message === "anyone selling linen?", sb);
    expect([m.type, m.channel, m.senderGuid]).toEqual([ChatType.CHANNEL, CH, al.guid]);
    const sc = cy.mark();
    say(cy, "let me in");
    await cy.waitChannel(is(N.NOT_MEMBER), sc);
  });

  test("password: set by the owner, required to join", async () => {
    const [sa, sc] = [al.mark(), cy.mark()];
    al.channelOp(Opcode.CMSG_CHANNEL_PASSWORD, CH, "linen");
    expect((await bo.waitChannel(is(N.PASSWORD_CHANGED), 0)).guid).toBe(al.guid);
    await al.waitChannel(is(N.PASSWORD_CHANGED), sa);
    cy.join(CH, "wool");
    await cy.waitChannel(is(N.WRONG_PASSWORD), sc);
    cy.join(CH, "linen");
    await cy.waitChannel(is(N.YOU_JOINED), sc);
  });

  test("moderators, mutes and moderation", async () => {
    const [sb, sc] = [bo.mark(), cy.mark()];
    bo.channelOp(Opcode.CMSG_CHANNEL_MUTE, CH, "Cyra");
    await bo.waitChannel(is(N.NOT_MODERATOR), sb);
    al.channelOp(Opcode.CMSG_CHANNEL_MODERATOR, CH, "Bodo");
    const mode = await cy.waitChannel(is(N.MODE_CHANGE, (n) => n.guid === bo.guid), sc);
    expect([mode.oldFlags, mode.newFlags]).toEqual([0, 2]);
    bo.channelOp(Opcode.CMSG_CHANNEL_MUTE, CH, "cyra");
    await cy.waitChannel(is(N.MODE_CHANGE, (n) => n.guid === cy.guid && n.newFlags === 8), sc);
    say(cy, "muted words");
    await cy.waitChannel(is(N.MUTED), sc);
    bo.channelOp(Opcode.CMSG_CHANNEL_UNMUTE, CH, "Cyra");
    await cy.waitChannel(is(N.MODE_CHANGE, (n) => n.guid === cy.guid && n.newFlags === 0), sc);
    al.channelOp(Opcode.CMSG_CHANNEL_MODERATE, CH);
    await cy.waitChannel(is(N.MODERATION_ON), sc);
    const sm = cy.mark();
    say(cy, "moderated words");
    await cy.waitChannel(is(N.MUTED), sm);
    say(bo, "a moderator may speak");
    await cy.waitChat((m) => m.message === "a moderator may speak", sc);
    al.channelOp(Opcode.CMSG_CHANNEL_MODERATE, CH);
    await cy.waitChannel(is(N.MODERATION_OFF), sc);
    expect(bo.heard("muted words", sb)).toEqual([]);
    expect(bo.heard("moderated words", sb)).toEqual([]);
  });

  test("kick, ban, unban", async () => {
    const sc = cy.mark();
    bo.channelOp(Opcode.CMSG_CHANNEL_KICK, CH, "Cyra");
    const k = await al.waitChannel(is(N.PLAYER_KICKED), 0);
    expect([k.guid, k.by]).toEqual([cy.guid, bo.guid]);
    await cy.waitChannel(is(N.YOU_LEFT), sc);
    cy.join(CH, "linen");
    await cy.waitChannel(is(N.YOU_JOINED), sc);
    bo.channelOp(Opcode.CMSG_CHANNEL_BAN, CH, "Cyra");
    await cy.waitChannel(is(N.PLAYER_BANNED), sc);
    const s2 = cy.mark();
    cy.join(CH, "linen");
    await cy.waitChannel(is(N.BANNED), s2);
    const sb = bo.mark();
    bo.channelOp(Opcode.CMSG_CHANNEL_UNBAN, CH, "Nobodyknown");
    expect((await bo.waitChannel(is(N.PLAYER_NOT_BANNED), sb)).name).toBe("Nobodyknown");
    bo.channelOp(Opcode.CMSG_CHANNEL_UNBAN, CH, "Cyra");
    expect((await al.waitChannel(is(N.PLAYER_UNBANNED), 0)).guid).toBe(cy.guid);
    cy.join(CH, "linen");
    await cy.waitChannel(is(N.YOU_JOINED), s2);
    bo.channelOp(Opcode.CMSG_CHANNEL_KICK, CH, "Alvin");
    await bo.waitChannel(is(N.NOT_OWNER), sb);
  });

  test("owner, announcements, list, invitation, member count", async () => {
    const [sa, sb, sd] = [al.mark(), bo.mark(), dee.mark()];
    bo.channelOp(Opcode.CMSG_CHANNEL_OWNER, CH);
    expect((await bo.waitChannel(is(N.CHANNEL_OWNER), sb)).name).toBe("Alvin");
    bo.channelOp(Opcode.CMSG_CHANNEL_SET_OWNER, CH, "Bodo");
    await bo.waitChannel(is(N.NOT_OWNER), sb);
    al.channelOp(Opcode.CMSG_CHANNEL_SET_OWNER, CH, "Bodo");
    expect((await cy.waitChannel(is(N.OWNER_CHANGED), 0)).guid).toBe(bo.guid);
    bo.channelOp(Opcode.CMSG_CHANNEL_ANNOUNCEMENTS, CH);
    await al.waitChannel(is(N.ANNOUNCEMENTS_OFF), sa);
    al.channelOp(Opcode.CMSG_CHANNEL_INVITE, CH, "Deedee");
    expect((await dee.waitChannel(is(N.INVITE), sd)).guid).toBe(al.guid);
    expect((await al.waitChannel(is(N.PLAYER_INVITED), sa)).name).toBe("Deedee");
    al.channelOp(Opcode.CMSG_CHANNEL_INVITE, CH, "Bodo");
    expect((await al.waitChannel(is(N.PLAYER_ALREADY_MEMBER), sa)).guid).toBe(bo.guid);
    dee.join(CH, "linen");
    await dee.waitChannel(is(N.YOU_JOINED), sd);
    al.channelOp(Opcode.CMSG_CHANNEL_LIST, CH);
    const list = await al.waitChannelList(CH, sa);
    expect(list.members.map((m) => [m.guid, m.flags])).toEqual([[al.guid, 2], [bo.guid, 3], [cy.guid, 0], [dee.guid, 0]]);
    expect(al.channelNotes(sa).filter((n) => n.notify === N.JOINED)).toEqual([]);
    al.channelOp(Opcode.CMSG_GET_CHANNEL_MEMBER_COUNT, CH);
    const count = await al.wait(Opcode.SMSG_CHANNEL_MEMBER_COUNT, (r) => ({ name: r.cstring(), flags: r.u8(), count: r.u32() }), () => true, sa);
    expect(count).toEqual({ name: CH, flags: 1, count: 4 });
  });

  test("members who ignore the speaker do not get its lines", async () => {
    const sd = dee.mark();
    dee.send(Opcode.CMSG_ADD_IGNORE, (x) => x.cstring("Cyra"));
    await dee.waitFriend((f) => f.result === 0x0f, sd);
    say(cy, "ignored line");
    say(bo, "barrier line");
    await dee.waitChat((m) => m.message === "barrier line", sd);
    expect(dee.heard("ignored line", sd)).toEqual([]);
    await al.waitChat((m) => m.message === "ignored line", 0);
  });

  test("leaving: YOU_LEFT; the owner leaving hands the channel on", async () => {
    const [sb, sa] = [bo.mark(), al.mark()];
    bo.send(Opcode.CMSG_LEAVE_CHANNEL, (x) => x.u32(0).cstring(CH));
    await bo.waitChannel(is(N.YOU_LEFT), sb);
    expect((await al.waitChannel(is(N.OWNER_CHANGED), sa)).guid).toBe(al.guid);
    bo.send(Opcode.CMSG_LEAVE_CHANNEL, (x) => x.u32(0).cstring(CH));
    await bo.waitChannel(is(N.NOT_MEMBER), sb);
  });

  test("bad names are refused with INVALID_NAME and create nothing", async () => {
    const s = al.mark();
    for (const bad of ["1abc", " lead", "pipe|name", "x".repeat(32)]) al.join(bad);
    al.join("General - Nowhere", "", 99);
    al.send(Opcode.CMSG_JOIN_CHANNEL, (x) => x.u32(0).u8(0).u8(0).cstring("").cstring(""));
    await until("six INVALID_NAME notices", () => al.channelNotes(s).filter((x) => x.notify === N.INVALID_NAME).length === 6);
    expect(al.channelNotes(s).filter((n) => n.notify === N.YOU_JOINED)).toEqual([]);
    expect((await gm.command(".channel list", /member/)).join("\n")).not.toContain("1abc");
  });
});

describe("zone channels", () => {
  test("joined by zone at login and on zone changes, per faction", async () => {
    const el = await w.player("Elwyn");
    const g1 = await el.waitChannel((n) => n.notify === N.YOU_JOINED && n.channel === "General - Elwynn Forest", 0);
    expect([g1.channelId, g1.channelFlags]).toEqual([1, 0x18]);
    await el.waitChannel((n) => n.notify === N.YOU_JOINED && n.channel === "LocalDefense - Elwynn Forest", 0);
    const orc = await w.player("Thrak", { race: ORC });
    await orc.waitChannel((n) => n.notify === N.YOU_JOINED && n.channel === "General - Elwynn Forest", 0);
    const so = orc.mark();
    say(el, "alliance only", "General - Elwynn Forest");
    await al.waitChat((m) => m.message === "alliance only", 0);
    say(orc, "horde only", "General - Elwynn Forest");
    await orc.waitChat((m) => m.message === "horde only", so);
    expect(orc.heard("alliance only", so)).toEqual([]);
    const s = el.mark();
    el.send(Opcode.CMSG_ZONEUPDATE, (x) => writeZoneUpdate(x, 1519));
    await el.waitChannel((n) => n.notify === N.YOU_LEFT && n.channel === "General - Elwynn Forest", s);
    await el.waitChannel((n) => n.notify === N.YOU_JOINED && n.channel === "General - Stormwind City", s);
    const trade = await el.waitChannel((n) => n.notify === N.YOU_JOINED && n.channel === "Trade - City", s);
    expect([trade.channelId, trade.channelFlags]).toEqual([2, 0x3c]);
    const s2 = el.mark();
    el.join("Trade - City", "", 2); // the client joining again: silent
    el.join("WorldDefense", "", 23);
    await el.waitChannel((n) => n.notify === N.YOU_JOINED && n.channel === "WorldDefense", s2);
    expect(el.channelNotes(s2).filter((n) => n.channel === "Trade - City")).toEqual([]);
  });
});

describe("GM commands", () => {
  test(".channel list, .channel kick, .channel ban", async () => {
    const lines = await gm.command(".channel list", /member/);
    expect(lines.some((l) => l.includes("traders"))).toBe(true);
    const info = await gm.command(".channel list a:traders", /Members:/);
    expect(info.join("\n")).toContain("Deedee");
    const sd = dee.mark();
    await gm.command(".channel kick a:traders Deedee", /kick done/);
    expect((await dee.waitChannel(is(N.PLAYER_KICKED), sd)).guid).toBe(dee.guid);
    await gm.command(".channel ban a:traders Cyra", /ban done/);
    const sc = cy.mark();
    cy.join(CH, "linen");
    await cy.waitChannel(is(N.BANNED), sc);
    await gm.command(".channel unban a:traders Cyra", /unban done/);
    const notGm = await al.command(".channel list", /./);
    expect(notGm.join(" ")).toMatch(/no such command/i);
  });
});
