// When a world host is lost (its heartbeats stopped, or the process driver saw it exit),
// the leader moves each of its players to a live host at the last saved position:
//
//   1. who was there: the registry's rows for the host (world_players), and the presence
//      entries naming it (the fresher of the two for the gateway session);
//   2. is the client still connected? (a `session` request to its gateway; the gateway kept
//      the TCP session the whole time);
//   3. the instance and host for the character's saved map, as for a login (waiting a
//      bounded time for a live host, e.g. while the driver restarts the only one);
//   4. `enter` mode "resume" on that host: it loads the character from the store and brings
//      the client over with the in-band bind, SMSG_TRANSFER_PENDING and SMSG_NEW_WORLD; the
//      client's MSG_MOVE_WORLDPORT_ACK completes it there.
//
// A player that cannot be resumed (client gone, no host in time) is marked offline in the
// store, and leaves presence and the registry: no character is lost, none stays "online".
import { jsonBytes, parseJson } from "../bus/port.ts";
import type { SessionStatus } from "../bus/session-control.ts";
import { Subjects } from "../bus/subjects.ts";
import type { SessionAddress } from "../bus/world-requests.ts";
import { describeError } from "../kernel/errors.ts";
import type { Orchestrator } from "./orchestrator.ts";

interface Stranded {
  guid: number;
  session: SessionAddress;
  gmLevel: number | undefined;
}

export interface RecoveryReport {
  host: string;
  players: number;
  resumed: number;
  offline: number;
  ms: number;
}

const PARALLEL = 16;
/** Recovery time buckets (ms): detection is part of it, so they reach well past the host timeout. */
const RECOVERY_BUCKETS = [100, 250, 500, 1000, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000, 30_000, 60_000];

/** The players the registry or presence still place on `host`. */
export async function playersOn(o: Orchestrator, host: string): Promise<Stranded[]> {
  const d = o.d;
  const out = new Map<number, Stranded>();
  for (const r of await d.store.registry.players(d.realmId, host)) out.set(r.guid, { guid: r.guid, session: { gatewayId: r.gatewayId, sessionId: r.sessionId }, gmLevel: undefined });
  for (const p of await d.presence.all()) {
    if (p.worldHost === host) out.set(p.guid, { guid: p.guid, session: { gatewayId: p.gatewayId, sessionId: p.sessionId }, gmLevel: p.gmLevel });
  }
  return [...out.values()];
}

export async function recoverHost(o: Orchestrator, host: string, why: string): Promise<RecoveryReport> {
  const d = o.d;
  const t0 = performance.now();
  const players = await playersOn(o, host);
  d.log.warn({ host, why, players: players.length }, "world host lost; moving its players");
  let resumed = 0;
  let offline = 0;
  for (let i = 0; i < players.length; i += PARALLEL) {
    const results = await Promise.all(players.slice(i, i + PARALLEL).map((p) => resumeOne(o, host, p)));
    for (const ok of results) ok ? resumed++ : offline++;
  }
  const ms = Math.round(performance.now() - t0);
  const report = { host, players: players.length, resumed, offline, ms };
  d.metrics?.counter("realm_orchestrator_hosts_lost_total", "world hosts declared lost").inc();
  d.metrics?.histogram("realm_orchestrator_recovery_ms", "from a host's loss being noticed to every player sent to a new host", RECOVERY_BUCKETS).observe(ms);
  d.log.warn({ ...report, why }, `world host ${host} lost: ${resumed} player(s) moved to live hosts, ${offline} marked offline, in ${ms} ms`);
  return report;
}

async function sessionAlive(o: Orchestrator, p: Stranded): Promise<boolean> {
  try {
    const m = await o.d.bus.request(Subjects.gatewayCtl(p.session.gatewayId), jsonBytes({ op: "session", sessionId: p.session.sessionId }), { timeoutMs: 2000 });
    const st = parseJson<SessionStatus>(m.data);
    return st.alive && (!st.guid || st.guid === p.guid);
  } catch {
    return false; // the gateway is gone too
  }
}

async function resumeOne(o: Orchestrator, lost: string, p: Stranded): Promise<boolean> {
  const d = o.d;
  try {
    const row = await d.store.characters.byGuid(p.guid);
    if (row && row.deletedAt === 0 && (await sessionAlive(o, p))) {
      const gmLevel = p.gmLevel ?? (await d.store.accounts.byId(row.accountId))?.gmLevel ?? 0;
      const deadline = performance.now() + Math.max(10_000, 2 * d.config.hostTimeoutMs);
      for (;;) {
        const { instanceId, host } = await o.instanceFor(row.map, p.guid);
        if (host) {
          const r = await o.request(host, { op: "enter", mode: "resume", guid: p.guid, session: p.session, accountId: row.accountId, gmLevel, instanceId });
          if (r.ok) return true;
          d.log.warn({ guid: p.guid, host, reason: r.reason, message: r.message }, "resume refused");
          break;
        }
        if (performance.now() > deadline) {
          d.log.warn({ guid: p.guid }, "no live world host to resume on");
          break;
        }
        await Bun.sleep(250);
      }
      // the client is still connected but cannot be placed: close it rather than leave it hanging
      d.bus.publish(Subjects.gatewayCtl(p.session.gatewayId), jsonBytes({ op: "kick", sessionId: p.session.sessionId, reason: "world host lost and no other could take the character" }));
    }
  } catch (e) {
    d.log.warn({ err: describeError(e), guid: p.guid }, "resume failed");
  }
  await markOffline(o, lost, p);
  return false;
}

async function markOffline(o: Orchestrator, lost: string, p: Stranded): Promise<void> {
  const d = o.d;
  await d.store.characters.update(p.guid, { online: false, logoutAt: d.clock.now() }).catch((e) => d.log.warn({ err: e, guid: p.guid }, "online flag not cleared"));
  await d.presence.remove(p.guid, p.session).catch(() => {});
  await d.store.registry.removePlayer(d.realmId, p.guid, lost).catch(() => {});
}
