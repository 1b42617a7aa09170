// The web plane's request kernel: who is asking (address, session, account), CSRF, the
// admin gate, and the answers (full page or htmx fragment, redirects, JSON). Route
// modules call `begin`/`post`/`admin` first and render with `page`.
import type { AccountRow, Actor, WebContext } from "../../server/api/index.ts";
import { Layout, PageFragment, type PageOpts } from "../views/layout.tsx";
import { parseCookies, serializeCookie } from "./cookies.ts";
import { Csrf, csrfFrom } from "./csrf.ts";
import { isLoopback, normalizeIp } from "./ip.ts";
import { accountStamp, isSessionId, newSessionId, SESSION_COOKIE, WebSessions, type SessionRecord } from "./session.ts";

export const ADMIN_LEVEL = 3;

/** The Bun server as Elysia hands it to handlers (null under app.handle). */
export type ServerLike = { requestIP(r: Request): { address: string } | null } | null | undefined;

export interface WebOptions {
  /** The client's address; default: the socket's remote address from the Bun server. */
  ipOf?: (request: Request) => string | undefined;
}

export interface JwtSigner {
  sign(payload: Record<string, string | number>): Promise<string>;
  verify(token?: string): Promise<false | Record<string, unknown>>;
}

export interface Req {
  request: Request;
  url: URL;
  ip: string;
  loopback: boolean;
  /** an htmx request that wants the main area only */
  htmx: boolean;
  sid: string;
  /** Set-Cookie to send (new or renewed session id) */
  cookie?: string;
  session?: SessionRecord;
  account?: AccountRow;
  csrf: string;
  flash?: string;
}

const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  // Alpine's standard build evaluates expressions with new Function (unsafe-eval)
  "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
};

export class Web {
  readonly sessions: WebSessions;
  readonly csrf: Csrf;

  constructor(
    readonly ctx: WebContext,
    readonly opts: WebOptions,
    csrfKey: string,
    readonly jwt: JwtSigner,
  ) {
    this.sessions = new WebSessions(ctx.cache, ctx.clock, ctx.config.sessionTtlS);
    this.csrf = new Csrf(csrfKey);
  }

  ipOf(request: Request, server: ServerLike): string {
    return normalizeIp(this.opts.ipOf ? this.opts.ipOf(request) : server?.requestIP(request)?.address);
  }

  /** May this client reach /admin and /metrics at all (loopback unless web.adminRemote)? */
  adminReachable(ip: string): boolean {
    return this.ctx.config.adminRemote || isLoopback(ip);
  }

  actor(req: Req): Actor {
    return { actor: `web:${req.account?.name ?? "anonymous"}`, actorAccountId: req.account?.id ?? 0, ip: req.ip };
  }

  isAdmin(req: Req): boolean {
    return (req.account?.gmLevel ?? 0) >= ADMIN_LEVEL && this.adminReachable(req.ip);
  }

  /** Reads the session cookie; mints an anonymous session id when there is none. */
  async begin(request: Request, server: ServerLike): Promise<Req> {
    const url = new URL(request.url);
    const ip = this.ipOf(request, server);
    const htmx = request.headers.get("hx-request") === "true" && request.headers.get("hx-history-restore-request") !== "true";
    const secure = url.protocol === "https:";
    let sid = parseCookies(request.headers.get("cookie"))[SESSION_COOKIE];
    let cookie: string | undefined;
    let session: SessionRecord | undefined;
    let account: AccountRow | undefined;
    let flash: string | undefined;
    if (!isSessionId(sid)) {
      sid = newSessionId();
      cookie = serializeCookie(SESSION_COOKIE, sid, { secure });
    } else {
      session = await this.sessions.load(sid);
      if (session) {
        account = await this.ctx.accounts.byId(session.accountId);
        if (!account || account.locked || accountStamp(account) !== session.stamp) {
          // password changed, account locked or gone: this session ends
          await this.sessions.destroy(sid);
          session = undefined;
          account = undefined;
          sid = newSessionId();
          cookie = serializeCookie(SESSION_COOKIE, sid, { secure });
        } else {
          if (session.flash) {
            flash = session.flash;
            delete session.flash;
            await this.sessions.save(sid, session);
          }
          if (await this.sessions.touch(sid, session)) cookie = serializeCookie(SESSION_COOKIE, sid, { secure, maxAge: this.ctx.config.sessionTtlS });
        }
      }
    }
    return { request, url, ip, loopback: isLoopback(ip), htmx, sid, cookie, session, account, csrf: this.csrf.token(sid), flash };
  }

  csrfOk(req: Req, body: unknown): boolean {
    return this.csrf.verify(req.sid, csrfFrom(req.request, body));
  }

  /** begin() plus the CSRF check every state-changing request must pass. */
  async post(request: Request, server: ServerLike, body: unknown): Promise<Req | Response> {
    const req = await this.begin(request, server);
    if (!this.csrfOk(req, body)) return this.forbidden(req, "The form's security token is missing or wrong. Reload the page and try again.");
    return req;
  }

