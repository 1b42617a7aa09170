// The home page (news and the realm at a glance) and "how to connect".
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { paragraphs, type NewsItem } from "../news.ts";
import { formatTime } from "../views/format.ts";

export function NewsList({ items }: { items: NewsItem[] }) {
  if (items.length === 0) return <p class="muted">No news yet.</p>;
  return (
    <>
      {items.map((n) => (
        <article class="card">
          <h2 safe>{n.title}</h2>
          <p class="muted" safe>
            {`${formatTime(n.at)} by ${n.author}`}
          </p>
          {paragraphs(n.body).map((p) => (
            <p safe>{p}</p>
          ))}
        </article>
      ))}
    </>
  );
}

export function RealmlistBox({ realmlist }: { realmlist: string }) {
  return (
    <code class="realmlist" safe>
      {`set realmlist ${realmlist}`}
    </code>
  );
}

export function homeRoutes({ w, ctx, news }: Deps) {
  return new Elysia({ name: "public-home" })
    .get("/", async ({ request, server }) => {
      const req = await w.begin(request, server);
      const [items, realms] = await Promise.all([news.list(10), ctx.realms.list()]);
      const up = realms.filter((r) => r.up).length;
      return w.page(
        req,
        "News",
        <>
          <h1>Welcome to RealmCore</h1>
          <section>
            <p safe>{`${up} of ${realms.length} realm(s) online. World of Warcraft 3.3.5a (build 12340).`}</p>
            <p>
              Connect with <RealmlistBox realmlist={ctx.config.realmlist} /> - see <a href="/connect">how to connect</a>.
            </p>
          </section>
          <h2>News</h2>
          <NewsList items={items} />
        </>,
      );
    })
    .get("/connect", async ({ request, server }) => {
      const req = await w.begin(request, server);
      return w.page(
        req,
        "How to connect",
        <>
          <h1>How to connect</h1>
          <section>
            <ol>
              <li>Install the World of Warcraft 3.3.5a client (build 12340).</li>
              <li>
                <a href="/register">Create an account</a> (name: letters and digits, up to 16; password: up to 16 characters).
              </li>
              <li>
                Open <code>Data/&lt;locale&gt;/realmlist.wtf</code> in the client folder and replace its contents with:
                <br />
                <RealmlistBox realmlist={ctx.config.realmlist} />
              </li>
              <li>Start Wow.exe (not the launcher) and log in with your account name and password.</li>
            </ol>
          </section>
        </>,
      );
    });
}
