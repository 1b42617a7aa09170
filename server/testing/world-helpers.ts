// Helpers for the world tests over real sockets: a booted realm (optionally on a
// ManualClock), accounts with one character each placed where the test wants, clients
// that log in through the login server and enter the world, and polling waits (the
// world answers once per tick, so tests wait for an effect instead of sleeping).
import { expect } from "bun:test";
import { HeadlessClient } from "../../bench/client/headless-client.ts";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import { ByteReader } from "../../bench/client/bytes.ts";
import { readServerMessageChat } from "../../bench/client/messages/chat.ts";
import { readCompressedUpdateObject, readUpdateObjectBody, UpdateType, type UpdateBlock } from "../../bench/client/messages/update-object.ts";
import { ManualClock } from "../kernel/clock.ts";
import type { DeepPartial, RealmConfig } from "../kernel/config.ts";
import type { CharacterRow } from "../storage/ports.ts";
import { boot, type BootOptions, type Booted } from "./boot.ts";

export { ManualClock, Opcode };

/** Northshire Abbey (map 0), a human start with creatures around it. */
export const NORTHSHIRE = { map: 0, x: -8949.95, y: -132.493, z: 83.53 };

export interface World {
  b: Booted;
  clock: ManualClock | undefined;
  /** Creates an account (if needed) with one character at `at` and returns its row. */
  character(account: string, name: string, opts?: Parameters<Booted["createCharacter"]>[2] & { gmLevel?: number }): Promise<CharacterRow>;
  /** Logs in (SRP6 + realm list) and connects to the world gateway, at the character screen. */
  connect(account: string): Promise<HeadlessClient>;
  /** connect + character list + CMSG_PLAYER_LOGIN, waits for the self create block. */
  enter(account: string, name?: string): Promise<HeadlessClient>;
  /** Moves the ManualClock and runs one world tick right away. */
  advance(ms: number): void;
  stop(): Promise<void>;
}

const PASSWORD = "pw";

export async function startWorld(overrides: DeepPartial<RealmConfig> = {}, o: BootOptions & { manualClock?: boolean } = {}): Promise<World> {
  const clock = o.manualClock ? new ManualClock() : undefined;
  const b = await boot(overrides, { ...o, clock: o.clock ?? clock });
  const clients: HeadlessClient[] = [];
  const accounts = new Set<string>();
  const w: World = {
    b,
    clock,
    async character(account, name, opts = {}) {
      if (!accounts.has(account)) {
        accounts.add(account);
        await b.createAccount(account, PASSWORD, { gmLevel: opts.gmLevel ?? 0 });
      }
      const { gmLevel: _gm, ...rest } = opts;
      return b.createCharacter(account, name, { ...NORTHSHIRE, zone: 9, ...rest });
    },
    async connect(account) {
      const c = new HeadlessClient({ timeoutMs: 5000 });
      clients.push(c);
      const { realms } = await c.login({ host: b.host, port: b.authPort, user: account, password: PASSWORD });
      await c.connectWorld(realms[0]!);
      return c;
    },
    async enter(account, name) {
      const c = await w.connect(account);
      const list = await c.enumCharacters();
      const ch = name ? list.find((x) => x.name.toLowerCase() === name.toLowerCase()) : list[0];
      if (!ch) throw new Error(`account ${account} has no character ${name ?? ""}`);
      await c.enterWorld(ch.guid);
      return c;
    },
    advance(ms) {
      if (!clock) throw new Error("advance() needs startWorld(..., { manualClock: true })");
      clock.advance(ms);
      b.realm.worldHost!.tick();
    },
    async stop() {
      for (const c of clients) c.close();
      await b.stop();
    },
  };
  return w;
}

/** Polls `cond` until it holds (or fails the test with `what` after `timeoutMs`). */
export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 4000): Promise<void> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await Bun.sleep(15);
  }
}

/** Waits a few world ticks (for "nothing arrives" checks). */
export async function ticks(n = 3, tickMs = 100): Promise<void> {
  await Bun.sleep(n * tickMs + 50);
}

/** The opcodes a client received since `since` (sequence number), in order. */
export function received(c: HeadlessClient, since = 0): number[] {
  return c.world!.log.filter((p) => p.seq >= since).map((p) => p.opcode);
}

/** Counts packets of `opcode` received since `since`. */
export function count(c: HeadlessClient, opcode: number, since = 0, pred?: (payload: Uint8Array) => boolean): number {
  return c.world!.log.filter((p) => p.seq >= since && p.opcode === opcode && (!pred || pred(p.payload))).length;
}

/** A u32 read from a payload (little-endian). */
export function u32(payload: Uint8Array, offset = 0): number {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(offset, true);
}

/** Sends a GM command as a SAY line and waits for the first system reply containing `expect`. */
export async function command(c: HeadlessClient, line: string, reply?: RegExp, timeoutMs = 4000): Promise<string[]> {
  const since = c.world!.nextSeq;
  c.say(line);
  const texts = (): string[] =>
    c.world!.log.filter((p) => p.seq >= since && p.opcode === Opcode.SMSG_MESSAGECHAT).map((p) => readServerMessageChat(new ByteReader(p.payload)).message);
  if (reply) await until(`a reply to "${line}" matching ${reply}`, () => texts().some((t) => reply.test(t)), timeoutMs);
  else await until(`a reply to "${line}"`, () => texts().length > 0, timeoutMs);
  return texts();
}

/** Every update block a client received since `since` (decompressed). */
export function updateBlocks(c: HeadlessClient, since = 0): UpdateBlock[] {
  const out: UpdateBlock[] = [];
  for (const p of c.world!.log) {
    if (p.seq < since) continue;
    if (p.opcode === Opcode.SMSG_UPDATE_OBJECT) out.push(...readUpdateObjectBody(new ByteReader(p.payload)).blocks);
    else if (p.opcode === Opcode.SMSG_COMPRESSED_UPDATE_OBJECT) out.push(...readCompressedUpdateObject(new ByteReader(p.payload)).blocks);
  }
  return out;
}

/** Guids in OUT_OF_RANGE blocks since `since`. */
export function outOfRange(c: HeadlessClient, since = 0): bigint[] {
  return updateBlocks(c, since).flatMap((b) => (b.type === UpdateType.OUT_OF_RANGE_OBJECTS ? b.guids : []));
}

/** Guids of create blocks since `since`. */
export function created(c: HeadlessClient, since = 0): bigint[] {
  return updateBlocks(c, since).flatMap((b) => (b.type === UpdateType.CREATE_OBJECT || b.type === UpdateType.CREATE_OBJECT2 ? [b.guid] : []));
}

export function expectNear(p: { x: number; y: number; z?: number } | undefined, x: number, y: number, tol = 0.05): void {
  expect(p).toBeDefined();
  expect(Math.abs(p!.x - x)).toBeLessThan(tol);
  expect(Math.abs(p!.y - y)).toBeLessThan(tol);
}
