// The admin gate (loopback, GM level 3, CSRF) and the account actions through
// app.handle: every action writes and audits as web:<ACCOUNT>; bad input and forged
// tokens write nothing.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { webHarness, type Client, type Harness } from "../testing/harness.ts";

let h: Harness;
let admin: Client;

const PAGES = ["/admin", "/admin/dashboard/panel", "/admin/accounts", "/admin/accounts/ADMIN", "/admin/characters", "/admin/realms", "/admin/mods", "/admin/audit", "/admin/console", "/admin/announce", "/admin/news"];

beforeAll(async () => {
  h = await webHarness();
  admin = await h.loggedIn("admin", "adminpw", 3);
});
afterAll(() => h.stop());

describe("the gate", () => {
  test("every admin page answers a GM level 3 account on loopback", async () => {
    for (const p of PAGES) {
      const r = await admin.get(p);
      expect(`${p} ${r.status}`).toBe(`${p} 200`);
    }
    const dash = await admin.get("/admin");
    expect(dash.text).toContain("<h1>Dashboard</h1>");
    expect(dash.text).toContain('hx-get="/admin/dashboard/panel"');
  });

  test("anonymous visitors and players below level 3 get 403 on every admin page", async () => {
    const anon = h.client();
    const mod = await h.loggedIn("moderator", "pw", 2);
    const player = await h.loggedIn("player", "pw", 0);
    for (const p of PAGES) {
      const a = await anon.get(p);
      expect(`${p} ${a.status}`).toBe(`${p} 403`);
      expect(`${p} ${(await mod.get(p)).status}`).toBe(`${p} 403`);
      expect(`${p} ${(await player.get(p)).status}`).toBe(`${p} 403`);
    }
    const a = await anon.get("/admin/accounts");
    expect(a.text).toContain('href="/login?next=%2Fadmin%2Faccounts"');
    expect((await player.get("/")).text).not.toContain('href="/admin"');
    expect((await admin.get("/")).text).toContain('<a href="/admin">Admin</a>');
  });

  test("a remote client gets 403 even as an administrator", async () => {
    await h.b.createAccount("remoteadm", "pw", { gmLevel: 3 });
    const remote = h.client("192.0.2.10");
    expect((await remote.login("remoteadm", "pw")).status).toBe(303);
    for (const p of PAGES) expect(`${p} ${(await remote.get(p)).status}`).toBe(`${p} 403`);
    // the public site and the nav do not offer it
    expect((await remote.get("/account")).text).not.toContain('href="/admin"');
  });

  test("non-admins' admin POSTs get 403 and write nothing", async () => {
    await h.b.createAccount("victim", "pw");
    const player = await h.loggedIn("player2", "pw", 0);
    const r = await player.post("/admin/accounts/VICTIM/ban", { duration: "perm", reason: "x" });
    expect(r.status).toBe(403);
    const anon = h.client();
    await anon.get("/login");
    expect((await anon.post("/admin/accounts/VICTIM/ban", { duration: "perm", reason: "x" })).status).toBe(403);
    expect(await h.ctx.bans.activeAccountBan((await h.ctx.accounts.get("victim"))!.id)).toBeUndefined();
  });
});

