// `npm start`: one realm process. With no configuration it runs every role in embedded
// mode (bun:sqlite under ./data, in-process bus, memory cache, ports 3724/8085/8080).
//
//   bun run server/main.ts [--config FILE] [--roles auth,gateway,world,orchestrator,services,web]
//
// SIGINT/SIGTERM save everyone and exit 0; `.server restart` exits 2 (for a supervisor).
// A bad configuration exits 1 with a message naming the key.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startConsole } from "./console.ts";
import { startCtlSocket } from "./ctl-socket.ts";
import { describeError, isRealmError } from "./kernel/errors.ts";
import { ALL_ROLES, loadConfig, type Role } from "./kernel/config.ts";
import { startRealm } from "./realm.ts";

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: "string" }, roles: { type: "string" }, "no-console": { type: "boolean" } },
    allowPositionals: false,
    strict: true,
  });
  let config;
  try {
    const roles = values.roles?.split(",").map((r) => r.trim()).filter(Boolean);
    const bad = roles?.filter((r) => !ALL_ROLES.includes(r as Role));
    if (bad?.length) throw new Error(`--roles: unknown role(s) ${bad.join(", ")} (known: ${ALL_ROLES.join(", ")})`);
    config = loadConfig({ file: values.config, env: process.env, overrides: roles ? { roles: roles as Role[] } : {} });
  } catch (e) {
    process.stderr.write(`configuration refused: ${isRealmError(e) ? `[${e.code}] ${e.message}` : describeError(e)}\n`);
    process.exit(1);
  }
  let exitCode = 0;
  let exiting = false;
  const realm = await startRealm({
    config,
    configFile: values.config ? resolve(values.config) : undefined,
    onExit: (code) => {
      exitCode = code;
      finish();
    },
  }).catch((e) => {
    process.stderr.write(`realm failed to start: ${isRealmError(e) ? `[${e.code}] ${e.message}` : describeError(e)}\n`);
    process.exit(1);
  });
  const ctl = startCtlSocket(realm);
  const stopConsole = values["no-console"] ? () => {} : startConsole(realm);
  const finish = () => {
    if (exiting) return;
    exiting = true;
    stopConsole();
    ctl?.stop();
    void realm.stop().finally(() => process.exit(exitCode));
  };
  process.on("SIGINT", finish);
  process.on("SIGTERM", finish);
  process.stdout.write(
    `RealmCore realm "${config.realm.name}" running: login ${realm.ports.auth || "-"}, world ${realm.ports.world || "-"}, web ${realm.ports.web || "-"} (roles: ${config.roles.join(", ")})\n`,
  );
}

if (import.meta.main) await main(Bun.argv.slice(2));
