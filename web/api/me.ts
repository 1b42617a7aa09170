// /api/v1/me: account self-service with a bearer token.
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { validate } from "../http/forms.ts";
import { PASSWORD_FORM } from "../public/account.tsx";
import { charactersOf } from "../queries.ts";
import { bearer, issueToken } from "./auth.ts";
import { banJson, characterJson, selfJson } from "./json.ts";
import { doc } from "./schema.ts";

const { confirm: _, ...PASSWORD_BODY } = PASSWORD_FORM;

export function apiMeRoutes(d: Deps) {
  const { w, ctx } = d;
  return new Elysia({ name: "api-me" })
    .get(
      "/api/v1/me",
      async ({ request }) => {
        const a = await bearer(d, request);
        if (a instanceof Response) return a;
        const [ban, bans] = await Promise.all([ctx.bans.activeAccountBan(a.id), ctx.bans.accountBans(a.id)]);
        return w.json({ account: selfJson(a), ban: banJson(ban), bans: bans.map(banJson) });
      },
      { detail: doc("The account behind the token, with its bans", "account", { auth: true }) },
    )
    .get(
      "/api/v1/me/characters",
      async ({ request }) => {
        const a = await bearer(d, request);
        if (a instanceof Response) return a;
        const { rows } = await charactersOf(ctx, a.id);
        return w.json({ characters: rows.map((c) => characterJson(c, ctx.content)) });
      },
      { detail: doc("The account's characters on every realm", "account", { auth: true }) },
    )
    .post(
      "/api/v1/me/password",
      async ({ request, server, body }) => {
        const a = await bearer(d, request);
        if (a instanceof Response) return a;
        const v = validate(PASSWORD_BODY, body);
        if (!v.ok) return w.json({ error: "validation", fields: v.errors }, 422);
        const ip = w.ipOf(request, server);
        if (!(await ctx.accounts.verifyPassword(a.name, v.values.current))) {
          await ctx.throttle.recordFailure("ip", ip || "unknown");
          return w.json({ error: "validation", fields: { current: "That is not your current password" } }, 422);
        }
        await ctx.accounts.setPassword(a.name, v.values.password, { actor: `web:${a.name}`, actorAccountId: a.id, ip });
        const fresh = await ctx.accounts.byId(a.id);
        // the old token is void now (its credential stamp changed); here is a new one
        return w.json({ ok: true, ...(fresh ? await issueToken(d, fresh) : {}) });
      },
      { detail: doc("Changes the password (the game uses the new one too); returns a new token", "account", { auth: true, body: PASSWORD_BODY }) },
    );
}
