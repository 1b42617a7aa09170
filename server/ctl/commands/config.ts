// config: every configuration key with its default, type and environment variable, and
// the values in force (defaults < config file < environment).
import { describeConfig } from "../../kernel/config.ts";
import { defineCommands, type CtlCommand } from "../registry.ts";

function at(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

const config: CtlCommand = {
  name: "config",
  usage: "config [PREFIX]",
  summary: "list every configuration key (default, current value, environment variable)",
  async run(args, env) {
    const prefix = args[0] ?? "";
    for (const k of describeConfig()) {
      if (prefix && !k.key.startsWith(prefix)) continue;
      const cur = JSON.stringify(at(env.config, k.key));
      const def = JSON.stringify(k.default);
      env.out(`${k.key} = ${cur}${cur !== def ? ` (default ${def})` : ""}  [${k.env}] ${k.expected}${k.doc ? ` - ${k.doc}` : ""}`);
    }
  },
};

export default defineCommands(config);
