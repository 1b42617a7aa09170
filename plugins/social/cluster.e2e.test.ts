// Two realm processes (shared bus, cache and store, as in cluster mode): players connected
// to different gateways, served by different services hosts, on different world hosts,
// whisper, /who, share a channel and a party.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { ChannelNotify as N } from "../../bench/client/messages/channels.ts";
import { readWho, writeWho } from "../../bench/client/messages/social.ts";
import { until } from "../../server/testing/world-helpers.ts";
import { ChatType, DARNASSUS, Opcode, type Pc } from "./testing/social-world.ts";
import { twoRealms, type TwoRealms } from "./testing/two-realms.ts";

let t: TwoRealms;
let x: Pc;
let y: Pc;
beforeAll(async () => {
  t = await twoRealms();
  x = await t.player("Xavier", "a");
  // the orchestrator places a new map instance on the least-loaded host: once a heartbeat
  // shows Xavier on one host, Kalimdor goes to the other one
  await until("a host reports Xavier", () => t.a.realm.orchestrator!.liveHosts().some((h) => h.players === 1), 8000);
  y = await t.player("Yselda", "b", DARNASSUS);
}, 15_000);
afterAll(() => t.stop());

test("the two players are on different gateways and world hosts", async () => {
  const px = await t.a.realm.presence.byGuid(Number(x.guid));
  const py = await t.a.realm.presence.byGuid(Number(y.guid));
  expect(px!.gatewayId).not.toBe(py!.gatewayId);
  expect([px!.map, py!.map]).toEqual([0, 1]);
  expect(new Set([px!.worldHost, py!.worldHost])).toEqual(new Set([t.a.realm.nodeId, t.b.realm.nodeId]));
  expect(t.a.realm.services && t.b.realm.services).toBeTruthy();
});

test("whisper both ways, /who sees both", async () => {
  const [sx, sy] = [x.mark(), y.mark()];
  x.c.whisper("Yselda", "across processes");
  await y.waitChat((m) => m.type === ChatType.WHISPER && m.message === "across processes", sy);
  await x.waitChat((m) => m.type === ChatType.WHISPER_INFORM, sx);
  y.c.whisper("Xavier", "and back");
  await x.waitChat((m) => m.type === ChatType.WHISPER && m.message === "and back", sx);
  y.send(Opcode.CMSG_WHO, (w) => writeWho(w));
  const who = await y.wait(Opcode.SMSG_WHO, readWho, () => true, sy);
  expect(who.entries.map((e) => e.name).sort()).toEqual(["Xavier", "Yselda"]);
});

test("one channel, one party", async () => {
  const [sx, sy] = [x.mark(), y.mark()];
  x.join("Crossroads");
  await x.waitChannel((n) => n.notify === N.YOU_JOINED && n.channel === "Crossroads", sx);
  y.join("Crossroads");
  await y.waitChannel((n) => n.notify === N.YOU_JOINED && n.channel === "Crossroads", sy);
  await x.waitChannel((n) => n.notify === N.JOINED && n.guid === y.guid, sx);
  y.chat(ChatType.CHANNEL, "hello channel", "Crossroads");
  await x.waitChat((m) => m.message === "hello channel" && m.channel === "Crossroads", sx);
  x.invite("Yselda");
  await y.waitInvite(sy);
  y.send(Opcode.CMSG_GROUP_ACCEPT, (w) => w.u32(0));
  await x.waitGroupList((l) => l.members[0]?.name === "Yselda", sx);
  y.chat(ChatType.PARTY, "party across");
  await x.waitChat((m) => m.message === "party across" && m.type === ChatType.PARTY, sx);
});
