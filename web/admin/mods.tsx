// /admin/mods: plugins and mods (state, version, generation, last errors) with enable,
// disable and reload; each runs on every process that hosts plugins.
import { Elysia } from "elysia";
import type { PluginAnswerInfo, PluginOp, WebPluginInfo } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import type { Req } from "../http/web.tsx";
import { Csrf } from "../views/components.tsx";
import { formatTime } from "../views/format.ts";

const OPS: PluginOp[] = ["reload", "enable", "disable"];
export const PLUGIN_NAME_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

function PluginRow({ p, csrf }: { p: WebPluginInfo; csrf: string }) {
  return (
    <tr>
      <td>
        <strong safe>{p.name}</strong>
        <div class="muted" safe>
          {p.description}
        </div>
      </td>
      <td safe>{p.version}</td>
      <td>
        <span class={p.state === "active" ? "badge good" : "badge bad"} safe>
          {p.state}
        </span>
      </td>
      <td safe>{`${p.generation} (${p.reloads} reloads, ${formatTime(p.loadedAt)})`}</td>
      <td>
        {p.lastError ? (
          <div class="error" safe>
            {`${p.lastError.code}: ${p.lastError.message} (${formatTime(p.lastError.at)})`}
          </div>
        ) : (
          ""
        )}
        {p.errors.slice(-3).map((e) => (
          <div class="muted" safe>{`${formatTime(e.at)} ${e.where}: ${e.message}`}</div>
        ))}
      </td>
      <td>
        {OPS.map((op) => (
          <form method="post" action={`/admin/mods/${encodeURIComponent(p.name)}/${op}`} class="inline">
            <Csrf token={csrf} />
            <button type="submit" class="link">
              {op}
            </button>{" "}
          </form>
        ))}
      </td>
    </tr>
  );
}

export function adminModRoutes({ w, ctx }: Deps) {
  const view = async (req: Req, answers?: PluginAnswerInfo[]) =>
    w.page(
      req,
      "Plugins & mods",
      <>
        <h1>Plugins &amp; mods</h1>
        {!ctx.plugins.available ? <p class="muted">This process hosts no plugins.</p> : ""}
        {answers ? (
          <section>
            <h2>Result</h2>
            <ul>
              {answers.length === 0 ? <li>No process answered.</li> : ""}
              {answers.map((a) => (
                <li safe>{`${a.node}: ${a.op} ${a.name} ${a.ok ? "ok" : "failed"}${a.ms !== undefined ? ` in ${a.ms.toFixed(0)} ms` : ""}${a.message ? ` - ${a.message}` : ""}`}</li>
              ))}
            </ul>
          </section>
        ) : (
          ""
        )}
        <table>
          <thead>
            <tr>
              <th>Plugin</th>
              <th>Version</th>
              <th>State</th>
              <th>Generation</th>
              <th>Errors</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {ctx.plugins.list().map((p) => (
              <PluginRow p={p} csrf={req.csrf} />
            ))}
          </tbody>
        </table>
      </>,
      { section: "admin" },
    );
  return new Elysia({ name: "admin-mods" })
    .get("/admin/mods", async ({ request, server }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      return view(req);
    })
    .post("/admin/mods/:name/:op", async ({ request, server, params, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      const op = params.op as PluginOp;
      if (!OPS.includes(op) || !PLUGIN_NAME_RE.test(params.name) || !ctx.plugins.list().some((p) => p.name === params.name)) return w.notFound(req, "plugin");
      const answers = await ctx.plugins.control(op, params.name);
      await ctx.audit.write(w.actor(req), `plugin.${op}`, params.name, { answers: answers.map((a) => ({ node: a.node, ok: a.ok, message: a.message })) });
      return view(req, answers);
    });
}
