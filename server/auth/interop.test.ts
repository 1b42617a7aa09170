// The login server against the independent client in bench/client (written from
// protocol.md without reading server/): login with the M2 check, realm list, reconnect,
// and the refusals it reports. A shared misunderstanding of the protocol would show here.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AuthClient } from "../../bench/client/auth-client.ts";
import { bootAuth, CTL, type AuthHarness } from "./auth.fixture.ts";

let h: AuthHarness;

beforeAll(async () => {
  h = await bootAuth();
  await h.store.realms.upsert({ id: 7, name: "Interop", address: "127.0.0.1:8085", type: 1, flags: 0x20, timezone: 1, population: 1, heartbeatAt: h.clock.now() });
  const a = await h.accounts.create("interop", "Pass Word!", { ...CTL, gmLevel: 2 });
  await h.store.characters.create({ accountId: a.id, realmId: 7, name: "Inter", nameKey: "inter", race: 1, class: 1, gender: 0, map: 0, zone: 12, x: 0, y: 0, z: 0, createdAt: h.clock.now() });
});
afterAll(() => h.stop());

describe("bench/client AuthClient against the server", () => {
  test("login (client checks M2), GM flag, realm list", async () => {
    const c = await AuthClient.connect("127.0.0.1", h.port, { timeoutMs: 3000 });
    const r = await c.login("interop", "pass word!");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.accountFlags).toBe(0x01);
    const list = await c.realmList();
    expect(list.realms).toEqual([
      { type: 1, locked: 0, flags: 0x20, name: "Interop", address: "127.0.0.1:8085", population: 1, characters: 1, category: 1, id: 7 },
    ]);
    expect(list.footer).toBe(0x0010);
    c.close();
  });

  test("reconnect with the key from the previous login, then a realm list", async () => {
    const first = await AuthClient.connect("127.0.0.1", h.port, { timeoutMs: 3000 });
    const r = await first.login("INTEROP", "PASS WORD!");
    expect(r.ok).toBe(true);
    first.close();
    const again = await AuthClient.connect("127.0.0.1", h.port, { timeoutMs: 3000 });
    expect(await again.reconnect("INTEROP", first.sessionKey!)).toEqual({ ok: true });
    expect((await again.realmList()).realms.length).toBe(1);
    again.close();
  });

  test("wrong password and unknown account are both proof-stage 0x04", async () => {
    for (const [user, pw] of [["interop", "nope"], ["nobody", "nope"]] as const) {
      const c = await AuthClient.connect("127.0.0.1", h.port, { timeoutMs: 3000 });
      expect(await c.login(user, pw)).toEqual({ ok: false, stage: "proof", result: 0x04 });
      c.close();
    }
  });

  test("wrong build is a challenge-stage 0x09", async () => {
    const c = await AuthClient.connect("127.0.0.1", h.port, { timeoutMs: 3000, challenge: { build: 8606 } });
    expect(await c.login("interop", "pass word!")).toEqual({ ok: false, stage: "challenge", result: 0x09 });
    c.close();
  });
});
