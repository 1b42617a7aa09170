// drizzle-kit configuration. One environment variable picks the dialect:
//   REALMCORE_DB_DIALECT=sqlite      (default)  -> server/storage/migrations/sqlite/
//   REALMCORE_DB_DIALECT=postgresql             -> server/storage/migrations/postgresql/
// Generate a migration for each dialect after changing server/storage/schema.ts:
//   REALMCORE_DB_DIALECT=sqlite bun --bun drizzle-kit generate
//   REALMCORE_DB_DIALECT=postgresql bun --bun drizzle-kit generate
// Migrations are applied by the realm at start and by `npm run ctl -- db migrate`.
import { defineConfig } from "drizzle-kit";

const dialect = process.env.REALMCORE_DB_DIALECT === "postgresql" ? "postgresql" : "sqlite";

export default defineConfig({
  dialect,
  casing: "snake_case",
  schema: "./server/storage/schema.ts",
  out: `./server/storage/migrations/${dialect}`,
});
