// /api/v1 through app.handle: JWT login (throttled like the game), realm list and status,
// self-service, the admin operations (401 without a token, 403 below GM level 3), and
// the OpenAPI document.
import { jwt } from "@elysiajs/jwt";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { createWebApp } from "../app.ts";
import { apiToken, Client, webHarness, type Harness } from "../testing/harness.ts";

let h: Harness;
let c: Client;
let adminToken = "";
let playerToken = "";

beforeAll(async () => {
  h = await webHarness({ auth: { lockout: { accountFailures: 3, ipFailures: 1000 } } });
  c = h.client("198.51.100.7");
  await h.b.createAccount("boss", "bosspw", { gmLevel: 3 });
  await h.b.createAccount("pleb", "plebpw");
  await h.b.createCharacter("pleb", "Plebchar", { level: 5 });
  adminToken = await apiToken(c, "boss", "bosspw");
  playerToken = await apiToken(c, "pleb", "plebpw");
});
afterAll(() => h.stop());

describe("login and tokens", () => {
  test("login returns a JWT with its expiry and the account", async () => {
    const r = await c.json("POST", "/api/v1/login", { name: "pleb", password: "plebpw" });
    expect(r.status).toBe(200);
    expect(r.data.token.split(".").length).toBe(3);
    expect(r.data.expiresAt).toBeGreaterThan(Math.floor(Date.now() / 1000));
    expect(r.data.account).toMatchObject({ name: "PLEB", gmLevel: 0 });
    expect(JSON.stringify(r.data)).not.toContain("verifier");
  });

  test("bad credentials are 401 with one message; malformed bodies are 422 naming the field", async () => {
    const bad = await c.json("POST", "/api/v1/login", { name: "pleb", password: "nope" });
    expect(bad.status).toBe(401);
    expect(bad.data.error).toBe("invalid_credentials");
    const unknown = await c.json("POST", "/api/v1/login", { name: "ghost", password: "nope" });
    expect(unknown.data).toEqual(bad.data);
    const malformed = await c.json("POST", "/api/v1/login", { name: "x".repeat(17), password: 5 });
    expect(malformed.status).toBe(422);
    expect(Object.keys(malformed.data.fields).sort()).toEqual(["name", "password"]);
    const broken = await c.request("POST", "/api/v1/login", { body: "{not json", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    await h.ctx.throttle.clearFailures("account", "PLEB");
  });

  test("the API login uses the game's lockout counters", async () => {
    await h.b.createAccount("locky", "rightpw");
    for (let i = 0; i < 3; i++) await c.json("POST", "/api/v1/login", { name: "locky", password: "bad" });
    expect((await c.json("POST", "/api/v1/login", { name: "locky", password: "rightpw" })).status).toBe(401);
    expect((await h.ctx.throttle.isLocked("account", "LOCKY")).locked).toBe(true);
  });

  test("missing, tampered and expired tokens are 401", async () => {
    expect((await c.json("GET", "/api/v1/me")).status).toBe(401);
    const [head, body, sig] = playerToken.split(".");
    const tampered = `${head}.${Buffer.from(JSON.stringify({ sub: "1", name: "BOSS" })).toString("base64url")}.${sig}`;
    expect((await c.json("GET", "/api/v1/me", undefined, tampered)).status).toBe(401);
    expect((await c.json("GET", "/api/v1/me", undefined, `${head}.${body}.${sig}x`)).status).toBe(401);
    const key = (await h.ctx.cache.get("web:key:jwt"))!;
    const signer = new Elysia().use(jwt({ name: "jwt", secret: key })).decorator.jwt;
    const pleb = (await h.ctx.accounts.get("pleb"))!;
    const good = await c.json("GET", "/api/v1/me", undefined, playerToken);
    const stamp = (await signer.verify(playerToken)) as Record<string, unknown>;
    expect(good.status).toBe(200);
    const expired = await signer.sign({ sub: String(pleb.id), stamp: String(stamp.stamp), exp: Math.floor(Date.now() / 1000) - 60 });
    expect((await c.json("GET", "/api/v1/me", undefined, expired)).status).toBe(401);
  });

  test("every web replica on the same cache accepts the same tokens", async () => {
    const replica = await createWebApp(h.ctx, { ipOf: () => "198.51.100.8" });
    const r = await replica.handle(new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${playerToken}` } }));
    expect(r.status).toBe(200);
  });
});

describe("public data", () => {
  test("realm list and one realm's status", async () => {
    const r = await c.json("GET", "/api/v1/realms");
    expect(r.data.realms[0]).toMatchObject({ id: 1, name: "RealmCore", online: true });
    expect((await c.json("GET", "/api/v1/realms/1")).data.online).toBe(true);
    expect((await c.json("GET", "/api/v1/realms/42")).status).toBe(404);
    expect((await c.json("GET", "/api/v1/realms/x")).status).toBe(404);
  });

  test("who is online and character pages", async () => {
    expect((await c.json("GET", "/api/v1/online")).data).toMatchObject({ realmId: 1, count: 0, players: [] });
    const ch = await c.json("GET", "/api/v1/characters/1/Plebchar");
    expect(ch.data).toMatchObject({ name: "Plebchar", level: 5, raceName: "Human", className: "Warrior" });
    expect(ch.data.atLogin).toBeUndefined();
    expect((await c.json("GET", "/api/v1/characters/1/Nobody")).status).toBe(404);
  });
});

describe("self-service", () => {
  test("me, my characters, my bans", async () => {
    const me = await c.json("GET", "/api/v1/me", undefined, playerToken);
    expect(me.data.account.name).toBe("PLEB");
    expect(me.data.ban).toBeNull();
    const chars = await c.json("GET", "/api/v1/me/characters", undefined, playerToken);
    expect(chars.data.characters.map((x: { name: string }) => x.name)).toEqual(["Plebchar"]);
  });

  test("change password: validation writes nothing; success voids the old token and returns a new one", async () => {
    await h.b.createAccount("changer", "oldpw");
    const t = await apiToken(c, "changer", "oldpw");
    const wrong = await c.json("POST", "/api/v1/me/password", { current: "bad", password: "newpw" }, t);
    expect(wrong.status).toBe(422);
    expect(wrong.data.fields.current).toBeDefined();
    expect((await c.json("POST", "/api/v1/me/password", { current: "oldpw", password: "y".repeat(17) }, t)).status).toBe(422);
    expect(await h.ctx.accounts.verifyPassword("changer", "oldpw")).toBeDefined();
    const ok = await c.json("POST", "/api/v1/me/password", { current: "oldpw", password: "newpw" }, t);
    expect(ok.status).toBe(200);
    expect(await h.ctx.accounts.verifyPassword("changer", "newpw")).toBeDefined();
    expect((await c.json("GET", "/api/v1/me", undefined, t)).status).toBe(401);
    expect((await c.json("GET", "/api/v1/me", undefined, ok.data.token)).status).toBe(200);
  });
});

describe("admin operations", () => {
  const ADMIN_GETS = ["/api/v1/admin/dashboard", "/api/v1/admin/accounts", "/api/v1/admin/accounts/PLEB", "/api/v1/admin/characters", "/api/v1/admin/realms", "/api/v1/admin/plugins", "/api/v1/admin/audit"];

  test("401 without a token, 403 for a player, 200 for a GM level 3 token (from a remote address)", async () => {
    for (const p of ADMIN_GETS) {
      expect(`${p} ${(await c.json("GET", p)).status}`).toBe(`${p} 401`);
      expect(`${p} ${(await c.json("GET", p, undefined, playerToken)).status}`).toBe(`${p} 403`);
      expect(`${p} ${(await c.json("GET", p, undefined, adminToken)).status}`).toBe(`${p} 200`);
    }
    const posts: [string, unknown][] = [
      ["/api/v1/admin/accounts/PLEB/ban", { duration: "perm", reason: "x" }],
      ["/api/v1/admin/console", { command: ".server info" }],
      ["/api/v1/admin/announce", { text: "hi" }],
      ["/api/v1/admin/realms/1", { name: "X", address: "a:1", type: 0, flags: 0, timezone: 1, playerLimit: 5 }],
    ];
    for (const [p, body] of posts) expect(`${p} ${(await c.json("POST", p, body, playerToken)).status}`).toBe(`${p} 403`);
    expect(await h.ctx.bans.activeAccountBan((await h.ctx.accounts.get("pleb"))!.id)).toBeUndefined();
    expect((await h.ctx.realms.get(1))!.name).toBe("RealmCore");
  });

  test("dashboard numbers", async () => {
    const d = (await c.json("GET", "/api/v1/admin/dashboard", undefined, adminToken)).data;
    expect(d.sessions.source).toBe("gateway");
    expect(d.world[0].source).toBe("local");
    expect(d.memory.rss).toBeGreaterThan(0);
    expect(d.bus).toMatchObject({ kind: "memory", healthy: true });
    expect(d.store.ok).toBe(true);
  });

  test("ban, mute and unban through the API, audited as web:<ACCOUNT>; bad input is 422 and writes nothing", async () => {
    const bad = await c.json("POST", "/api/v1/admin/accounts/PLEB/ban", { duration: "soon", reason: "x" }, adminToken);
    expect(bad.status).toBe(422);
    expect(bad.data.fields.duration).toBeDefined();
    const pleb = (await h.ctx.accounts.get("pleb"))!;
    expect(await h.ctx.bans.activeAccountBan(pleb.id)).toBeUndefined();
    const ok = await c.json("POST", "/api/v1/admin/accounts/PLEB/ban", { duration: "1h", reason: "api ban" }, adminToken);
    expect(ok.status).toBe(200);
    expect((await h.ctx.bans.activeAccountBan(pleb.id))?.bannedBy).toBe("web:BOSS");
    const row = (await h.ctx.audit.list({ action: "ban.account", target: "PLEB" }))[0]!;
    expect([row.actor, row.ip]).toEqual(["web:BOSS", "198.51.100.7"]);
    const me = await c.json("GET", "/api/v1/me", undefined, playerToken);
    expect(me.data.ban).toMatchObject({ reason: "api ban", permanent: false });
    expect((await c.json("POST", "/api/v1/admin/accounts/PLEB/mute", { minutes: 10, reason: "" }, adminToken)).status).toBe(200);
    expect((await c.json("POST", "/api/v1/admin/accounts/PLEB/unban", {}, adminToken)).status).toBe(200);
    expect(await h.ctx.bans.activeAccountBan(pleb.id)).toBeUndefined();
    expect((await c.json("POST", "/api/v1/admin/accounts/NOBODY/ban", { duration: "1h", reason: "x" }, adminToken)).status).toBe(404);
    expect((await c.json("POST", "/api/v1/admin/accounts/PLEB/gm", { level: 4 }, adminToken)).status).toBe(403);
  });

  test("characters, console and plugins", async () => {
    const list = await c.json("GET", "/api/v1/admin/characters?q=pleb", undefined, adminToken);
    const guid = list.data.characters[0].guid;
    expect((await c.json("POST", `/api/v1/admin/characters/${guid}/flags`, { rename: true }, adminToken)).status).toBe(200);
    expect((await h.ctx.characters.byGuid(guid))!.atLogin).toBe(1);
    expect((await c.json("POST", `/api/v1/admin/characters/${guid}/teleport`, { location: "Nowhere" }, adminToken)).status).toBe(422);
    const con = await c.json("POST", "/api/v1/admin/console", { command: ".server info" }, adminToken);
    expect(con.data.ok).toBe(true);
    expect(con.data.lines.join("\n")).toContain("Players online");
    expect((await c.json("POST", "/api/v1/admin/motd", { motd: "API motd" }, adminToken)).status).toBe(200);
    expect((await c.json("GET", "/api/v1/admin/motd", undefined, adminToken)).data).toEqual({ motd: "API motd" });
    expect((await c.json("POST", "/api/v1/admin/motd", { motd: "m".repeat(256) }, adminToken)).status).toBe(422);
    expect((await c.json("POST", "/api/v1/admin/motd", { motd: "nope" }, playerToken)).status).toBe(403);
    expect(await h.ctx.motd.get()).toBe("API motd");
    const plugins = await c.json("GET", "/api/v1/admin/plugins", undefined, adminToken);
    expect(plugins.data.plugins.some((p: { name: string }) => p.name === "character")).toBe(true);
  });
});

describe("OpenAPI", () => {
  test("/openapi/json documents /api/v1 (bodies, bearer auth) and nothing else", async () => {
    const r = await c.json("GET", "/openapi/json");
    expect(r.status).toBe(200);
    const paths = Object.keys(r.data.paths);
    expect(paths).toContain("/api/v1/login");
    expect(paths).toContain("/api/v1/admin/accounts/{name}/ban");
    expect(paths.every((p) => p.startsWith("/api/v1/"))).toBe(true);
    const login = r.data.paths["/api/v1/login"].post;
    expect(login.requestBody.content["application/json"].schema.properties.name.maxLength).toBe(16);
    expect(r.data.paths["/api/v1/me"].get.security).toEqual([{ bearer: [] }]);
    expect(r.data.components.securitySchemes.bearer.scheme).toBe("bearer");
  });
});
