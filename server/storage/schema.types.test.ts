// Type-level check: the SQLite and PostgreSQL instantiations of every table have
// identical select and insert row types. `tsc --noEmit` (run by the typecheck test)
// fails if they drift; the runtime assertions only make the file a test.
import { expect, test } from "bun:test";
import { liteTables, pgTables } from "./schema.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

type T = typeof pgTables;
type L = typeof liteTables;
export type Checks = [
  Assert<Equal<keyof T, keyof L>>,
  Assert<Equal<T["accounts"]["$inferSelect"], L["accounts"]["$inferSelect"]>>,
  Assert<Equal<T["accounts"]["$inferInsert"], L["accounts"]["$inferInsert"]>>,
  Assert<Equal<T["accountBans"]["$inferSelect"], L["accountBans"]["$inferSelect"]>>,
  Assert<Equal<T["accountBans"]["$inferInsert"], L["accountBans"]["$inferInsert"]>>,
  Assert<Equal<T["ipBans"]["$inferSelect"], L["ipBans"]["$inferSelect"]>>,
  Assert<Equal<T["ipBans"]["$inferInsert"], L["ipBans"]["$inferInsert"]>>,
  Assert<Equal<T["realms"]["$inferSelect"], L["realms"]["$inferSelect"]>>,
  Assert<Equal<T["realms"]["$inferInsert"], L["realms"]["$inferInsert"]>>,
  Assert<Equal<T["characters"]["$inferSelect"], L["characters"]["$inferSelect"]>>,
  Assert<Equal<T["characters"]["$inferInsert"], L["characters"]["$inferInsert"]>>,
  Assert<Equal<T["accountData"]["$inferSelect"], L["accountData"]["$inferSelect"]>>,
  Assert<Equal<T["accountData"]["$inferInsert"], L["accountData"]["$inferInsert"]>>,
  Assert<Equal<T["pluginData"]["$inferSelect"], L["pluginData"]["$inferSelect"]>>,
  Assert<Equal<T["pluginData"]["$inferInsert"], L["pluginData"]["$inferInsert"]>>,
  Assert<Equal<T["worldInstances"]["$inferSelect"], L["worldInstances"]["$inferSelect"]>>,
  Assert<Equal<T["worldInstances"]["$inferInsert"], L["worldInstances"]["$inferInsert"]>>,
  Assert<Equal<T["worldPlayers"]["$inferSelect"], L["worldPlayers"]["$inferSelect"]>>,
  Assert<Equal<T["worldPlayers"]["$inferInsert"], L["worldPlayers"]["$inferInsert"]>>,
  Assert<Equal<T["auditLog"]["$inferSelect"], L["auditLog"]["$inferSelect"]>>,
  Assert<Equal<T["auditLog"]["$inferInsert"], L["auditLog"]["$inferInsert"]>>,
];

test("both dialects declare the same tables", () => {
  expect(Object.keys(liteTables).sort()).toEqual(Object.keys(pgTables).sort());
});