describe("account actions", () => {
  const victimId = async () => (await h.ctx.accounts.get("target"))!.id;

  test("search and view", async () => {
    await h.b.createAccount("target", "pw", { email: "t@example.org" });
    const list = await admin.get("/admin/accounts?q=targ");
    expect(list.text).toContain('href="/admin/accounts/TARGET">TARGET</a>');
    expect(list.text).not.toContain('href="/admin/accounts/ADMIN"');
    const view = await admin.get("/admin/accounts/TARGET");
    expect(view.text).toContain("<h1>Account TARGET</h1>");
    expect(view.text).toContain("t@example.org");
    expect((await admin.get("/admin/accounts/NOSUCH")).status).toBe(404);
    expect((await admin.get("/admin/accounts/%3Cscript%3E")).status).toBe(404);
  });

  test("ban and unban, audited as web:ADMIN", async () => {
    const r = await admin.post("/admin/accounts/TARGET/ban", { duration: "3d", reason: "<b>botting</b>" });
    expect(r.status).toBe(303);
    expect(r.res.headers.get("location")).toBe("/admin/accounts/TARGET");
    const ban = await h.ctx.bans.activeAccountBan(await victimId());
    expect(ban?.reason).toBe("<b>botting</b>");
    expect(ban?.bannedBy).toBe("web:ADMIN");
    const view = await admin.get("/admin/accounts/TARGET");
    expect(view.text).toContain("TARGET is banned until");
    expect(view.text).toContain("&lt;b&gt;botting&lt;/b&gt;");
    expect(view.text).not.toContain("<b>botting</b>");
    const audit = await h.ctx.audit.list({ action: "ban.account", target: "TARGET" });
    expect(audit[0]?.actor).toBe("web:ADMIN");
    expect(audit[0]?.ip).toBe("127.0.0.1");
    expect((await admin.post("/admin/accounts/TARGET/unban")).status).toBe(303);
    expect(await h.ctx.bans.activeAccountBan(await victimId())).toBeUndefined();
    expect((await h.ctx.audit.list({ action: "unban.account", target: "TARGET" }))[0]?.actor).toBe("web:ADMIN");
  });

  test("bad input re-renders the form with the field's error and writes nothing", async () => {
    const cases: [string, Record<string, string>, string][] = [
      ["ban", { duration: "forever", reason: "x" }, "Duration: e.g. 30m, 4d20h, 1w or perm"],
      ["ban", { duration: "1d", reason: "" }, "Reason is required"],
      ["ban", { duration: "1d", reason: "r".repeat(201) }, "Reason is longer than 200 characters"],
      ["mute", { minutes: "ten", reason: "x" }, "Minutes must be a whole number"],
      ["mute", { minutes: "9999999", reason: "x" }, "Minutes must be between 0 and 525600"],
      ["gm", { level: "7" }, "GM level must be between 0 and 4"],
      ["password", { password: "x".repeat(17) }, "New password is longer than 16 characters"],
      ["password", {}, "New password is required"],
    ];
    for (const [action, form, error] of cases) {
      const r = await admin.post(`/admin/accounts/TARGET/${action}`, form);
      expect(`${action} ${r.status}`).toBe(`${action} 422`);
      expect(r.text).toContain(error);
    }
    const a = (await h.ctx.accounts.get("target"))!;
    expect(await h.ctx.bans.activeAccountBan(a.id)).toBeUndefined();
    expect(a.muteUntil).toBe(0);
    expect(a.gmLevel).toBe(0);
    expect(await h.ctx.accounts.verifyPassword("target", "pw")).toBeDefined();
    expect((await admin.post("/admin/accounts/TARGET/explode", {})).status).toBe(404);
  });

  test("a forged CSRF token gets 403 and writes nothing; htmx sends the token as a header", async () => {
    const forged = await admin.post("/admin/accounts/TARGET/ban", { _csrf: "AAAA", duration: "perm", reason: "x" });
    expect(forged.status).toBe(403);
    const other = await h.loggedIn("admin2", "pw", 3);
    const stolen = await admin.post("/admin/accounts/TARGET/ban", { _csrf: other.csrf, duration: "perm", reason: "x" });
    expect(stolen.status).toBe(403);
    expect(await h.ctx.bans.activeAccountBan(await victimId())).toBeUndefined();
    const hx = await admin.request("POST", "/admin/accounts/TARGET/mute", {
      body: "minutes=5&reason=flood",
      headers: { "content-type": "application/x-www-form-urlencoded", "hx-request": "true", "x-csrf-token": admin.csrf },
    });
    expect(hx.status).toBe(200);
    expect(hx.headers.get("hx-redirect")).toBe("/admin/accounts/TARGET");
    expect((await h.ctx.accounts.get("target"))!.muteUntil).toBeGreaterThan(0);
    expect((await admin.post("/admin/accounts/TARGET/mute", { minutes: "0", reason: "" })).status).toBe(303);
    expect((await h.ctx.accounts.get("target"))!.muteUntil).toBe(0);
  });

  test("GM level, password reset, lock and unlock", async () => {
    expect((await admin.post("/admin/accounts/TARGET/gm", { level: "1" })).status).toBe(303);
    expect((await h.ctx.accounts.get("target"))!.gmLevel).toBe(1);
    expect((await admin.post("/admin/accounts/TARGET/password", { password: "reset1" })).status).toBe(303);
    expect(await h.ctx.accounts.verifyPassword("target", "reset1")).toBeDefined();
    expect((await admin.post("/admin/accounts/TARGET/lock", { reason: "review" })).status).toBe(303);
    expect((await h.ctx.accounts.get("target"))!.locked).toBe(true);
    expect((await h.ctx.accounts.get("target"))!.lockReason).toBe("review");
    expect((await admin.post("/admin/accounts/TARGET/unlock")).status).toBe(303);
    expect((await h.ctx.accounts.get("target"))!.locked).toBe(false);
    const actions = (await h.ctx.audit.list({ actor: "web:ADMIN", target: "TARGET" })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["account.gmlevel", "account.password", "account.lock", "account.unlock", "account.mute"]));
  });

  test("a level 3 admin cannot raise anyone above 3 or act on level 3+ accounts", async () => {
    const high = await admin.post("/admin/accounts/TARGET/gm", { level: "4" });
    expect(high.status).toBe(403);
    expect((await h.ctx.accounts.get("target"))!.gmLevel).toBe(1);
    await h.b.createAccount("peer", "pw", { gmLevel: 3 });
    expect((await admin.post("/admin/accounts/PEER/ban", { duration: "perm", reason: "coup" })).status).toBe(403);
    expect(await h.ctx.bans.activeAccountBan((await h.ctx.accounts.get("peer"))!.id)).toBeUndefined();
  });
});
