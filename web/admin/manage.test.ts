// Admin characters (with a character in the world over the real sockets), realms,
// plugins and mods (with plugin admin pages and API routes that a reload swaps), audit
// filters, the console, announcements, the MOTD and news, through app.handle.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { joinWorld, type TestPlayer } from "../../server/testing/players.ts";
import { PluginFolders } from "../../server/testing/plugin-folders.ts";
import { apiToken, webHarness, type Client, type Harness } from "../testing/harness.ts";

let h: Harness;
let admin: Client;
const folders = new PluginFolders("rc-web-plugins-");
const demoDir = folders.dir("demo");

function demoSource(gen: number): string {
  return `import { definePlugin } from "$API";
export default definePlugin({
  name: "webdemo",
  version: "1.0.${gen}",
  setup(ctx) {
    ctx.web.page({ method: "GET", path: "/stats", title: "Demo stats", handler: () => "<p id='demo'>generation ${gen}</p>" });
    ctx.web.page({ method: "GET", path: "/items/:id", handler: (r) => ({ id: r.params.id, who: r.accountId }) });
    ctx.web.page({ method: "POST", path: "/echo", handler: (r) => ({ body: r.body }) });
    ctx.web.page({ method: "GET", path: "/boom", handler: () => { throw new Error("page boom"); } });
    ctx.web.api({ method: "GET", path: "/ping", level: 0, handler: (r) => ({ pong: ${gen}, account: r.accountId }) });
    ctx.web.api({ method: "GET", path: "/secret", handler: (r) => ({ secret: true, gm: r.gmLevel }) });
    ctx.commands.register({ name: "webdemo top", level: 4, help: "level 4 only", run: (inv) => inv.reply("top secret") });
  },
});
`;
}

beforeAll(async () => {
  folders.write(demoDir, "webdemo", { "index.ts": demoSource(1) });
  h = await webHarness({}, { pluginDirs: [folders.withCharacter(), demoDir] });
  admin = await h.loggedIn("admin", "adminpw", 3);
});
afterAll(async () => {
  await h.stop();
  folders.cleanup();
});

