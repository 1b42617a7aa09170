// The operator CLI: `npm run ctl -- <command>` (see server/ctl/README.md).
// Loads the configuration like the realm does, opens the store directly (the realm may
// be stopped), runs one command from server/ctl/commands/, prints one line per result,
// and exits 0, or 1 with a message naming the problem.
import { describeError, isRealmError } from "./kernel/errors.ts";
import { loadConfig } from "./kernel/config.ts";
import { createCtlEnv } from "./ctl/env.ts";
import { findCommand, loadCommands, usageText } from "./ctl/registry.ts";

export async function runCtl(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const commands = await loadCommands();
  const words = argv.filter((w, i) => !(i === 0 && w === "--"));
  if (words.length === 0 || words[0] === "help" || words[0] === "--help" || words[0] === "-h") {
    process.stdout.write(`${usageText(commands, words[1])}\n`);
    return words.length === 0 ? 1 : 0;
  }
  const found = findCommand(commands, words);
  if (!found) {
    const group = commands.some((c) => c.name.startsWith(`${words[0]} `)) ? words[0] : undefined;
    const problem = group && words.length === 1 ? `"${group}" needs a subcommand` : `unknown command "${words.slice(0, group ? 2 : 1).join(" ")}"`;
    process.stderr.write(`error: ${problem}\n${usageText(commands, group)}\n`);
    return 1;
  }
  let ctl: ReturnType<typeof createCtlEnv> | undefined;
  try {
    const config = loadConfig({ env });
    ctl = createCtlEnv({ config });
    const code = await found.command.run(found.args, ctl);
    return code ?? 0;
  } catch (e) {
    process.stderr.write(`error: ${isRealmError(e) ? e.message : describeError(e)}\n`);
    return 1;
  } finally {
    await ctl?.close().catch(() => {});
  }
}

if (import.meta.main) {
  process.exit(await runCtl(Bun.argv.slice(2)));
}
