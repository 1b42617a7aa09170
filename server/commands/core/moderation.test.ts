// Moderation commands typed in game by GMs over the real sockets: .kick, .mute/.unmute
// (the mute is stored; chat enforcement belongs to the chat service), .ban account|
// character|ip (the session is kicked, the next login gets the banned code), .unban,
// .account set gmlevel; each writes an audit row naming actor, line and target.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { HeadlessClient, LoginRefusedError } from "../../../bench/client/headless-client.ts";
import { boot, type Booted } from "../../testing/boot.ts";
import { PluginFolders, waitUntil } from "../../testing/plugin-folders.ts";
import { joinWorld, type TestPlayer } from "../../testing/players.ts";
import { NO_SUCH_COMMAND } from "../registry.ts";

const folders = new PluginFolders("rc-cmd-mod-");
let b: Booted;
let gm: TestPlayer;
let admin: TestPlayer;
const others: TestPlayer[] = [];

beforeAll(async () => {
  b = await boot({}, { pluginDirs: [folders.withCharacter()] });
  gm = await joinWorld(b, "modgm", "Marshal", { gmLevel: 2 });
  admin = await joinWorld(b, "modadmin", "Overseer", { gmLevel: 3 });
}, 30_000);

afterAll(async () => {
  for (const p of [gm, admin, ...others]) p?.close();
  await b?.stop();
  folders.cleanup();
});

async function join(account: string, name: string): Promise<TestPlayer> {
  const p = await joinWorld(b, account, name);
  others.push(p);
  return p;
}

/** The login result code of a login attempt (0 = accepted). */
async function loginResult(account: string): Promise<number> {
  const c = new HeadlessClient({ timeoutMs: 5000 });
  try {
    await c.login({ host: b.host, port: b.authPort, user: account, password: "pw" });
    return 0;
  } catch (e) {
    if (e instanceof LoginRefusedError) return e.result;
    throw e;
  } finally {
    c.close();
  }
}

async function auditOf(command: string): Promise<{ actor: string; target: string; line: string }[]> {
  const rows = await b.realm.store.audit.list({ action: "command" });
  return rows
    .map((r) => ({ actor: r.actor, target: r.target, d: JSON.parse(r.details ?? "{}") as { command: string; line: string } }))
    .filter((r) => r.d.command === command)
    .map((r) => ({ actor: r.actor, target: r.target, line: r.d.line }));
}

test(".kick disconnects the player", async () => {
  const victim = await join("kickme", "Victim");
  expect(await gm.command(".kick Victim being rude", "was kicked")).toEqual(["Victim was kicked."]);
  await waitUntil(() => victim.closed, "the kicked client's connection to close");
  expect(await gm.command(".kick Nobody", "not online")).toEqual(["Nobody is not online."]);
  expect(await auditOf("kick")).toContainEqual({ actor: "account:MODGM", target: "Victim", line: "kick Victim being rude" });
});

test(".mute stores the mute and tells the player; .unmute lifts it", async () => {
  const chatty = await join("chatty", "Chatterbox");
  expect(await gm.command(".mute Chatterbox 5 spamming trade", "is muted")).toEqual(["Account CHATTY is muted for 5 minute(s)."]);
  await chatty.waitLine("You have been muted for 5 minute(s): spamming trade");
  const a = (await b.realm.accounts.get("chatty"))!;
  expect(a.muteUntil).toBeGreaterThan(b.realm.clock.now() + 4 * 60_000);
  expect(a.muteReason).toBe("spamming trade");
  expect(await gm.command(".unmute Chatterbox", "may chat again")).toEqual(["Account CHATTY may chat again."]);
  expect((await b.realm.accounts.get("chatty"))!.muteUntil).toBeLessThanOrEqual(b.realm.clock.now());
  expect(await gm.command(".mute Chatterbox soon", "Usage")).toEqual(["Usage: .mute <character|account> <minutes> [reason]"]);
  expect((await auditOf("mute")).map((r) => [r.target, r.line])).toContainEqual(["Chatterbox", "mute Chatterbox 5 spamming trade"]);
  expect((await auditOf("unmute"))[0]).toMatchObject({ actor: "account:MODGM", target: "Chatterbox" });
});

