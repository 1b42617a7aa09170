// The Store port's conformance suite: the same cases run against bun:sqlite
// (store.sqlite.test.ts) and PostgreSQL (store.postgres.test.ts).
import { readJournal } from "./migrate.ts";
import { afterEach, describe, expect, test } from "bun:test";
import { isRealmError } from "../kernel/errors.ts";
import type { NewAccountRow, NewCharacterRow, Store } from "./ports.ts";

export interface FreshDatabase {
  /** A store over an empty, NOT yet migrated database. */
  store: Store;
  /** Runs one SQL statement on the same database beside the store (setup and checks). */
  raw(sql: string): Promise<Record<string, unknown>[]>;
  /** Closes the store and whatever raw() opened. */
  dispose(): Promise<void>;
}

export interface StoreHarness {
  name: string;
  fresh(): Promise<FreshDatabase>;
}

const T0 = Date.UTC(2026, 0, 1);
let seq = 0;

export function accountRow(name: string, extra: Partial<NewAccountRow> = {}): NewAccountRow {
  const salt = Buffer.alloc(32, 0xa5);
  salt.writeUInt32LE(++seq, 0);
  return { name: name.toUpperCase(), salt, verifier: Buffer.alloc(32, 0x5a), createdAt: T0, ...extra };
}

export function characterRow(accountId: number, realmId: number, name: string, extra: Partial<NewCharacterRow> = {}): NewCharacterRow {
  return {
    accountId,
    realmId,
    name,
    nameKey: "",
    race: 1,
    class: 1,
    gender: 0,
    map: 0,
    zone: 12,
    x: -8949.95,
    y: -132.49,
    z: 83.53,
    createdAt: T0,
    ...extra,
  };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isRealmError(e) ? e.code : `not a RealmError: ${String(e)}`;
  }
  return "resolved";
}

