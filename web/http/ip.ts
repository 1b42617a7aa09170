// Client addresses: the loopback test for /admin and /metrics, and the form used as a
// rate-limit and lockout subject (IPv4-mapped IPv6 written as plain IPv4).

export function normalizeIp(ip: string | undefined): string {
  const t = (ip ?? "").trim().toLowerCase();
  return t.startsWith("::ffff:") && t.includes(".") ? t.slice(7) : t;
}

export function isLoopback(ip: string | undefined): boolean {
  const n = normalizeIp(ip);
  return n === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(n);
}
