// The world GM commands against a fake WorldOps (their socket-level behaviour is tested in
// server/testing/world-creatures|movement|teleport.test.ts): what they ask the world for,
// what they answer, usage errors, levels, and "not in the world" / "nothing selected".
import { expect, test } from "bun:test";
import type { CommandInvoker, NpcInfo, WorldOps, WorldPosition } from "../../api/plugin.ts";
import { silentLogger } from "../../kernel/logger.ts";
import type { AuditLog } from "../../ops/audit.ts";
import { CommandRegistry, NO_SUCH_COMMAND } from "../registry.ts";
import type { CoreCommandDeps } from "./deps.ts";
import { registerWorld } from "./world.ts";

const wolf: NpcInfo = { guid: "0xF130000001000001", entry: 90001, name: "Young Forest Wolf", level: 2, alive: true, x: 1, y: 2, z: 3, spawnId: 7, wanderRadius: 8, respawnAt: 0, respawnMs: 60_000 };
const here: WorldPosition = { map: 0, mapName: "Eastern Kingdoms", zone: 12, instanceId: 0, x: -8949.951, y: -132.493, z: 83.531, o: 1.5, host: "h1" } as WorldPosition;

function setup(o: { selected?: boolean; inWorld?: boolean } = {}) {
  const calls: string[] = [];
  const world = {
    async npc(guid: number, action: "kill" | "info") {
      calls.push(`npc ${guid} ${action}`);
      return o.selected === false ? undefined : { ...wolf, alive: action !== "kill" };
    },
    async setRunSpeed(guid: number, speed: number) {
      calls.push(`speed ${guid} ${speed}`);
      return o.inWorld !== false;
    },
    async locate(guid: number) {
      calls.push(`locate ${guid}`);
      return o.inWorld === false ? undefined : here;
    },
  } as unknown as WorldOps;
  const registry = new CommandRegistry({ audit: { write: async () => {} } as unknown as AuditLog, log: silentLogger });
  registerWorld({ registry, world } as unknown as CoreCommandDeps);
  const run = async (line: string, level = 2, characterGuid = 42) => {
    const out: string[] = [];
    const inv: CommandInvoker = { kind: "player", level, actor: "account:T", accountId: 1, characterGuid, reply: (l) => out.push(l) };
    const r = await registry.run(line, inv);
    return { out, code: r.code };
  };
  return { calls, run };
}

test(".npc info and .npc kill act on the caller's selection", async () => {
  const { calls, run } = setup();
  const info = await run(".npc info");
  expect(info.out).toEqual(["Young Forest Wolf (entry 90001, level 2, guid 0xF130000001000001, spawn 7)", "Position: 1.00 2.00 3.00; wanders 8 yd; respawn 60 s; alive."]);
  expect((await run(".npc kill")).out).toEqual(["Young Forest Wolf (entry 90001) killed; it respawns in 60 s."]);
  expect(calls).toEqual(["npc 42 info", "npc 42 kill"]);
});

test(".npc without a selection, below level 2, and from the console without a character", async () => {
  expect((await setup({ selected: false }).run(".npc kill")).out).toEqual(["Select a creature first."]);
  const s = setup();
  expect((await s.run(".npc kill", 1)).out).toEqual([NO_SUCH_COMMAND]);
  expect((await s.run(".npc info", 4, 0)).out).toEqual(["This command needs a character in the world."]);
  expect(s.calls).toEqual([]);
});

test(".modify speed takes a factor of the 7 yd/s run speed, 0.1 to 50", async () => {
  const { calls, run } = setup();
  expect((await run(".modify speed 2.5", 1)).out).toEqual(["Run speed set to 2.5× (17.50 yd/s)."]);
  for (const bad of ["0", "51", "fast", "", "1 2"]) {
    const r = await run(`.modify speed ${bad}`.trim(), 1);
    expect([bad, r.code]).toEqual([bad, "CMD_USAGE"]);
  }
  expect(calls).toEqual(["speed 42 17.5"]);
  expect((await setup({ inWorld: false }).run(".modify speed 1", 1)).out).toEqual(["You are not in the world."]);
  expect((await run(".modify speed 2", 0)).out).toEqual([NO_SUCH_COMMAND]);
});

test(".gps answers map, zone, instance and position", async () => {
  const { run } = setup();
  expect((await run(".gps", 1)).out).toEqual(["Map: 0 (Eastern Kingdoms) Zone: 12 Instance: 0", "X: -8949.95 Y: -132.49 Z: 83.53 Orientation: 1.50"]);
  expect((await setup({ inWorld: false }).run(".gps", 1)).out).toEqual(["You are not in the world."]);
  expect((await run(".gps", 0)).out).toEqual([NO_SUCH_COMMAND]);
});
