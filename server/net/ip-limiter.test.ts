import { expect, test } from "bun:test";
import { IpLimiter } from "./ip-limiter.ts";

test("an IP holds at most `max` slots; a release frees one; other IPs are counted apart", () => {
  const l = new IpLimiter(2);
  expect(l.acquire("10.0.0.1")).toBe(true);
  expect(l.acquire("10.0.0.1")).toBe(true);
  expect(l.acquire("10.0.0.1")).toBe(false);
  expect(l.acquire("10.0.0.2")).toBe(true);
  l.release("10.0.0.1");
  expect(l.acquire("10.0.0.1")).toBe(true);
  expect(l.acquire("10.0.0.1")).toBe(false);
});

test("releasing more than was taken does not give an IP extra slots", () => {
  const l = new IpLimiter(1);
  l.release("10.0.0.1");
  l.release("10.0.0.1");
  expect(l.acquire("10.0.0.1")).toBe(true);
  expect(l.acquire("10.0.0.1")).toBe(false);
});
