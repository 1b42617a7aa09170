// The admin portal (GM level >= 3; loopback clients only unless web.adminRemote).
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { adminAccountRoutes } from "./accounts.tsx";
import { adminAnnounceRoutes } from "./announce.tsx";
import { adminAuditRoutes } from "./audit.tsx";
import { adminCharacterRoutes } from "./characters.tsx";
import { adminConsoleRoutes } from "./console.tsx";
import { adminDashboardRoutes } from "./dashboard.tsx";
import { adminModRoutes } from "./mods.tsx";
import { adminNewsRoutes } from "./news.tsx";
import { adminPluginPageRoutes } from "./plugin-pages.tsx";
import { adminRealmRoutes } from "./realms.tsx";

export function adminRoutes(d: Deps) {
  return new Elysia({ name: "admin" })
    .use(adminDashboardRoutes(d))
    .use(adminAccountRoutes(d))
    .use(adminCharacterRoutes(d))
    .use(adminRealmRoutes(d))
    .use(adminModRoutes(d))
    .use(adminAuditRoutes(d))
    .use(adminConsoleRoutes(d))
    .use(adminAnnounceRoutes(d))
    .use(adminNewsRoutes(d))
    .use(adminPluginPageRoutes(d));
}
