// Public pages through app.handle: full page vs htmx fragment, the realmlist line,
// realm status, who is online, character pages, static files, /health, /metrics, 404s,
// and script-bearing names shown escaped.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { webHarness, type Harness } from "../testing/harness.ts";

let h: Harness;
const XSS = "<script>alert(1)</script>";

beforeAll(async () => {
  h = await webHarness();
  await h.b.createAccount("alice", "pw1");
});
afterAll(() => h.stop());

describe("pages", () => {
  test("the home page is a full page with htmx, Alpine and the stylesheet from /static", async () => {
    const r = await h.client().get("/");
    expect(r.status).toBe(200);
    expect(r.res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(r.text.startsWith("<!doctype html><html")).toBe(true);
    expect(r.text).toContain('<script src="/static/htmx.min.js"');
    expect(r.text).toContain('<script src="/static/alpine.min.js"');
    expect(r.text).toContain('<link rel="stylesheet" href="/static/style.css"');
    expect(r.text).not.toContain("cdn");
    expect(r.res.headers.get("vary")).toContain("HX-Request");
    expect(r.res.headers.get("x-frame-options")).toBe("DENY");
    expect(r.res.headers.get("content-security-policy")).toContain("default-src 'self'");
    // an anonymous session id is set so forms carry a CSRF token
    expect(r.res.headers.get("set-cookie")).toMatch(/^rc_sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  test("HX-Request gets only the main area (and the title); a history restore gets the full page", async () => {
    const c = h.client();
    const r = await c.get("/status", { "hx-request": "true" });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain("<html");
    expect(r.text).not.toContain("<nav class=\"top\"");
    expect(r.text.startsWith("<title>Realm status - RealmCore</title>")).toBe(true);
    expect(r.text).toContain("<h1>Realm status</h1>");
    const full = await c.get("/status", { "hx-request": "true", "hx-history-restore-request": "true" });
    expect(full.text).toContain("<html");
  });

  test("how to connect shows the set realmlist line with the login server's port", async () => {
    const r = await h.client().get("/connect");
    expect(r.text).toContain(`set realmlist 127.0.0.1:${h.b.authPort}`);
    expect(h.ctx.config.realmlist).toBe(`127.0.0.1:${h.b.authPort}`);
  });

  test("realm status lists the realm as online with its players and population", async () => {
    const r = await h.client().get("/status");
    expect(r.text).toContain("<td>RealmCore</td>");
    expect(r.text).toContain('<span class="badge up">online</span>');
    expect(r.text).toContain("<td>Low</td>");
  });

  test("a realm without a heartbeat is offline", async () => {
    await h.b.realm.store.realms.upsert({ id: 9, name: "Old <b>realm</b>", address: "127.0.0.1:1", type: 1, flags: 0, timezone: 1, playerLimit: 10, population: 0, online: 0, heartbeatAt: 0, startedAt: 0 });
    const r = await h.client().get("/status");
    expect(r.text).toContain("<td>Old &lt;b&gt;realm&lt;/b&gt;</td>");
    expect(r.text).toContain('<span class="badge down">offline</span>');
    await h.b.realm.store.realms.remove(9);
  });

  test("who is online lists the presence table, names escaped", async () => {
    const p = { guid: 777, name: XSS, accountId: 1, gatewayId: 1, sessionId: 1, race: 2, class: 3, gender: 0, level: 12, map: 1, zone: 14, instanceId: 0, worldHost: "h", gmLevel: 0, guildId: 0, status: 0 };
    await h.b.realm.presence.put(p);
    try {
      const r = await h.client().get("/online");
      expect(r.text).toContain("1 character(s) in the world.");
      expect(r.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(r.text).not.toContain(XSS);
      expect(r.text).toContain("<td>Orc</td>");
      expect(r.text).toContain("<td>Horde</td>");
    } finally {
      await h.b.realm.presence.remove(777);
    }
  });

  test("a character page shows name, level, race, class and location; unknown ones are 404", async () => {
    await h.b.createCharacter("alice", "Aliceone", { race: 4, class: 11, level: 7 });
    const r = await h.client().get("/characters/1/Aliceone");
    expect(r.status).toBe(200);
    expect(r.text).toContain("<h1>Aliceone</h1>");
    expect(r.text).toContain("Level 7 Night Elf Druid (Alliance)");
    expect(r.text).toMatch(/<th>Location<\/th><td>[^<]+<\/td>/);
    expect((await h.client().get("/characters/1/Nobody")).status).toBe(404);
    expect((await h.client().get("/characters/x/Aliceone")).status).toBe(404);
  });

  test("a script-bearing character name is shown escaped", async () => {
    await h.b.createCharacter("alice", "<img src=x onerror=alert(1)>");
    const r = await h.client().get(`/characters/1/${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(r.text).not.toContain("<img src=x");
  });

  test("unknown paths get a 404 page; unknown API paths a JSON 404", async () => {
    const r = await h.client().get("/no/such/page");
    expect(r.status).toBe(404);
    expect(r.text).toContain("<h1>Not found</h1>");
    const j = await h.client().json("GET", "/api/v1/nope");
    expect(j.status).toBe(404);
    expect(j.data).toEqual({ error: "not_found" });
  });
});

describe("static files and operator endpoints", () => {
  test("htmx 2.x and Alpine come from their npm packages; nothing else is served", async () => {
    const c = h.client();
    const hx = await c.get("/static/htmx.min.js");
    expect(hx.status).toBe(200);
    expect(hx.res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(hx.text).toMatch(/version:"2\.\d+\.\d+"/);
    const al = await c.get("/static/alpine.min.js");
    expect(al.status).toBe(200);
    expect(al.text.length).toBeGreaterThan(10_000);
    expect((await c.get("/static/style.css")).res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await c.get("/static/package.json")).status).toBe(404);
    expect((await c.get("/static/..%2Fapp.ts")).status).toBe(404);
  });

  test("/health answers everyone; /metrics answers loopback clients only", async () => {
    expect((await h.client("10.9.8.7").json("GET", "/health")).data).toMatchObject({ ok: true, realm: 1 });
    const local = await h.client().get("/metrics");
    expect(local.status).toBe(200);
    expect(local.text).toContain("# HELP");
    const remote = await h.client("10.9.8.7").get("/metrics");
    expect(remote.status).toBe(403);
    expect(remote.text).not.toContain("# HELP");
    expect((await h.client("::ffff:127.0.0.1").get("/metrics")).status).toBe(200);
  });
});
