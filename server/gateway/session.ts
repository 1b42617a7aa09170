// One client connection on the world port.
import type { Socket } from "bun";
import type { Logger } from "../kernel/logger.ts";
import { InboundBuffer } from "../net/inbound.ts";
import { OutboundBuffer } from "../net/outbound.ts";
import type { ServerHeaderCrypt } from "../protocol/header-crypt.ts";
import type { AddonEntry } from "../protocol/world/addons.ts";
import { ClientFrameDecoder, CLIENT_HEADER_LENGTH, CLIENT_PAYLOAD_MAX } from "../protocol/world-frame.ts";
import type { SessionRateLimiter } from "./rate-limits.ts";

export type SessionState =
  /** SMSG_AUTH_CHALLENGE sent, waiting for CMSG_AUTH_SESSION */
  | "authing"
  /** authenticated, waiting in the login queue */
  | "queued"
  /** at the character screen */
  | "charscreen"
  /** CMSG_PLAYER_LOGIN sent to the orchestrator, waiting for the world to bind */
  | "loading"
  /** bound to a world host */
  | "world"
  | "closed";

/**
 * The most one socket read delivers (uSockets' receive buffer). A session whose packets
 * wait for the next tick (maxPacketsPerTick) keeps the rest of the read it came in, so
 * the inbound cap is one read plus one partly received frame.
 */
export const MAX_SOCKET_READ = 512 * 1024;
export const INBOUND_CAP = MAX_SOCKET_READ + CLIENT_HEADER_LENGTH + CLIENT_PAYLOAD_MAX;

export interface SessionData {
  session: WorldSession;
}

export class WorldSession {
  state: SessionState = "authing";
  readonly inbound = new InboundBuffer(2048, INBOUND_CAP);
  readonly outbound = new OutboundBuffer(4096);
  readonly frames = new ClientFrameDecoder();
  crypt: ServerHeaderCrypt | null = null;
  serverSeed = 0;
  accountId = 0;
  accountName = "";
  gmLevel = 0;
  expansion = 2;
  characterGuid = 0;
  characterName = "";
  worldHost = "";
  /** client packets that arrived while loading, delivered once the world binds */
  pendingWorld: { opcode: number; payload: Uint8Array }[] = [];
  lastPacketAt: number;
  connectedAt: number;
  /** packets handled in the current gateway tick (fairness cap) */
  tickPackets = 0;
  /** a flush is due (something was queued) */
  dirty = false;
  /** kernel did not take everything: wait for drain */
  blocked = false;
  limiter: SessionRateLimiter | undefined;
  log: Logger;
  /** counted in the per-IP unauthenticated limit until it authenticates */
  holdsIpSlot = true;
  closeReason = "";
  queuedAt = 0;
  /** addons the client reported in CMSG_AUTH_SESSION (echoed in SMSG_ADDON_INFO) */
  addons: AddonEntry[] = [];

  constructor(
    readonly id: number,
    readonly socket: Socket<SessionData>,
    readonly ip: string,
    now: number,
    log: Logger,
  ) {
    this.lastPacketAt = now;
    this.connectedAt = now;
    this.log = log;
  }

  /** The connection is gone (a getter, so async code re-reads it after awaits). */
  get closed(): boolean {
    return this.state === "closed";
  }

  get authenticated(): boolean {
    return this.state !== "authing" && this.state !== "closed";
  }
}
