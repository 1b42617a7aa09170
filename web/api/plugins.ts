// /api/v1/plugins/<plugin>/...: API routes plugins register with ctx.web.api. Level 0
// routes answer anyone (accountId 0 without a token); others need a bearer token of
// at least the route's level (default 3). The result is sent as JSON.
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { ADMIN_LEVEL, type ServerLike } from "../http/web.tsx";
import { flatQuery, matchPluginRoute } from "../plugin-routes.ts";
import { bearer } from "./auth.ts";

export function apiPluginRoutes(d: Deps) {
  const { w, ctx } = d;
  const handle = async (request: Request, _server: ServerLike, plugin: string, rest: string, query: Record<string, unknown>, body: unknown) => {
    const m = matchPluginRoute(ctx.plugins.routes("api"), plugin, request.method, rest);
    if (!m) return w.json({ error: "not_found" }, 404);
    const level = m.route.level ?? ADMIN_LEVEL;
    let accountId = 0;
    let gmLevel = 0;
    if (level > 0 || request.headers.has("authorization")) {
      const a = await bearer(d, request, level);
      if (a instanceof Response) return a;
      accountId = a.id;
      gmLevel = a.gmLevel;
    }
    try {
      const out = await m.route.handler({ params: m.params, query: flatQuery(query), body, accountId, gmLevel });
      return out instanceof Response ? out : w.json(out ?? null);
    } catch (e) {
      ctx.plugins.fault(plugin, `web api ${m.route.method} ${m.route.path}`, e);
      return w.json({ error: "plugin_fault", message: "the plugin's handler failed; the fault was recorded" }, 500);
    }
  };
  return new Elysia({ name: "api-plugins" })
    .all("/api/v1/plugins/:plugin", ({ request, server, params, query, body }) => handle(request, server, params.plugin, "/", query, body), { detail: { hide: true } })
    .all("/api/v1/plugins/:plugin/*", ({ request, server, params, query, body }) => handle(request, server, params.plugin, params["*"], query, body), { detail: { hide: true } });
}
