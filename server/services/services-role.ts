// The "services" role: receives client packets for plugin-owned opcodes from the
// gateways, decodes them with the plugin's message definition (guarded: a malformed
// packet is logged and skipped, never a process event), and runs the plugin's handler.
// Packets of one session are handled in order, one at a time. Chat lines that are GM
// commands go to the command registry instead. The role announces its opcodes to the
// gateways on start, after every plugin swap, and when a gateway says hello.
import type { CommandInvoker, SessionHandle } from "../api/plugin.ts";
import type { GatewayLink } from "../bus/gateway-link.ts";
import type { ClientPacket } from "../bus/packet-envelope.ts";
import { forEachClientPacket } from "../bus/client-batch.ts";
import type { Bus, Subscription } from "../bus/port.ts";
import { jsonBytes } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import { isCommandText } from "../commands/parse.ts";
import { describeError } from "../kernel/errors.ts";
import type { Logger } from "../kernel/logger.ts";
import type { Metrics } from "../kernel/metrics.ts";
import { decode, encodeBody, type DecodeResult, type MessageDef } from "../protocol/message.ts";
import { Opcode, opcodeName } from "../protocol/opcodes.ts";
import { ChatMsg, CMSG_MESSAGECHAT, SMSG_MESSAGECHAT, systemMessage, type ClientChat } from "../protocol/world/chat.ts";
import { Writer } from "../protocol/writer.ts";
import { OPCODE_TABLE, type OpcodeEntry } from "./context.ts";
import type { Presence } from "../ops/presence.ts";
import type { PluginRuntime } from "./runtime.ts";
import { AdminResponder } from "./admin.ts";

/** Chat types that never carry commands. */
const NO_COMMAND_TYPES = new Set<number>([ChatMsg.AFK, ChatMsg.DND]);

/** Is this chat line a GM command (`.x` / `!x` in a chat type that may carry one)? */
function isCommandChat(m: ClientChat): boolean {
  return !NO_COMMAND_TYPES.has(m.type) && isCommandText(m.message);
}

export class ServicesRole {
  private subs: Subscription[] = [];
  private chains = new Map<string, Promise<void>>();
  private w = new Writer(512);
  private stopSwap: (() => void) | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private admin: AdminResponder | undefined;
  private decodeErrors;
  private handled;

  constructor(
    private o: {
      realmId: number;
      nodeId: string;
      bus: Bus;
      link: GatewayLink;
      runtime: PluginRuntime;
      presence: Presence;
      log: Logger;
      metrics: Metrics;
      /** account name by id, for the command invoker's actor ("account:NAME") */
      accountName?: (id: number) => Promise<string | undefined>;
    },
  ) {
    this.decodeErrors = o.metrics.counter("realm_services_decode_errors_total", "malformed client packets skipped by services", ["opcode"]);
    this.handled = o.metrics.counter("realm_services_packets_total", "client packets handled by plugins", ["opcode"]);
  }

  start(): void {
    const { bus, realmId, nodeId } = this.o;
    this.subs.push(bus.subscribe(Subjects.svc(realmId, nodeId), (m) => this.onPacket(m.data)));
    this.subs.push(bus.subscribe(Subjects.routesHello(realmId), () => this.announce()));
    this.stopSwap = this.o.runtime.onSwap(() => this.announce());
    this.heartbeat = setInterval(() => this.announce(), 10_000);
    this.announce();
    // commands and plugin lists for processes without a plugin host (web-only)
    this.admin = new AdminResponder({ realmId, bus, runtime: this.o.runtime, log: this.o.log });
    this.admin.start();
  }

  stop(): void {
    clearInterval(this.heartbeat);
    this.admin?.stop();
    this.stopSwap?.();
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
    this.o.bus.publish(Subjects.routes(this.o.realmId), jsonBytes({ host: this.o.nodeId, opcodes: [], gone: true }));
  }

