// Flood control (reliability.md §2.2, protocol.md §2.14.2, issue 8): at most
// `messageCount` chat lines in any `messageDelayMs` window; the next one is refused and
// mutes the speaker for `muteMs`. Times come from the realm clock. State is per character
// in this process: the gateway sends one account's packets to one services host.

export interface FloodRule {
  messageCount: number;
  messageDelayMs: number;
  muteMs: number;
}

interface Speaker {
  /** ring of the last messageCount send times */
  times: number[];
  next: number;
  mutedUntil: number;
}

export class FloodControl {
  private speakers = new Map<number, Speaker>();

  constructor(private rule: () => FloodRule) {}

  /** 0 = may speak (and counted); otherwise ms until the flood mute ends. */
  hit(guid: number, now: number): number {
    const r = this.rule();
    if (r.messageCount <= 0) return 0;
    let s = this.speakers.get(guid);
    if (!s) this.speakers.set(guid, (s = { times: [], next: 0, mutedUntil: 0 }));
    if (now < s.mutedUntil) return s.mutedUntil - now;
    if (s.times.length === r.messageCount) {
      const oldest = s.times[s.next]!;
      if (now - oldest < r.messageDelayMs) {
        s.mutedUntil = now + r.muteMs;
        s.times = [];
        s.next = 0;
        return r.muteMs || 1;
      }
      s.times[s.next] = now;
      s.next = (s.next + 1) % r.messageCount;
    } else {
      s.times.push(now);
    }
    return 0;
  }

  /** Ms left on a flood mute (without counting a message). */
  mutedFor(guid: number, now: number): number {
    const s = this.speakers.get(guid);
    return s && now < s.mutedUntil ? s.mutedUntil - now : 0;
  }

  forget(guid: number): void {
    this.speakers.delete(guid);
  }

  /** For snapshot()/restore across a plugin reload. */
  snapshot(): [number, number][] {
    return [...this.speakers].filter(([, s]) => s.mutedUntil > 0).map(([g, s]) => [g, s.mutedUntil]);
  }

  restore(entries: unknown): void {
    if (!Array.isArray(entries)) return;
    for (const e of entries) if (Array.isArray(e) && typeof e[0] === "number" && typeof e[1] === "number") this.speakers.set(e[0], { times: [], next: 0, mutedUntil: e[1] });
  }
}

/** "10 seconds", "2 minutes 5 seconds", "1 hour 3 minutes" (the wait in a mute notice). */
export function formatWait(ms: number): string {
  let s = Math.max(1, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const part = (n: number, u: string) => `${n} ${u}${n === 1 ? "" : "s"}`;
  const out: string[] = [];
  if (h) out.push(part(h, "hour"));
  if (m) out.push(part(m, "minute"));
  if (s && !h) out.push(part(s, "second"));
  return out.join(" ");
}
