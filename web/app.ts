// The web plane: one Elysia app for the public site, the admin portal (/admin), the JSON
// API (/api/v1, OpenAPI at /openapi/json), /metrics and /health. It runs on the
// WebContext alone (web/ imports only server/api); server/web-role.ts builds the context
// and starts the listener, tests call app.handle().
import { html } from "@elysiajs/html";
import { jwt } from "@elysiajs/jwt";
import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";
import type { WebContext } from "../server/api/index.ts";
import { adminRoutes } from "./admin/index.ts";
import { apiRoutes } from "./api/index.ts";
import type { Deps } from "./deps.ts";
import { sharedKey } from "./http/keys.ts";
import { Web, type JwtSigner, type WebOptions } from "./http/web.tsx";
import { News } from "./news.ts";
import { accountRoutes } from "./public/account.tsx";
import { characterRoutes } from "./public/characters.tsx";
import { homeRoutes } from "./public/home.tsx";
import { loginRoutes } from "./public/login.tsx";
import { registerRoutes } from "./public/register.tsx";
import { statusRoutes } from "./public/status.tsx";
import { staticRoutes } from "./static.ts";

export type { WebOptions };

/** Paths only loopback clients may reach unless web.adminRemote is set. */
export function isAdminPath(path: string): boolean {
  return path === "/metrics" || path === "/admin" || path.startsWith("/admin/");
}

export async function createWebApp(ctx: WebContext, opts: WebOptions = {}) {
  const csrfKey = await sharedKey(ctx.cache, "csrf");
  const jwtKey = ctx.config.jwtSecret || (await sharedKey(ctx.cache, "jwt"));
  const signer = new Elysia().use(jwt({ name: "jwt", secret: jwtKey, exp: `${ctx.config.sessionTtlS}s` })).decorator.jwt as unknown as JwtSigner;
  const w = new Web(ctx, opts, csrfKey, signer);
  const deps: Deps = { w, ctx, news: new News(ctx.data, ctx.clock) };
  const isApi = (path: string) => path === "/api/v1" || path.startsWith("/api/v1/");

  return new Elysia({ name: "realmcore-web" })
    .use(html())
    .onRequest(({ request, server }) => {
      const path = new URL(request.url).pathname;
      if (isAdminPath(path) && !w.adminReachable(w.ipOf(request, server))) {
        return new Response("<!doctype html><title>Forbidden</title><h1>Forbidden</h1><p>This page answers only local clients.</p>", {
          status: 403,
          headers: { "content-type": "text/html; charset=utf-8" },
        });
      }
    })
    .onError(async ({ code, error, request }) => {
      const path = new URL(request.url).pathname;
      if (code === "VALIDATION") {
        const first = (error as { all?: { path?: string; summary?: string; message?: string }[] }).all?.[0];
        const field = first?.path?.replace(/^\//, "") || undefined;
        return w.json({ error: "validation", field, message: first?.summary ?? first?.message ?? "invalid request" }, 422);
      }
      if (code === "PARSE") return isApi(path) ? w.json({ error: "bad_request", message: "the body could not be parsed" }, 400) : new Response("bad request\n", { status: 400 });
      if (code === "NOT_FOUND") return isApi(path) ? w.json({ error: "not_found" }, 404) : w.notFound(await w.begin(request, null));
      ctx.log.error({ err: error, path }, "web request failed");
      return isApi(path) ? w.json({ error: "internal" }, 500) : new Response("internal error\n", { status: 500, headers: { "content-type": "text/plain" } });
    })
    .use(
      openapi({
        path: "/openapi",
        exclude: { paths: [/^\/(?!api\/v1\/)/] },
        documentation: {
          info: { title: "RealmCore API", version: ctx.version, description: "Launcher and automation API. Log in at POST /api/v1/login and send the token as `Authorization: Bearer <token>`." },
          components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
        },
      }),
    )
    .use(staticRoutes())
    .get("/health", () => w.json({ ok: true, realm: ctx.realm.id, node: ctx.node }), { detail: { hide: true } })
    .get("/metrics", async () => new Response(await ctx.metrics.text(), { headers: { "content-type": ctx.metrics.contentType } }), { detail: { hide: true } })
    .use(homeRoutes(deps))
    .use(registerRoutes(deps))
    .use(loginRoutes(deps))
    .use(accountRoutes(deps))
    .use(statusRoutes(deps))
    .use(characterRoutes(deps))
    .use(adminRoutes(deps))
    .use(apiRoutes(deps));
}

export type WebApp = Awaited<ReturnType<typeof createWebApp>>;
