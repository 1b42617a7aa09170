// Players for the cluster tests: an account with one character, logged in through the
// cluster's login server and entered through a chosen gateway process, plus small waits on
// what a client received (chat lines, a map change, being back in the world).
import { ByteReader } from "../../bench/client/bytes.ts";
import { HeadlessClient } from "../../bench/client/headless-client.ts";
import { ChatType, readServerMessageChat, type ServerMessageChat } from "../../bench/client/messages/chat.ts";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import { readWorldPosition } from "../../bench/client/messages/teleport.ts";
import type { Cluster } from "./cluster.ts";
import { created } from "./world-helpers.ts";

export { ChatType, Opcode };

export const PASSWORD = "pw";
/** Goldshire (map 0) and Orgrimmar (map 1), where the cluster tests place characters. */
export const GOLDSHIRE = { map: 0, x: -9464, y: 62, z: 56, zone: 12 };
export const ORGRIMMAR = { map: 1, x: 1629.36, y: -4373.39, z: 31.2564, zone: 1637 };

/** Liveness settings short enough for a test (the defaults are 2 s heartbeats, 6 s timeouts, 20 s grace). */
export const FAST = {
  world: { heartbeatMs: 400 },
  gateway: { heartbeatMs: 400, timeoutMs: 2500, worldGraceMs: 1500 },
  orchestrator: { hostTimeoutMs: 2500, leaseIntervalMs: 500 },
  plugins: { settings: { social: { zonePollMs: 100 } } },
};

export interface ClusterPlayer {
  c: HeadlessClient;
  name: string;
  guid: number;
  account: string;
}

let n = 0;

/** Creates an account + character and enters the world through `gateway` (a process name). */
export async function enterVia(
  k: Cluster,
  gateway: string,
  name: string,
  at: { map: number; x: number; y: number; z: number; zone: number } = GOLDSHIRE,
  o: { gmLevel?: number; realm?: number; race?: number } = {},
): Promise<ClusterPlayer> {
  const account = `CL${process.pid % 10_000}X${++n}`;
  await k.createAccount(account, PASSWORD, { gmLevel: o.gmLevel ?? 0 });
  const row = await k.createCharacter(account, name, { ...at, realm: o.realm, race: o.race });
  const c = await connectVia(k, gateway, account);
  await c.enumCharacters();
  await c.enterWorld(BigInt(row.guid));
  return { c, name, guid: row.guid, account };
}

/** SRP6 login at the cluster's login server, then the world handshake on `gateway`. */
export async function connectVia(k: Cluster, gateway: string, account: string, timeoutMs = 8000): Promise<HeadlessClient> {
  const c = new HeadlessClient({ timeoutMs });
  await c.login({ host: "127.0.0.1", port: k.authPort, user: account, password: PASSWORD });
  await c.connectWorld(k.proc(gateway).worldAddress);
  return c;
}

/** The first chat line (SMSG_MESSAGECHAT or the GM variant) at or after `since` that matches (waits up to timeoutMs). */
export async function waitChat(c: HeadlessClient, pred: (m: ServerMessageChat) => boolean, since = 0, timeoutMs = 5000): Promise<ServerMessageChat> {
  const decode = (x: { opcode: number; payload: Uint8Array }) => readServerMessageChat(new ByteReader(x.payload), x.opcode === Opcode.SMSG_GM_MESSAGECHAT);
  const end = performance.now() + timeoutMs;
  for (;;) {
    const hit = c.world!.log.find((x) => x.seq >= since && (x.opcode === Opcode.SMSG_MESSAGECHAT || x.opcode === Opcode.SMSG_GM_MESSAGECHAT) && pred(decode(x)));
    if (hit) return decode(hit);
    if (performance.now() > end) throw new Error(`no matching chat line within ${timeoutMs} ms`);
    await Bun.sleep(10);
  }
}

/**
 * Waits for SMSG_NEW_WORLD at or after `since`, then for the client's own create block after
 * it (the new host answered MSG_MOVE_WORLDPORT_ACK): the player is back in the world.
 */
export async function waitNewWorld(c: HeadlessClient, since: number, timeoutMs = 15_000): Promise<{ map: number; x: number; y: number; z: number; at: number }> {
  const nw = await c.world!.waitFor(Opcode.SMSG_NEW_WORLD, undefined, timeoutMs, since);
  const pos = readWorldPosition(new ByteReader(nw.payload));
  const end = performance.now() + timeoutMs;
  while (!created(c, nw.seq).includes(c.guid)) {
    if (performance.now() > end) throw new Error(`no self create block after SMSG_NEW_WORLD within ${timeoutMs} ms`);
    await Bun.sleep(10);
  }
  return { ...pos, at: performance.now() };
}
