// The store's query logic, written once with drizzle's query builder and run against
// either dialect (files under sql/). The code is typed against the PostgreSQL tables; the
// SQLite tables have identical row types (schema.types.test.ts), and drizzle generates
// each dialect's SQL from the table objects it is given at run time.
import type { StoreParts } from "./ports.ts";
import { Accounts, Bans } from "./sql/accounts.ts";
import { Audit } from "./sql/audit.ts";
import { Characters } from "./sql/characters.ts";
import { AccountData, PluginData } from "./sql/documents.ts";
import type { Executor } from "./sql/part.ts";
import { Realms, Registry } from "./sql/registry.ts";

export { isUniqueViolation, type Db, type Executor } from "./sql/part.ts";
export { nameKey } from "./sql/characters.ts";

/** The parts of a Store that work inside or outside a transaction. */
export function storeParts(ex: Executor): StoreParts {
  return {
    dialect: ex.dialect,
    accounts: new Accounts(ex),
    bans: new Bans(ex),
    realms: new Realms(ex),
    characters: new Characters(ex),
    accountData: new AccountData(ex),
    pluginData: new PluginData(ex),
    audit: new Audit(ex),
    registry: new Registry(ex),
  };
}
