// A hook that throws on the world's movement path: the world keeps ticking, the move is
// still accepted, the other plugin's handler for the same hook still sees every event,
// each fault is logged with plugin, hook and entity, and past plugins.faultThreshold the
// plugin is disabled and the admins are told (audit row, log, a line to GMs in game).
// A handler that vetoes a move gets the mover put back (MSG_MOVE_TELEPORT_ACK) and the
// move is not relayed.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ByteReader } from "../../bench/client/bytes.ts";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import { readTeleportOrder } from "../../bench/client/messages/teleport.ts";
import { boot, type Booted } from "../testing/boot.ts";
import { captureLogger, type CapturedLog } from "../testing/log-capture.ts";
import { PluginFolders, pluginSource, waitUntil } from "../testing/plugin-folders.ts";
import { joinWorld, type TestPlayer } from "../testing/players.ts";
import { count } from "../testing/world-helpers.ts";

const THRESHOLD = 3;
const MOVES = 8;
const folders = new PluginFolders("rc-faults-");
const seen: string[] = [];
(globalThis as Record<string, unknown>).__moves = seen;
/** the "fence" plugin vetoes moves to x beyond this */
(globalThis as Record<string, unknown>).__fence = Number.POSITIVE_INFINITY;
let b: Booted;
let logs: CapturedLog;
let gm: TestPlayer;
let mover: TestPlayer;

beforeAll(async () => {
  const core = folders.withCharacter();
  const extra = folders.dir("extra");
  const canMove = `ctx.hooks.on(CoreHooks.canMove, `;
  folders.write(extra, "thrower", {
    "index.ts": pluginSource({ name: "thrower", imports: `import { CoreHooks } from "$API";`, body: `${canMove}(p: any) => { throw new Error("bad plugin code for " + p.name); });` }),
  });
  folders.write(extra, "counter", {
    "index.ts": pluginSource({ name: "counter", imports: `import { CoreHooks } from "$API";`, body: `${canMove}(p: any, x: number) => { (globalThis as any).__moves.push(p.name + " " + x.toFixed(1)); return true; });` }),
  });
  folders.write(extra, "fence", {
    "index.ts": pluginSource({ name: "fence", imports: `import { CoreHooks } from "$API";`, body: `${canMove}(_p: any, x: number) => x <= (globalThis as any).__fence);` }),
  });
  logs = captureLogger();
  b = await boot({ plugins: { faultThreshold: THRESHOLD, faultWindowMs: 60_000 } }, { pluginDirs: [core, extra], log: logs.log });
  gm = await joinWorld(b, "faultgm", "Watcher", { gmLevel: 2 });
  mover = await joinWorld(b, "faultplayer", "Mover");
}, 30_000);

afterAll(async () => {
  gm?.close();
  mover?.close();
  await b?.stop();
  folders.cleanup();
});

const ticks = () => [...b.realm.worldHost!.instances.values()].reduce((n, i) => n + i.ticks, 0);

