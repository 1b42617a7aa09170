// A plugin reloads while 20 headless clients are in the world and keep sending packets
// to it: nobody disconnects, no packet goes unanswered, each client's replies switch
// from the old handler to the new one exactly once, and every packet sent after the
// reload finished is handled by the new generation (opcode handler and chat command).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import { boot, type Booted } from "../testing/boot.ts";
import { PluginFolders, pluginSource, waitUntil } from "../testing/plugin-folders.ts";
import { joinWorld, type TestPlayer } from "../testing/players.ts";

const CLIENTS = 20;
const folders = new PluginFolders("rc-live-");
let b: Booted;
let players: TestPlayer[] = [];
let entry: string;

const live = (v: string) =>
  pluginSource({
    name: "live",
    version: v,
    imports: `import { proto } from "$API";`,
    body: `
    ctx.onOpcode(proto.CMSG_GMTICKET_GETTICKET, (s: any) => s.send(proto.SMSG_MESSAGECHAT, proto.systemMessage("ticket ${v}")));
    ctx.commands.register({ name: "ver", level: 0, help: "plugin version", run: (inv: any) => inv.reply("ver ${v}") });`,
  });

beforeAll(async () => {
  const core = folders.withCharacter();
  const extra = folders.dir("extra");
  entry = join(folders.write(extra, "live", { "index.ts": live("1.0.0") }), "index.ts");
  b = await boot({}, { pluginDirs: [core, extra] });
  // log in a few at a time: the login server's per-IP limits are not under test here
  for (let i = 0; i < CLIENTS; i += 5) {
    players.push(...(await Promise.all(Array.from({ length: Math.min(5, CLIENTS - i) }, (_, k) => joinWorld(b, `live${i + k}`, `Live${String.fromCharCode(97 + i + k)}`)))));
  }
}, 60_000);

afterAll(async () => {
  for (const p of players) p.close();
  await b?.stop();
  folders.cleanup();
});

test(
  "a plugin reloads under traffic from 20 players in the world: nobody drops, the next packet uses the new handler",
  async () => {
    expect(players.length).toBe(CLIENTS);
    expect(b.realm.runtime!.host.get("live")?.state).toBe("active");
    const tickets = (p: TestPlayer) => p.lines.filter((l) => l.startsWith("ticket "));

    // every player sends to the plugin's opcode every 25 ms until told to stop
    let sending = true;
    const sent = players.map(() => 0);
    const loops = players.map(async (p, i) => {
      while (sending) {
        p.client.world!.send(Opcode.CMSG_GMTICKET_GETTICKET);
        sent[i]!++;
        await Bun.sleep(25);
      }
    });
    await waitUntil(() => players.every((p) => tickets(p).length >= 3), "every player to be answered by generation 1");

    writeFileSync(entry, live("2.0.0"));
    const r = await b.realm.runtime!.host.reload("live");
    expect(r).toMatchObject({ ok: true, plugin: "live" });
    const sentAtSwap = sent.slice();
    await waitUntil(() => players.every((p, i) => sent[i]! >= sentAtSwap[i]! + 3), "three more packets from every player");
    sending = false;
    await Promise.all(loops);
    await waitUntil(() => players.every((p, i) => tickets(p).length === sent[i]), "an answer to every packet sent");

    for (const [i, p] of players.entries()) {
      expect(p.closed).toBe(false);
      const got = tickets(p);
      const firstNew = got.indexOf("ticket 2.0.0");
      expect(firstNew).toBeGreaterThan(0);
      // old answers, then new ones: one switch per player, and none of the old after it
      expect(got.slice(0, firstNew).every((l) => l === "ticket 1.0.0")).toBe(true);
      expect(got.slice(firstNew).every((l) => l === "ticket 2.0.0")).toBe(true);
      // everything sent after reload() resolved met the new handler
      expect(firstNew).toBeLessThanOrEqual(sentAtSwap[i]!);
    }

    // the plugin's chat command swapped with it
    const answers = await Promise.all(players.map((p) => p.command(".ver", /^ver /)));
    for (const a of answers) expect(a.filter((l) => l.startsWith("ver "))).toEqual(["ver 2.0.0"]);
    expect(players.every((p) => !p.closed)).toBe(true);
    expect(b.realm.worldHost!.byGuid.size).toBe(CLIENTS);
  },
  60_000,
);
