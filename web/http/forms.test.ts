import { describe, expect, test } from "bun:test";
import { ACCOUNT_NAME, PASSWORD, validate } from "./forms.ts";

const SPEC = {
  name: ACCOUNT_NAME,
  password: PASSWORD,
  minutes: { kind: "int", label: "Minutes", min: 0, max: 100 },
  note: { kind: "text", label: "Note", max: 10, required: false },
  body: { kind: "text", label: "Body", max: 50, multiline: true, required: false },
  flag: { kind: "bool", label: "Flag" },
} as const;

describe("validate", () => {
  test("good values come back typed", () => {
    const v = validate(SPEC, { name: " bob ", password: " pw ", minutes: "7", flag: "on", body: "a\nb" });
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.values).toEqual({ name: "bob", password: " pw ", minutes: 7, note: "", body: "a\nb", flag: true });
  });

  test("missing, oversized and malformed fields each get their error", () => {
    const v = validate(SPEC, { password: "x".repeat(17), minutes: "12abc", note: "12345678901", flag: "maybe" });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors.name).toBe("Account name is required");
    expect(v.errors.password).toContain("longer than 16");
    expect(v.errors.minutes).toContain("whole number");
    expect(v.errors.note).toContain("longer than 10");
    expect(v.errors.flag).toContain("on or off");
    expect(v.raw.minutes).toBe("12abc");
  });

  test("patterns, ranges, control characters, newlines in one-line fields and repeated fields are refused", () => {
    const v = validate(SPEC, { name: "b<o>b", password: "pé", minutes: "101", note: "a\u0000", body: "x\u0007", flag: ["on", "on"] });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors.name).toContain("letters A-Z");
    expect(v.errors.password).toContain("printable ASCII");
    expect(v.errors.minutes).toBe("Minutes must be between 0 and 100");
    expect(v.errors.note).toContain("not allowed");
    expect(v.errors.body).toContain("not allowed");
    expect(v.errors.flag).toContain("more than once");
    const w = validate({ note: { kind: "text", label: "Note", max: 10 } }, { note: "a\nb" });
    expect(w.ok).toBe(false);
  });

  test("JSON numbers, booleans and a non-object body", () => {
    const v = validate(SPEC, { name: "A1", password: "p", minutes: 3, flag: false });
    expect(v.ok && v.values.minutes === 3 && v.values.flag === false).toBe(true);
    const n = validate(SPEC, [1, 2]);
    expect(n.ok).toBe(false);
    const t = validate(SPEC, { name: 5, password: "p", minutes: 1.5 });
    expect(!t.ok && t.errors.name).toBe("Account name must be text");
    expect(!t.ok && t.errors.minutes).toContain("whole number");
  });
});
