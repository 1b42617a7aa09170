import { describe, expect, test } from "bun:test";
import { ManualClockLike, MapCache } from "../testing/fakes.ts";
import { parseCookies, serializeCookie } from "./cookies.ts";
import { Csrf, csrfFrom } from "./csrf.ts";
import { isLoopback, normalizeIp } from "./ip.ts";
import { sharedKey } from "./keys.ts";
import { hit } from "./rate-limit.ts";
import { accountStamp, isSessionId, newSessionId, WebSessions } from "./session.ts";
import { safeNext } from "./web.tsx";
import { matchPluginRoute, pluginBody } from "../plugin-routes.ts";

const account = (o: Partial<{ id: number; name: string; salt: Buffer; verifier: Buffer; locked: boolean }> = {}) =>
  ({ id: 1, name: "BOB", salt: Buffer.from("salt"), verifier: Buffer.from("verifier"), locked: false, ...o }) as never;

describe("addresses", () => {
  test("loopback and mapped addresses", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.5")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("10.0.0.1")).toBe(false);
    expect(isLoopback("127.example.org")).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
    expect(normalizeIp("::FFFF:10.1.2.3")).toBe("10.1.2.3");
  });
});

describe("cookies", () => {
  test("parse and serialise", () => {
    expect(parseCookies("a=1; rc_sid=x%2By; a=2; bad")).toEqual({ a: "1", rc_sid: "x+y" });
    const c = serializeCookie("rc_sid", "v", { maxAge: 60, secure: true });
    expect(c).toBe("rc_sid=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure");
  });
});

describe("csrf", () => {
  test("tokens are bound to the session id and the key", () => {
    const a = new Csrf("key-a");
    const t = a.token("sid1");
    expect(a.verify("sid1", t)).toBe(true);
    expect(a.verify("sid2", t)).toBe(false);
    expect(new Csrf("key-b").verify("sid1", t)).toBe(false);
    expect(a.verify("sid1", `${t}x`)).toBe(false);
    expect(a.verify("sid1", undefined)).toBe(false);
    expect(a.verify("sid1", ["x"])).toBe(false);
  });
  test("the header wins over the form field", () => {
    const r = new Request("http://localhost/", { headers: { "x-csrf-token": "h" } });
    expect(csrfFrom(r, { _csrf: "f" })).toBe("h");
    expect(csrfFrom(new Request("http://localhost/"), { _csrf: "f" })).toBe("f");
  });
});

describe("sessions", () => {
  test("expire by the clock, slide after half their life, and stamp credentials", async () => {
    const clock = new ManualClockLike();
    const cache = new MapCache();
    const s = new WebSessions(cache, clock, 100);
    const sid = newSessionId();
    expect(isSessionId(sid)).toBe(true);
    expect(isSessionId("short")).toBe(false);
    const rec = await s.create(sid, account());
    expect((await s.load(sid))?.accountId).toBe(1);
    clock.advance(40_000);
    expect(await s.touch(sid, rec)).toBe(false);
    clock.advance(20_000);
    expect(await s.touch(sid, rec)).toBe(true);
    clock.advance(99_000);
    expect(await s.load(sid)).toBeDefined();
    clock.advance(2_000);
    expect(await s.load(sid)).toBeUndefined();
    expect(accountStamp(account())).not.toBe(accountStamp(account({ verifier: Buffer.from("other") })));
    expect(accountStamp(account())).not.toBe(accountStamp(account({ locked: true })));
  });
  test("shared keys: the first writer wins", async () => {
    const cache = new MapCache();
    const a = await sharedKey(cache, "csrf");
    expect(await sharedKey(cache, "csrf")).toBe(a);
    expect(await sharedKey(cache, "jwt")).not.toBe(a);
  });
});

describe("rate limits", () => {
  test("a fixed window per key", async () => {
    const clock = new ManualClockLike();
    const cache = new MapCache();
    for (let i = 1; i <= 3; i++) expect((await hit(cache, clock, "k", 3, 1000)).allowed).toBe(true);
    expect((await hit(cache, clock, "k", 3, 1000)).allowed).toBe(false);
    expect((await hit(cache, clock, "other", 3, 1000)).allowed).toBe(true);
    clock.advance(1000);
    expect((await hit(cache, clock, "k", 3, 1000)).allowed).toBe(true);
  });
});

describe("redirect targets", () => {
  test("only local paths", () => {
    expect(safeNext("/admin/accounts?q=a")).toBe("/admin/accounts?q=a");
    expect(safeNext("//evil.example")).toBe("/account");
    expect(safeNext("/\\evil.example")).toBe("/account");
    expect(safeNext("https://evil.example")).toBe("/account");
    expect(safeNext(undefined, "/")).toBe("/");
  });
});

describe("plugin routes", () => {
  const r = (plugin: string, method: "GET" | "POST", path: string) => ({ plugin, method, path, handler: () => path });
  const routes = [r("a", "GET", "/stats"), r("a", "GET", "/items/:id"), r("a", "POST", "/items/:id"), r("b", "GET", "/stats"), r("a", "GET", "/")];
  test("match by plugin, method and segments, with params", () => {
    expect(matchPluginRoute(routes, "a", "GET", "stats")?.route).toBe(routes[0]!);
    expect(matchPluginRoute(routes, "b", "GET", "/stats")?.route).toBe(routes[3]!);
    expect(matchPluginRoute(routes, "a", "GET", "items/x%20y")?.params).toEqual({ id: "x y" });
    expect(matchPluginRoute(routes, "a", "POST", "items/1")?.route).toBe(routes[2]!);
    expect(matchPluginRoute(routes, "a", "GET", "/")?.route).toBe(routes[4]!);
    expect(matchPluginRoute(routes, "a", "GET", "items/1/more")).toBeUndefined();
    expect(matchPluginRoute(routes, "c", "GET", "stats")).toBeUndefined();
    expect(pluginBody({ _csrf: "t", a: 1 })).toEqual({ a: 1 });
  });
});
