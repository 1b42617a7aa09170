// /admin/accounts: search, view, and the account actions.
import { Elysia } from "elysia";
import type { AccountRow } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import type { Req } from "../http/web.tsx";
import { charactersOf } from "../queries.ts";
import { formatTime } from "../views/format.ts";
import { AccountView, type Problem } from "./account-view.tsx";
import { accountActions, targetAccount, type AccountActionName } from "./actions.ts";
import { envOf, PAGE_SIZE, pageOf, runAction, str } from "./common.ts";

function AccountList({ rows, q, page }: { rows: AccountRow[]; q: string; page: number }) {
  return (
    <>
      <form method="get" action="/admin/accounts" class="row">
        <div class="field">
          <label for="q">Name contains</label>
          <input id="q" name="q" value={q} maxlength={16} />
        </div>
        <button type="submit">Search</button>
      </form>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>GM</th>
            <th>State</th>
            <th>Created</th>
            <th>Last login</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr>
              <td>
                <a href={`/admin/accounts/${encodeURIComponent(a.name)}`} safe>
                  {a.name}
                </a>
              </td>
              <td safe>{String(a.gmLevel)}</td>
              <td>{a.locked ? <span class="badge bad">locked</span> : <span class="badge">ok</span>}</td>
              <td safe>{formatTime(a.createdAt)}</td>
              <td safe>{formatTime(a.lastLogin)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">
        {page > 1 ? <a href={`/admin/accounts?q=${encodeURIComponent(q)}&page=${page - 1}`}>Previous</a> : ""}{" "}
        {rows.length === PAGE_SIZE ? <a href={`/admin/accounts?q=${encodeURIComponent(q)}&page=${page + 1}`}>Next</a> : ""}
      </p>
    </>
  );
}

export function adminAccountRoutes(d: Deps) {
  const { w, ctx } = d;
  const view = async (req: Req, account: AccountRow, problem?: Problem, status = 200) => {
    const [active, bans, chars, audit] = await Promise.all([
      ctx.bans.activeAccountBan(account.id),
      ctx.bans.accountBans(account.id),
      charactersOf(ctx, account.id, { deleted: true }),
      ctx.audit.list({ target: account.name, limit: 20 }),
    ]);
    return w.page(req, `Account ${account.name}`, <AccountView d={{ account, csrf: req.csrf, now: ctx.clock.now(), active, bans, chars, audit, content: ctx.content, problem }} />, { section: "admin", status });
  };

  return new Elysia({ name: "admin-accounts" })
    .get("/admin/accounts", async ({ request, server, query }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      const q = str(query.q, 16);
      const page = pageOf(query.page);
      const rows = await ctx.accounts.list(q || undefined, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      return w.page(
        req,
        "Accounts",
        <>
          <h1>Accounts</h1>
          <AccountList rows={rows} q={q} page={page} />
        </>,
        { section: "admin" },
      );
    })
    .get("/admin/accounts/:name", async ({ request, server, params }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      const a = /^[A-Za-z0-9]{1,16}$/.test(params.name) ? await ctx.accounts.get(params.name) : undefined;
      if (!a) return w.notFound(req, "account");
      return view(req, a);
    })
    .post("/admin/accounts/:name/:action", async ({ request, server, params, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      if (!Object.hasOwn(accountActions, params.action)) return w.notFound(req, "action");
      const env = envOf(d, req);
      const t = await targetAccount(env, params.name);
      if ("error" in t) {
        if (t.error.ok) return w.redirect(req, "/admin/accounts");
        return t.error.status === 404 ? w.notFound(req, "account") : w.forbidden(req, t.error.message);
      }
      const name = params.action as AccountActionName;
      const r = await runAction(env, accountActions[name] as never, t.account, body);
      if (!r.ok) return view(req, t.account, { action: name, message: r.message, errors: r.errors, raw: r.raw }, r.status);
      await w.setFlash(req, r.message);
      return w.redirect(req, `/admin/accounts/${encodeURIComponent(t.account.name)}`);
    });
}
