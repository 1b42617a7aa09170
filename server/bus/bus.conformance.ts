// The Bus port's conformance suite: the same cases run against every adapter
// (bus.memory.test.ts, bus.nats.test.ts). An adapter that passes can replace another.
import { afterEach, describe, expect, test } from "bun:test";
import { isRealmError } from "../kernel/errors.ts";
import type { Bus, BusMessage, Subscription } from "./port.ts";

export interface BusHarness {
  /** Adapter name for the describe block. */
  name: string;
  /** The harness's base subject prefix (a run-unique one for shared servers). */
  prefix: string;
  /**
   * Opens a bus with the given subject prefix. Buses opened with the same prefix share
   * one backend, like two processes of one cluster (NATS: separate connections).
   */
  open(prefix: string): Promise<Bus>;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (s: string) => enc.encode(s);
const text = (b: Uint8Array) => dec.decode(b);

/** Polls until `cond` holds (or throws after `ms`). */
export async function waitUntil(cond: () => boolean, ms = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(5);
  }
}

async function expectCode(p: Promise<unknown>, code: string): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    expect(isRealmError(e) ? e.code : `not a RealmError: ${String(e)}`).toBe(code);
    return e;
  }
  throw new Error(`expected a rejection with ${code}`);
}

export function busConformance(h: BusHarness): void {
  describe(`Bus conformance: ${h.name}`, () => {
    const opened: Bus[] = [];
    const subs: Subscription[] = [];
    let n = 0;
    /** A subject token unique to this test. */
    const uniq = () => `t${++n}x${Math.random().toString(36).slice(2, 8)}`;
    const open = async (prefix = h.prefix) => {
      const b = await h.open(prefix);
      opened.push(b);
      return b;
    };
    const sub = (b: Bus, subject: string, fn: (m: BusMessage) => void, queue?: string) => {
      const s = b.subscribe(subject, fn, queue ? { queue } : {});
      subs.push(s);
      return s;
    };
    /** Makes sure subscriptions reached the server before publishing from another connection. */
    const settle = async (...bs: Bus[]) => {
      for (const b of bs) await b.flush();
    };

    afterEach(async () => {
      for (const s of subs.splice(0)) s.unsubscribe();
      await Promise.all(opened.splice(0).map((b) => b.close()));
    });

    test("publish reaches an exact subscriber with the relative subject, no headers", async () => {
      const b = await open();
      const s = uniq();
      const got: BusMessage[] = [];
      sub(b, `${s}.a`, (m) => void got.push(m));
      await settle(b);
      b.publish(`${s}.a`, bytes("hello"));
      b.publish(`${s}.b`, bytes("other subject"));
      await waitUntil(() => got.length >= 1);
      await Bun.sleep(30);
      expect(got.length).toBe(1);
      expect(got[0]!.subject).toBe(`${s}.a`);
      expect(text(got[0]!.data)).toBe("hello");
      expect(got[0]!.headers).toBeUndefined();
      expect(got[0]!.reply).toBeUndefined();
    });

    test("headers travel with a published message", async () => {
      const b = await open();
      const s = uniq();
      const got: BusMessage[] = [];
      sub(b, s, (m) => void got.push(m));
      await settle(b);
      b.publish(s, bytes("x"), { "rc-session": "42", trace: "a b c" });
      await waitUntil(() => got.length === 1);
      expect(got[0]!.headers).toEqual({ "rc-session": "42", trace: "a b c" });
    });

    test("`*` matches exactly one token", async () => {
      const b = await open();
      const s = uniq();
      const got: string[] = [];
      sub(b, `${s}.*.in`, (m) => void got.push(m.subject));
      await settle(b);
      for (const t of [`${s}.1.in`, `${s}.22.in`, `${s}.in`, `${s}.1.2.in`, `${s}.1.out`, `${s}.3.in`]) b.publish(t, bytes(t));
      await waitUntil(() => got.length >= 3);
      await Bun.sleep(50);
      expect(got.sort()).toEqual([`${s}.1.in`, `${s}.22.in`, `${s}.3.in`]);
    });

    test("`>` matches one or more trailing tokens, never zero", async () => {
      const b = await open();
      const s = uniq();
      const got: string[] = [];
      sub(b, `${s}.world.>`, (m) => void got.push(m.subject));
      await settle(b);
      for (const t of [`${s}.world`, `${s}.world.1`, `${s}.world.1.in`, `${s}.worlds.1`, `${s}.gateway.1`]) b.publish(t, bytes(t));
      await waitUntil(() => got.length >= 2);
      await Bun.sleep(50);
      expect(got.sort()).toEqual([`${s}.world.1`, `${s}.world.1.in`]);
    });

    test("every plain subscriber gets its own copy, across connections", async () => {
      const a = await open();
      const b = await open();
      const s = uniq();
      let onA = 0;
      let onB = 0;
      let onB2 = 0;
      sub(a, s, () => void onA++);
      sub(b, s, () => void onB++);
      sub(b, s, () => void onB2++);
      await settle(a, b);
      for (let i = 0; i < 10; i++) a.publish(s, bytes(String(i)));
      await waitUntil(() => onA === 10 && onB === 10 && onB2 === 10);
    });

    test("a queue group delivers each message to exactly one member; plain subscribers still get all", async () => {
      const a = await open();
      const b = await open();
      const s = uniq();
      const seen = new Map<string, number>();
      const per = [0, 0, 0];
      let plain = 0;
      const member = (i: number) => (m: BusMessage) => {
        per[i]!++;
        const k = text(m.data);
        seen.set(k, (seen.get(k) ?? 0) + 1);
      };
      sub(a, s, member(0), "workers");
      sub(b, s, member(1), "workers");
      sub(b, s, member(2), "workers");
      sub(a, s, () => void plain++);
      await settle(a, b);
      for (let i = 0; i < 100; i++) a.publish(s, bytes(String(i)));
      await waitUntil(() => seen.size === 100 && plain === 100);
      await Bun.sleep(50);
      expect([...seen.values()].every((c) => c === 1)).toBe(true);
      expect(per[0]! + per[1]! + per[2]!).toBe(100);
      expect(per.filter((c) => c > 0).length).toBeGreaterThanOrEqual(2);
    });

    test("request/reply carries headers and binary payloads both ways", async () => {
      const server = await open();
      const client = await open();
      const s = uniq();
      const all = new Uint8Array(256).map((_, i) => i);
      sub(server, `${s}.echo`, (m) => {
        const rev = m.data.slice().reverse();
        server.respond(m, rev, { "x-seen": m.headers?.["x-req"] ?? "none", "x-len": String(m.data.length) });
      });
      await settle(server);
      const r = await client.request(`${s}.echo`, all, { headers: { "x-req": "abc" }, timeoutMs: 3000 });
      expect(Array.from(r.data)).toEqual(Array.from(all).reverse());
      expect(r.headers?.["x-seen"]).toBe("abc");
      expect(r.headers?.["x-len"]).toBe("256");
      // a request without headers reaches the responder without headers
      let hdr: unknown = "unset";
      sub(server, `${s}.plain`, (m) => {
        hdr = m.headers;
        server.respond(m, new Uint8Array(0));
      });
      await settle(server);
      const empty = await client.request(`${s}.plain`, new Uint8Array([1]), { timeoutMs: 3000 });
      expect(empty.data.length).toBe(0);
      expect(hdr).toBeUndefined();
    });

    test("many requests in flight each get their own reply", async () => {
      const server = await open();
      const client = await open();
      const s = uniq();
      sub(server, s, (m) => server.respond(m, bytes(`re:${text(m.data)}`)));
      await settle(server);
      const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => client.request(s, bytes(String(i)), { timeoutMs: 5000 })));
      expect(replies.map((r) => text(r.data))).toEqual(Array.from({ length: 200 }, (_, i) => `re:${i}`));
    });

    test("a request nobody answers times out with BUS_TIMEOUT", async () => {
      const server = await open();
      const client = await open();
      const s = uniq();
      sub(server, s, () => {
        /* listens, never answers */
      });
      await settle(server);
      const t0 = performance.now();
      await expectCode(client.request(s, bytes("?"), { timeoutMs: 150 }), "BUS_TIMEOUT");
      const took = performance.now() - t0;
      expect(took).toBeGreaterThanOrEqual(120);
      expect(took).toBeLessThan(2000);
    });

    test("a request with no subscriber fails fast with BUS_NO_RESPONDERS", async () => {
      const client = await open();
      const t0 = performance.now();
      await expectCode(client.request(`${uniq()}.nobody`, bytes("?"), { timeoutMs: 3000 }), "BUS_NO_RESPONDERS");
      expect(performance.now() - t0).toBeLessThan(1500);
    });

    test("respond to a message that expected no reply is a no-op", async () => {
      const b = await open();
      const s = uniq();
      let got = 0;
      sub(b, s, (m) => {
        got++;
        b.respond(m, bytes("nobody listens"));
      });
      await settle(b);
      b.publish(s, bytes("x"));
      await waitUntil(() => got === 1);
      await b.flush();
    });

    test("unsubscribe stops delivery", async () => {
      const a = await open();
      const b = await open();
      const s = uniq();
      let got = 0;
      const handle = sub(b, s, () => void got++);
      await settle(b);
      a.publish(s, bytes("1"));
      await waitUntil(() => got === 1);
      handle.unsubscribe();
      handle.unsubscribe(); // twice is harmless
      await settle(b);
      a.publish(s, bytes("2"));
      await a.flush();
      await Bun.sleep(80);
      expect(got).toBe(1);
    });

    test("each subscriber sees one publisher's messages in publish order", async () => {
      const a = await open();
      const b = await open();
      const s = uniq();
      const one: number[] = [];
      const two: number[] = [];
      sub(b, s, (m) => void one.push(new DataView(m.data.buffer, m.data.byteOffset).getUint32(0, true)));
      sub(b, s, (m) => void two.push(new DataView(m.data.buffer, m.data.byteOffset).getUint32(0, true)));
      await settle(b);
      const N = 2000;
      for (let i = 0; i < N; i++) {
        const d = new Uint8Array(4);
        new DataView(d.buffer).setUint32(0, i, true);
        a.publish(s, d);
      }
      await waitUntil(() => one.length === N && two.length === N, 10_000, "all messages");
      expect(one).toEqual(Array.from({ length: N }, (_, i) => i));
      expect(two).toEqual(one);
    });

    test("a subscriber that throws does not stop later deliveries", async () => {
      const b = await open();
      const s = uniq();
      let calls = 0;
      sub(b, s, () => {
        calls++;
        throw new Error("subscriber bug");
      });
      await settle(b);
      b.publish(s, bytes("1"));
      b.publish(s, bytes("2"));
      await waitUntil(() => calls === 2);
    });

    test("1 MiB payloads arrive intact, by publish and by request", async () => {
      const a = await open();
      const b = await open();
      const s = uniq();
      const big = new Uint8Array(1024 * 1024);
      for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
      let got: Uint8Array | undefined;
      sub(b, `${s}.pub`, (m) => void (got = m.data));
      sub(b, `${s}.req`, (m) => b.respond(m, m.data));
      await settle(b);
      a.publish(`${s}.pub`, big);
      await waitUntil(() => got !== undefined, 10_000);
      expect(got!.length).toBe(big.length);
      expect(Bun.hash(got!)).toBe(Bun.hash(big));
      const r = await a.request(`${s}.req`, big, { timeoutMs: 10_000 });
      expect(r.data.length).toBe(big.length);
      expect(Bun.hash(r.data)).toBe(Bun.hash(big));
    });

    test("prefixes isolate buses on the same backend", async () => {
      const a = await open(h.prefix);
      const b = await open(`${h.prefix}.iso`);
      const s = uniq();
      let onA = 0;
      let onB = 0;
      sub(a, s, () => void onA++);
      sub(b, s, () => void onB++);
      await settle(a, b);
      b.publish(s, bytes("for b"));
      await waitUntil(() => onB === 1);
      await b.flush();
      await Bun.sleep(50);
      expect(onA).toBe(0);
      await expectCode(b.request(`${s}.none`, bytes("?"), { timeoutMs: 2000 }), "BUS_NO_RESPONDERS");
    });

    test("flush resolves; stats count traffic; healthy until closed", async () => {
      const b = await open();
      const s = uniq();
      expect(b.healthy).toBe(true);
      let got = 0;
      sub(b, s, () => void got++);
      await settle(b);
      const before = b.stats();
      for (let i = 0; i < 5; i++) b.publish(s, bytes("x"));
      await b.flush();
      await waitUntil(() => got === 5);
      const after = b.stats();
      expect(after.published - before.published).toBe(5);
      expect(after.delivered - before.delivered).toBe(5);
      expect(after.reconnects).toBe(0);
      await b.close();
      expect(b.healthy).toBe(false);
      // publishing on a closed bus is silently dropped
      b.publish(s, bytes("late"));
      await b.close(); // twice is harmless
    });

    describe("durable streams", () => {
      const streams: [Bus, string][] = [];
      afterEach(async () => {
        for (const [b, st] of streams.splice(0)) await b.streams.remove(st).catch(() => {});
      });
      const newStream = async (b: Bus) => {
        const name = `S${uniq()}`;
        const subject = `${name.toLowerCase()}`;
        await b.streams.ensure(name, [`${subject}.>`]);
        streams.push([b, name]);
        return { name, subject };
      };

      test("publish stores in order; a durable consumer receives everything with seq, subject, headers", async () => {
        const b = await open();
        const { name, subject } = await newStream(b);
        await b.streams.ensure(name, [`${subject}.>`]); // idempotent
        const seqs: number[] = [];
        for (let i = 0; i < 5; i++) seqs.push(await b.streams.publish(`${subject}.mail.${i}`, bytes(`m${i}`), i === 0 ? { from: "gm" } : undefined));
        expect(seqs).toEqual([1, 2, 3, 4, 5]);
        const got: (BusMessage & { seq: number })[] = [];
        subs.push(await b.streams.consume(name, "reader", async (m) => void got.push(m), { ackWaitMs: 1000 }));
        await waitUntil(() => got.length === 5, 10_000, "5 stream messages");
        expect(got.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
        expect(got.map((m) => m.subject)).toEqual([0, 1, 2, 3, 4].map((i) => `${subject}.mail.${i}`));
        expect(got.map((m) => text(m.data))).toEqual(["m0", "m1", "m2", "m3", "m4"]);
        expect(got[0]!.headers).toEqual({ from: "gm" });
        // messages published while consuming arrive too
        await b.streams.publish(`${subject}.mail.5`, bytes("m5"));
        await waitUntil(() => got.length === 6, 10_000);
        expect(got[5]!.seq).toBe(6);
      });

      test("acknowledged messages are not delivered again to the same durable", async () => {
        const b = await open();
        const { name, subject } = await newStream(b);
        for (let i = 0; i < 3; i++) await b.streams.publish(`${subject}.x`, bytes(String(i)));
        const first: number[] = [];
        const s1 = await b.streams.consume(name, "ledger", async (m) => void first.push(m.seq), { ackWaitMs: 500 });
        await waitUntil(() => first.length === 3, 10_000);
        await b.flush();
        await Bun.sleep(50);
        s1.unsubscribe();
        await b.flush();
        for (let i = 3; i < 5; i++) await b.streams.publish(`${subject}.x`, bytes(String(i)));
        const second: number[] = [];
        subs.push(await b.streams.consume(name, "ledger", async (m) => void second.push(m.seq), { ackWaitMs: 500 }));
        await waitUntil(() => second.length >= 2, 10_000);
        await Bun.sleep(700); // longer than ackWait: nothing acked comes back
        expect(first).toEqual([1, 2, 3]);
        expect(second).toEqual([4, 5]);
      });

      test("a handler that throws gets the message again after ackWait", async () => {
        const b = await open();
        const { name, subject } = await newStream(b);
        for (let i = 1; i <= 3; i++) await b.streams.publish(`${subject}.job`, bytes(`job${i}`));
        const attempts = new Map<number, number>();
        const done = new Set<number>();
        let failAt = 0;
        subs.push(
          await b.streams.consume(
            name,
            "worker",
            async (m) => {
              const k = (attempts.get(m.seq) ?? 0) + 1;
              attempts.set(m.seq, k);
              if (m.seq === 2 && k === 1) {
                failAt = performance.now();
                throw new Error("transient failure");
              }
              done.add(m.seq);
            },
            { ackWaitMs: 300 },
          ),
        );
        await waitUntil(() => done.size === 3, 10_000, "all three jobs done");
        expect(attempts.get(2)).toBe(2);
        expect(attempts.get(1)).toBe(1);
        expect(attempts.get(3)).toBe(1);
        expect(failAt).toBeGreaterThan(0);
        await Bun.sleep(500);
        expect(attempts.get(2)).toBe(2); // acked the second time: no third delivery
      });

      test("a second durable consumer sees every message, including earlier ones", async () => {
        const b = await open();
        const c = await open();
        const { name, subject } = await newStream(b);
        for (let i = 0; i < 4; i++) await b.streams.publish(`${subject}.audit`, bytes(String(i)));
        const one: string[] = [];
        const two: string[] = [];
        subs.push(await b.streams.consume(name, "one", async (m) => void one.push(text(m.data)), { ackWaitMs: 1000 }));
        await waitUntil(() => one.length === 4, 10_000);
        subs.push(await c.streams.consume(name, "two", async (m) => void two.push(text(m.data)), { ackWaitMs: 1000 }));
        await b.streams.publish(`${subject}.audit`, bytes("4"));
        await waitUntil(() => one.length === 5 && two.length === 5, 10_000);
        expect(one).toEqual(["0", "1", "2", "3", "4"]);
        expect(two).toEqual(one);
      });

      test("publishing where no stream stores the subject fails with BUS_NO_RESPONDERS; remove deletes", async () => {
        const b = await open();
        await expectCode(b.streams.publish(`${uniq()}.nowhere`, bytes("x")), "BUS_NO_RESPONDERS");
        const { name, subject } = await newStream(b);
        expect(await b.streams.publish(`${subject}.a`, bytes("x"))).toBe(1);
        await b.streams.remove(name);
        await b.streams.remove(name); // removing a missing stream is harmless
        await expectCode(b.streams.publish(`${subject}.a`, bytes("x")), "BUS_NO_RESPONDERS");
      });
    });
  });
}