test(
  "a throwing hook does not stop the world tick; repeated faults disable the plugin and tell the admins",
  async () => {
    const host = b.realm.runtime!.host;
    expect(host.get("thrower")?.state).toBe("active");
    const c = mover.client;
    const start = c.state.positionOf(c.guid)!;
    const ticksBefore = ticks();
    for (let i = 1; i <= MOVES; i++) {
      c.move(Opcode.MSG_MOVE_HEARTBEAT, { x: start.x + i * 0.5 }, 1);
      await waitUntil(() => seen.length === i, `move ${i} to reach the hooks`);
      await Bun.sleep(50);
    }
    // the other plugin saw every move, and every move was accepted
    expect(seen).toEqual(Array.from({ length: MOVES }, (_, i) => `Mover ${(start.x + (i + 1) * 0.5).toFixed(1)}`));
    const me = [...b.realm.worldHost!.byGuid.values()].find((p) => p.name === "Mover")!;
    expect(me.lastValid.x).toBeCloseTo(start.x + MOVES * 0.5, 3);
    // the world kept ticking through the faults
    await waitUntil(() => ticks() > ticksBefore + 5, "the world to keep ticking");

    // disabled after THRESHOLD faults; the later moves never reached it
    const rec = host.get("thrower")!;
    expect(rec.state).toBe("faulted");
    expect(rec.lastError?.code).toBe("PLUGIN_DISABLED_FAULTS");
    expect(rec.errors.length).toBe(THRESHOLD);
    expect(host.get("counter")?.state).toBe("active");

    // each fault logged with plugin, hook and entity
    const faults = logs.lines.filter((l) => l.msg === "plugin fault");
    expect(faults.length).toBe(THRESHOLD);
    expect(faults[0]).toMatchObject({ plugin: "thrower", hook: "hook world.canMove", entity: "Mover" });
    expect(JSON.stringify(faults[0]!.err)).toContain("bad plugin code for Mover");

    // the admins are told: audit row, log line, and a line to GMs in the world (not to players)
    const text = `plugin thrower faulted ${THRESHOLD} times`;
    await waitUntil(async () => (await b.realm.store.audit.list({ action: "admin.notice" })).some((r) => r.details.includes(text)), "the admin.notice audit row");
    expect(logs.find(text).some((l) => l.msg === "admin notice")).toBe(true);
    await gm.waitLine(`[Admin] ${text}`);
    expect(mover.lines.some((l) => l.includes(text))).toBe(false);
    expect(gm.closed || mover.closed).toBe(false);
  },
  30_000,
);

test(
  "a world.canMove veto puts the mover back with MSG_MOVE_TELEPORT_ACK and the move is not relayed",
  async () => {
    const c = mover.client;
    const me = [...b.realm.worldHost!.byGuid.values()].find((p) => p.name === "Mover")!;
    const back = { ...me.lastValid };
    const gmSees = (x: number) => gm.client.state.seesAt(c.guid, x, back.y, back.z, 0.01);
    await waitUntil(() => gmSees(back.x), "the GM to see the mover where it stands");
    (globalThis as Record<string, unknown>).__fence = back.x + 0.25;
    const sm = c.world!.nextSeq;
    const sg = gm.client.world!.nextSeq;
    const rejected = () => b.realm.metrics.text().then((t) => Number(/realm_world_rejected_packets_total\{[^}]*reason="vetoed"[^}]*\} (\d+)/.exec(t)?.[1] ?? 0));
    const before = await rejected();
    c.move(Opcode.MSG_MOVE_HEARTBEAT, { x: back.x + 0.5 }, 1);
    const order = readTeleportOrder(new ByteReader((await c.world!.waitFor(Opcode.MSG_MOVE_TELEPORT_ACK, undefined, 3000, sm)).payload));
    expect(order.info.x).toBeCloseTo(back.x, 3);
    expect(me.lastValid.x).toBeCloseTo(back.x, 3);
    expect(await rejected()).toBe(before + 1);
    await waitUntil(() => !me.pendingTeleport, "the correction to be acked");
    await Bun.sleep(250); // two ticks: a relay would have left by now
    expect(count(gm.client, Opcode.MSG_MOVE_HEARTBEAT, sg)).toBe(0);
    // the fence lifted, the same step is accepted and relayed to the GM
    (globalThis as Record<string, unknown>).__fence = Number.POSITIVE_INFINITY;
    c.move(Opcode.MSG_MOVE_HEARTBEAT, { x: back.x + 0.5 }, 1);
    await waitUntil(() => gmSees(back.x + 0.5), "the accepted step to be relayed");
    expect(count(gm.client, Opcode.MSG_MOVE_HEARTBEAT, sg)).toBe(1);
    expect(me.lastValid.x).toBeCloseTo(back.x + 0.5, 3);
  },
  30_000,
);
