// server/commands/README.md lists every core command with its level and usage; this
// test fails when a core command is added or changed without its row there.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { silentLogger } from "../kernel/logger.ts";
import type { AuditLog } from "../ops/audit.ts";
import { registerCoreCommands, type CoreCommandDeps } from "./core/index.ts";
import { CommandRegistry } from "./registry.ts";

test("every core command has a row with its usage and level", () => {
  const registry = new CommandRegistry({ audit: {} as AuditLog, log: silentLogger });
  // registering only reads `registry`; the commands' dependencies are used when they run
  registerCoreCommands({ registry } as CoreCommandDeps);
  const readme = readFileSync(join(import.meta.dir, "README.md"), "utf8");
  const commands = registry.list(4);
  expect(commands.length).toBeGreaterThan(20);
  const missing = commands
    .map((c) => `| \`.${c.name}${c.usage ? ` ${c.usage}` : ""}\``.replaceAll("|", "\\|").replace(/^\\\|/, "|") + ` | ${c.level} |`)
    .filter((row) => !readme.includes(row));
  expect(missing).toEqual([]);
});
