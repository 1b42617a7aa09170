// /static: the stylesheet from web/static and htmx 2.x and Alpine served straight from
// their npm packages (no CDN, no bundler). Only the files listed here are served.
import { Elysia } from "elysia";
import { join } from "node:path";

const TYPES: Record<string, string> = { js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };

export function staticFiles(): Record<string, string> {
  return {
    "htmx.min.js": Bun.resolveSync("htmx.org/dist/htmx.min.js", import.meta.dir),
    "alpine.min.js": Bun.resolveSync("alpinejs/dist/cdn.min.js", import.meta.dir),
    "style.css": join(import.meta.dir, "static", "style.css"),
  };
}

export function staticRoutes() {
  const files = staticFiles();
  return new Elysia({ name: "static" }).get("/static/:file", ({ params }) => {
    const path = Object.hasOwn(files, params.file) ? files[params.file] : undefined;
    if (!path) return new Response("not found\n", { status: 404, headers: { "content-type": "text/plain" } });
    const ext = params.file.slice(params.file.lastIndexOf(".") + 1);
    return new Response(Bun.file(path), { headers: { "content-type": TYPES[ext] ?? "application/octet-stream", "cache-control": "public, max-age=3600", "x-content-type-options": "nosniff" } });
  }, { detail: { hide: true } });
}
