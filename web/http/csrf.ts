// CSRF tokens bound to the session cookie: token = HMAC(key, session id). The key lives
// in the cache port (every replica agrees); a new session id (login, logout) gives a new
// token. Anonymous visitors get a session id too, so the login and register forms carry
// tokens as well. Forms send it as the `_csrf` field, htmx as the X-CSRF-Token header.
import { createHmac, timingSafeEqual } from "node:crypto";

export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "x-csrf-token";

export class Csrf {
  constructor(private key: string) {}

  token(sid: string): string {
    return createHmac("sha256", this.key).update(`csrf:${sid}`).digest("base64url");
  }

  verify(sid: string, token: unknown): boolean {
    if (typeof token !== "string" || token.length === 0 || token.length > 128) return false;
    const want = Buffer.from(this.token(sid));
    const got = Buffer.from(token);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

/** The token a request carries: the header (htmx) or the form field. */
export function csrfFrom(request: Request, body: unknown): unknown {
  const h = request.headers.get(CSRF_HEADER);
  if (h) return h;
  if (body && typeof body === "object" && CSRF_FIELD in body) return (body as Record<string, unknown>)[CSRF_FIELD];
  return undefined;
}
