// /admin/characters: search (live or deleted), view, kick, teleport to a named location,
// rename/customize flags, restore a deleted character.
import type { Children } from "@kitajs/html";
import { Elysia } from "elysia";
import { AT_LOGIN_CUSTOMIZE, AT_LOGIN_RENAME, type AccountRow, type CharacterRow, type OnlinePlayer } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import type { Req } from "../http/web.tsx";
import { CharacterTable, locationOf } from "../views/characters.tsx";
import { Checkbox, Csrf, Field, FormError, Select } from "../views/components.tsx";
import { className, formatTime, raceName } from "../views/format.ts";
import type { Problem } from "./account-view.tsx";
import { atLoginText, characterActions, targetCharacter, type CharacterActionName } from "./actions.ts";
import { envOf, PAGE_SIZE, pageOf, runAction, str } from "./common.ts";

interface ViewData {
  c: CharacterRow;
  owner?: AccountRow;
  presence?: OnlinePlayer;
  location: string;
  teleports: string[];
  csrf: string;
  problem?: Problem;
}

function CharForm({ d, action, title, children }: { d: ViewData; action: string; title: string; children?: Children }) {
  const p = d.problem?.action === action ? d.problem : undefined;
  return (
    <form method="post" action={`/admin/characters/${d.c.guid}/${action}`} class="row">
      <Csrf token={d.csrf} />
      {children}
      <button type="submit" safe>
        {title}
      </button>
      <FormError message={p?.message} />
    </form>
  );
}

function CharacterView({ d }: { d: ViewData }) {
  const c = d.c;
  const err = (field: string) => d.problem?.errors?.[field];
  return (
    <>
      <h1 safe>{c.name}</h1>
      <section>
        <table>
          <tbody>
            <tr>
              <th>Guid</th>
              <td safe>{String(c.guid)}</td>
              <th>Account</th>
              <td>
                {d.owner ? (
                  <a href={`/admin/accounts/${encodeURIComponent(d.owner.name)}`} safe>
                    {d.owner.name}
                  </a>
                ) : (
                  "-"
                )}
              </td>
            </tr>
            <tr>
              <th>Level, race, class</th>
              <td safe>{`${c.level} ${raceName(c.race)} ${className(c.class)}`}</td>
              <th>Realm</th>
              <td safe>{String(c.realmId)}</td>
            </tr>
            <tr>
              <th>Location</th>
              <td safe>{`${d.location} (${c.x.toFixed(1)}, ${c.y.toFixed(1)}, ${c.z.toFixed(1)})`}</td>
              <th>Status</th>
              <td safe>{c.deletedAt ? `deleted ${formatTime(c.deletedAt)}` : d.presence ? `in the world on ${d.presence.worldHost}` : "offline"}</td>
            </tr>
            <tr>
              <th>At-login flags</th>
              <td safe>{atLoginText(c.atLogin)}</td>
              <th>Created</th>
              <td safe>{formatTime(c.createdAt)}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section>
        <h2>Actions</h2>
        {c.deletedAt ? (
          <CharForm d={d} action="restore" title="Restore" />
        ) : (
          <>
            <CharForm d={d} action="kick" title="Kick">
              <Field name="reason" label="Reason" maxlength={200} error={err("reason")} />
            </CharForm>
            <CharForm d={d} action="teleport" title="Teleport">
              <Select name="location" label="Location" options={d.teleports.map((t) => ({ value: t, label: t }))} value={d.problem?.raw?.location} error={err("location")} />
            </CharForm>
            <CharForm d={d} action="flags" title="Set flags">
              <>
                <Checkbox name="rename" label="Rename at next login" checked={(c.atLogin & AT_LOGIN_RENAME) !== 0} />
                <Checkbox name="customize" label="Customize at next login" checked={(c.atLogin & AT_LOGIN_CUSTOMIZE) !== 0} />
              </>
            </CharForm>
          </>
        )}
      </section>
    </>
  );
}

export function adminCharacterRoutes(d: Deps) {
  const { w, ctx } = d;
  const view = async (req: Req, c: CharacterRow, problem?: Problem, status = 200) => {
    const [owner, presence] = await Promise.all([ctx.accounts.byId(c.accountId), c.realmId === ctx.realm.id ? ctx.sessions.byGuid(c.guid) : undefined]);
    const data: ViewData = { c, owner, presence, location: locationOf(ctx.content, c), teleports: ctx.world.teleportNames(), csrf: req.csrf, problem };
    return w.page(req, c.name, <CharacterView d={data} />, { section: "admin", status });
  };

  return new Elysia({ name: "admin-characters" })
    .get("/admin/characters", async ({ request, server, query }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      const q = str(query.q, 24);
      const deleted = query.deleted === "1" || query.deleted === "on";
      const page = pageOf(query.page);
      const [rows, realms] = await Promise.all([ctx.characters.search(q, { deleted, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), ctx.realms.list()]);
      return w.page(
        req,
        "Characters",
        <>
          <h1>Characters</h1>
          <form method="get" action="/admin/characters" class="row">
            <div class="field">
              <label for="q">Name contains</label>
              <input id="q" name="q" value={q} maxlength={24} />
            </div>
            <Checkbox name="deleted" label="Deleted ones" checked={deleted} />
            <button type="submit">Search</button>
          </form>
          <CharacterTable rows={rows} realms={new Map(realms.map((r) => [r.id, r]))} content={ctx.content} admin />
          <p class="muted">
            {page > 1 ? <a href={`/admin/characters?q=${encodeURIComponent(q)}&deleted=${deleted ? 1 : 0}&page=${page - 1}`}>Previous</a> : ""}{" "}
            {rows.length === PAGE_SIZE ? <a href={`/admin/characters?q=${encodeURIComponent(q)}&deleted=${deleted ? 1 : 0}&page=${page + 1}`}>Next</a> : ""}
          </p>
        </>,
        { section: "admin" },
      );
    })
    .get("/admin/characters/:guid", async ({ request, server, params }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      const c = /^\d{1,10}$/.test(params.guid) ? await ctx.characters.byGuid(Number(params.guid)) : undefined;
      if (!c) return w.notFound(req, "character");
      return view(req, c);
    })
    .post("/admin/characters/:guid/:action", async ({ request, server, params, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      if (!Object.hasOwn(characterActions, params.action)) return w.notFound(req, "action");
      const env = envOf(d, req);
      const t = await targetCharacter(env, params.guid);
      if ("error" in t) return t.error.ok || t.error.status === 404 ? w.notFound(req, "character") : w.forbidden(req, t.error.message);
      const name = params.action as CharacterActionName;
      const r = await runAction(env, characterActions[name] as never, t.character, body);
      if (!r.ok) return view(req, t.character, { action: name, message: r.message, errors: r.errors, raw: r.raw }, r.status);
      await w.setFlash(req, r.message);
      return w.redirect(req, `/admin/characters/${t.character.guid}`);
    });
}
