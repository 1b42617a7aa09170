// The gateway's session lifecycle: SMSG_AUTH_CHALLENGE, CMSG_AUTH_SESSION checks,
// AUTH_OK and the session extras, the login queue, one session per account, entering
// the world through the orchestrator, and the world's in-band bind/unbind controls.
import { requestLeader } from "../bus/leader-request.ts";
import { jsonBytes, parseJson } from "../bus/port.ts";
import { Subjects } from "../bus/subjects.ts";
import { describeError } from "../kernel/errors.ts";
import { sessionLogger } from "../kernel/logger.ts";
import { decode } from "../protocol/message.ts";
import { ServerHeaderCrypt } from "../protocol/header-crypt.ts";
import { addonInfoFor, SMSG_ADDON_INFO } from "../protocol/world/addons.ts";
import { authOk, CMSG_AUTH_SESSION, SMSG_AUTH_CHALLENGE, SMSG_AUTH_RESPONSE, type AuthSession } from "../protocol/world/auth.ts";
import { CMSG_PLAYER_LOGIN, SMSG_CHARACTER_LOGIN_FAILED } from "../protocol/world/char-screen.ts";
import { ResponseCodes } from "../protocol/world/response-codes.ts";
import { SMSG_CLIENTCACHE_VERSION, SMSG_TUTORIAL_FLAGS } from "../protocol/world/session.ts";
import type { EnterReply, EnterRequest, SessionControl } from "../bus/session-control.ts";
import type { Gateway } from "./gateway.ts";
import { checkAuthSession } from "./handshake.ts";
import { SessionRateLimiter } from "./rate-limits.ts";
import type { WorldSession } from "./session.ts";

/** SMSG_CHARACTER_LOGIN_FAILED reasons (the small enum, protocol.md §2.9). */
export const LoginFailed = { FAILED: 0, NO_WORLD: 1, DUPLICATE: 2, NO_INSTANCES: 3, DISABLED: 4, NO_CHARACTER: 5, LOCKED: 6, BILLING: 7 } as const;

/** Cache key naming the account's current session (one per account, cluster-wide). */
export const accountSessionKey = (accountId: number) => `acct:${accountId}:session`;
/** The value at accountSessionKey (JSON). */
interface AccountSessionRecord {
  gatewayId: number;
  sessionId: number;
  state: "charscreen" | "loading" | "world";
  /** when it was written (ms, the writer's clock) */
  at?: number;
}
/**
 * A "loading" record older than this is not honoured (its gateway died mid-login): longer
 * than the enter request can take (15 s, plus 10 s of an orchestrator failover).
 */
export const LOADING_STALE_MS = 30_000;
/** Cache hash of the sessions admitted past the login queue (field `<gateway>:<session>`). */
export const admittedKey = (realm: number) => `realm:${realm}:admitted`;

export class GatewayAuth {
  private handshaking = new Set<WorldSession>();
  private queue: WorldSession[] = [];

  constructor(
    private g: Gateway,
    private budgets: Uint16Array,
  ) {}

  isHandshaking(s: WorldSession): boolean {
    return this.handshaking.has(s);
  }

  sendChallenge(s: WorldSession): void {
    const seeds = crypto.getRandomValues(new Uint8Array(36));
    s.serverSeed = new DataView(seeds.buffer).getUint32(0, true);
    this.g.send(s, SMSG_AUTH_CHALLENGE, { unknown: 1, serverSeed: s.serverSeed, seed1: seeds.subarray(4, 20), seed2: seeds.subarray(20, 36) });
  }

  async checkIpBan(s: WorldSession): Promise<void> {
    try {
      const ban = await this.g.d.store.bans.activeIpBan(s.ip, this.g.d.clock.now());
      if (ban && s.state === "authing") {
        this.g.m.refused.inc({ reason: "ip_ban" });
        this.g.close(s, "banned IP");
      }
    } catch (e) {
      s.log.error({ err: e }, "IP ban check failed");
    }
  }

  /** Plain (unencrypted) one-byte SMSG_AUTH_RESPONSE, then close. */
  private refuse(s: WorldSession, result: number, reason: string): void {
    this.g.m.authFailed.inc({ result: String(result) });
    s.log.info({ result, reason, account: s.accountName || undefined }, "world login refused");
    this.g.send(s, SMSG_AUTH_RESPONSE, { result });
    this.g.close(s, `auth refused: ${reason}`);
  }

  onAuthSession(s: WorldSession, payload: Uint8Array): void {
    const r = decode(CMSG_AUTH_SESSION, payload);
    if (!r.ok) {
      this.g.m.badFrames.inc();
      s.log.warn({ err: r.error.message }, "malformed CMSG_AUTH_SESSION");
      return this.g.close(s, "malformed CMSG_AUTH_SESSION");
    }
    this.handshaking.add(s);
    // nothing is read while the store and cache answer (bounds what a client can queue)
    s.socket.pause();
    void this.finishAuth(s, r.value)
      .catch((e) => this.authFailed(s, e))
      .finally(() => {
        this.handshaking.delete(s);
        if (s.state === "closed") return;
        // frames that arrived with CMSG_AUTH_SESSION (encrypted headers) can go now
        s.socket.resume();
        this.g.processFrames(s);
      });
  }

