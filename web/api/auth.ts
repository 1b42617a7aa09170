// Bearer tokens for /api/v1: a JWT (@elysiajs/jwt, HS256) naming the account and a stamp
// of its credentials, so a password change or an operator lock ends every token.
import type { AccountRow } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import { accountStamp } from "../http/session.ts";
import { ADMIN_LEVEL } from "../http/web.tsx";

export async function issueToken(d: Deps, a: AccountRow): Promise<{ token: string; expiresAt: number }> {
  const token = await d.w.jwt.sign({ sub: String(a.id), name: a.name, stamp: accountStamp(a) });
  const claims = await d.w.jwt.verify(token);
  return { token, expiresAt: claims && typeof claims.exp === "number" ? claims.exp : 0 };
}

/** The account behind the Authorization header, or the error response. */
export async function bearer(d: Deps, request: Request, level = 0): Promise<AccountRow | Response> {
  const h = request.headers.get("authorization") ?? "";
  const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(h);
  if (!m) return d.w.json({ error: "unauthorized", message: "send Authorization: Bearer <token> (POST /api/v1/login)" }, 401, { "www-authenticate": "Bearer" });
  const claims = await d.w.jwt.verify(m[1]);
  const id = claims && typeof claims.sub === "string" && /^\d+$/.test(claims.sub) ? Number(claims.sub) : 0;
  const a = id ? await d.ctx.accounts.byId(id) : undefined;
  if (!claims || !a || a.locked || claims.stamp !== accountStamp(a)) return d.w.json({ error: "unauthorized", message: "the token is invalid or expired" }, 401, { "www-authenticate": "Bearer" });
  if (a.gmLevel < level) return d.w.json({ error: "forbidden", message: `needs GM level ${level >= ADMIN_LEVEL ? `${ADMIN_LEVEL} or more` : level}` }, 403);
  return a;
}
