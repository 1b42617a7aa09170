// Configuration the web plane honours: web.adminRemote, web.registerPerIpPerHour = 0,
// web.jwtSecret, and session expiry by the realm's clock.
import { jwt } from "@elysiajs/jwt";
import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { ManualClock } from "../server/testing/world-helpers.ts";
import { webHarness } from "./testing/harness.ts";

describe("web configuration", () => {
  test("web.adminRemote opens /admin and /metrics to remote clients (still GM level 3 only)", async () => {
    const h = await webHarness({ web: { adminRemote: true } });
    try {
      expect((await h.client("192.0.2.1").get("/metrics")).status).toBe(200);
      const remote = await h.loggedIn("farboss", "pw", 3, "192.0.2.1");
      expect((await remote.get("/admin")).status).toBe(200);
      const player = await h.loggedIn("farplayer", "pw", 0, "192.0.2.2");
      expect((await player.get("/admin")).status).toBe(403);
    } finally {
      await h.stop();
    }
  });

  test("registerPerIpPerHour = 0 closes web registration", async () => {
    const h = await webHarness({ web: { registerPerIpPerHour: 0 } });
    try {
      const c = h.client();
      const page = await c.get("/register");
      expect(page.text).toContain("Registration on the web is closed");
      expect(page.text).not.toContain('action="/register"');
      const r = await c.post("/register", { name: "closed", password: "pw", confirm: "pw" });
      expect(r.status).toBe(403);
      expect(await h.ctx.accounts.get("closed")).toBeUndefined();
    } finally {
      await h.stop();
    }
  });

  test("web.jwtSecret signs the tokens", async () => {
    const h = await webHarness({ web: { jwtSecret: "configured-secret-for-tests" } });
    try {
      await h.b.createAccount("tok", "pw");
      const c = h.client();
      const r = await c.json("POST", "/api/v1/login", { name: "tok", password: "pw" });
      const mine = new Elysia().use(jwt({ name: "jwt", secret: "configured-secret-for-tests" })).decorator.jwt;
      expect(await mine.verify(r.data.token)).toMatchObject({ name: "TOK" });
      const other = new Elysia().use(jwt({ name: "jwt", secret: "another-secret" })).decorator.jwt;
      expect(await other.verify(r.data.token)).toBe(false);
    } finally {
      await h.stop();
    }
  });

  test("a web session ends after web.sessionTtlS by the realm's clock, and slides while used", async () => {
    const clock = new ManualClock(Date.now());
    const h = await webHarness({ web: { sessionTtlS: 600 } }, { clock });
    try {
      const c = await h.loggedIn("sleepy", "pw");
      clock.advance(400_000);
      expect((await c.get("/account")).status).toBe(200); // past half its life: renewed for 600 s
      clock.advance(500_000);
      expect((await c.get("/account")).status).toBe(200);
      clock.advance(601_000);
      const r = await c.get("/account");
      expect(r.status).toBe(303);
      expect(r.res.headers.get("location")).toBe("/login?next=%2Faccount");
    } finally {
      await h.stop();
    }
  });
});
