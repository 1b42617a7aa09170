// /api/v1: JSON for the launcher and automation. Documented at /openapi/json.
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { apiAdminRoutes } from "./admin.ts";
import { apiMeRoutes } from "./me.ts";
import { apiPluginRoutes } from "./plugins.ts";
import { apiPublicRoutes } from "./public.ts";

export function apiRoutes(d: Deps) {
  return new Elysia({ name: "api" }).use(apiPublicRoutes(d)).use(apiMeRoutes(d)).use(apiAdminRoutes(d)).use(apiPluginRoutes(d));
}
