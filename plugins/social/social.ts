// What every part of the social plugin shares: the plugin context and settings, the
// document stores and lock, one reusable Writer, and small send helpers. Created once
// per plugin generation in setup().
import { proto, type OnlinePlayer, type PluginContext, type SessionHandle } from "../../server/api/index.ts";

type MessageDef<T> = proto.MessageDef<T>;
import { FloodControl } from "./chat/flood.ts";
import { CacheDocs, Docs } from "./state/docs.ts";
import { KeyedLock } from "./state/lock.ts";
import type { SocialSettings } from "./settings.ts";

/** A session address: anything with a gateway and a session id (presence entries, handles). */
export type Addr = Pick<OnlinePlayer, "gatewayId" | "sessionId">;

export class Social {
  readonly cfg: SocialSettings;
  readonly docs: Docs;
  readonly vol: CacheDocs;
  readonly lock: KeyedLock;
  readonly flood: FloodControl;
  private w = new proto.Writer(1024);

  constructor(readonly ctx: PluginContext<SocialSettings>) {
    this.cfg = ctx.config;
    this.docs = new Docs(ctx.data, ctx.cache);
    this.vol = new CacheDocs(ctx.cache);
    this.lock = new KeyedLock(ctx.cache);
    this.flood = new FloodControl(() => this.cfg.flood);
  }

  now(): number {
    return this.ctx.now();
  }

  /** Encodes a body into a fresh array (safe to keep or send many times). */
  encode<T>(def: MessageDef<T>, v: T): Uint8Array {
    return proto.encodeBody(def, v, this.w).slice();
  }

  send<T>(to: Addr | SessionHandle, def: MessageDef<T>, v: T): void {
    this.sendRaw(to, def.opcode, proto.encodeBody(def, v, this.w));
  }

  sendRaw(to: Addr | SessionHandle, opcode: number, body: Uint8Array): void {
    if ("sendRaw" in to) to.sendRaw(opcode, body);
    else this.ctx.sessions.sendTo(to, opcode, body);
  }

  /** A yellow centre-screen line (SMSG_NOTIFICATION). */
  notify(to: Addr | SessionHandle, text: string): void {
    this.send(to, proto.SMSG_NOTIFICATION, { text });
  }

  /** A SYSTEM chat line. */
  system(to: Addr | SessionHandle, text: string): void {
    for (const m of proto.systemMessages(text)) this.send(to, proto.SMSG_MESSAGECHAT, m);
  }

  player(guid: number): Promise<OnlinePlayer | undefined> {
    return this.ctx.sessions.byGuid(guid);
  }

  /** The in-world character behind a session (undefined at the character screen). */
  async me(s: SessionHandle): Promise<OnlinePlayer | undefined> {
    if (!s.characterGuid) return undefined;
    return this.ctx.sessions.byGuid(s.characterGuid);
  }

  /** Runs an async task started from a synchronous hook; failures are logged, never thrown. */
  background(what: string, task: () => Promise<unknown>): void {
    void task().catch((e) => this.ctx.log.warn({ err: e, what }, "social task failed"));
  }
}

export function guidOf(n: number): bigint {
  return BigInt(n);
}

/** Low 32 bits of a player guid from the wire (player guids have high type 0). */
export function lowGuid(g: bigint): number {
  return Number(g & 0xffffffffn);
}

export function isPlayerGuid(g: bigint): boolean {
  return g >> 52n === 0n && g !== 0n;
}
