// /admin/news: write, edit and delete the home page's news items.
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { validate } from "../http/forms.ts";
import type { Req } from "../http/web.tsx";
import type { NewsItem } from "../news.ts";
import { Csrf, Field, TextArea } from "../views/components.tsx";
import { formatTime } from "../views/format.ts";

export const NEWS_FORM = {
  title: { kind: "text", label: "Title", max: 120 },
  body: { kind: "text", label: "Text", max: 5000, multiline: true },
} as const;

type Errors = { title?: string; body?: string };

function NewsForm({ req, action, item, errors, raw }: { req: Req; action: string; item?: NewsItem; errors: Errors; raw: Record<string, string> }) {
  return (
    <form method="post" action={action} class="stack">
      <Csrf token={req.csrf} />
      <Field name="title" label="Title" value={raw.title ?? item?.title} error={errors.title} maxlength={120} />
      <TextArea name="body" label="Text (blank lines separate paragraphs)" value={raw.body ?? item?.body} error={errors.body} maxlength={5000} rows={8} />
      <button type="submit">{item ? "Save" : "Publish"}</button>
    </form>
  );
}

export function adminNewsRoutes({ w, ctx, news }: Deps) {
  const list = async (req: Req, errors: Errors = {}, raw: Record<string, string> = {}, status = 200) => {
    const items = await news.list(100);
    return w.page(
      req,
      "News",
      <>
        <h1>News</h1>
        <section>
          <h2>Write</h2>
          <NewsForm req={req} action="/admin/news" errors={errors} raw={raw} />
        </section>
        <section>
          <h2>Published</h2>
          <table>
            <tbody>
              {items.map((n) => (
                <tr>
                  <td>
                    <a href={`/admin/news/${n.id}`} safe>
                      {n.title}
                    </a>
                  </td>
                  <td safe>{`${formatTime(n.at)} by ${n.author}`}</td>
                  <td>
                    <form method="post" action={`/admin/news/${n.id}/delete`} class="inline">
                      <Csrf token={req.csrf} />
                      <button type="submit" class="link">
                        delete
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </>,
      { section: "admin", status },
    );
  };
  const edit = (req: Req, item: NewsItem, errors: Errors = {}, raw: Record<string, string> = {}, status = 200) =>
    w.page(
      req,
      "Edit news",
      <>
        <h1>Edit news</h1>
        <NewsForm req={req} action={`/admin/news/${item.id}`} item={item} errors={errors} raw={raw} />
      </>,
      { section: "admin", status },
    );

  return new Elysia({ name: "admin-news" })
    .get("/admin/news", async ({ request, server }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      return list(req);
    })
    .post("/admin/news", async ({ request, server, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      const v = validate(NEWS_FORM, body);
      if (!v.ok) return list(req, v.errors, v.raw, 422);
      const item = await news.create(v.values.title, v.values.body, req.account!.name);
      await ctx.audit.write(w.actor(req), "news.create", item.id, { title: item.title });
      await w.setFlash(req, "The news item was published.");
      return w.redirect(req, "/admin/news");
    })
    .get("/admin/news/:id", async ({ request, server, params }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      const item = await news.get(params.id);
      return item ? edit(req, item) : w.notFound(req, "news item");
    })
    .post("/admin/news/:id", async ({ request, server, params, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      const item = await news.get(params.id);
      if (!item) return w.notFound(req, "news item");
      const v = validate(NEWS_FORM, body);
      if (!v.ok) return edit(req, item, v.errors, v.raw, 422);
      await news.update(item.id, v.values.title, v.values.body);
      await ctx.audit.write(w.actor(req), "news.update", item.id, { title: v.values.title });
      await w.setFlash(req, "The news item was saved.");
      return w.redirect(req, "/admin/news");
    })
    .post("/admin/news/:id/delete", async ({ request, server, params, body }) => {
      const req = await w.admin(request, server, body);
      if (req instanceof Response) return req;
      if (!(await news.remove(params.id))) return w.notFound(req, "news item");
      await ctx.audit.write(w.actor(req), "news.delete", params.id);
      await w.setFlash(req, "The news item was deleted.");
      return w.redirect(req, "/admin/news");
    });
}
