import { afterAll, beforeAll, expect, test } from "bun:test";
import { HeadlessClient } from "../headless-client.ts";
import { Opcode } from "../messages/opcodes.ts";
import { FakeRealm } from "../testing/fake-realm.ts";
import { chat, relog, seededRandom, sequence, teleport, wander } from "./behaviours.ts";

let realm: FakeRealm;
beforeAll(() => {
  realm = new FakeRealm().start();
  realm.addAccount("bot1", "pw");
});
afterAll(() => realm.stop());

test("behaviours run bounded against a fake realm", async () => {
  const c = new HeadlessClient({ timeoutMs: 3000, logLimit: 0 });
  const { realms } = await c.login({ host: "127.0.0.1", port: realm.auth.port, user: "bot1", password: "pw" });
  await c.connectWorld(realms[0]!);
  await c.createCharacter({ name: "Botty", race: 2, class: 1, gender: 0 });
  const [ch] = await c.enumCharacters();
  await c.enterWorld(ch!.guid);
  const home = { ...c.state.position };
  const ctl = new AbortController();
  await sequence(
    wander({ radius: 3, maxPauseMs: 10, maxLegs: 2, heartbeatMs: 100 }),
    chat({ everyMs: 10, maxLines: 2 }),
    teleport({ command: ".tele", waitMs: 1000, pauseMs: 10 }),
    relog({ pauseMs: 10 }),
  )({ client: c, signal: ctl.signal, random: seededRandom(7) });
  const ops = realm.received.map((p) => p.opcode);
  expect(ops).toContain(Opcode.MSG_MOVE_START_FORWARD);
  expect(ops).toContain(Opcode.MSG_MOVE_STOP);
  expect(ops.filter((o) => o === Opcode.CMSG_MESSAGECHAT).length).toBe(3);
  expect(ops).toContain(Opcode.MSG_MOVE_TELEPORT_ACK);
  expect(ops.filter((o) => o === Opcode.CMSG_PLAYER_LOGIN).length).toBe(2);
  expect(c.defaultLanguage()).toBe(1); // orc speaks orcish
  expect(Math.hypot(home.x, home.y)).toBeGreaterThan(0);
  c.close();
});
