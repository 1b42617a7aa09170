// The page shell: head (stylesheet, htmx and Alpine from /static), the navigation, the
// flash line and <main id="main">. htmx requests get only what goes inside <main>
// (plus <title>), so boosted links and forms swap the main area.
import type { Children } from "@kitajs/html";

export interface Viewer {
  name?: string;
  /** GM level >= 3 and allowed to reach /admin from where they are */
  admin: boolean;
  csrf: string;
}

export interface PageOpts {
  title: string;
  viewer: Viewer;
  flash?: string;
  section?: "public" | "admin";
  adminLinks?: { href: string; title: string }[];
}

/** htmx 2 does not swap 4xx answers by default; forms re-render with 422/403/429. */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  responseHandling: [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "4..", swap: true, error: false },
    { code: "5..", swap: true, error: true },
  ],
});

export const ADMIN_LINKS = [
  { href: "/admin", title: "Dashboard" },
  { href: "/admin/accounts", title: "Accounts" },
  { href: "/admin/characters", title: "Characters" },
  { href: "/admin/realms", title: "Realms" },
  { href: "/admin/mods", title: "Plugins & mods" },
  { href: "/admin/audit", title: "Audit log" },
  { href: "/admin/console", title: "Console" },
  { href: "/admin/announce", title: "Announce" },
  { href: "/admin/news", title: "News" },
];

export function Nav({ viewer }: { viewer: Viewer }) {
  return (
    <nav class="top">
      <a class="brand" href="/">
        RealmCore
      </a>
      <a href="/">News</a>
      <a href="/connect">How to connect</a>
      <a href="/status">Realm status</a>
      <a href="/online">Who is online</a>
      <span class="spacer"></span>
      {viewer.admin ? <a href="/admin">Admin</a> : ""}
      {viewer.name ? (
        <>
          <a href="/account" safe>
            {viewer.name}
          </a>
          <form method="post" action="/logout" class="inline">
            <input type="hidden" name="_csrf" value={viewer.csrf} />
            <button type="submit" class="link">
              Log out
            </button>
          </form>
        </>
      ) : (
        <>
          <a href="/login">Log in</a>
          <a href="/register">Register</a>
        </>
      )}
    </nav>
  );
}

export function AdminNav({ links }: { links: { href: string; title: string }[] }) {
  return (
    <nav class="admin">
      {links.map((l) => (
        <a href={l.href} safe>
          {l.title}
        </a>
      ))}
    </nav>
  );
}

/** What goes inside <main>: the admin sub-navigation, the flash line and the content. */
export function MainContent({ opts, children }: { opts: PageOpts; children?: Children }) {
  return (
    <>
      {opts.section === "admin" ? <AdminNav links={[...ADMIN_LINKS, ...(opts.adminLinks ?? [])]} /> : ""}
      {opts.flash ? (
        <p class="flash" role="status" safe>
          {opts.flash}
        </p>
      ) : (
        ""
      )}
      {children}
    </>
  );
}

export function Layout({ opts, children }: { opts: PageOpts; children?: Children }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title safe>{opts.title} - RealmCore</title>
        <link rel="stylesheet" href="/static/style.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/alpine.min.js" defer></script>
      </head>
      <body hx-headers={JSON.stringify({ "X-CSRF-Token": opts.viewer.csrf })}>
        <Nav viewer={opts.viewer} />
        <main id="main" hx-boost="true" hx-target="#main" hx-swap="innerHTML show:window:top">
          <MainContent opts={opts}>{children}</MainContent>
        </main>
        <footer>RealmCore - World of Warcraft 3.3.5a (12340)</footer>
      </body>
    </html>
  );
}

/** The htmx answer: a <title> (htmx updates the document title) and the main content. */
export function PageFragment({ opts, children }: { opts: PageOpts; children?: Children }) {
  return (
    <>
      <title safe>{opts.title} - RealmCore</title>
      <MainContent opts={opts}>{children}</MainContent>
    </>
  );
}
