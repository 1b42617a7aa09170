// Browser tests: playwright-core driving Debian's chromium against a whole realm booted
// in this process (the realm's own web listener on an ephemeral port), with a headless
// game client (bench/client) on the game protocol. Screenshots of the home page, an
// account page and the dashboard go to test-artifacts/screenshots/ (git-ignored).
// Without /usr/bin/chromium the tests are skipped with a printed reason, except under
// CI, where they fail.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { AuthClient } from "../bench/client/auth-client.ts";
import { HeadlessClient } from "../bench/client/headless-client.ts";
import { boot, type Booted } from "../server/testing/boot.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const SHOTS = join(import.meta.dir, "..", "test-artifacts", "screenshots");
const available = existsSync(CHROMIUM);
if (!available && !process.env.CI) console.log(`web/browser.test.ts: skipped - no chromium at ${CHROMIUM} (apt-get install -y chromium; CI installs it)`);
const suite = available || process.env.CI ? describe : describe.skip;

const BANNED = 0x03;

suite("in a browser", () => {
  let b: Booted;
  let browser: Browser;
  let base = "";
  let client: HeadlessClient | undefined;

  beforeAll(async () => {
    if (!available) throw new Error(`CI is set but there is no chromium at ${CHROMIUM}`);
    mkdirSync(SHOTS, { recursive: true });
    b = await boot();
    base = `http://127.0.0.1:${b.webPort}`;
    await b.createAccount("gm", "gmpw", { gmLevel: 3 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  afterAll(async () => {
    client?.close();
    await browser?.close();
    await b?.stop();
  });

  async function shot(page: Page, name: string): Promise<void> {
    const file = join(SHOTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(readFileSync(file).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  }

  async function logIn(page: Page, name: string, password: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.fill("#f-name", name);
    await page.fill("#f-password", password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: `Account ${name.toUpperCase()}` }).waitFor();
  }

  test("register, log in, and see a character a headless game client created over the game protocol", async () => {
    await b.realm.store.pluginData.put("web", "news:000000000000001-00000000", { id: "000000000000001-00000000", title: "Welcome to the realm", body: "The web portal is open.\n\nSee you in Azeroth.", author: "GM", at: Date.now() });
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByRole("heading", { name: "Welcome to the realm" }).waitFor();
    expect(await page.textContent("code.realmlist")).toBe(`set realmlist 127.0.0.1:${b.authPort}`);
    // htmx and Alpine loaded from /static
    expect(await page.evaluate(() => typeof (window as unknown as { htmx?: { version: string } }).htmx?.version)).toBe("string");
    expect(await page.evaluate(() => (window as unknown as { htmx: { version: string } }).htmx.version.startsWith("2."))).toBe(true);
    expect(await page.evaluate(() => typeof (window as unknown as { Alpine?: unknown }).Alpine)).toBe("object");
    await shot(page, "home");

    await page.getByRole("link", { name: "Register" }).click();
    await page.fill("#f-name", "webhero");
    await page.fill("#f-password", "heropw");
    await page.fill("#f-confirm", "other");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("The two passwords differ").waitFor(); // htmx swapped the 422 form
    await page.fill("#f-password", "heropw");
    await page.fill("#f-confirm", "heropw");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Your account was created.").waitFor();
    expect(await page.inputValue("#f-name")).toBe("WEBHERO");
    await page.fill("#f-password", "heropw");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Account WEBHERO" }).waitFor();
    expect(await page.textContent("main")).toContain("No characters.");

    client = new HeadlessClient({ timeoutMs: 10_000 });
    const { realms } = await client.login({ host: b.host, port: b.authPort, user: "webhero", password: "heropw" });
    await client.connectWorld(realms[0]!);
    const created = await client.createCharacter({ name: "Webknight", race: 1, class: 1, gender: 0, skin: 1, face: 1, hairStyle: 1, hairColor: 1, facialHair: 0, outfitId: 0 });
    expect(created).toBe(0x2f);
    const [mine] = await client.enumCharacters();
    await client.enterWorld(mine!.guid);

    await page.reload();
    await page.getByRole("link", { name: "Webknight" }).waitFor();
    const row = await page.locator("tr", { has: page.getByRole("link", { name: "Webknight" }) }).textContent();
    expect(row).toContain("Human");
    expect(row).toContain("Warrior");
    await shot(page, "account");
    await page.getByRole("link", { name: "Webknight" }).click();
    await page.getByText("Level 1 Human Warrior (Alliance)").waitFor();
    await page.close();
  }, 60_000);

  test("the dashboard lists the connected headless client", async () => {
    const page = await browser.newPage();
    await logIn(page, "gm", "gmpw");
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.locator("#in-world").getByRole("link", { name: "Webknight" }).waitFor();
    const conn = await page.locator("#connections tr", { hasText: "WEBHERO" }).textContent();
    expect(conn).toContain("world");
    expect(conn).toContain("Webknight");
    expect(await page.textContent("#dashboard")).toContain("Eastern Kingdoms");
    await shot(page, "dashboard");
    await page.close();
  }, 60_000);

  test("an admin bans the account in the portal, and the next game login gets the banned code", async () => {
    const page = await browser.newPage();
    await logIn(page, "gm", "gmpw");
    await page.goto(`${base}/admin/accounts`);
    await page.fill("#q", "webhero");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "WEBHERO", exact: true }).click();
    await page.getByRole("heading", { name: "Account WEBHERO" }).waitFor();
    const ban = page.locator('form[action="/admin/accounts/WEBHERO/ban"]');
    await ban.locator('input[name="duration"]').fill("perm");
    await ban.locator('input[name="reason"]').fill("caught in the browser test");
    await ban.getByRole("button", { name: "Ban" }).click();
    await page.getByText("WEBHERO is banned permanently.").waitFor();
    await page.close();

    // the ban kicked the game session; the next login is refused as banned
    const deadline = Date.now() + 5000;
    while (!client!.world!.isClosed && Date.now() < deadline) await Bun.sleep(20);
    expect(client!.world!.isClosed).toBe(true);
    const auth = await AuthClient.connect(b.host, b.authPort, { timeoutMs: 5000 });
    try {
      const r = await auth.login("webhero", "heropw");
      expect(r.ok).toBe(false);
      expect(r.ok ? 0 : r.result).toBe(BANNED);
    } finally {
      auth.close();
    }
    const audit = await b.realm.store.audit.list({ action: "ban.account", target: "WEBHERO" });
    expect(audit[0]?.actor).toBe("web:GM");
  }, 60_000);
});