describe("characters", () => {
  let player: TestPlayer;
  let guid = 0;

  test("the dashboard lists a character in the world and its connection", async () => {
    player = await joinWorld(h.b, "walker", "Walker");
    guid = (await h.ctx.characters.byName(1, "Walker"))!.guid;
    const r = await admin.get("/admin/dashboard/panel");
    expect(r.text).toContain(`<a href="/admin/characters/${guid}">Walker</a>`);
    expect(r.text).toContain('<a href="/admin/accounts/WALKER">WALKER</a>');
    expect(r.text).toMatch(/<td>world<\/td><td>Walker<\/td>/);
    expect(r.text).toContain("Eastern Kingdoms");
    const s = await h.ctx.stats.dashboard();
    expect(s.sessions.byState.world).toBe(1);
    expect(s.world[0]!.instances.some((i) => i.players === 1)).toBe(true);
  });

  test("search and view", async () => {
    const list = await admin.get("/admin/characters?q=walk");
    expect(list.text).toContain(`<a href="/admin/characters/${guid}">Walker</a>`);
    const view = await admin.get(`/admin/characters/${guid}`);
    expect(view.text).toContain("<h1>Walker</h1>");
    expect(view.text).toContain("in the world on");
    expect((await admin.get("/admin/characters/999999")).status).toBe(404);
  });

  test("teleport to a named location moves the character in the world; an unknown name writes nothing", async () => {
    const bad = await admin.post(`/admin/characters/${guid}/teleport`, { location: "Atlantis" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("There is no teleport location named Atlantis.");
    const r = await admin.post(`/admin/characters/${guid}/teleport`, { location: "Goldshire" });
    expect(r.status).toBe(303);
    const deadline = Date.now() + 5000;
    while (player.client.teleports === 0 && Date.now() < deadline) await Bun.sleep(20);
    expect(player.client.teleports).toBeGreaterThan(0);
    expect((await h.ctx.audit.list({ action: "character.teleport", target: "Walker" }))[0]?.actor).toBe("web:ADMIN");
  });

  test("kick closes the game connection", async () => {
    const r = await admin.post(`/admin/characters/${guid}/kick`, { reason: "testing" });
    expect(r.status).toBe(303);
    const deadline = Date.now() + 5000;
    while (!player.closed && Date.now() < deadline) await Bun.sleep(20);
    expect(player.closed).toBe(true);
    expect((await h.ctx.audit.list({ action: "character.kick", target: "Walker" })).length).toBe(1);
  });

  test("offline: kick is refused, teleport writes the position, flags and restore", async () => {
    await h.b.createAccount("owner", "pw");
    const c = await h.b.createCharacter("owner", "Sleeper");
    expect((await admin.post(`/admin/characters/${c.guid}/kick`, { reason: "" })).status).toBe(409);
    expect((await admin.post(`/admin/characters/${c.guid}/teleport`, { location: "orgrimmar" })).status).toBe(303);
    const moved = (await h.ctx.characters.byGuid(c.guid))!;
    expect(moved.map).toBe(1);
    expect(Math.round(moved.x)).toBe(1629);
    expect((await admin.post(`/admin/characters/${c.guid}/flags`, { rename: "on", customize: "on" })).status).toBe(303);
    expect((await h.ctx.characters.byGuid(c.guid))!.atLogin).toBe(0x9);
    expect((await admin.post(`/admin/characters/${c.guid}/flags`, { customize: "on" })).status).toBe(303);
    expect((await h.ctx.characters.byGuid(c.guid))!.atLogin).toBe(0x8);
    expect((await admin.post(`/admin/characters/${c.guid}/flags`, { rename: "maybe" })).status).toBe(422);
    expect((await h.ctx.characters.byGuid(c.guid))!.atLogin).toBe(0x8);
    await h.ctx.characters.softDelete(c.guid, h.ctx.clock.now());
    const deleted = await admin.get("/admin/characters?q=Sleep&deleted=on");
    expect(deleted.text).toContain('<span class="badge bad">deleted</span>');
    expect((await admin.post(`/admin/characters/${c.guid}/restore`)).status).toBe(303);
    expect((await h.ctx.characters.byGuid(c.guid))!.deletedAt).toBe(0);
    expect((await admin.post(`/admin/characters/${c.guid}/restore`)).status).toBe(409);
  });

  test("script-bearing character names are escaped in admin lists", async () => {
    await h.b.createCharacter("owner", "<svg onload=alert(1)>");
    const r = await admin.get("/admin/characters?q=svg");
    expect(r.text).toContain("&lt;svg onload=alert(1)&gt;");
    expect(r.text).not.toContain("<svg onload");
  });
});

describe("realms", () => {
  test("edit a realm row; bad fields write nothing", async () => {
    const bad = await admin.post("/admin/realms/1", { name: "", address: "nope", type: "1", flags: "0", timezone: "1", playerLimit: "0" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Name is required");
    expect(bad.text).toContain("Address: host:port");
    expect(bad.text).toContain("Player limit must be between 1 and 100000");
    expect((await h.ctx.realms.get(1))!.name).toBe("RealmCore");
    const r = await admin.post("/admin/realms/1", { name: "Renamed", address: "play.example.org:8085", type: "1", flags: "64", timezone: "2", playerLimit: "500" });
    expect(r.status).toBe(303);
    const row = (await h.ctx.realms.get(1))!;
    expect([row.name, row.address, row.type, row.flags, row.timezone, row.playerLimit]).toEqual(["Renamed", "play.example.org:8085", 1, 64, 2, 500]);
    expect((await h.ctx.audit.list({ action: "realm.update" }))[0]?.actor).toBe("web:ADMIN");
    expect((await admin.post("/admin/realms/77", { name: "X", address: "a:1", type: "0", flags: "0", timezone: "1", playerLimit: "5" })).status).toBe(404);
  });
});

describe("plugins and mods", () => {
  test("lists plugins and reloads one on every plugin host; plugin pages and API routes follow the reload", async () => {
    const list = await admin.get("/admin/mods");
    expect(list.text).toContain("<strong>webdemo</strong>");
    expect(list.text).toContain("<strong>character</strong>");
    const page = await admin.get("/admin/plugins/webdemo/stats");
    expect(page.status).toBe(200);
    expect(page.text).toContain("<p id='demo'>generation 1</p>");
    expect(page.text).toContain('<a href="/admin/plugins/webdemo/stats">Demo stats</a>');
    expect((await h.client().json("GET", "/api/v1/plugins/webdemo/ping")).data).toEqual({ pong: 1, account: 0 });
    folders.write(demoDir, "webdemo", { "index.ts": demoSource(2) });
    const r = await admin.post("/admin/mods/webdemo/reload");
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/reload webdemo ok/);
    expect((await admin.get("/admin/plugins/webdemo/stats")).text).toContain("generation 2");
    expect((await h.client().json("GET", "/api/v1/plugins/webdemo/ping")).data.pong).toBe(2);
    expect((await h.ctx.audit.list({ action: "plugin.reload", target: "webdemo" }))[0]?.actor).toBe("web:ADMIN");
    expect((await admin.post("/admin/mods/nosuch/reload")).status).toBe(404);
  });

  test("plugin pages: params, escaped JSON results, POST with CSRF, faults recorded, gate", async () => {
    const item = await admin.get("/admin/plugins/webdemo/items/%3Cb%3E");
    expect(item.text).toContain("&quot;id&quot;: &quot;&lt;b&gt;&quot;");
    const echo = await admin.post("/admin/plugins/webdemo/echo", { x: "1" });
    expect(echo.text).toContain("&quot;x&quot;: &quot;1&quot;");
    expect(echo.text).not.toContain("_csrf&quot;");
    expect((await admin.post("/admin/plugins/webdemo/echo", { _csrf: "forged", x: "1" })).status).toBe(403);
    const boom = await admin.get("/admin/plugins/webdemo/boom");
    expect(boom.status).toBe(500);
    expect(h.ctx.plugins.list().find((p) => p.name === "webdemo")!.lastError?.message).toContain("page boom");
    expect((await admin.get("/admin/plugins/webdemo/nothing")).status).toBe(404);
    // plugin API routes: level 0 answers anyone, the default level needs a GM level 3 token
    const api = h.client("203.0.113.9");
    expect((await api.json("GET", "/api/v1/plugins/webdemo/secret")).status).toBe(401);
    await h.b.createAccount("apiplayer", "pw");
    expect((await api.json("GET", "/api/v1/plugins/webdemo/secret", undefined, await apiToken(api, "apiplayer", "pw"))).status).toBe(403);
    const secret = await api.json("GET", "/api/v1/plugins/webdemo/secret", undefined, await apiToken(api, "admin", "adminpw"));
    expect(secret.data).toEqual({ secret: true, gm: 3 });
    expect((await api.json("GET", "/api/v1/plugins/webdemo/nothing")).status).toBe(404);
    const player = await h.loggedIn("plainplayer", "pw", 0);
    expect((await player.get("/admin/plugins/webdemo/stats")).status).toBe(403);
    expect((await h.client("203.0.113.9").get("/admin/plugins/webdemo/stats")).status).toBe(403);
  });

  test("disable and enable", async () => {
    expect((await admin.post("/admin/mods/webdemo/disable")).text).toMatch(/disable webdemo ok/);
    expect((await admin.get("/admin/plugins/webdemo/stats")).status).toBe(404);
    expect((await admin.post("/admin/mods/webdemo/enable")).text).toMatch(/enable webdemo ok/);
    expect((await admin.get("/admin/plugins/webdemo/stats")).status).toBe(200);
  });
});

describe("audit, console, announcements, news", () => {
  test("the audit log filters by who, what and target, escaping details", async () => {
    await h.ctx.audit.write({ actor: "web:ADMIN" }, "test.thing", "<u>t</u>", { note: "<script>x</script>" });
    const r = await admin.get("/admin/audit?actor=web%3AADMIN&action=test.");
    expect(r.text).toContain("<td>test.thing</td>");
    expect(r.text).toContain("&lt;u&gt;t&lt;/u&gt;");
    expect(r.text).not.toContain("<script>x</script>");
    expect(r.text).not.toContain("<td>realm.update</td>");
    const none = await admin.get("/admin/audit?actor=nobody");
    expect(none.text).toContain("Nothing recorded.");
  });

  test("the console runs commands at the caller's level through the one registry, audited", async () => {
    const r = await admin.post("/admin/console", { command: ".server info" });
    expect(r.status).toBe(200);
    expect(r.text).toContain("&gt; .server info");
    expect(r.text).toMatch(/Players online: \d+/);
    const hx = await admin.post("/admin/console", { command: "server info" }, { "hx-request": "true" });
    expect(hx.text.startsWith('<div class="console-entry">')).toBe(true);
    // GM commands (level > 0) are audited by the registry with the web actor
    const ann = await admin.post("/admin/console", { command: ".announce maintenance soon" });
    expect(ann.text).toContain("Announcement sent.");
    const audit = await h.ctx.audit.list({ action: "command", actor: "web:ADMIN" });
    expect(audit.some((r) => r.details.includes("announce maintenance soon"))).toBe(true);
    // a level 4 command is refused at level 3
    const denied = await admin.post("/admin/console", { command: ".webdemo top" });
    expect(denied.text).toContain("You need security level 4");
    expect(denied.text).not.toContain("top secret");
    expect(denied.text).not.toContain("level 4 only");
    const top = await h.loggedIn("owner4", "pw", 4);
    expect((await top.post("/admin/console", { command: ".webdemo top" })).text).toContain("top secret");
    expect((await admin.post("/admin/console", { command: "x".repeat(300) })).status).toBe(422);
  });

  test("announcements and the message of the day", async () => {
    expect((await admin.post("/admin/announce", { text: "Restart at noon" })).status).toBe(303);
    expect((await h.ctx.audit.list({ action: "server.announce" }))[0]?.details).toContain("Restart at noon");
    expect((await admin.post("/admin/announce", { text: "" })).status).toBe(422);
    expect((await admin.post("/admin/motd", { motd: "Hello <world>" })).status).toBe(303);
    expect(await h.ctx.motd.get()).toBe("Hello <world>");
    expect((await admin.get("/admin/announce")).text).toContain('value="Hello <world>"');
  });

  test("news: publish, show on the home page escaped, edit, delete", async () => {
    expect((await admin.post("/admin/news", { title: "", body: "x" })).status).toBe(422);
    expect((await admin.post("/admin/news", { title: "t".repeat(121), body: "x" })).status).toBe(422);
    expect((await admin.post("/admin/news", { title: "Patch <b>1</b>", body: "First para.\n\n<script>alert(1)</script>" })).status).toBe(303);
    const home = await h.client().get("/");
    expect(home.text).toContain("<h2>Patch &lt;b&gt;1&lt;/b&gt;</h2>");
    expect(home.text).toContain("<p>First para.</p>");
    expect(home.text).toContain("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    const item = (await h.ctx.data.list<{ id: string }>("news:"))[0]!.value;
    expect((await admin.post(`/admin/news/${item.id}`, { title: "Patch 2", body: "Changed." })).status).toBe(303);
    expect((await h.client().get("/")).text).toContain("<h2>Patch 2</h2>");
    expect((await admin.post(`/admin/news/${item.id}/delete`)).status).toBe(303);
    expect((await h.client().get("/")).text).toContain("No news yet.");
    expect((await admin.post("/admin/news/nope/delete")).status).toBe(404);
    const acts = (await h.ctx.audit.list({ action: "news." })).map((r) => r.action);
    expect(acts).toEqual(["news.delete", "news.update", "news.create"]);
  });
});
