// /admin/realms: the realm list rows (name, address, type, flags, timezone, player
// limit) with an edit form per realm. Note: a realm process re-registers its own row
// from its configuration when it starts.
import { Elysia } from "elysia";
import type { RealmStatus } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import { validate } from "../http/forms.ts";
import type { Req } from "../http/web.tsx";
import { Csrf, Field, FormError } from "../views/components.tsx";
import { formatDuration, realmTypeName } from "../views/format.ts";
import type { Problem } from "./account-view.tsx";
import { REALM_FORM, updateRealm } from "./actions.ts";
import { envOf } from "./common.ts";

function RealmForm({ r, csrf, problem }: { r: RealmStatus; csrf: string; problem?: Problem }) {
  const mine = problem?.action === String(r.id) ? problem : undefined;
  const val = (k: keyof typeof REALM_FORM) => mine?.raw?.[k] ?? String(r[k]);
  const err = (k: string) => mine?.errors?.[k];
  return (
    <section>
      <h2 safe>{`${r.id}. ${r.name}`}</h2>
      <p class="muted" safe>{`${r.up ? `online for ${formatDuration(r.uptimeS)}` : "offline"}; ${realmTypeName(r.type)}; ${r.online} player(s) in the world`}</p>
      <form method="post" action={`/admin/realms/${r.id}`} class="row">
        <Csrf token={csrf} />
        <Field name="name" label="Name" value={val("name")} error={err("name")} maxlength={32} />
        <Field name="address" label="Address (host:port)" value={val("address")} error={err("address")} maxlength={128} />
        <Field name="type" label="Type" type="number" value={val("type")} error={err("type")} />
        <Field name="flags" label="Flags" type="number" value={val("flags")} error={err("flags")} />
        <Field name="timezone" label="Timezone" type="number" value={val("timezone")} error={err("timezone")} />
        <Field name="playerLimit" label="Player limit" type="number" value={val("playerLimit")} error={err("playerLimit")} />
        <button type="submit">Save</button>
        <FormError message={mine && !mine.errors ? mine.message : undefined} />
      </form>
    </section>
  );
}

export function adminRealmRoutes(d: Deps) {
  const { w, ctx } = d;
  const view = async (req: Req, problem?: Problem, status = 200) => {
    const realms = await ctx.realms.list();
    return w.page(
      req,
      "Realms",
      <>
        <h1>Realms</h1>
        <p class="muted">Type: 0 normal, 1 PvP, 6 RP, 8 RP-PvP. Flags: 0x20 recommended, 0x40 new players, 0x80 full. A realm writes its own row from its configuration when it starts.</p>
        {realms.map((r) => (
          <RealmForm r={r} csrf={req.csrf} problem={problem} />
        ))}
      </>,
      { section: "admin", status },
    );
  };
  return new Elysia({ name: "admin-realms" })
    .get("/admin/realms", async ({ request, server }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      return view(req);
    })
    .post("/admin/realms/:id", async ({ request, server, params, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      const id = /^\d{1,3}$/.test(params.id) ? Number(params.id) : -1;
      const v = validate(REALM_FORM, body);
      if (!v.ok) return view(req, { action: String(id), message: "", errors: v.errors as Record<string, string>, raw: v.raw }, 422);
      const r = await updateRealm(envOf(d, req), id, v.values);
      if (!r.ok) return r.status === 404 ? w.notFound(req, "realm") : view(req, { action: String(id), message: r.message, raw: v.raw }, r.status);
      await w.setFlash(req, r.message);
      return w.redirect(req, "/admin/realms");
    });
}
