// Friends and ignores over real sockets: every SMSG_FRIEND_STATUS result, notes, the list
// on login and on request, ONLINE/OFFLINE notices, the caps.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FriendResult, writeAddFriend, writeContactNote } from "../../../bench/client/messages/social.ts";
import { ORC, Opcode, socialWorld, type Pc, type SocialWorld } from "../testing/social-world.ts";

let w: SocialWorld;
let al: Pc;
let bo: Pc;
beforeAll(async () => {
  w = await socialWorld({ plugins: { settings: { social: { maxFriends: 3, maxIgnores: 2 } } } }, { manualClock: true });
  al = await w.player("Alvin");
  bo = await w.player("Bodo");
  await w.player("Grom", { race: ORC });
  await w.character("OFFLINE1", "Sleepy");
});
afterAll(() => w.stop());

const addFriend = (p: Pc, name: string, note = "") => p.send(Opcode.CMSG_ADD_FRIEND, (x) => writeAddFriend(x, name, note));

describe("friends", () => {
  test("add online / offline, refusals, note, remove", async () => {
    const s = al.mark();
    addFriend(al, "bodo", "met in Goldshire");
    const on = await al.waitFriend((f) => f.result === FriendResult.ADDED_ONLINE, s);
    expect([on.guid, on.note, on.status, on.area, on.level]).toEqual([bo.guid, "met in Goldshire", 1, 12, 1]);
    addFriend(al, "Sleepy");
    const off = await al.waitFriend((f) => f.result === FriendResult.ADDED_OFFLINE, s);
    expect(off.note).toBe("");
    addFriend(al, "Bodo");
    await al.waitFriend((f) => f.result === FriendResult.ALREADY, s);
    addFriend(al, "Alvin");
    await al.waitFriend((f) => f.result === FriendResult.SELF, s);
    addFriend(al, "Grom");
    await al.waitFriend((f) => f.result === FriendResult.ENEMY, s);
    addFriend(al, "Nosuchname");
    await al.waitFriend((f) => f.result === FriendResult.NOT_FOUND && f.guid === 0n, s);
    al.send(Opcode.CMSG_SET_CONTACT_NOTES, (x) => writeContactNote(x, bo.guid, "best pal"));
    al.send(Opcode.CMSG_CONTACT_LIST, (x) => x.u32(1));
    const list = await al.waitContactList(s);
    expect(list.contacts.map((c) => [c.guid === bo.guid ? "Bodo" : "Sleepy", c.flags, c.note, c.status])).toEqual([
      ["Bodo", 1, "best pal", 1],
      ["Sleepy", 1, "", 0],
    ]);
  });

  test("the list is capped (LIST_FULL)", async () => {
    const dozy = await w.character("OFFLINE2", "Dozy");
    await w.character("OFFLINE3", "Snoozy");
    const s = al.mark();
    addFriend(al, "Dozy");
    await al.waitFriend((f) => f.result === FriendResult.ADDED_OFFLINE, s);
    addFriend(al, "Snoozy");
    await al.waitFriend((f) => f.result === FriendResult.LIST_FULL, s);
    al.send(Opcode.CMSG_DEL_FRIEND, (x) => x.u64(BigInt(dozy.guid)));
    await al.waitFriend((f) => f.result === FriendResult.REMOVED, s);
  });

  test("friends hear ONLINE on login and OFFLINE on logout; the contact list comes on login", async () => {
    const cy = await w.player("Cyra");
    const s = cy.mark();
    addFriend(cy, "Alvin");
    await cy.waitFriend((f) => f.result === FriendResult.ADDED_ONLINE, s);
    const sb = cy.mark();
    addFriend(cy, "Bodo");
    await cy.waitFriend((f) => f.result === FriendResult.ADDED_ONLINE, sb);
    const sc = cy.mark();
    await w.logout(bo);
    const off = await cy.waitFriend((f) => f.result === FriendResult.OFFLINE, sc);
    expect(off.guid).toBe(bo.guid);
    bo = await w.relog(bo);
    const on = await cy.waitFriend((f) => f.result === FriendResult.ONLINE, sc);
    expect([on.guid, on.status, on.area]).toEqual([bo.guid, 1, 12]);
    const list = await bo.waitContactList(0);
    expect(list.flags).toBe(7);
  });
});

describe("ignore", () => {
  test("added, already, self, unknown, capped, removed", async () => {
    const s = bo.mark();
    const ign = (name: string) => bo.send(Opcode.CMSG_ADD_IGNORE, (x) => x.cstring(name));
    ign("Alvin");
    expect((await bo.waitFriend((f) => f.result === FriendResult.IGNORE_ADDED, s)).guid).toBe(al.guid);
    ign("alvin");
    await bo.waitFriend((f) => f.result === FriendResult.IGNORE_ALREADY, s);
    ign("Bodo");
    await bo.waitFriend((f) => f.result === FriendResult.IGNORE_SELF, s);
    ign("Nobodyatall");
    await bo.waitFriend((f) => f.result === FriendResult.IGNORE_NOT_FOUND, s);
    ign("Sleepy");
    await bo.waitFriend((f) => f.result === FriendResult.IGNORE_ADDED, s);
    ign("Dozy");
    await bo.waitFriend((f) => f.result === FriendResult.IGNORE_FULL, s);
    bo.send(Opcode.CMSG_CONTACT_LIST, (x) => x.u32(7));
    const list = await bo.waitContactList(s);
    expect(list.contacts.filter((c) => c.flags & 2).length).toBe(2);
    bo.send(Opcode.CMSG_DEL_IGNORE, (x) => x.u64(al.guid));
    expect((await bo.waitFriend((f) => f.result === FriendResult.IGNORE_REMOVED, s)).guid).toBe(al.guid);
  });
});
