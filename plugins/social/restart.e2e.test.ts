// A realm restart: groups and contact lists are in the store, so after the realm process
// is replaced (new cache, new bus, same database) members log in to their group, with the
// orchestrator's group key written again, and to their friends and ignores.
import { afterAll, expect, test } from "bun:test";
import { HeadlessClient } from "../../bench/client/headless-client.ts";
import { FriendResult, writeAddFriend } from "../../bench/client/messages/social.ts";
import { boot, type Booted } from "../../server/testing/boot.ts";
import { until } from "../../server/testing/world-helpers.ts";
import { GOLDSHIRE, groupOfKey, Opcode, Pc, TEST_SETTINGS } from "./testing/social-world.ts";

// the database outlives the realm processes: a bare process (orchestrator role only, not in
// the realm list) holds it, as a PostgreSQL server would
const holder = await boot({ roles: ["orchestrator"], realm: { register: false } });
const store = holder.realm.store;
const clients: HeadlessClient[] = [];
let realm: Booted | undefined;
afterAll(async () => {
  for (const c of clients) c.close();
  await realm?.stop();
  await holder.stop();
});

const start = () => boot({ roles: ["auth", "gateway", "world", "orchestrator", "services"], plugins: { settings: { social: TEST_SETTINGS } } }, { store });

async function enter(b: Booted, account: string, name: string): Promise<Pc> {
  const c = new HeadlessClient({ timeoutMs: 5000 });
  clients.push(c);
  const { realms } = await c.login({ host: b.host, port: b.authPort, user: account, password: "pw" });
  await c.connectWorld(realms[0]!);
  const ch = (await c.enumCharacters()).find((x) => x.name === name)!;
  await c.enterWorld(ch.guid);
  return new Pc(c, name, account);
}

test("a group and the contact lists survive a realm restart", async () => {
  realm = await start();
  for (const [acc, name] of [["RESTA", "Alvin"], ["RESTB", "Bodo"], ["RESTC", "Cyra"]] as const) {
    await realm.createAccount(acc, "pw");
    await realm.createCharacter(acc, name, GOLDSHIRE);
  }
  let al = await enter(realm, "RESTA", "Alvin");
  let bo = await enter(realm, "RESTB", "Bodo");
  const cy = await enter(realm, "RESTC", "Cyra");
  al.invite("Bodo");
  await bo.waitInvite(0);
  bo.send(Opcode.CMSG_GROUP_ACCEPT, (x) => x.u32(0));
  const before = await al.waitGroupList((l) => l.members.length === 1, 0);
  al.send(Opcode.CMSG_ADD_FRIEND, (x) => writeAddFriend(x, "Bodo", "raid buddy"));
  await al.waitFriend((f) => f.result === FriendResult.ADDED_ONLINE, 0);
  al.send(Opcode.CMSG_ADD_IGNORE, (x) => x.cstring("Cyra"));
  await al.waitFriend((f) => f.result === FriendResult.IGNORE_ADDED, 0);
  for (const c of clients.splice(0)) c.close();
  await realm.stop();

  realm = await start();
  expect(await realm.realm.cache.get(groupOfKey(Number(before.leader)))).toBeUndefined(); // a fresh cache
  bo = await enter(realm, "RESTB", "Bodo");
  al = await enter(realm, "RESTA", "Alvin");
  const after = await al.waitGroupList((l) => l.members.length === 1 && l.members[0]!.online === 1, 0);
  expect([after.groupGuid, after.leader, after.members[0]!.name]).toEqual([before.groupGuid, al.guid, "Bodo"]);
  await bo.waitGroupList((l) => l.members[0]?.name === "Alvin" && l.members[0]!.online === 1, 0);
  await until("the group key is back", async () => (await realm!.realm.cache.get(groupOfKey(Number(al.guid)))) === String(before.groupGuid & 0xffffffffn));
  const list = await al.waitContactList(0);
  expect(list.contacts.map((c) => [c.guid, c.flags, c.note]).sort()).toEqual([
    [bo.guid, 1, "raid buddy"],
    [cy.guid, 2, ""],
  ].sort());
  bo.chat(0x02, "still a party");
  await al.waitChat((m) => m.message === "still a party", 0);
}, 20_000);
