// db migrate: applies pending migrations to the configured store and says which.
import { parseCommandArgs } from "../args.ts";
import { defineCommands, type CtlCommand } from "../registry.ts";

const migrate: CtlCommand = {
  name: "db migrate",
  usage: "db migrate",
  summary: "apply pending database migrations (refuses a newer schema)",
  async run(args, env) {
    parseCommandArgs(migrate, args);
    const store = await env.store({ migrate: false });
    const applied = await store.migrate();
    const where = env.config.storage.dialect === "sqlite" ? "SQLite" : "PostgreSQL";
    env.out(applied.length ? `applied ${applied.length} migration${applied.length === 1 ? "" : "s"} to ${where}: ${applied.join(", ")}` : `${where} database is up to date`);
  },
};

export default defineCommands(migrate);
