// CMD_REALM_LIST over a real socket, checked byte for byte: realms from the store, this
// account's character counts per realm (deleted characters and other accounts excluded),
// a realm without a recent heartbeat flagged offline.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Writer } from "../protocol/writer.ts";
import { bootAuth, CTL, hex, loginOk, RawClient, readRealmList, REALM_LIST_REQUEST, type AuthHarness } from "./auth.fixture.ts";
import { REALM_OFFLINE_AFTER_MS, realmEntry } from "./realm-list.ts";
import { SNAPSHOT_MAX_AGE_MS } from "./snapshots.ts";

let h: AuthHarness;
let aliceId = 0;

function character(accountId: number, realmId: number, name: string) {
  return { accountId, realmId, name, nameKey: name.toLowerCase(), race: 1, class: 1, gender: 0, map: 0, zone: 12, x: 0, y: 0, z: 0, createdAt: h.clock.now() };
}

beforeAll(async () => {
  h = await bootAuth();
  const now = h.clock.now();
  await h.store.realms.upsert({ id: 1, name: "Alpha", address: "127.0.0.1:8085", type: 1, flags: 0, timezone: 1, population: 0, heartbeatAt: now - 1000 });
  await h.store.realms.upsert({ id: 2, name: "Beta", address: "10.0.0.2:8086", type: 6, flags: 0x40, timezone: 2, population: 1.5, heartbeatAt: now - REALM_OFFLINE_AFTER_MS - 1 });
  aliceId = (await h.accounts.create("alice", "pw", CTL)).id;
  const other = await h.accounts.create("other", "pw", CTL);
  await h.store.characters.create(character(aliceId, 1, "Aone"));
  await h.store.characters.create(character(aliceId, 1, "Atwo"));
  await h.store.characters.create(character(aliceId, 2, "Bone"));
  const gone = await h.store.characters.create(character(aliceId, 2, "Bgone"));
  await h.store.characters.softDelete(gone!.guid, now);
  await h.store.characters.create(character(other.id, 1, "Oone"));
});
afterAll(() => h.stop());

/** The expected reply, written out field by field from protocol.md §1.11. */
function expectedBytes(): string {
  const body = new Writer();
  body.u32(0).u16(2);
  body.u8(1).u8(0).u8(0x00).cstring("Alpha").cstring("127.0.0.1:8085").f32(0).u8(2).u8(1).u8(1);
  body.u8(6).u8(0).u8(0x42).cstring("Beta").cstring("10.0.0.2:8086").f32(1.5).u8(1).u8(2).u8(2);
  body.u16(0x0010);
  const b = body.toBytes();
  const w = new Writer();
  w.u8(0x10).u16(b.length).bytes(b);
  return hex(w.toBytes());
}

describe("realm list", () => {
  test("bytes: two realms, character counts 2 and 1, Beta offline (0x40 | 0x02)", async () => {
    const { client } = await loginOk(h.port, "ALICE", "pw");
    client.send(REALM_LIST_REQUEST);
    const { bytes, list } = await readRealmList(client);
    expect(hex(bytes)).toBe(expectedBytes());
    expect(list.realms.map((r) => [r.name, r.characters, r.flags])).toEqual([
      ["Alpha", 2, 0],
      ["Beta", 1, 0x42],
    ]);
    // any number of times in AUTHED
    client.send(REALM_LIST_REQUEST);
    expect(hex((await readRealmList(client)).bytes)).toBe(expectedBytes());
    client.send(Uint8Array.of(...REALM_LIST_REQUEST, ...REALM_LIST_REQUEST));
    await readRealmList(client);
    await readRealmList(client);
    expect(h.server.stats().realmLists).toBeGreaterThanOrEqual(4);
    client.close();
  });

  test("a heartbeat brings Beta back online (realm rows are a snapshot at most 2 s old)", async () => {
    await h.store.realms.update(2, { heartbeatAt: h.clock.now() });
    h.clock.advance(SNAPSHOT_MAX_AGE_MS);
    const { client } = await loginOk(h.port, "ALICE", "pw");
    client.send(REALM_LIST_REQUEST);
    const { list } = await readRealmList(client);
    expect(list.realms[1]!.flags).toBe(0x40);
    client.close();
    h.clock.advance(REALM_OFFLINE_AFTER_MS + 1);
  });

  test("another account sees its own counts", async () => {
    const { client } = await loginOk(h.port, "OTHER", "pw");
    client.send(REALM_LIST_REQUEST);
    const { list } = await readRealmList(client);
    expect(list.realms.map((r) => r.characters)).toEqual([1, 0]);
    client.close();
  });

  test("a realm list request before authentication closes the socket", async () => {
    const c = await RawClient.connect(h.port);
    c.send(REALM_LIST_REQUEST);
    expect(await c.waitClosed()).toBe(true);
    expect(c.pending.length).toBe(0);
  });

  test("realmEntry: SPECIFY_BUILD adds the 3.3.5 (12340) version block; counts cap at 255", () => {
    const row = { id: 3, name: "C", address: "h:1", type: 0, flags: 0x04, timezone: 1, population: 0, playerLimit: 1, online: 0, heartbeatAt: 0, startedAt: 0 };
    const e = realmEntry(row, 300, REALM_OFFLINE_AFTER_MS * 2);
    expect(e.version).toEqual({ major: 3, minor: 3, patch: 5, build: 12340 });
    expect(e.characters).toBe(255);
    expect(e.flags).toBe(0x06);
  });
});
