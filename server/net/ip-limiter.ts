// Counts open unauthenticated connections per remote IP, so one address cannot hold
// more than `max` of them (design: 32 by default, on both the login and world ports).

export class IpLimiter {
  private open = new Map<string, number>();
  constructor(private max: number) {}

  /** Takes a slot for `ip`; false when the IP already holds `max`. */
  acquire(ip: string): boolean {
    const n = this.open.get(ip) ?? 0;
    if (n >= this.max) return false;
    this.open.set(ip, n + 1);
    return true;
  }

  release(ip: string): void {
    const n = this.open.get(ip) ?? 0;
    if (n <= 1) this.open.delete(ip);
    else this.open.set(ip, n - 1);
  }

  count(ip: string): number {
    return this.open.get(ip) ?? 0;
  }

  get total(): number {
    let t = 0;
    for (const n of this.open.values()) t += n;
    return t;
  }
}
