import { describe, expect, test } from "bun:test";
import { ManualClock } from "../kernel/clock.ts";
import type { IpBanRow, Store } from "../storage/ports.ts";
import { IpBanSnapshot, SNAPSHOT_MAX_AGE_MS } from "./snapshots.ts";

function fakeBans(rows: IpBanRow[]) {
  let loads = 0;
  let fail = false;
  const store = {
    bans: {
      ipBans: async () => {
        loads++;
        await Bun.sleep(1);
        if (fail) throw new Error("store down");
        return rows.slice();
      },
    },
  } as unknown as Pick<Store, "bans">;
  return { store, loads: () => loads, setFail: (f: boolean) => void (fail = f) };
}

const row = (ip: string, expiresAt: number): IpBanRow => ({ ip, bannedAt: 0, expiresAt, reason: "r", bannedBy: "t" });

describe("IP ban snapshot", () => {
  test("one load serves concurrent lookups; reloaded only after maxAge on the injected clock", async () => {
    const clock = new ManualClock();
    const f = fakeBans([row("10.0.0.1", 0)]);
    const s = new IpBanSnapshot(f.store, clock);
    const r = await Promise.all([s.active("10.0.0.1"), s.active("10.0.0.2"), s.active("::ffff:10.0.0.1")]);
    expect(r.map((x) => x?.ip)).toEqual(["10.0.0.1", undefined, "10.0.0.1"]);
    expect(f.loads()).toBe(1);
    clock.advance(SNAPSHOT_MAX_AGE_MS - 1);
    await s.active("10.0.0.1");
    expect(f.loads()).toBe(1);
    clock.advance(1);
    await s.active("10.0.0.1");
    expect(f.loads()).toBe(2);
  });

  test("a temporary ban stops applying when it expires, without a reload", async () => {
    const clock = new ManualClock();
    const f = fakeBans([row("10.0.0.3", clock.now() + 500)]);
    const s = new IpBanSnapshot(f.store, clock);
    expect(await s.active("10.0.0.3")).toBeDefined();
    clock.advance(500);
    expect(await s.active("10.0.0.3")).toBeUndefined();
    expect(f.loads()).toBe(1);
  });

  test("a failed load rejects (the login answers FAIL_DB_BUSY) and the next lookup retries", async () => {
    const clock = new ManualClock();
    const f = fakeBans([]);
    const s = new IpBanSnapshot(f.store, clock);
    f.setFail(true);
    await expect(s.active("10.0.0.4")).rejects.toThrow("store down");
    f.setFail(false);
    expect(await s.active("10.0.0.4")).toBeUndefined();
    expect(f.loads()).toBe(2);
  });
});
