// Matching the routes plugins register (ctx.web.page / ctx.web.api). The tables are read
// at request time, so a plugin reload swaps its routes with everything else.
import type { PluginWebRoute } from "../server/api/index.ts";

export interface Matched {
  route: PluginWebRoute;
  params: Record<string, string>;
}

function segments(path: string): string[] {
  return path.split("/").filter(Boolean);
}

/** The plugin's route for this method and path (relative to the plugin's mount point). */
export function matchPluginRoute(routes: readonly PluginWebRoute[], plugin: string, method: string, rest: string): Matched | undefined {
  const want = segments(rest);
  for (const route of routes) {
    if (route.plugin !== plugin || route.method !== method) continue;
    const pat = segments(route.path);
    if (pat.length !== want.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pat.length && ok; i++) {
      const p = pat[i]!;
      const s = want[i]!;
      if (p.startsWith(":")) {
        try {
          params[p.slice(1)] = decodeURIComponent(s);
        } catch {
          ok = false;
        }
      } else ok = p === s;
    }
    if (ok) return { route, params };
  }
  return undefined;
}

/** A request body without the CSRF field, as plugins see it. */
export function pluginBody(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const { _csrf: _, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** Query values as single strings (the first of repeated ones). */
export function flatQuery(q: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    if (typeof v === "string") out[k] = v;
    else if (Array.isArray(v) && typeof v[0] === "string") out[k] = v[0];
  }
  return out;
}
