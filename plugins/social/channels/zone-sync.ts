// Zone channels joined by the server: on login and whenever a character's zone changes.
// Zone changes are read from the presence table (the world host writes the zone on
// CMSG_ZONEUPDATE) every zonePollMs by each process that runs the services role; joins of
// constant channels are idempotent, so two processes noticing the same change is harmless.
import type { OnlinePlayer } from "../../../server/api/index.ts";
import type { Social } from "../social.ts";
import type { Channels } from "./channels.ts";
import { autoChannels, CONSTANT_CHANNELS } from "./zone.ts";

const AUTO_IDS = new Set(CONSTANT_CHANNELS.filter((c) => c.auto).map((c) => c.id));

export class ZoneChannels {
  private lastZone = new Map<number, number>();
  private polling = false;

  constructor(
    private X: Social,
    private ch: Channels,
    private onZoneChange: (p: OnlinePlayer) => Promise<void>,
  ) {}

  /** Leaves the automatic channels of other zones and joins this zone's. */
  async sync(p: OnlinePlayer): Promise<void> {
    this.lastZone.set(p.guid, p.zone);
    if (!this.X.cfg.zoneChannels) return;
    const want = autoChannels(p.zone);
    const wantKeys = new Set(want.map((w) => this.ch.key(w.name, p.race)));
    for (const key of await this.ch.of(p.guid)) {
      if (wantKeys.has(key)) continue;
      const c = await this.ch.get(key);
      if (c && AUTO_IDS.has(c.id)) await this.ch.leave(p, p, c.name);
    }
    for (const w of want) {
      const c = await this.ch.get(this.ch.key(w.name, p.race));
      if (c?.members.some((m) => m.guid === p.guid)) continue;
      await this.ch.join(p, p, w.name, "", w.id);
    }
  }

  /** One pass over the presence table. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const seen = new Set<number>();
      for (const p of await this.X.ctx.sessions.online()) {
        seen.add(p.guid);
        const last = this.lastZone.get(p.guid);
        if (last === p.zone) continue;
        await this.sync(p);
        if (last !== undefined) await this.onZoneChange(p);
      }
      for (const g of [...this.lastZone.keys()]) if (!seen.has(g)) this.lastZone.delete(g);
    } finally {
      this.polling = false;
    }
  }

  forget(guid: number): void {
    this.lastZone.delete(guid);
  }
}

