// /admin/announce: a system message to everyone in the world, and the message of the day.
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { validate } from "../http/forms.ts";
import type { Req } from "../http/web.tsx";
import { Csrf, Field } from "../views/components.tsx";

export const ANNOUNCE_FORM = { text: { kind: "text", label: "Announcement", max: 255 } } as const;
export const MOTD_FORM = { motd: { kind: "text", label: "Message of the day", max: 255 } } as const;

export function adminAnnounceRoutes({ w, ctx }: Deps) {
  const view = async (req: Req, errors: { text?: string; motd?: string } = {}, raw: Record<string, string> = {}, status = 200) => {
    const motd = raw.motd ?? (await ctx.motd.get());
    return w.page(
      req,
      "Announce",
      <>
        <h1>Announcements</h1>
        <section>
          <h2>Announce to everyone in the world</h2>
          <form method="post" action="/admin/announce" class="row">
            <Csrf token={req.csrf} />
            <Field name="text" label="Text" value={raw.text} error={errors.text} maxlength={255} />
            <button type="submit">Send</button>
          </form>
        </section>
        <section>
          <h2>Message of the day</h2>
          <form method="post" action="/admin/motd" class="row">
            <Csrf token={req.csrf} />
            <Field name="motd" label="Shown at login" value={motd} error={errors.motd} maxlength={255} />
            <button type="submit">Save</button>
          </form>
        </section>
      </>,
      { section: "admin", status },
    );
  };
  return new Elysia({ name: "admin-announce" })
    .get("/admin/announce", async ({ request, server }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      return view(req);
    })
    .post("/admin/announce", async ({ request, server, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      const v = validate(ANNOUNCE_FORM, body);
      if (!v.ok) return view(req, v.errors, v.raw, 422);
      await ctx.announce(v.values.text, w.actor(req));
      await w.setFlash(req, "The announcement was sent.");
      return w.redirect(req, "/admin/announce");
    })
    .post("/admin/motd", async ({ request, server, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      const v = validate(MOTD_FORM, body);
      if (!v.ok) return view(req, v.errors, v.raw, 422);
      await ctx.motd.set(v.values.motd, w.actor(req));
      await w.setFlash(req, "The message of the day was saved.");
      return w.redirect(req, "/admin/announce");
    });
}