export function storeConformance(h: StoreHarness): void {
  describe(`Store conformance: ${h.name}`, () => {
    const open: FreshDatabase[] = [];
    const fresh = async () => {
      const f = await h.fresh();
      open.push(f);
      return f;
    };
    /** A migrated store. */
    const ready = async () => {
      const f = await fresh();
      await f.store.migrate();
      return f.store;
    };
    afterEach(async () => {
      for (const f of open.splice(0)) await f.dispose();
    });

    describe("migrations", () => {
      test("apply once; a second run is a no-op", async () => {
        const { store } = await fresh();
        expect(store.dialect).toBe(h.name as typeof store.dialect);
        expect(await store.migrate()).toEqual(readJournal(h.name as "sqlite" | "postgresql").entries.map((e) => e.tag));
        expect(await store.migrate()).toEqual([]);
        expect(await store.accounts.count()).toBe(0);
        await store.ping();
      });

      test("an empty database with an unknown newer migration is refused (DB_SCHEMA_TOO_NEW) and nothing is written", async () => {
        const { store, raw } = await fresh();
        await raw("CREATE TABLE rc_migrations (idx integer PRIMARY KEY, tag text NOT NULL, applied_at bigint NOT NULL)");
        await raw("INSERT INTO rc_migrations (idx, tag, applied_at) VALUES (7, '0007_from_a_newer_server', 0)");
        expect(await code(store.migrate())).toBe("DB_SCHEMA_TOO_NEW");
        // the initial migration did not run: its tables do not exist
        expect(await code(raw("SELECT count(*) AS n FROM accounts"))).not.toBe("resolved");
        const rows = await raw("SELECT idx, tag FROM rc_migrations ORDER BY idx");
        expect(rows.map((r) => [Number(r.idx), r.tag])).toEqual([[7, "0007_from_a_newer_server"]]);
      });

      test("a migrated database that gained a newer migration is refused and left as it was", async () => {
        const { store, raw } = await fresh();
        await store.migrate();
        await store.accounts.create(accountRow("KEEPME"));
        await raw("INSERT INTO rc_migrations (idx, tag, applied_at) VALUES (99, '0099_newer', 0)");
        const e = await code(store.migrate());
        expect(e).toBe("DB_SCHEMA_TOO_NEW");
        expect((await raw("SELECT idx FROM rc_migrations ORDER BY idx")).map((r) => Number(r.idx))).toEqual([0, 1, 99]);
        expect(await store.accounts.count()).toBe(1);
      });
    });

    describe("accounts", () => {
      test("create, then read by id and by name in any case; defaults are filled", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("THRALL", { email: "t@orgrimmar.example" }));
        expect(a.id).toBeGreaterThan(0);
        expect(a.name).toBe("THRALL");
        expect(a.gmLevel).toBe(0);
        expect(a.locked).toBe(false);
        expect(a.expansion).toBe(2);
        expect(a.sessionKey).toBeNull();
        expect((await s.accounts.byId(a.id))?.email).toBe("t@orgrimmar.example");
        expect((await s.accounts.byName("thrall"))?.id).toBe(a.id);
        expect((await s.accounts.byName("Thrall"))?.id).toBe(a.id);
        expect(await s.accounts.byName("JAINA")).toBeUndefined();
        expect(await s.accounts.byId(a.id + 1000)).toBeUndefined();
        const back = (await s.accounts.byId(a.id))!;
        expect(Buffer.from(back.salt).equals(Buffer.from(accountRow("X").salt))).toBe(false);
        expect(back.salt.length).toBe(32);
        expect(Array.from(back.verifier)).toEqual(Array.from(Buffer.alloc(32, 0x5a)));
      });

      test("a taken name is ACCOUNT_EXISTS and writes nothing", async () => {
        const s = await ready();
        await s.accounts.create(accountRow("JAINA"));
        expect(await code(s.accounts.create(accountRow("JAINA")))).toBe("ACCOUNT_EXISTS");
        expect(await s.accounts.count()).toBe(1);
      });

      test("list: case-insensitive substring, ordered by name, paged; wildcards are literal", async () => {
        const s = await ready();
        for (const n of ["ARTHAS", "ANDUIN", "VARIAN", "GARROSH", "SYLVANAS"]) await s.accounts.create(accountRow(n));
        expect((await s.accounts.list()).map((a) => a.name)).toEqual(["ANDUIN", "ARTHAS", "GARROSH", "SYLVANAS", "VARIAN"]);
        expect((await s.accounts.list("ar")).map((a) => a.name)).toEqual(["ARTHAS", "GARROSH", "VARIAN"]);
        expect((await s.accounts.list("", { limit: 2, offset: 1 })).map((a) => a.name)).toEqual(["ARTHAS", "GARROSH"]);
        expect(await s.accounts.list("_")).toEqual([]);
        expect(await s.accounts.list("%")).toEqual([]);
        expect(await s.accounts.count()).toBe(5);
      });

      test("update patches fields: lock, 40-byte session key, 64-bit times", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("UTHER"));
        const key = Buffer.from(crypto.getRandomValues(new Uint8Array(40)));
        const late = 4_102_444_800_000; // 2100-01-01, beyond 32 bits
        await s.accounts.update(a.id, { locked: true, lockReason: "chargeback", sessionKey: key, sessionKeyAt: late, lastLogin: late, gmLevel: 3 });
        await s.accounts.update(a.id, {});
        const b = (await s.accounts.byId(a.id))!;
        expect(b.locked).toBe(true);
        expect(b.lockReason).toBe("chargeback");
        expect(Buffer.from(b.sessionKey!).equals(key)).toBe(true);
        expect(b.sessionKeyAt).toBe(late);
        expect(b.lastLogin).toBe(late);
        expect(b.gmLevel).toBe(3);
        expect(b.name).toBe("UTHER");
      });
    });

    describe("characters", () => {
      test("create lower-cases the name key; names are unique per realm, case-insensitively", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("P1"));
        const c = (await s.characters.create(characterRow(a.id, 1, "Thrall")))!;
        expect(c.guid).toBeGreaterThan(0);
        expect(c.nameKey).toBe("thrall");
        expect(c.level).toBe(1);
        expect(c.online).toBe(false);
        expect(c.deletedAt).toBe(0);
        expect((await s.characters.byName(1, "THRALL"))?.guid).toBe(c.guid);
        expect((await s.characters.byName(1, "thrall"))?.guid).toBe(c.guid);
        expect(await s.characters.byName(2, "Thrall")).toBeUndefined();
        expect(await s.characters.create(characterRow(a.id, 1, "tHRALL"))).toBeUndefined();
        const other = await s.characters.create(characterRow(a.id, 2, "Thrall"));
        expect(other?.realmId).toBe(2);
        expect((await s.characters.byGuid(c.guid))?.name).toBe("Thrall");
        expect(await s.characters.byGuid(c.guid + 1000)).toBeUndefined();
      });

      test("list by account and realm in guid order; counts per realm count live characters only", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("P2"));
        const b = await s.accounts.create(accountRow("P3"));
        const r1 = [];
        for (const n of ["Aaa", "Bbb", "Ccc"]) r1.push((await s.characters.create(characterRow(a.id, 1, n)))!);
        await s.characters.create(characterRow(a.id, 2, "Ddd"));
        await s.characters.create(characterRow(b.id, 1, "Eee"));
        await s.characters.softDelete(r1[1]!.guid, T0 + 1);
        expect((await s.characters.listByAccount(a.id, 1)).map((c) => c.name)).toEqual(["Aaa", "Ccc"]);
        expect((await s.characters.listByAccount(a.id, 1, { deleted: true })).map((c) => c.name)).toEqual(["Bbb"]);
        expect((await s.characters.listByAccount(a.id, 3)).length).toBe(0);
        const counts = await s.characters.countsByAccount(a.id);
        expect([...counts.entries()].sort()).toEqual([
          [1, 2],
          [2, 1],
        ]);
        expect((await s.characters.countsByAccount(b.id)).get(1)).toBe(1);
        expect((await s.characters.countsByAccount(b.id + 99)).size).toBe(0);
      });

      test("soft delete frees the name; restore refuses while the name is retaken, then works", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("P4"));
        const old = (await s.characters.create(characterRow(a.id, 1, "Arthas")))!;
        await s.characters.update(old.guid, { online: true });
        await s.characters.softDelete(old.guid, T0 + 5);
        const del = (await s.characters.byGuid(old.guid))!;
        expect(del.deletedAt).toBe(T0 + 5);
        expect(del.online).toBe(false);
        expect(del.name).toBe("Arthas");
        expect(await s.characters.byName(1, "Arthas")).toBeUndefined();
        const usurper = (await s.characters.create(characterRow(a.id, 1, "ARTHAS")))!;
        expect(usurper).toBeDefined();
        expect(await s.characters.restore(old.guid)).toBe(false);
        expect((await s.characters.byGuid(old.guid))!.deletedAt).toBe(T0 + 5);
        await s.characters.softDelete(usurper.guid, T0 + 6);
        expect(await s.characters.restore(old.guid)).toBe(true);
        expect((await s.characters.byName(1, "arthas"))?.guid).toBe(old.guid);
        expect(await s.characters.restore(old.guid)).toBe(false); // not deleted any more
        expect(await s.characters.restore(old.guid + 1000)).toBe(false); // no such character
        // two deleted characters with the same name can coexist
        await s.characters.softDelete(old.guid, T0 + 7);
        expect((await s.characters.listByAccount(a.id, 1, { deleted: true })).length).toBe(2);
      });

      test("rename succeeds to a free name and refuses a taken one (any case)", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("P5"));
        const x = (await s.characters.create(characterRow(a.id, 1, "Varian")))!;
        await s.characters.create(characterRow(a.id, 1, "Anduin"));
        expect(await s.characters.rename(x.guid, "anduin")).toBe(false);
        expect((await s.characters.byGuid(x.guid))!.name).toBe("Varian");
        expect(await s.characters.rename(x.guid, "Wrynn")).toBe(true);
        expect((await s.characters.byName(1, "WRYNN"))?.guid).toBe(x.guid);
        expect(await s.characters.byName(1, "Varian")).toBeUndefined();
        // the old name is free again
        expect(await s.characters.create(characterRow(a.id, 1, "Varian"))).toBeDefined();
      });

      test("search: substring in any case, realm/online/deleted filters, paging, literal wildcards", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("P6"));
        const made = [];
        for (const [realm, n] of [
          [1, "Sylvanas"],
          [1, "Nathanos"],
          [2, "Vanessa"],
          [1, "Garrosh"],
        ] as const)
          made.push((await s.characters.create(characterRow(a.id, realm, n)))!);
        await s.characters.update(made[0]!.guid, { online: true });
        await s.characters.softDelete(made[3]!.guid, T0);
        expect((await s.characters.search("AN")).map((c) => c.name)).toEqual(["Nathanos", "Sylvanas", "Vanessa"]);
        expect((await s.characters.search("an", { realmId: 1 })).map((c) => c.name)).toEqual(["Nathanos", "Sylvanas"]);
        expect((await s.characters.search("", { online: true })).map((c) => c.name)).toEqual(["Sylvanas"]);
        expect((await s.characters.search("", { online: false, realmId: 1 })).map((c) => c.name)).toEqual(["Nathanos"]);
        expect((await s.characters.search("", { deleted: true })).map((c) => c.name)).toEqual(["Garrosh"]);
        expect((await s.characters.search("", { limit: 1, offset: 1 })).map((c) => c.name)).toEqual(["Sylvanas"]);
        expect(await s.characters.search("_")).toEqual([]);
        expect(await s.characters.search("%")).toEqual([]);
      });

      test("update with a new name moves the name key too", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("P7"));
        const c = (await s.characters.create(characterRow(a.id, 1, "Tirion")))!;
        await s.characters.update(c.guid, { name: "Fordring", level: 80, money: 2 ** 40 });
        const b = (await s.characters.byName(1, "fordring"))!;
        expect(b.guid).toBe(c.guid);
        expect(b.nameKey).toBe("fordring");
        expect(b.level).toBe(80);
        expect(b.money).toBe(2 ** 40);
        await s.characters.update(c.guid, {});
      });

      test("saveBatch applies many saves together; an empty batch and guid-only saves are harmless", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("P8"));
        const guids: number[] = [];
        for (let i = 0; i < 120; i++) guids.push((await s.characters.create(characterRow(a.id, 1, `Bot${i}`)))!.guid);
        await s.characters.saveBatch([]);
        await s.characters.saveBatch(
          guids.map((guid, i) =>
            i === 7
              ? { guid }
              : i % 10 === 3
                ? { guid, online: true, level: undefined } // a different column set in the same batch
                : { guid, level: 2 + (i % 70), x: i * 1.5, money: 1_000_000_000_000 + i, online: i % 2 === 0, savedAt: T0 + i, equipment: `[${i}]`, actionButtons: "it's \"quoted\"" },
          ),
        );
        const rows = await Promise.all(guids.map((g) => s.characters.byGuid(g)));
        rows.forEach((r, i) => {
          if (i === 7) {
            expect(r!.level).toBe(1);
            return;
          }
          if (i % 10 === 3) {
            expect([r!.level, r!.online, r!.money]).toEqual([1, true, 0]);
            return;
          }
          expect(r!.actionButtons).toBe('it\'s "quoted"');
          expect(r!.level).toBe(2 + (i % 70));
          expect(r!.x).toBeCloseTo(i * 1.5, 5);
          expect(r!.money).toBe(1_000_000_000_000 + i);
          expect(r!.online).toBe(i % 2 === 0);
          expect(r!.equipment).toBe(`[${i}]`);
        });
        // a lone save, and a batch of two with the same columns
        await s.characters.saveBatch([{ guid: guids[0]!, level: 77, online: false }]);
        await s.characters.saveBatch([
          { guid: guids[1]!, zone: 1519, z: -0.5 },
          { guid: guids[2]!, zone: 1637, z: 12.25 },
        ]);
        const [g0, g1, g2] = await Promise.all(guids.slice(0, 3).map((g) => s.characters.byGuid(g)));
        expect([g0!.level, g0!.online, g0!.x]).toEqual([77, false, 0]);
        expect([g1!.zone, g1!.z, g2!.zone, g2!.z]).toEqual([1519, -0.5, 1637, 12.25]);
      });

      test("markRealmOffline touches only that realm", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("P9"));
        const x = (await s.characters.create(characterRow(a.id, 1, "One", { online: true })))!;
        const y = (await s.characters.create(characterRow(a.id, 2, "Two", { online: true })))!;
        await s.characters.markRealmOffline(1);
        expect((await s.characters.byGuid(x.guid))!.online).toBe(false);
        expect((await s.characters.byGuid(y.guid))!.online).toBe(true);
      });
    });

    describe("bans", () => {
      test("a temporary ban is active until it expires; a permanent one always; unban ends both", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("BANNED"));
        const temp = await s.bans.banAccount({ accountId: a.id, bannedAt: T0, expiresAt: T0 + 3_600_000, reason: "spam", bannedBy: "gm:ONE" });
        expect(temp.active).toBe(true);
        expect((await s.bans.activeAccountBan(a.id, T0 + 10))?.id).toBe(temp.id);
        expect(await s.bans.activeAccountBan(a.id, T0 + 3_600_000)).toBeUndefined();
        expect(await s.bans.activeAccountBan(a.id, T0 + 7_200_000)).toBeUndefined();
        const perm = await s.bans.banAccount({ accountId: a.id, bannedAt: T0 + 1, expiresAt: 0, reason: "botting", bannedBy: "console" });
        expect((await s.bans.activeAccountBan(a.id, T0 + 10))?.id).toBe(perm.id); // permanent wins over temporary
        expect((await s.bans.activeAccountBan(a.id, T0 + 10 * 365 * 86_400_000))?.expiresAt).toBe(0);
        expect(await s.bans.unbanAccount(a.id)).toBe(2);
        expect(await s.bans.unbanAccount(a.id)).toBe(0);
        expect(await s.bans.activeAccountBan(a.id, T0 + 10)).toBeUndefined();
        const history = await s.bans.accountBans(a.id);
        expect(history.map((b) => b.reason)).toEqual(["botting", "spam"]);
        expect(history.every((b) => !b.active)).toBe(true);
        expect(await s.bans.accountBans(a.id + 1000)).toEqual([]);
      });

      test("ip bans: expiry, permanence, re-ban replaces, unban, listing", async () => {
        const s = await ready();
        await s.bans.banIp({ ip: "10.0.0.2", bannedAt: T0, expiresAt: T0 + 1000, reason: "flood", bannedBy: "system" });
        await s.bans.banIp({ ip: "10.0.0.1", bannedAt: T0, expiresAt: 0, reason: "abuse", bannedBy: "gm" });
        expect((await s.bans.activeIpBan("10.0.0.2", T0 + 999))?.reason).toBe("flood");
        expect(await s.bans.activeIpBan("10.0.0.2", T0 + 1000)).toBeUndefined();
        expect((await s.bans.activeIpBan("10.0.0.1", T0 + 1e12))?.reason).toBe("abuse");
        expect(await s.bans.activeIpBan("10.0.0.3", T0)).toBeUndefined();
        await s.bans.banIp({ ip: "10.0.0.2", bannedAt: T0 + 5000, expiresAt: 0, reason: "again", bannedBy: "gm" });
        expect((await s.bans.activeIpBan("10.0.0.2", T0 + 1e12))?.reason).toBe("again");
        expect((await s.bans.ipBans()).map((b) => [b.ip, b.reason])).toEqual([
          ["10.0.0.1", "abuse"],
          ["10.0.0.2", "again"],
        ]);
        expect(await s.bans.unbanIp("10.0.0.2")).toBe(true);
        expect(await s.bans.unbanIp("10.0.0.2")).toBe(false);
        expect(await s.bans.activeIpBan("10.0.0.2", T0)).toBeUndefined();
      });
    });

    describe("realms", () => {
      test("upsert inserts then replaces; get, list in id order, update, remove", async () => {
        const s = await ready();
        await s.realms.upsert({ id: 2, name: "Second", address: "127.0.0.1:8086" });
        await s.realms.upsert({ id: 1, name: "First", address: "127.0.0.1:8085", type: 1 });
        await s.realms.upsert({ id: 1, name: "First Renamed", address: "10.0.0.1:8085", type: 1 });
        expect((await s.realms.get(1))?.name).toBe("First Renamed");
        expect((await s.realms.get(1))?.address).toBe("10.0.0.1:8085");
        expect((await s.realms.get(2))?.timezone).toBe(1);
        expect((await s.realms.list()).map((r) => r.id)).toEqual([1, 2]);
        await s.realms.update(2, { online: 42, population: 0.5, heartbeatAt: T0 + 1 });
        await s.realms.update(2, {});
        const r2 = (await s.realms.get(2))!;
        expect(r2.online).toBe(42);
        expect(r2.population).toBeCloseTo(0.5);
        expect(r2.heartbeatAt).toBe(T0 + 1);
        await s.realms.remove(1);
        expect(await s.realms.get(1)).toBeUndefined();
        expect((await s.realms.list()).map((r) => r.id)).toEqual([2]);
      });
    });

    describe("account data", () => {
      test("put replaces per (account, character, slot); times per owner; bytes round-trip", async () => {
        const s = await ready();
        const data = Buffer.from(Bun.deflateSync(new TextEncoder().encode("SET autoLootDefault 1")));
        await s.accountData.put({ accountId: 1, characterGuid: 0, slot: 0, time: 100, size: 21, data });
        await s.accountData.put({ accountId: 1, characterGuid: 0, slot: 2, time: 200, size: 0, data: Buffer.alloc(0) });
        await s.accountData.put({ accountId: 1, characterGuid: 9, slot: 1, time: 300, size: 3, data: Buffer.from([1, 2, 3]) });
        const back = (await s.accountData.get(1, 0, 0))!;
        expect(Buffer.from(back.data).equals(data)).toBe(true);
        expect(back.size).toBe(21);
        await s.accountData.put({ accountId: 1, characterGuid: 0, slot: 0, time: 150, size: 1, data: Buffer.from([7]) });
        expect(Array.from((await s.accountData.get(1, 0, 0))!.data)).toEqual([7]);
        expect([...(await s.accountData.times(1, 0)).entries()].sort()).toEqual([
          [0, 150],
          [2, 200],
        ]);
        expect([...(await s.accountData.times(1, 9)).entries()]).toEqual([[1, 300]]);
        expect(await s.accountData.get(1, 9, 0)).toBeUndefined();
        expect((await s.accountData.times(2, 0)).size).toBe(0);
      });
    });

    describe("plugin data", () => {
      test("JSON documents per plugin: put, replace, get, delete", async () => {
        const s = await ready();
        const doc = { n: 1, list: [1, "two", { three: 3 }], nested: { ok: true, none: null }, text: "ünï" };
        await s.pluginData.put("mail", "box:1", doc);
        await s.pluginData.put("mail", "count", 5);
        await s.pluginData.put("mail", "name", "postmaster");
        await s.pluginData.put("auction", "box:1", ["other plugin"]);
        expect(await s.pluginData.get("mail", "box:1")).toEqual(doc);
        expect(await s.pluginData.get<number>("mail", "count")).toBe(5);
        expect(await s.pluginData.get("mail", "name")).toBe("postmaster");
        expect(await s.pluginData.get("auction", "box:1")).toEqual(["other plugin"]);
        expect(await s.pluginData.get("mail", "missing")).toBeUndefined();
        await s.pluginData.put("mail", "count", 6);
        expect(await s.pluginData.get("mail", "count")).toBe(6);
        expect(await s.pluginData.delete("mail", "count")).toBe(true);
        expect(await s.pluginData.delete("mail", "count")).toBe(false);
        expect(await s.pluginData.get("mail", "count")).toBeUndefined();
        expect(await s.pluginData.get("auction", "box:1")).toEqual(["other plugin"]);
      });

      test("list by prefix, in key order, paged; `%`, `_` and `\\` in keys are literal, case matters", async () => {
        const s = await ready();
        const keys = ["a%b", "a%c", "a_b", "axb", "aXb", "a\\b", "ab", "b%", "A%b", "🐉:egg", "é_1"];
        for (const k of keys) await s.pluginData.put("p", k, { k });
        await s.pluginData.put("q", "a%b", "other plugin");
        const ks = async (prefix?: string, page?: { limit?: number; offset?: number }) => (await s.pluginData.list<{ k: string }>("p", prefix, page)).map((r) => r.key);
        expect(await ks("a%")).toEqual(["a%b", "a%c"]);
        expect(await ks("a_")).toEqual(["a_b"]);
        expect(await ks("a\\")).toEqual(["a\\b"]);
        expect(await ks("ax")).toEqual(["axb"]);
        expect(await ks("A")).toEqual(["A%b"]);
        expect(await ks("zz")).toEqual([]);
        expect(await ks("🐉")).toEqual(["🐉:egg"]);
        expect(await ks("é_")).toEqual(["é_1"]);
        const all = await ks();
        expect(all.slice().sort()).toEqual(keys.slice().sort());
        expect(all.length).toBe(keys.length);
        const prefixed = await ks("a");
        expect(prefixed.length).toBe(7);
        expect(await ks("a", { limit: 2 })).toEqual(prefixed.slice(0, 2));
        expect(await ks("a", { limit: 2, offset: 2 })).toEqual(prefixed.slice(2, 4));
        const rows = await s.pluginData.list<{ k: string }>("p", "a%b");
        expect(rows).toEqual([{ key: "a%b", value: { k: "a%b" } }]);
      });
    });

    describe("world registry", () => {
      test("instances: upsert by (realm, map, instance), lookup by key, max id, remove", async () => {
        const s = await ready();
        expect(await s.registry.maxInstanceId(1)).toBe(0);
        await s.registry.putInstance({ realmId: 1, map: 36, instanceId: 3, instanceKey: "g7", host: "w1", createdAt: T0, updatedAt: T0 });
        await s.registry.putInstance({ realmId: 1, map: 0, instanceId: 0, instanceKey: "0", host: "w1", createdAt: T0, updatedAt: T0 });
        await s.registry.putInstance({ realmId: 2, map: 36, instanceId: 9, instanceKey: "g7", host: "w9", createdAt: T0, updatedAt: T0 });
        await s.registry.putInstance({ realmId: 1, map: 36, instanceId: 3, instanceKey: "g7", host: "w2", createdAt: T0, updatedAt: T0 + 5 });
        expect((await s.registry.instances(1)).map((r) => [r.map, r.instanceId, r.host])).toEqual([
          [0, 0, "w1"],
          [36, 3, "w2"],
        ]);
        expect((await s.registry.instanceByKey(1, 36, "g7"))?.instanceId).toBe(3);
        expect(await s.registry.instanceByKey(1, 36, "g8")).toBeUndefined();
        expect(await s.registry.maxInstanceId(1)).toBe(3);
        await s.registry.removeInstance(1, 36, 3);
        expect((await s.registry.instances(1)).length).toBe(1);
      });

      test("players: upsert by (realm, guid), list by host, remove", async () => {
        const s = await ready();
        const row = { realmId: 1, guid: 5, host: "w1", map: 0, instanceId: 0, gatewayId: 4_000_000_000, sessionId: 3, updatedAt: T0 };
        await s.registry.putPlayer(row);
        await s.registry.putPlayer({ ...row, guid: 6, host: "w2" });
        await s.registry.putPlayer({ ...row, host: "w2", map: 1 });
        expect((await s.registry.players(1, "w2")).map((r) => [r.guid, r.map, r.gatewayId])).toEqual([
          [5, 1, 4_000_000_000],
          [6, 0, 4_000_000_000],
        ]);
        expect((await s.registry.players(1, "w1")).length).toBe(0);
        // a host removes its row only while the row is still its own (a map change may have moved it)
        await s.registry.removePlayer(1, 5, "w1");
        expect((await s.registry.players(1)).map((r) => r.guid)).toEqual([5, 6]);
        await s.registry.removePlayer(1, 5, "w2");
        expect((await s.registry.players(1)).map((r) => r.guid)).toEqual([6]);
        await s.registry.putPlayer(row);
        await s.registry.removePlayer(1, 5);
      });

      test("leadership: a held lease answers true again and is released", async () => {
        const s = await ready();
        const a = s.leadership("conformance-lease");
        expect(await a.tryAcquire()).toBe(true);
        expect(a.held).toBe(true);
        expect(await a.tryAcquire()).toBe(true);
        await a.release();
        expect(a.held).toBe(false);
      });
    });

    describe("audit", () => {
      test("append and filter by actor, action prefix, target, since; newest first; paged", async () => {
        const s = await ready();
        const rows = [
          { at: T0 + 1, actor: "account:GM", action: "login.ok", target: "GM" },
          { at: T0 + 2, actor: "system", action: "login.failed", target: "BOB", details: '{"why":"bad proof"}', ip: "10.0.0.9" },
          { at: T0 + 3, actor: "account:GM", action: "account.ban", target: "BOB" },
          { at: T0 + 4, actor: "console", action: "command", target: "" },
          { at: T0 + 5, actor: "account:GM", action: "loginx.weird", target: "X" },
        ];
        for (const r of rows) await s.audit.append(r);
        const act = async (f: Parameters<Store["audit"]["list"]>[0]) => (await s.audit.list(f)).map((r) => r.action);
        expect(await act({})).toEqual(["loginx.weird", "command", "account.ban", "login.failed", "login.ok"]);
        expect(await act({ actor: "account:GM" })).toEqual(["loginx.weird", "account.ban", "login.ok"]);
        expect(await act({ action: "login." })).toEqual(["login.failed", "login.ok"]);
        expect(await act({ action: "login" })).toEqual(["loginx.weird", "login.failed", "login.ok"]);
        expect(await act({ target: "BOB" })).toEqual(["account.ban", "login.failed"]);
        expect(await act({ since: T0 + 3 })).toEqual(["loginx.weird", "command"]);
        expect(await act({ actor: "account:GM", since: T0 + 1, target: "BOB" })).toEqual(["account.ban"]);
        expect(await act({ limit: 2, offset: 1 })).toEqual(["command", "account.ban"]);
        expect(await act({ action: "login_" })).toEqual([]);
        const failed = (await s.audit.list({ action: "login.failed" }))[0]!;
        expect(failed.details).toBe('{"why":"bad proof"}');
        expect(failed.ip).toBe("10.0.0.9");
        expect(failed.realmId).toBe(0);
        expect(failed.id).toBeGreaterThan(0);
      });
    });

    describe("transactions", () => {
      test("commit: everything done through tx is visible afterwards, and the result is returned", async () => {
        const s = await ready();
        const out = await s.transaction(async (tx) => {
          const a = await tx.accounts.create(accountRow("TXOK"));
          const c = await tx.characters.create(characterRow(a.id, 1, "Committed"));
          await tx.audit.append({ at: T0, actor: "system", action: "test.commit" });
          return c!.guid;
        });
        expect((await s.characters.byGuid(out))?.name).toBe("Committed");
        expect((await s.accounts.byName("TXOK"))).toBeDefined();
        expect((await s.audit.list({ action: "test.commit" })).length).toBe(1);
      });

      test("rollback: a throw before any await writes nothing", async () => {
        const s = await ready();
        const err = await code(
          s.transaction((tx) => {
            void tx;
            throw new Error("boom");
          }),
        );
        expect(err).toContain("boom");
        expect(await s.accounts.count()).toBe(0);
      });

      test("rollback: an async callback that throws after awaits writes nothing", async () => {
        const s = await ready();
        const err = await code(
          s.transaction(async (tx) => {
            const a = await tx.accounts.create(accountRow("TXFAIL"));
            await Bun.sleep(5);
            await tx.characters.create(characterRow(a.id, 1, "Ghost"));
            await tx.pluginData.put("mail", "x", 1);
            await Bun.sleep(5);
            throw new Error("after the awaits");
          }),
        );
        expect(err).toContain("after the awaits");
        expect(await s.accounts.byName("TXFAIL")).toBeUndefined();
        expect(await s.characters.byName(1, "Ghost")).toBeUndefined();
        expect(await s.pluginData.get("mail", "x")).toBeUndefined();
        expect(await s.accounts.count()).toBe(0);
      });

      test("a write outside the transaction while it awaits survives the transaction's rollback", async () => {
        const s = await ready();
        let entered!: () => void;
        const inside = new Promise<void>((r) => (entered = r));
        const tx = s.transaction(async (t) => {
          await t.accounts.create(accountRow("INSIDE"));
          entered();
          await Bun.sleep(50);
          throw new Error("rollback");
        });
        await inside;
        const outside = s.accounts.create(accountRow("OUTSIDE"));
        expect(await code(tx)).toContain("rollback");
        await outside;
        expect(await s.accounts.byName("OUTSIDE")).toBeDefined();
        expect(await s.accounts.byName("INSIDE")).toBeUndefined();
      });

      test("saveBatch inside a transaction rolls back with it", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("TXSAVE"));
        const c = (await s.characters.create(characterRow(a.id, 1, "Saver")))!;
        const err = await code(
          s.transaction(async (tx) => {
            await tx.characters.saveBatch([{ guid: c.guid, level: 50 }]);
            throw new Error("undo");
          }),
        );
        expect(err).toContain("undo");
        expect((await s.characters.byGuid(c.guid))!.level).toBe(1);
      });

      test("a taken name inside a transaction does not spoil the rest of it", async () => {
        const s = await ready();
        const a = await s.accounts.create(accountRow("TXNAME"));
        await s.characters.create(characterRow(a.id, 1, "Taken"));
        const made = await s.transaction(async (tx) => {
          const dup = await tx.characters.create(characterRow(a.id, 1, "TAKEN"));
          expect(dup).toBeUndefined();
          const renamed = await tx.characters.rename((await tx.characters.create(characterRow(a.id, 1, "Fresh")))!.guid, "taken");
          expect(renamed).toBe(false);
          expect(await code(tx.accounts.create(accountRow("TXNAME")))).toBe("ACCOUNT_EXISTS");
          return tx.characters.create(characterRow(a.id, 1, "Another"));
        });
        expect(made?.name).toBe("Another");
        expect((await s.characters.byName(1, "fresh"))?.name).toBe("Fresh");
      });

      test("transactions one after another and side by side all commit", async () => {
        const s = await ready();
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            s.transaction(async (tx) => {
              const a = await tx.accounts.create(accountRow(`PAR${i}`));
              await Bun.sleep(1);
              await tx.characters.create(characterRow(a.id, 1, `Par${i}`));
            }),
          ),
        );
        expect(await s.accounts.count()).toBe(10);
        expect((await s.characters.search("par")).length).toBe(10);
      });
    });
  });
}
