// A web-only process (no plugin host) runs GM commands, lists commands and plugins, and
// reloads a plugin through the services hosts on the bus (r<realm>.admin.req).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { buildWebContext } from "../web-context.ts";
import { boot, type Booted } from "../testing/boot.ts";
import { until } from "../testing/world-helpers.ts";

let a: Booted;
let web: Booted;
let built: ReturnType<typeof buildWebContext>;

beforeAll(async () => {
  a = await boot({ roles: ["auth", "gateway", "world", "orchestrator", "services"] });
  web = await boot({ roles: ["web"], realm: { register: false } }, { store: a.realm.store, bus: a.realm.bus, cache: a.realm.cache });
  built = buildWebContext(web.realm);
}, 20_000);
afterAll(async () => {
  built?.dispose();
  await web?.stop();
  await a?.stop();
});

test("the web-only process hosts no plugins, yet commands and plugins are available through the bus", async () => {
  expect(web.realm.runtime).toBeUndefined();
  const ctx = built.context;
  await until("a services host answered", () => ctx.commands.available && ctx.plugins.available);
  expect(ctx.plugins.list().map((p) => p.name)).toContain("character");
  const names = (level: number) => ctx.commands.list(level).map((c) => c.name);
  expect(names(3)).toContain("server drain");
  expect(names(1)).not.toContain("server drain");
});

test("a GM command runs on a services host and its reply lines come back; an unknown one says so", async () => {
  const ctx = built.context;
  const r = await ctx.commands.run(".server info", { level: 3, actor: "web:ADMIN", accountId: 1, ip: "127.0.0.1" });
  expect(r.ok).toBe(true);
  expect(r.lines.some((l) => l.includes("RealmCore"))).toBe(true);
  const denied = await ctx.commands.run(".server shutdown 60", { level: 1, actor: "web:MOD", accountId: 2 });
  expect(denied.ok).toBe(false);
  const unknown = await ctx.commands.run(".nosuchcommand", { level: 3, actor: "web:ADMIN", accountId: 1 });
  expect(unknown.ok).toBe(false);
  expect(unknown.code).toBe("CMD_UNKNOWN");
});

test("a plugin reload from the web-only process reaches the plugin hosts and returns their answers", async () => {
  const answers = await built.context.plugins.control("reload", "character");
  expect(answers.map((x) => [x.node, x.ok])).toEqual([[a.realm.nodeId, true]]);
});
