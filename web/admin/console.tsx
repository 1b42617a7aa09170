// /admin/console: GM commands through the one command registry, at the caller's GM
// level (audited by the registry with the actor web:<ACCOUNT>). htmx appends each
// answer to the output; without JavaScript the page re-renders with it.
import { Elysia } from "elysia";
import type { WebCommandResult } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import { validate } from "../http/forms.ts";
import type { Req } from "../http/web.tsx";
import { Csrf, Field } from "../views/components.tsx";

export const CONSOLE_FORM = { command: { kind: "text", label: "Command", max: 255 } } as const;

export function ConsoleOutput({ line, result }: { line: string; result: WebCommandResult }) {
  return (
    <div class="console-entry">
      <div class={result.ok ? "" : "error"} safe>{`> ${line}`}</div>
      {result.lines.map((l) => (
        <div safe>{l}</div>
      ))}
    </div>
  );
}

export function adminConsoleRoutes({ w, ctx }: Deps) {
  const view = (req: Req, entry?: { line: string; result: WebCommandResult }, error?: string, status = 200) => {
    const cmds = ctx.commands.list(req.account!.gmLevel);
    return w.page(
      req,
      "Console",
      <>
        <h1>Command console</h1>
        {!ctx.commands.available ? <p class="muted">This process hosts no command registry.</p> : ""}
        <div class="console" id="console-output">
          {entry ? <ConsoleOutput line={entry.line} result={entry.result} /> : ""}
        </div>
        <form method="post" action="/admin/console" class="row" hx-post="/admin/console" hx-target="#console-output" hx-swap="beforeend" hx-on--after-request="if (event.detail.successful) this.reset()">
          <Csrf token={req.csrf} />
          <Field name="command" label={`Command (runs at your level, ${req.account!.gmLevel})`} error={error} maxlength={255} placeholder=".server info" />
          <button type="submit">Run</button>
        </form>
        <h2>Commands you may use</h2>
        <div x-data="{ q: '' }">
          <input type="search" placeholder="Filter" x-model="q" aria-label="Filter commands" hidden x-bind:hidden="false" />
          <table>
          <tbody>
            {cmds.map((c) => (
              <tr data-name={c.name} x-show="$el.dataset.name.includes(q.toLowerCase())">
                <td>
                  <code safe>{`.${c.name}${c.usage ? ` ${c.usage}` : ""}`}</code>
                </td>
                <td safe>{c.help}</td>
              </tr>
            ))}
          </tbody>
          </table>
        </div>
      </>,
      { section: "admin", status },
    );
  };
  return new Elysia({ name: "admin-console" })
    .get("/admin/console", async ({ request, server }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      return view(req);
    })
    .post("/admin/console", async ({ request, server, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      const v = validate(CONSOLE_FORM, body);
      if (!v.ok) {
        if (req.htmx) return w.html(req, await (<div class="error" safe>{v.errors.command ?? "invalid"}</div>), 422);
        return view(req, undefined, v.errors.command, 422);
      }
      const a = req.account!;
      const result = await ctx.commands.run(v.values.command, { level: a.gmLevel, actor: `web:${a.name}`, accountId: a.id, ip: req.ip });
      return req.htmx ? w.html(req, await (<ConsoleOutput line={v.values.command} result={result} />)) : view(req, { line: v.values.command, result });
    });
}
