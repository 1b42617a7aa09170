// Register, log in and out, the account page and password changes through app.handle:
// validation errors write nothing, forged CSRF tokens get 403, registration is rate
// limited per IP, and the login throttle shares the game login's counters.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AuthClient } from "../../bench/client/auth-client.ts";
import { webHarness, type Harness } from "../testing/harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await webHarness({ web: { registerPerIpPerHour: 3 }, auth: { lockout: { accountFailures: 3, ipFailures: 1000 } } });
});
afterAll(() => h.stop());

async function gameLogin(user: string, password: string): Promise<number> {
  const a = await AuthClient.connect(h.b.host, h.b.authPort, { timeoutMs: 5000 });
  try {
    const r = await a.login(user, password);
    return r.ok ? 0 : r.result;
  } finally {
    a.close();
  }
}

describe("register", () => {
  test("creates the account with an SRP verifier the game login accepts", async () => {
    const c = h.client("10.0.0.1");
    await c.get("/register");
    const r = await c.post("/register", { name: "newbie", password: "Secret 1", confirm: "Secret 1", email: "n@example.org" });
    expect(r.status).toBe(303);
    expect(r.res.headers.get("location")).toBe("/login?registered=1&name=NEWBIE");
    const a = await h.ctx.accounts.get("NEWBIE");
    expect(a?.email).toBe("n@example.org");
    expect(await h.ctx.accounts.verifyPassword("newbie", "Secret 1")).toBeDefined();
    expect(await gameLogin("newbie", "Secret 1")).toBe(0);
    const audit = await h.ctx.audit.list({ action: "account.create", target: "NEWBIE" });
    expect(audit[0]?.actor).toBe("web:register");
    expect(audit[0]?.ip).toBe("10.0.0.1");
  });

  test("missing, oversized and malformed fields re-render with the field's error and write nothing", async () => {
    const c = h.client("10.0.0.2");
    await c.get("/register");
    const cases: [Record<string, string>, string][] = [
      [{ password: "pw", confirm: "pw" }, "Account name is required"],
      [{ name: "A".repeat(17), password: "pw", confirm: "pw" }, "Account name is longer than 16 characters"],
      [{ name: "bad<b>name", password: "pw", confirm: "pw" }, "letters A-Z and digits only"],
      [{ name: "okname", password: "x".repeat(17), confirm: "x".repeat(17) }, "Password is longer than 16 characters"],
      [{ name: "okname", password: "pässwort", confirm: "pässwort" }, "printable ASCII only"],
      [{ name: "okname", password: "one", confirm: "two" }, "The two passwords differ"],
      [{ name: "okname", password: "pw", confirm: "pw", email: "nope" }, "an address like name@example.org"],
    ];
    for (const [form, error] of cases) {
      const r = await c.post("/register", form);
      expect(r.status).toBe(422);
      expect(r.text).toContain(error);
      expect(r.text).toContain('class="field invalid"');
    }
    expect(await h.ctx.accounts.get("okname")).toBeUndefined();
    expect((await h.ctx.accounts.list("BAD")).length).toBe(0);
    // the rejected value is echoed inside the attribute; its quote cannot end the attribute
    const r = await c.post("/register", { name: '"><script>x</script>', password: "pw", confirm: "pw" });
    expect(r.text).toContain('value="&#34;><script>x</script>"');
    expect(r.text).not.toContain('value=""><script>');
  });

  test("a taken name is a field error", async () => {
    await h.b.createAccount("taken", "pw");
    const c = h.client("10.0.0.3");
    await c.get("/register");
    const r = await c.post("/register", { name: "Taken", password: "pw", confirm: "pw" });
    expect(r.status).toBe(422);
    expect(r.text).toContain("That account name is taken");
  });

  test("a forged or missing CSRF token gets 403 and writes nothing", async () => {
    const c = h.client("10.0.0.4");
    await c.get("/register");
    const forged = await c.post("/register", { _csrf: "forged", name: "forger", password: "pw", confirm: "pw" });
    expect(forged.status).toBe(403);
    const other = h.client("10.0.0.4");
    await other.get("/register");
    const stolen = await c.post("/register", { _csrf: other.csrf, name: "forger", password: "pw", confirm: "pw" });
    expect(stolen.status).toBe(403);
    const none = await c.request("POST", "/register", { body: "name=forger&password=pw&confirm=pw", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(none.status).toBe(403);
    expect(await h.ctx.accounts.get("forger")).toBeUndefined();
  });

  test("registrations are limited per IP per hour", async () => {
    const c = h.client("10.0.0.5");
    await c.get("/register");
    for (let i = 0; i < 3; i++) expect((await c.post("/register", { name: `limit${i}`, password: "pw", confirm: "pw" })).status).toBe(303);
    const r = await c.post("/register", { name: "limit3", password: "pw", confirm: "pw" });
    expect(r.status).toBe(429);
    expect(r.text).toContain("Too many accounts were created from your address");
    expect(await h.ctx.accounts.get("limit3")).toBeUndefined();
    const other = h.client("10.0.0.6");
    await other.get("/register");
    expect((await other.post("/register", { name: "limit3", password: "pw", confirm: "pw" })).status).toBe(303);
  });
});

describe("log in and out", () => {
  test("a login starts a new session (new id, new CSRF token) and logout ends it", async () => {
    await h.b.createAccount("carol", "pw");
    const c = h.client();
    await c.get("/login");
    const anonSid = c.cookies.get("rc_sid");
    const anonCsrf = c.csrf;
    const r = await c.post("/login", { name: "carol", password: "pw" });
    expect(r.status).toBe(303);
    expect(r.res.headers.get("location")).toBe("/account");
    expect(r.res.headers.get("set-cookie")).toContain("Max-Age=3600");
    expect(c.cookies.get("rc_sid")).not.toBe(anonSid);
    const acc = await c.get("/account");
    expect(acc.status).toBe(200);
    expect(acc.text).toContain("<h1>Account CAROL</h1>");
    expect(c.csrf).not.toBe(anonCsrf);
    // the pre-login token is dead
    expect((await c.post("/logout", { _csrf: anonCsrf })).status).toBe(403);
    const out = await c.post("/logout");
    expect(out.status).toBe(303);
    const after = await c.get("/account");
    expect(after.status).toBe(303);
    expect(after.res.headers.get("location")).toBe("/login?next=%2Faccount");
  });

  test("htmx logins get HX-Redirect; ?next= only goes to local paths", async () => {
    await h.b.createAccount("dave", "pw");
    const c = h.client();
    await c.get("/login");
    const r = await c.post("/login", { name: "dave", password: "pw", next: "/status" }, { "hx-request": "true" });
    expect(r.status).toBe(200);
    expect(r.res.headers.get("hx-redirect")).toBe("/status");
    const d = h.client();
    await d.get("/login?next=//evil.example");
    const r2 = await d.post("/login", { name: "dave", password: "pw", next: "//evil.example" });
    expect(r2.res.headers.get("location")).toBe("/account");
  });

  test("wrong passwords are refused with one message and audited; malformed input is a field error", async () => {
    await h.b.createAccount("erin", "pw");
    const c = h.client("10.1.0.1");
    await c.get("/login");
    const r = await c.post("/login", { name: "erin", password: "wrong" });
    expect(r.status).toBe(401);
    expect(r.text).toContain("Wrong account name or password.");
    expect(r.text).toContain('value="erin"');
    const unknown = await c.post("/login", { name: "nobodyhere", password: "wrong" });
    expect(unknown.text).toContain("Wrong account name or password.");
    const bad = await c.post("/login", { name: "", password: "x".repeat(40) });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Account name is required");
    const rows = await h.ctx.audit.list({ action: "login.failed", target: "ERIN" });
    expect(rows[0]?.details).toContain('"via":"web"');
    await h.ctx.throttle.clearFailures("account", "ERIN");
  });

  test("failed web logins lock the account for the game login too (one set of counters)", async () => {
    await h.b.createAccount("frank", "rightpw");
    expect(await gameLogin("frank", "rightpw")).toBe(0);
    const c = h.client("10.1.0.2");
    await c.get("/login");
    for (let i = 0; i < 3; i++) expect((await c.post("/login", { name: "frank", password: "bad" })).status).toBe(401);
    expect((await h.ctx.throttle.isLocked("account", "FRANK")).locked).toBe(true);
    // the right password no longer works, on the web or in the game (0x04)
    expect((await c.post("/login", { name: "frank", password: "rightpw" })).status).toBe(401);
    expect(await gameLogin("frank", "rightpw")).toBe(0x04);
    const locked = await h.ctx.audit.list({ action: "login.locked", target: "FRANK" });
    expect(locked.length).toBe(1);
  });

  test("failed game logins lock the web login", async () => {
    await h.b.createAccount("gina", "rightpw");
    for (let i = 0; i < 3; i++) expect(await gameLogin("gina", "bad")).toBe(0x04);
    const c = h.client("10.1.0.3");
    await c.get("/login");
    expect((await c.post("/login", { name: "gina", password: "rightpw" })).status).toBe(401);
  });

  test("an operator-locked account cannot log in, and its open sessions end", async () => {
    await h.b.createAccount("hank", "pw");
    const c = h.client();
    await c.login("hank", "pw");
    expect((await c.get("/account")).status).toBe(200);
    await h.ctx.accounts.setLocked("hank", true, "chargeback", { actor: "test" });
    expect((await c.get("/account")).status).toBe(303);
    const d = h.client();
    await d.get("/login");
    const r = await d.post("/login", { name: "hank", password: "pw" });
    expect(r.status).toBe(403);
    expect(r.text).toContain("This account is locked: chargeback");
  });
});

describe("account page", () => {
  test("lists the characters on every realm and the bans in force", async () => {
    await h.b.createAccount("ivy", "pw");
    await h.b.createCharacter("ivy", "Ivyone", { level: 3 });
    const ivy = (await h.ctx.accounts.get("ivy"))!;
    await h.b.realm.store.realms.upsert({ id: 2, name: "Second", address: "127.0.0.1:9", type: 0, flags: 0, timezone: 1, playerLimit: 10, population: 0, online: 0, heartbeatAt: 0, startedAt: 0 });
    await h.b.realm.store.characters.create({ accountId: ivy.id, realmId: 2, name: "Ivytwo", nameKey: "ivytwo", race: 2, class: 1, gender: 0, level: 9, map: 1, zone: 14, x: 0, y: 0, z: 0, createdAt: 1 });
    const c = h.client();
    await c.login("ivy", "pw");
    let r = await c.get("/account");
    expect(r.text).toContain('href="/characters/1/Ivyone">Ivyone</a>');
    expect(r.text).toContain('href="/characters/2/Ivytwo">Ivytwo</a>');
    expect(r.text).toContain("<td>Second</td>");
    expect(r.text).toContain("No ban in force.");
    await h.ctx.bans.banAccount("ivy", "2d", "<i>spam</i>", { actor: "test" });
    r = await c.get("/account");
    expect(r.text).toContain("Banned until");
    expect(r.text).toContain("&lt;i&gt;spam&lt;/i&gt;");
    await h.b.realm.store.realms.remove(2);
  });

  test("change password: wrong current or mismatch writes nothing; success ends the other sessions", async () => {
    await h.b.createAccount("jack", "oldpw");
    const c = h.client();
    const other = h.client();
    await c.login("jack", "oldpw");
    await other.login("jack", "oldpw");
    let r = await c.post("/account/password", { current: "nope", password: "newpw", confirm: "newpw" });
    expect(r.status).toBe(422);
    expect(r.text).toContain("That is not your current password");
    r = await c.post("/account/password", { current: "oldpw", password: "newpw", confirm: "other" });
    expect(r.status).toBe(422);
    r = await c.post("/account/password", { current: "oldpw", password: "x".repeat(17), confirm: "x".repeat(17) });
    expect(r.status).toBe(422);
    expect(await h.ctx.accounts.verifyPassword("jack", "oldpw")).toBeDefined();
    r = await c.post("/account/password", { current: "oldpw", password: "newpw", confirm: "newpw" });
    expect(r.status).toBe(303);
    expect(await h.ctx.accounts.verifyPassword("jack", "newpw")).toBeDefined();
    const mine = await c.get("/account");
    expect(mine.status).toBe(200);
    expect(mine.text).toContain("Your password was changed.");
    expect((await other.get("/account")).status).toBe(303);
    expect(await gameLogin("jack", "newpw")).toBe(0);
  });

  test("password changes need a session and a CSRF token", async () => {
    const anon = h.client();
    await anon.get("/login");
    expect((await anon.post("/account/password", { current: "a", password: "b", confirm: "b" })).status).toBe(403);
    await h.b.createAccount("kate", "pw");
    const c = h.client();
    await c.login("kate", "pw");
    expect((await c.post("/account/password", { _csrf: "x", current: "pw", password: "b", confirm: "b" })).status).toBe(403);
    expect(await h.ctx.accounts.verifyPassword("kate", "pw")).toBeDefined();
  });
});
