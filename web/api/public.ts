// /api/v1 for everyone: login (a JWT), realm list and status, who is online, characters.
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { validate } from "../http/forms.ts";
import { attemptLogin } from "../http/login.ts";
import { LOGIN_FORM } from "../public/login.tsx";
import { issueToken } from "./auth.ts";
import { characterJson, onlineJson, realmJson, selfJson } from "./json.ts";
import { doc } from "./schema.ts";

const { next: _, ...LOGIN_BODY } = LOGIN_FORM;

export function apiPublicRoutes(d: Deps) {
  const { w, ctx } = d;
  return new Elysia({ name: "api-public" })
    .post(
      "/api/v1/login",
      async ({ request, server, body }) => {
        const v = validate(LOGIN_BODY, body);
        if (!v.ok) return w.json({ error: "validation", fields: v.errors }, 422);
        const r = await attemptLogin(ctx, v.values.name, v.values.password, w.ipOf(request, server), "api");
        if (!r.ok) return w.json({ error: r.reason === "operator_locked" ? "locked" : "invalid_credentials", message: r.message }, r.reason === "operator_locked" ? 403 : 401);
        return w.json({ ...(await issueToken(d, r.account)), account: selfJson(r.account) });
      },
      { detail: doc("Log in; returns a JWT for the Authorization header (throttled with the game login's counters)", "auth", { body: LOGIN_BODY }) },
    )
    .get("/api/v1/realms", async () => w.json({ realms: (await ctx.realms.list()).map(realmJson) }), { detail: doc("The realm list with status", "realms") })
    .get(
      "/api/v1/realms/:id",
      async ({ params }) => {
        const r = /^\d{1,3}$/.test(params.id) ? await ctx.realms.get(Number(params.id)) : undefined;
        return r ? w.json(realmJson(r)) : w.json({ error: "not_found" }, 404);
      },
      { detail: doc("One realm's status (online, uptime, players, population)", "realms") },
    )
    .get(
      "/api/v1/online",
      async () => {
        const players = (await ctx.sessions.online()).sort((a, b) => a.name.localeCompare(b.name));
        return w.json({ realmId: ctx.realm.id, count: players.length, players: players.map(onlineJson) });
      },
      { detail: doc("Characters in the world on this realm", "realms") },
    )
    .get(
      "/api/v1/characters/:realm/:name",
      async ({ params }) => {
        const realmId = /^\d{1,3}$/.test(params.realm) ? Number(params.realm) : -1;
        const c = realmId >= 0 && params.name.length <= 48 ? await ctx.characters.byName(realmId, params.name) : undefined;
        if (!c) return w.json({ error: "not_found" }, 404);
        const { atLogin: _a, deletedAt: _d, ...pub } = characterJson(c, ctx.content);
        return w.json(pub);
      },
      { detail: doc("A character's public page", "characters") },
    );
}