  /** For /admin: a signed-in account of GM level >= 3 (and the CSRF check for writes). */
  async admin(request: Request, server: ServerLike, body?: unknown, level = ADMIN_LEVEL): Promise<Req | Response> {
    const req = await this.begin(request, server);
    if (!this.adminReachable(req.ip)) return this.forbidden(req, "The admin portal answers only local clients.");
    if (!req.account) return this.forbidden(req, "Log in with an administrator account to use the admin portal.", true);
    if (req.account.gmLevel < level) return this.forbidden(req, "Your account may not use the admin portal.");
    if (request.method !== "GET" && request.method !== "HEAD" && !this.csrfOk(req, body)) {
      return this.forbidden(req, "The form's security token is missing or wrong. Reload the page and try again.");
    }
    return req;
  }

  /** Signs in: a fresh session id (no fixation), a fresh CSRF token. */
  async signIn(req: Req, account: AccountRow): Promise<void> {
    if (req.session) await this.sessions.destroy(req.sid);
    req.sid = newSessionId();
    req.session = await this.sessions.create(req.sid, account);
    req.account = account;
    req.csrf = this.csrf.token(req.sid);
    req.cookie = serializeCookie(SESSION_COOKIE, req.sid, { secure: req.url.protocol === "https:", maxAge: this.ctx.config.sessionTtlS });
  }

  async signOut(req: Req): Promise<void> {
    await this.sessions.destroy(req.sid);
    req.sid = newSessionId();
    req.session = undefined;
    req.account = undefined;
    req.csrf = this.csrf.token(req.sid);
    req.cookie = serializeCookie(SESSION_COOKIE, req.sid, { secure: req.url.protocol === "https:" });
  }

  async setFlash(req: Req, text: string): Promise<void> {
    if (!req.session) return;
    req.session.flash = text;
    await this.sessions.save(req.sid, req.session);
  }

  headers(req: Req | undefined, extra: Record<string, string> = {}): Headers {
    const h = new Headers({ ...SECURITY_HEADERS, vary: "HX-Request, Cookie", "cache-control": "no-store", ...extra });
    if (req?.cookie) h.append("set-cookie", req.cookie);
    return h;
  }

  html(req: Req | undefined, body: string, status = 200, extra: Record<string, string> = {}): Response {
    return new Response(body, { status, headers: this.headers(req, { "content-type": "text/html; charset=utf-8", ...extra }) });
  }

  pageOpts(req: Req, title: string, section: "public" | "admin" = "public"): PageOpts {
    const adminLinks =
      section === "admin"
        ? this.ctx.plugins
            .routes("page")
            .filter((r) => r.method === "GET" && !r.path.includes(":") && r.title)
            .map((r) => ({ href: `/admin/plugins/${r.plugin}${r.path.startsWith("/") ? r.path : `/${r.path}`}`, title: r.title! }))
        : undefined;
    return { title, section, flash: req.flash, viewer: { name: req.account?.name, admin: this.isAdmin(req), csrf: req.csrf }, adminLinks };
  }

  /** The whole page, or only the main area for htmx. */
  async page(req: Req, title: string, content: JSX.Element, o: { status?: number; section?: "public" | "admin" } = {}): Promise<Response> {
    const opts = this.pageOpts(req, title, o.section);
    const body = await (req.htmx ? <PageFragment opts={opts}>{content}</PageFragment> : <Layout opts={opts}>{content}</Layout>);
    return this.html(req, req.htmx ? body : `<!doctype html>${body}`, o.status ?? 200);
  }

  /** After a successful POST: 303 for plain forms, HX-Redirect (a full load) for htmx. */
  redirect(req: Req, to: string): Response {
    if (req.request.headers.get("hx-request") === "true") return new Response("", { status: 200, headers: this.headers(req, { "hx-redirect": to }) });
    return new Response(null, { status: 303, headers: this.headers(req, { location: to }) });
  }

  async forbidden(req: Req, message: string, offerLogin = false): Promise<Response> {
    const next = encodeURIComponent(req.url.pathname + req.url.search);
    return this.page(
      req,
      "Forbidden",
      <section>
        <h1>Forbidden</h1>
        <p safe>{message}</p>
        {offerLogin ? <a href={`/login?next=${next}`}>Log in</a> : ""}
      </section>,
      { status: 403 },
    );
  }

  async notFound(req: Req, what = "page"): Promise<Response> {
    return this.page(
      req,
      "Not found",
      <section>
        <h1>Not found</h1>
        <p safe>{`There is no such ${what}.`}</p>
      </section>,
      { status: 404 },
    );
  }

  json(data: unknown, status = 200, extra: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...extra } });
  }
}

/** A local path to go back to after logging in (no open redirects). */
export function safeNext(v: unknown, fallback = "/account"): string {
  return typeof v === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(v) && v.length < 512 ? v : fallback;
}