  /** Opcodes this process serves: every plugin opcode, and chat for commands. */
  opcodes(): number[] {
    const t = this.o.runtime.host.tables.get(OPCODE_TABLE);
    const ops = new Set<number>([Opcode.CMSG_MESSAGECHAT]);
    if (t) for (const k of t.keys()) ops.add(Number(k));
    return [...ops].sort((a, b) => a - b);
  }

  announce(): void {
    this.o.bus.publish(Subjects.routes(this.o.realmId), jsonBytes({ host: this.o.nodeId, opcodes: this.opcodes(), at: Date.now() }));
  }

  private onPacket(data: Uint8Array): void {
    forEachClientPacket(data, (p) => this.dispatch(p));
  }

  /** Packets of one session are handled one after another, in arrival order. */
  private dispatch(p: ClientPacket): void {
    const key = `${p.gatewayId}:${p.sessionId}`;
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.handle(p)).catch((e) => this.o.log.error({ err: e }, "service dispatch failed"));
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** A handle for the session a packet came from. */
  handleFor(p: Pick<ClientPacket, "gatewayId" | "sessionId" | "accountId" | "gmLevel" | "characterGuid">): SessionHandle {
    const { link, bus } = this.o;
    const w = this.w;
    return {
      gatewayId: p.gatewayId,
      sessionId: p.sessionId,
      accountId: p.accountId,
      gmLevel: p.gmLevel,
      characterGuid: p.characterGuid,
      send<T>(def: MessageDef<T>, value: T) {
        link.send(p.gatewayId, p.sessionId, def.opcode, encodeBody(def, value, w));
      },
      sendRaw(opcode: number, body: Uint8Array) {
        link.send(p.gatewayId, p.sessionId, opcode, body);
      },
      kick(reason: string) {
        bus.publish(Subjects.gatewayCtl(p.gatewayId), jsonBytes({ op: "kick", sessionId: p.sessionId, reason }));
      },
    };
  }

  private async handle(p: ClientPacket): Promise<void> {
    const session = this.handleFor(p);
    // a chat line is decoded once: for the command check and, when the owner reads it
    // with the same definition (the social plugin does), for the owner's handler
    let chat: DecodeResult<ClientChat> | undefined;
    if (p.opcode === Opcode.CMSG_MESSAGECHAT) {
      chat = decode(CMSG_MESSAGECHAT, p.payload);
      if (chat.ok && isCommandChat(chat.value)) return this.runCommand(p, chat.value.message, session);
    }
    const entry = this.o.runtime.host.entries<OpcodeEntry>(OPCODE_TABLE, String(p.opcode))[0];
    if (!entry) return;
    const r = chat && entry.value.def === CMSG_MESSAGECHAT ? chat : decode(entry.value.def, p.payload);
    if (!r.ok) {
      this.decodeErrors.inc({ opcode: opcodeName(p.opcode) });
      this.o.log.warn({ opcode: opcodeName(p.opcode), err: r.error.message, session: p.sessionId, account: p.accountId }, "malformed packet skipped");
      return;
    }
    this.handled.inc({ opcode: opcodeName(p.opcode) });
    try {
      await entry.value.handler(session, r.value);
    } catch (e) {
      this.o.runtime.host.fault(entry.plugin, `opcode ${opcodeName(p.opcode)}`, `account ${p.accountId}`, e);
    }
  }

  /** Runs a dot-command typed in chat. */
  private async runCommand(p: ClientPacket, line: string, session: SessionHandle): Promise<void> {
    const me = p.characterGuid ? await this.o.presence.byGuid(p.characterGuid) : undefined;
    const account = (await this.o.accountName?.(p.accountId).catch(() => undefined)) ?? String(p.accountId);
    const inv: CommandInvoker = {
      kind: "player",
      level: p.gmLevel,
      actor: `account:${account}`,
      accountId: p.accountId,
      session,
      characterGuid: p.characterGuid,
      characterName: me?.name,
      reply: (line) => {
        for (const part of line.split("\n")) session.send(SMSG_MESSAGECHAT, systemMessage(part));
      },
    };
    try {
      await this.o.runtime.commands.run(line, inv);
    } catch (e) {
      inv.reply(`command failed: ${describeError(e)}`);
    }
  }
}
