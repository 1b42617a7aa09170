// The web role's listener. Until the Elysia web plane (web/) is mounted, it serves the
// operator endpoints: /metrics (Prometheus text) and /health, to loopback clients only
// unless web.adminRemote is set.
import type { Realm } from "./realm.ts";

export interface WebServer {
  port: number;
  stop(): Promise<void>;
}

export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  return ip === "::1" || ip.startsWith("127.") || ip === "::ffff:127.0.0.1" || ip.startsWith("::ffff:127.");
}

export async function startMetricsServer(realm: Realm): Promise<WebServer> {
  const cfg = realm.config.web;
  const server = Bun.serve({
    hostname: cfg.host,
    port: cfg.port,
    fetch: async (req, srv) => {
      const url = new URL(req.url);
      const ip = srv.requestIP(req)?.address;
      if (url.pathname === "/metrics") {
        if (!cfg.adminRemote && !isLoopback(ip)) return new Response("forbidden\n", { status: 403 });
        return new Response(await realm.metrics.text(), { headers: { "content-type": realm.metrics.contentType } });
      }
      if (url.pathname === "/health") return Response.json({ ok: true, realm: realm.config.realm.id, node: realm.nodeId });
      return new Response("not found\n", { status: 404 });
    },
  });
  return { port: server.port ?? 0, stop: async () => void server.stop(true) };
}
