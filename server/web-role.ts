// The web role: one Elysia listener (web/) for the public site, the admin portal,
// /api/v1, /metrics and /health. This file builds the WebContext web/ runs on from the
// realm (web/ imports only server/api) and starts the listener on web.port.
import { createWebApp } from "../web/app.ts";
import type { WebContext } from "./api/web.ts";
import { buildWebContext } from "./web-context.ts";
import type { Realm } from "./realm.ts";

export interface WebServer {
  port: number;
  /** what the app runs on (tests build their own app over it) */
  context: WebContext;
  stop(): Promise<void>;
}

export async function startWebServer(realm: Realm): Promise<WebServer> {
  const cfg = realm.config.web;
  const built = buildWebContext(realm);
  const app = await createWebApp(built.context);
  app.listen({ hostname: cfg.host, port: cfg.port, maxRequestBodySize: 1024 * 1024 });
  const port = app.server?.port ?? 0;
  realm.log.info({ port, host: cfg.host }, "web listening");
  return {
    port,
    context: built.context,
    stop: async () => {
      built.dispose();
      await app.stop(true);
    },
  };
}

/** The name realm.ts starts the role with (kept so the composition root needs no edit). */
export const startMetricsServer = startWebServer;
