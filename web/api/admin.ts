// /api/v1/admin: the admin operations for automation (a token of GM level >= 3). The
// same actions as the portal's forms, audited with the actor web:<ACCOUNT>.
import { Elysia } from "elysia";
import type { AccountRow } from "../../server/api/index.ts";
import { accountActions, characterActions, REALM_FORM, targetAccount, targetCharacter, updateRealm, type ActionEnv, type ActionResult } from "../admin/actions.ts";
import { ANNOUNCE_FORM, MOTD_FORM } from "../admin/announce.tsx";
import { PAGE_SIZE, pageOf, runAction, str } from "../admin/common.ts";
import { CONSOLE_FORM } from "../admin/console.tsx";
import { PLUGIN_NAME_RE } from "../admin/mods.tsx";
import type { Deps } from "../deps.ts";
import { validate } from "../http/forms.ts";
import { ADMIN_LEVEL } from "../http/web.tsx";
import { charactersOf } from "../queries.ts";
import { bearer } from "./auth.ts";
import { accountJson, banJson, characterJson, realmJson } from "./json.ts";
import { doc } from "./schema.ts";

export function apiAdminRoutes(d: Deps) {
  const { w, ctx } = d;
  const admin = async (request: Request, server: Parameters<typeof w.ipOf>[1]): Promise<ActionEnv | Response> => {
    const a = await bearer(d, request, ADMIN_LEVEL);
    if (a instanceof Response) return a;
    return { ctx, actor: a, by: { actor: `web:${a.name}`, actorAccountId: a.id, ip: w.ipOf(request, server) } };
  };
  const answer = (r: ActionResult) => (r.ok ? w.json({ ok: true, message: r.message }) : w.json({ error: r.status === 422 ? "validation" : "refused", message: r.message, fields: r.errors }, r.status));
  const app = new Elysia({ name: "api-admin" })
    .get(
      "/api/v1/admin/dashboard",
      async ({ request, server }) => {
        const env = await admin(request, server);
        return env instanceof Response ? env : w.json(await ctx.stats.dashboard());
      },
      { detail: doc("Sessions, world instances (tick p50/p99, players), memory, bus health", "admin", { auth: true }) },
    )
    .get(
      "/api/v1/admin/accounts",
      async ({ request, server, query }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const page = pageOf(query.page);
        const rows: AccountRow[] = await ctx.accounts.list(str(query.q, 16) || undefined, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
        return w.json({ accounts: rows.map(accountJson), page });
      },
      { detail: doc("Search accounts by name (?q=, ?page=)", "admin", { auth: true }) },
    )
    .get(
      "/api/v1/admin/accounts/:name",
      async ({ request, server, params }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const a = /^[A-Za-z0-9]{1,16}$/.test(params.name) ? await ctx.accounts.get(params.name) : undefined;
        if (!a) return w.json({ error: "not_found" }, 404);
        const [ban, bans, chars] = await Promise.all([ctx.bans.activeAccountBan(a.id), ctx.bans.accountBans(a.id), charactersOf(ctx, a.id, { deleted: true })]);
        return w.json({ account: accountJson(a), ban: banJson(ban), bans: bans.map(banJson), characters: chars.rows.map((c) => characterJson(c, ctx.content)) });
      },
      { detail: doc("One account with its bans and characters", "admin", { auth: true }) },
    );

  for (const [name, action] of Object.entries(accountActions)) {
    app.post(
      `/api/v1/admin/accounts/:name/${name}`,
      async ({ request, server, params, body }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const t = await targetAccount(env, params.name);
        if ("error" in t) return answer(t.error);
        return answer(await runAction(env, action as never, t.account, body));
      },
      { detail: doc(`Account action: ${name}`, "admin", { auth: true, body: action.spec }) },
    );
  }
  app
    .get(
      "/api/v1/admin/characters",
      async ({ request, server, query }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const page = pageOf(query.page);
        const rows = await ctx.characters.search(str(query.q, 24), { deleted: query.deleted === "1", limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
        return w.json({ characters: rows.map((c) => characterJson(c, ctx.content)), page });
      },
      { detail: doc("Search characters by name (?q=, ?deleted=1, ?page=)", "admin", { auth: true }) },
    )
    .get(
      "/api/v1/admin/characters/:guid",
      async ({ request, server, params }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const c = /^\d{1,10}$/.test(params.guid) ? await ctx.characters.byGuid(Number(params.guid)) : undefined;
        if (!c) return w.json({ error: "not_found" }, 404);
        const online = c.realmId === ctx.realm.id ? await ctx.sessions.byGuid(c.guid) : undefined;
        return w.json({ character: characterJson(c, ctx.content), inWorld: online ? { worldHost: online.worldHost, map: online.map, zone: online.zone } : null });
      },
      { detail: doc("One character", "admin", { auth: true }) },
    );
  for (const [name, action] of Object.entries(characterActions)) {
    app.post(
      `/api/v1/admin/characters/:guid/${name}`,
      async ({ request, server, params, body }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const t = await targetCharacter(env, params.guid);
        if ("error" in t) return answer(t.error);
        return answer(await runAction(env, action as never, t.character, body));
      },
      { detail: doc(`Character action: ${name}`, "admin", { auth: true, body: action.spec }) },
    );
  }
  return app
    .get(
      "/api/v1/admin/realms",
      async ({ request, server }) => {
        const env = await admin(request, server);
        return env instanceof Response ? env : w.json({ realms: (await ctx.realms.list()).map(realmJson) });
      },
      { detail: doc("Realm rows", "admin", { auth: true }) },
    )
    .post(
      "/api/v1/admin/realms/:id",
      async ({ request, server, params, body }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const v = validate(REALM_FORM, body);
        if (!v.ok) return w.json({ error: "validation", fields: v.errors }, 422);
        return answer(await updateRealm(env, /^\d{1,3}$/.test(params.id) ? Number(params.id) : -1, v.values));
      },
      { detail: doc("Updates a realm row (name, address, type, flags, timezone, player limit)", "admin", { auth: true, body: REALM_FORM }) },
    )
    .get(
      "/api/v1/admin/plugins",
      async ({ request, server }) => {
        const env = await admin(request, server);
        return env instanceof Response ? env : w.json({ available: ctx.plugins.available, plugins: ctx.plugins.list() });
      },
      { detail: doc("Plugins and mods with their state and last errors", "admin", { auth: true }) },
    )
    .post(
      "/api/v1/admin/plugins/:name/:op",
      async ({ request, server, params }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const op = params.op;
        if ((op !== "reload" && op !== "enable" && op !== "disable") || !PLUGIN_NAME_RE.test(params.name) || !ctx.plugins.list().some((p) => p.name === params.name)) return w.json({ error: "not_found" }, 404);
        const answers = await ctx.plugins.control(op, params.name);
        await ctx.audit.write(env.by, `plugin.${op}`, params.name, { answers: answers.map((a) => ({ node: a.node, ok: a.ok, message: a.message })) });
        return w.json({ answers });
      },
      { detail: doc("reload, enable or disable a plugin on every process that hosts plugins", "admin", { auth: true }) },
    )
    .get(
      "/api/v1/admin/audit",
      async ({ request, server, query }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const page = pageOf(query.page);
        const rows = await ctx.audit.list({ actor: str(query.actor) || undefined, action: str(query.action) || undefined, target: str(query.target) || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
        return w.json({ entries: rows, page });
      },
      { detail: doc("The audit log (?actor=, ?action= prefix, ?target=, ?page=)", "admin", { auth: true }) },
    )
    .post(
      "/api/v1/admin/console",
      async ({ request, server, body }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const v = validate(CONSOLE_FORM, body);
        if (!v.ok) return w.json({ error: "validation", fields: v.errors }, 422);
        return w.json(await ctx.commands.run(v.values.command, { level: env.actor.gmLevel, actor: env.by.actor, accountId: env.actor.id, ip: env.by.ip }));
      },
      { detail: doc("Runs a GM command at the token's GM level", "admin", { auth: true, body: CONSOLE_FORM }) },
    )
    .post(
      "/api/v1/admin/announce",
      async ({ request, server, body }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const v = validate(ANNOUNCE_FORM, body);
        if (!v.ok) return w.json({ error: "validation", fields: v.errors }, 422);
        await ctx.announce(v.values.text, env.by);
        return w.json({ ok: true });
      },
      { detail: doc("A system message to everyone in the world", "admin", { auth: true, body: ANNOUNCE_FORM }) },
    )
    .get(
      "/api/v1/admin/motd",
      async ({ request, server }) => {
        const env = await admin(request, server);
        return env instanceof Response ? env : w.json({ motd: await ctx.motd.get() });
      },
      { detail: doc("The message of the day", "admin", { auth: true }) },
    )
    .post(
      "/api/v1/admin/motd",
      async ({ request, server, body }) => {
        const env = await admin(request, server);
        if (env instanceof Response) return env;
        const v = validate(MOTD_FORM, body);
        if (!v.ok) return w.json({ error: "validation", fields: v.errors }, 422);
        await ctx.motd.set(v.values.motd, env.by);
        return w.json({ ok: true });
      },
      { detail: doc("Sets the message of the day", "admin", { auth: true, body: MOTD_FORM }) },
    );
}
