// Client packets over NATS leave the gateway batched: what one socket read brings is one
// CLIENT_BATCH per destination, the world host handles every packet of it, and a session
// event never overtakes packets forwarded before it. (On the in-process bus every packet
// goes at once; the other gateway tests cover that path.)
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import { ENVELOPE_CLIENT_BATCH, forEachClientPacket } from "../bus/client-batch.ts";
import { connectNatsBus, type NatsBus } from "../bus/nats.ts";
import { Subjects } from "../bus/subjects.ts";
import { serviceGate, testNatsPrefix, TEST_NATS_URL } from "../testing/services.ts";
import { startWorld, type World } from "../testing/world-helpers.ts";

if (await serviceGate("NATS", TEST_NATS_URL, 4222)) {
  const run = testNatsPrefix(TEST_NATS_URL);
  let bus: NatsBus;
  let w: World;
  const published: { subject: string; kind: number; opcodes: number[]; op?: string }[] = [];

  beforeAll(async () => {
    bus = await connectNatsBus({ url: TEST_NATS_URL, prefix: run.prefix, retryForMs: 0 });
    const publish = bus.publish.bind(bus);
    bus.publish = (subject, data, headers) => {
      if (/\.world\.[^.]+\.in$/.test(subject)) {
        const opcodes: number[] = [];
        forEachClientPacket(data, (p) => void opcodes.push(p.opcode));
        published.push({ subject, kind: data[0]!, opcodes });
      } else if (/^r\d+\.session$/.test(subject)) {
        published.push({ subject, kind: -1, opcodes: [], op: (JSON.parse(new TextDecoder().decode(data)) as { op: string }).op });
      }
      publish(subject, data, headers);
    };
    w = await startWorld({}, { bus });
  });

  afterAll(async () => {
    await w?.stop();
    await bus?.close();
    await run.cleanup();
  });

  test("one socket read of five packets is one CLIENT_BATCH to the world host, and all five are handled", async () => {
    await w.character("BATCHA", "Batcha");
    const c = await w.enter("BATCHA");
    published.length = 0;
    let answer: Promise<unknown> | undefined;
    c.inOneWrite(() => {
      for (let i = 0; i < 4; i++) c.move(Opcode.MSG_MOVE_HEARTBEAT);
      answer = c.nameQuery(c.guid);
    });
    await answer; // the fifth packet of the batch was handled and answered
    // the five went in one message (with whatever the client's automatic answers added to the same read)
    const mine = published.filter((p) => p.opcodes.includes(Opcode.MSG_MOVE_HEARTBEAT) || p.opcodes.includes(Opcode.CMSG_NAME_QUERY));
    expect(mine.length).toBe(1);
    expect(mine[0]!.kind).toBe(ENVELOPE_CLIENT_BATCH);
    const ours = mine[0]!.opcodes.filter((o) => o === Opcode.MSG_MOVE_HEARTBEAT || o === Opcode.CMSG_NAME_QUERY);
    expect(ours).toEqual([Opcode.MSG_MOVE_HEARTBEAT, Opcode.MSG_MOVE_HEARTBEAT, Opcode.MSG_MOVE_HEARTBEAT, Opcode.MSG_MOVE_HEARTBEAT, Opcode.CMSG_NAME_QUERY]);
  });

  test("a session event published in the same turn goes after the packets forwarded before it", async () => {
    await w.character("BATCHB", "Batchb");
    const c = await w.enter("BATCHB");
    const gw = w.b.realm.gateway!;
    const s = [...gw.sessions.values()].find((x) => x.characterGuid === Number(c.guid))!;
    published.length = 0;
    const guid = new Uint8Array(8);
    new DataView(guid.buffer).setBigUint64(0, c.guid, true);
    const answered = c.nameQuery(c.guid);
    // what the socket reads and a close would do within one turn of the event loop
    gw.forward(Subjects.worldIn(gw.realmId, s.worldHost), s, Opcode.CMSG_NAME_QUERY, guid);
    gw.forward(Subjects.worldIn(gw.realmId, s.worldHost), s, Opcode.CMSG_NAME_QUERY, guid);
    gw.publishSessionEvent({ op: "opened", gatewayId: gw.id, sessionId: 0x7ffffff0, accountId: 0, ip: "127.0.0.1" });
    await answered;
    const packets = published.findIndex((p) => p.opcodes.filter((o) => o === Opcode.CMSG_NAME_QUERY).length === 2);
    const event = published.findIndex((p) => p.op === "opened");
    expect(packets).toBeGreaterThanOrEqual(0);
    expect(packets).toBeLessThan(event);
  });
}