test(".ban account kicks the session and the next login gets the suspended code; .unban account lifts it", async () => {
  const cheat = await join("badguy", "Cheater");
  expect(await gm.command(".ban account badguy 1d speed hacking", "is banned")).toEqual(["Account BADGUY is banned for 1d."]);
  await waitUntil(() => cheat.closed, "the banned account's connection to close");
  expect(await loginResult("badguy")).toBe(0x0c);
  expect(await gm.command(".unban account badguy", NO_SUCH_COMMAND)).toEqual([NO_SUCH_COMMAND]); // level 3
  expect(await admin.command(".unban account badguy", "no longer banned")).toEqual(["Account BADGUY is no longer banned."]);
  expect(await loginResult("badguy")).toBe(0);
  expect(await auditOf("ban account")).toContainEqual({ actor: "account:MODGM", target: "badguy", line: "ban account badguy 1d speed hacking" });
  expect(await auditOf("unban account")).toContainEqual({ actor: "account:MODADMIN", target: "badguy", line: "unban account badguy" });
});

test(".ban character bans its account permanently (banned code); .unban character lifts it", async () => {
  const seller = await join("goldshop", "Seller");
  expect(await gm.command(".ban character Seller perm gold selling", "is banned")).toEqual(["The account of Seller is banned permanently."]);
  await waitUntil(() => seller.closed, "the banned character's connection to close");
  expect(await loginResult("goldshop")).toBe(0x03);
  expect(await admin.command(".unban character Seller", "no longer banned")).toEqual(["The account of Seller is no longer banned."]);
  expect(await loginResult("goldshop")).toBe(0);
  expect((await auditOf("ban character"))[0]).toMatchObject({ target: "Seller", line: "ban character Seller perm gold selling" });
});

test(".account set gmlevel (level 3) changes the level, never above the caller's own", async () => {
  await join("helper", "Helper");
  expect(await gm.command(".account set gmlevel helper 1", NO_SUCH_COMMAND)).toEqual([NO_SUCH_COMMAND]);
  expect(await admin.command(".account set gmlevel helper 3", "cannot grant")).toEqual(["You cannot grant level 3 (yours is 3)."]);
  expect(await admin.command(".account set gmlevel helper 2", "security level 2")).toEqual(["Account HELPER now has security level 2 (it applies at the next login)."]);
  expect((await b.realm.accounts.get("helper"))!.gmLevel).toBe(2);
  // it applies at the next login: the new session may use level-2 commands
  others.pop()!.close();
  const again = await joinWorld(b, "helper", "Helper", { create: false });
  others.push(again);
  expect(await again.command(".announce hello from a new GM", "Announcement sent.")).toContain("Announcement sent.");
  expect(await auditOf("account set gmlevel")).toContainEqual({ actor: "account:MODADMIN", target: "helper", line: "account set gmlevel helper 2" });
});

test(".ban ip refuses new logins from the address; .unban ip lets them in again", async () => {
  expect(await gm.command(".ban ip 127.0.0.1 1h testing", "is banned")).toEqual(["IP 127.0.0.1 is banned for 1h."]);
  expect(await b.realm.store.bans.ipBans()).toContainEqual(expect.objectContaining({ ip: "127.0.0.1", reason: "testing" }));
  // the login server reads IP bans from a snapshot refreshed every few seconds
  await waitUntil(async () => (await loginResult("modgm")) === 0x0d, "a login from the banned IP to be refused with 0x0D", 10_000, 200);
  expect(await admin.command(".unban ip 127.0.0.1", "no longer banned")).toEqual(["IP 127.0.0.1 is no longer banned."]);
  await waitUntil(async () => (await loginResult("modgm")) === 0, "logins from the address to work again", 10_000, 200);
  expect((await auditOf("ban ip"))[0]).toMatchObject({ actor: "account:MODGM", target: "127.0.0.1" });
});
