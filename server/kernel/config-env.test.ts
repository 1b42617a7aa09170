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

test("the test and benchmark tooling's variables are not configuration keys; a typo still is refused", () => {
  const tooling = {
    REALMCORE_CONFIG: "",
    REALMCORE_TEST_POSTGRES_URL: "postgres://x",
    REALMCORE_TEST_SCALE: "2",
    REALMCORE_REQUIRE_SERVICES: "1",
    REALMCORE_FUZZ_SEED: "7",
    REALMCORE_VECTORS: "/tmp/v.json",
  };
  expect(loadConfig({ file: null, env: { ...tooling, REALMCORE_WORLD__TICK_MS: "50" } }).world.tickMs).toBe(50);
  expect(() => loadConfig({ file: null, env: { ...tooling, REALMCORE_WORLD__TICK_MSS: "50" } })).toThrow(/REALMCORE_WORLD__TICK_MSS names no configuration key/);
  expect(() => loadConfig({ file: null, env: { REALMCORE_TESTING: "1" } })).toThrow(/REALMCORE_TESTING names no configuration key/);
});
