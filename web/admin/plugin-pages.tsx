// /admin/plugins/<plugin>/...: admin pages plugins register with ctx.web.page. A string
// result is the plugin's own HTML (plugins are trusted code and escape their data, like
// the core pages); anything else is shown as escaped JSON; a Response passes through.
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { flatQuery, matchPluginRoute, pluginBody } from "../plugin-routes.ts";
import { ADMIN_LEVEL } from "../http/web.tsx";

export function adminPluginPageRoutes({ w, ctx }: Deps) {
  const handle = async (request: Request, server: Parameters<typeof w.begin>[1], plugin: string, rest: string, query: Record<string, unknown>, body: unknown) => {
    const m = matchPluginRoute(ctx.plugins.routes("page"), plugin, request.method, rest);
    const req = await w.admin(request, server, body, m?.route.level ?? ADMIN_LEVEL);
    if (req instanceof Response) return req;
    if (!m) return w.notFound(req, "plugin page");
    let out: unknown;
    try {
      out = await m.route.handler({ params: m.params, query: flatQuery(query), body: pluginBody(body), accountId: req.account!.id, gmLevel: req.account!.gmLevel });
    } catch (e) {
      ctx.plugins.fault(plugin, `web page ${m.route.method} ${m.route.path}`, e);
      return w.page(req, "Plugin error", <p class="error">The plugin page failed; the fault was recorded.</p>, { section: "admin", status: 500 });
    }
    if (out instanceof Response) return out;
    const title = m.route.title ?? `${plugin} ${m.route.path}`;
    const safePluginHtml = typeof out === "string" ? out : undefined;
    return w.page(
      req,
      title,
      <>
        <h1 safe>{title}</h1>
        {safePluginHtml ?? <pre safe>{JSON.stringify(out, null, 2) ?? ""}</pre>}
      </>,
      { section: "admin" },
    );
  };
  return new Elysia({ name: "admin-plugin-pages" })
    .all("/admin/plugins/:plugin", ({ request, server, params, query, body }) => handle(request, server, params.plugin, "/", query, body))
    .all("/admin/plugins/:plugin/*", ({ request, server, params, query, body }) => handle(request, server, params.plugin, params["*"], query, body));
}