  /** A store, cache or bus call failed during the login: that session is refused (0x11) or closed, nothing else. */
  private authFailed(s: WorldSession, e: unknown): void {
    s.log.error({ err: e }, "world login failed");
    if (s.closed) return;
    if (s.state === "authing") return this.refuse(s, ResponseCodes.AUTH_SYSTEM_ERROR, describeError(e));
    this.g.close(s, `world login failed: ${describeError(e)}`);
  }

  private async finishAuth(s: WorldSession, msg: AuthSession): Promise<void> {
    const d = this.g.d;
    if (this.g.closing) return this.refuse(s, ResponseCodes.AUTH_SERVER_SHUTTING_DOWN, "shutting down");
    const res = await checkAuthSession(msg, s.serverSeed, {
      store: d.store,
      cache: d.cache,
      clock: d.clock,
      builds: d.config.auth.builds,
      sessionKeyTtlMs: d.config.auth.sessionKeyTtlS * 1000,
    });
    if (s.closed) return;
    s.accountName = msg.account.toUpperCase();
    s.addons = msg.addons;
    if (!res.ok) return this.refuse(s, res.result, res.reason);
    const a = res.account;
    s.accountId = a.id;
    s.gmLevel = a.gmLevel;
    s.expansion = a.expansion;
    s.log = sessionLogger(d.log, { id: s.id, account: a.name, ip: s.ip });

    // one session per account: refuse while the other one is entering the world,
    // otherwise the old connection is closed (protocol.md §2.13.2)
    const prevRaw = await d.cache.get(accountSessionKey(a.id));
    if (prevRaw) {
      const prev = JSON.parse(prevRaw) as AccountSessionRecord;
      const alive = prev.gatewayId === this.g.id ? this.g.sessions.has(prev.sessionId) : this.g.bus.gatewayAlive(prev.gatewayId);
      const loading = prev.state === "loading" && (prev.gatewayId === this.g.id || d.clock.now() - (prev.at ?? 0) < LOADING_STALE_MS);
      if (alive && loading) return this.refuse(s, ResponseCodes.AUTH_ALREADY_LOGGING_IN, "previous session still loading");
      if (alive) {
        if (prev.gatewayId === this.g.id) {
          const old = this.g.sessions.get(prev.sessionId);
          if (old) this.g.close(old, "second login of the account");
        } else {
          d.bus.publish(Subjects.gatewayCtl(prev.gatewayId), jsonBytes({ op: "kick", sessionId: prev.sessionId, reason: "second login of the account" }));
        }
      }
    }
    if (s.closed) return;
    await this.recordAccountSession(s, "charscreen");

    // from here on, headers are encrypted both ways
    s.crypt = new ServerHeaderCrypt(res.K);
    s.frames.setCrypt(s.crypt);
    const g = d.config.gateway;
    s.limiter = new SessionRateLimiter(this.budgets, d.clock, g.rateLimitPolicy, { answered: g.pingsAnswered, kick: g.pingsKick });
    this.g.releaseIpSlot(s);
    this.g.m.authOk.inc();

    const admitted = await d.cache.hlen(admittedKey(this.g.realmId));
    if (s.gmLevel === 0 && admitted >= d.config.realm.playerLimit) {
      s.state = "queued";
      s.queuedAt = d.clock.now();
      this.queue.push(s);
      this.g.send(s, SMSG_AUTH_RESPONSE, { result: ResponseCodes.AUTH_WAIT_QUEUE, queuePosition: this.queue.length, queueFlag: 0 });
      return;
    }
    await this.admit(s);
  }

  private async admit(s: WorldSession): Promise<void> {
    const d = this.g.d;
    await d.cache.hset(admittedKey(this.g.realmId), `${this.g.id}:${s.id}`, String(d.clock.now()));
    if (s.closed) {
      await d.cache.hdel(admittedKey(this.g.realmId), `${this.g.id}:${s.id}`);
      return;
    }
    s.state = "charscreen";
    s.lastPacketAt = d.clock.now();
    this.g.send(s, SMSG_AUTH_RESPONSE, authOk(s.expansion));
    this.g.send(s, SMSG_ADDON_INFO, addonInfoFor(s.addons));
    this.g.send(s, SMSG_CLIENTCACHE_VERSION, { version: 0 });
    this.g.send(s, SMSG_TUTORIAL_FLAGS, { flags: new Array(8).fill(0xffffffff) });
    this.g.publishSessionEvent({ op: "opened", gatewayId: this.g.id, sessionId: s.id, accountId: s.accountId, ip: s.ip });
  }

