// The first end-to-end path over real sockets: login server, world gateway, character
// screen (character plugin), entering the world, two players seeing each other, movement.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { HeadlessClient } from "../../bench/client/headless-client.ts";
import { boot, type Booted } from "./boot.ts";

let b: Booted;
beforeAll(async () => {
  b = await boot();
  await b.createAccount("alice", "pw1");
  await b.createAccount("bob", "pw2");
});
afterAll(async () => {
  await b.stop();
});

async function connect(user: string, pw: string): Promise<HeadlessClient> {
  const c = new HeadlessClient({ timeoutMs: 5000 });
  const { realms } = await c.login({ host: b.host, port: b.authPort, user, password: pw });
  expect(realms.length).toBe(1);
  await c.connectWorld(realms[0]!);
  return c;
}

test("create a character over the protocol and see it in the list", async () => {
  const c = await connect("alice", "pw1");
  expect(await c.enumCharacters()).toEqual([]);
  const r = await c.createCharacter({ name: "aliceone", race: 1, class: 1, gender: 0, skin: 1, face: 1, hairStyle: 1, hairColor: 1, facialHair: 0, outfitId: 0 });
  expect(r).toBe(0x2f);
  const list = await c.enumCharacters();
  expect(list.map((x) => x.name)).toEqual(["Aliceone"]);
  expect(list[0]!.equipment.some((e) => e.displayId > 0)).toBe(true);
  c.close();
});

test("two players enter the world at one spot and see each other move", async () => {
  await b.createCharacter("bob", "Bobby");
  const a = await connect("alice", "pw1");
  const bb = await connect("bob", "pw2");
  const ca = (await a.enumCharacters())[0]!;
  const cb = (await bb.enumCharacters())[0]!;
  await a.enterWorld(ca.guid);
  await bb.enterWorld(cb.guid);
  await Bun.sleep(400);
  expect(a.state.sees(bb.guid)).toBe(true);
  expect(bb.state.sees(a.guid)).toBe(true);
  const p = a.state.positionOf(a.guid)!;
  a.move(0x0b5, { x: p.x + 2, y: p.y + 1 }, 1); // MSG_MOVE_START_FORWARD
  await Bun.sleep(300);
  expect(bb.state.seesAt(a.guid, p.x + 2, p.y + 1, p.z, 0.01)).toBe(true);
  a.close();
  bb.close();
});
