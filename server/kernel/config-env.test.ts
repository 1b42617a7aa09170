// Plugin settings from the environment, as the kernel README and the example mod's
// tutorial describe them: REALMCORE_PLUGINS__SETTINGS__<PLUGIN>__<KEY>, the plugin name's
// '-' written '_', the key in SNAKE_CASE for camelCase, the value JSON when it parses.
import { expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "./config.ts";

test("REALMCORE_PLUGINS__SETTINGS__<PLUGIN>__<KEY> sets a plugin's setting", () => {
  const cfg = loadConfig({
    file: null,
    env: {
      REALMCORE_PLUGINS__SETTINGS__EXAMPLE_WELCOME__GREETING: "Hail, {name}!",
      REALMCORE_PLUGINS__SETTINGS__GUILD__MAX_MEMBERS: "250",
      REALMCORE_PLUGINS__SETTINGS__GUILD__RANKS: '["Officer","Member"]',
    },
  });
  expect(cfg.plugins.settings).toEqual({
    "example-welcome": { greeting: "Hail, {name}!" },
    guild: { maxMembers: 250, ranks: ["Officer", "Member"] },
  });
});

test("the config file's [plugins.settings.<plugin>] table is the same thing", () => {
  const file = join(tmpdir(), `rc-config-env-${process.pid}.toml`);
  writeFileSync(file, '[plugins.settings.example-welcome]\ngreeting = "From the file"\n');
  try {
    const cfg = loadConfig({ file, env: {} });
    expect(cfg.plugins.settings).toEqual({ "example-welcome": { greeting: "From the file" } });
  } finally {
    rmSync(file, { force: true });
  }
});