  /**
   * Admits queued sessions while there is room; tells the rest their position. Never
   * rejects: a cache failure is logged and the queue stays as it is for the next update.
   */
  async updateQueue(): Promise<void> {
    if (this.queue.length === 0) return;
    const d = this.g.d;
    this.queue = this.queue.filter((s) => s.state === "queued");
    try {
      let admitted = await d.cache.hlen(admittedKey(this.g.realmId));
      while (this.queue.length > 0 && admitted < d.config.realm.playerLimit) {
        const s = this.queue.shift()!;
        try {
          await this.admit(s);
        } catch (e) {
          if (s.state === "queued") this.queue.unshift(s); // first in line at the next update
          throw e;
        }
        admitted++;
      }
    } catch (e) {
      d.log.warn({ err: e }, "login queue update failed");
    }
    this.queue.forEach((s, i) => this.g.send(s, SMSG_AUTH_RESPONSE, { result: ResponseCodes.AUTH_WAIT_QUEUE, queuePosition: i + 1, queueFlag: 0 }));
  }

  private async recordAccountSession(s: WorldSession, state: AccountSessionRecord["state"]): Promise<void> {
    const rec: AccountSessionRecord = { gatewayId: this.g.id, sessionId: s.id, state, at: this.g.d.clock.now() };
    await this.g.d.cache.set(accountSessionKey(s.accountId), JSON.stringify(rec));
  }

  /** recordAccountSession off the packet path: a cache failure is logged, the session goes on. */
  private noteAccountSession(s: WorldSession, state: AccountSessionRecord["state"]): void {
    this.recordAccountSession(s, state).catch((e) => s.log.warn({ err: e, state }, "the account's session record was not written"));
  }

  async onSessionClosed(s: WorldSession): Promise<void> {
    const d = this.g.d;
    this.queue = this.queue.filter((q) => q !== s);
    try {
      await d.cache.hdel(admittedKey(this.g.realmId), `${this.g.id}:${s.id}`);
      const cur = await d.cache.get(accountSessionKey(s.accountId));
      if (cur) {
        const c = JSON.parse(cur) as AccountSessionRecord;
        if (c.gatewayId === this.g.id && c.sessionId === s.id) await d.cache.del(accountSessionKey(s.accountId));
      }
    } catch (e) {
      d.log.warn({ err: e }, "session cleanup in the cache failed");
    }
    void this.updateQueue();
  }

  /** CMSG_PLAYER_LOGIN: ask the orchestrator to place the character. */
  onPlayerLogin(s: WorldSession, payload: Uint8Array): void {
    const r = decode(CMSG_PLAYER_LOGIN, payload);
    if (!r.ok) return this.g.close(s, "malformed CMSG_PLAYER_LOGIN");
    const guid = Number(r.value.guid & 0xffffffffn);
    if (r.value.guid > 0xffffffffn || guid === 0) return this.g.send(s, SMSG_CHARACTER_LOGIN_FAILED, { reason: LoginFailed.NO_CHARACTER });
    s.state = "loading";
    s.pendingWorld = [];
    this.noteAccountSession(s, "loading");
    const req: EnterRequest = { gatewayId: this.g.id, sessionId: s.id, accountId: s.accountId, accountName: s.accountName, gmLevel: s.gmLevel, guid };
    const d = this.g.d;
    // an orchestrator failover is waited out (no responders for a moment) rather than failing the login
    requestLeader(d.bus, Subjects.orchestrator(this.g.realmId, "enter"), jsonBytes(req), { timeoutMs: 15_000 })
      .then((m) => {
        const rep = parseJson<EnterReply>(m.data);
        if (s.closed) return;
        if (rep.ok) {
          if (s.state === "loading") this.bind(s, rep.host, guid, s.characterName);
        } else if (s.state === "loading") {
          this.enterFailed(s, rep.reason);
        }
      })
      .catch((e) => {
        s.log.warn({ err: describeError(e) }, "enter world request failed");
        if (s.state === "loading") this.enterFailed(s, LoginFailed.NO_WORLD);
      });
  }

  private enterFailed(s: WorldSession, reason: number): void {
    s.state = "charscreen";
    s.pendingWorld = [];
    this.noteAccountSession(s, "charscreen");
    this.g.send(s, SMSG_CHARACTER_LOGIN_FAILED, { reason });
  }

  private bind(s: WorldSession, host: string, guid: number, name: string): void {
    s.state = "world";
    s.worldHost = host;
    s.characterGuid = guid;
    s.characterName = name;
    this.noteAccountSession(s, "world");
    const pending = s.pendingWorld;
    s.pendingWorld = [];
    for (const p of pending) this.g.forward(Subjects.worldIn(this.g.realmId, host), s, p.opcode, p.payload);
  }

  /** In-band control from a world host. */
  onControl(s: WorldSession, c: SessionControl): void {
    switch (c.op) {
      case "bind":
        if (s.state === "loading" || s.state === "world") this.bind(s, c.host, c.guid, c.name);
        return;
      case "unbind":
        if (s.state === "world" || s.state === "loading") {
          s.state = "charscreen";
          s.worldHost = "";
          s.characterGuid = 0;
          s.characterName = "";
          this.noteAccountSession(s, "charscreen");
        }
        return;
      case "enter-failed":
        if (s.state === "loading") this.enterFailed(s, c.reason);
        return;
      case "kick":
        return this.g.close(s, c.reason);
    }
  }
}
