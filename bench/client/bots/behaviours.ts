// Simple, bounded bot behaviours built on the HeadlessClient facade, for a load process to drive.
// Each behaviour runs until its AbortSignal fires (or its own bound is reached) and never throws
// for ordinary refusals; transport errors propagate so the driver can count and restart.
import type { HeadlessClient } from "../headless-client.ts";
import { RUN_SPEED } from "../headless-client.ts";
import { Opcode } from "../messages/opcodes.ts";

export interface BehaviourContext {
  client: HeadlessClient;
  signal: AbortSignal;
  /** Deterministic random in [0, 1) (pass a seeded generator for reproducible runs). */
  random?: () => number;
}

export type Behaviour = (ctx: BehaviourContext) => Promise<void>;

/** Sleep that wakes early on abort. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Seeded PRNG (mulberry32) for reproducible bots. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stand still; ping every `pingEveryMs` (default 30 s, like a real client). */
export function idle(o: { pingEveryMs?: number } = {}): Behaviour {
  return async ({ client, signal }) => {
    while (!signal.aborted && !client.world?.isClosed) {
      await sleep(o.pingEveryMs ?? 30_000, signal);
      if (signal.aborted) break;
      await client.ping();
    }
  };
}

/**
 * Random walk within `radius` yards of the start point at run speed, heartbeats every 500 ms,
 * a pause of up to `maxPauseMs` between legs; at most `maxLegs` legs.
 */
export function wander(o: { radius?: number; maxPauseMs?: number; maxLegs?: number; heartbeatMs?: number } = {}): Behaviour {
  return async ({ client, signal, random = Math.random }) => {
    const radius = o.radius ?? 20;
    const home = { ...client.state.position };
    for (let leg = 0; leg < (o.maxLegs ?? Number.POSITIVE_INFINITY) && !signal.aborted && !client.world?.isClosed; leg++) {
      const angle = random() * 2 * Math.PI;
      const dist = Math.sqrt(random()) * radius;
      const x = home.x + Math.cos(angle) * dist;
      const y = home.y + Math.sin(angle) * dist;
      await client.moveTo(x, y, home.z, { speed: RUN_SPEED, heartbeatMs: o.heartbeatMs ?? 500, signal });
      await sleep(random() * (o.maxPauseMs ?? 2000), signal);
    }
  };
}

/** Say a line every `everyMs` (default 10 s); at most `maxLines`. */
export function chat(o: { everyMs?: number; maxLines?: number; text?: (n: number) => string } = {}): Behaviour {
  return async ({ client, signal }) => {
    for (let n = 0; n < (o.maxLines ?? Number.POSITIVE_INFINITY) && !signal.aborted && !client.world?.isClosed; n++) {
      client.say(o.text ? o.text(n) : `bot line ${n}`);
      await sleep(o.everyMs ?? 10_000, signal);
    }
  };
}

/**
 * Log out to the character screen and back into the world with the same character, `times`
 * times (default 1), pausing `pauseMs` in between.
 */
export function relog(o: { times?: number; pauseMs?: number } = {}): Behaviour {
  return async ({ client, signal }) => {
    for (let i = 0; i < (o.times ?? 1) && !signal.aborted; i++) {
      const guid = client.guid;
      const r = await client.logout();
      if (!r.completed) return;
      await sleep(o.pauseMs ?? 1000, signal);
      if (signal.aborted) return;
      await client.enumCharacters();
      await client.enterWorld(guid);
    }
  };
}

/**
 * Teleport with a GM chat command (".tele <name>" by default, or ".go xyz x y z [map]") and wait
 * for the server's order (same-map MSG_MOVE_TELEPORT_ACK or SMSG_NEW_WORLD; the facade acks both).
 * Returns without error when nothing comes (e.g. the account may not use the command).
 */
export function teleport(o: { command?: string; waitMs?: number; times?: number; pauseMs?: number } = {}): Behaviour {
  return async ({ client, signal }) => {
    const w = client.world;
    if (!w) return;
    for (let i = 0; i < (o.times ?? 1) && !signal.aborted && !w.isClosed; i++) {
      const since = w.nextSeq;
      client.say(o.command ?? ".tele stormwind");
      const waitMs = o.waitMs ?? 5000;
      await Promise.race([
        w.waitFor(Opcode.MSG_MOVE_TELEPORT_ACK, undefined, waitMs, since),
        w.waitFor(Opcode.SMSG_NEW_WORLD, undefined, waitMs, since),
      ]).catch(() => undefined);
      await sleep(o.pauseMs ?? 5000, signal);
    }
  };
}

/** Run behaviours one after another until the signal fires. */
export function sequence(...steps: Behaviour[]): Behaviour {
  return async (ctx) => {
    for (const s of steps) {
      if (ctx.signal.aborted) return;
      await s(ctx);
    }
  };
}
