// Counts open unauthenticated connections per remote IP, so one address cannot hold
// more than `max` of them (auth.maxUnauthPerIp, 32 by default).

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
}
