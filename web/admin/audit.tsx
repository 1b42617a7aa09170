// /admin/audit: the audit log with filters (actor, action prefix, target).
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { AuditTable } from "./audit-table.tsx";
import { PAGE_SIZE, pageOf, str } from "./common.ts";

export function adminAuditRoutes({ w, ctx }: Deps) {
  return new Elysia({ name: "admin-audit" }).get("/admin/audit", async ({ request, server, query }) => {
    const req = await w.admin(request, server);
    if (req instanceof Response) return req;
    const f = { actor: str(query.actor), action: str(query.action), target: str(query.target) };
    const page = pageOf(query.page);
    const rows = await ctx.audit.list({ actor: f.actor || undefined, action: f.action || undefined, target: f.target || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const qs = (p: number) => `/admin/audit?actor=${encodeURIComponent(f.actor)}&action=${encodeURIComponent(f.action)}&target=${encodeURIComponent(f.target)}&page=${p}`;
    return w.page(
      req,
      "Audit log",
      <>
        <h1>Audit log</h1>
        <form method="get" action="/admin/audit" class="row">
          <div class="field">
            <label for="actor">Who (exact, e.g. web:ADMIN)</label>
            <input id="actor" name="actor" value={f.actor} maxlength={64} />
          </div>
          <div class="field">
            <label for="action">What (prefix, e.g. ban.)</label>
            <input id="action" name="action" value={f.action} maxlength={64} />
          </div>
          <div class="field">
            <label for="target">Target (exact)</label>
            <input id="target" name="target" value={f.target} maxlength={64} />
          </div>
          <button type="submit">Filter</button>
        </form>
        <AuditTable rows={rows} />
        <p class="muted">
          {page > 1 ? <a href={qs(page - 1)}>Previous</a> : ""} {rows.length === PAGE_SIZE ? <a href={qs(page + 1)}>Next</a> : ""}
        </p>
      </>,
      { section: "admin" },
    );
  });
}
