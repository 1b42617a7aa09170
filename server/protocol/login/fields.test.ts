import { expect, test } from "bun:test";
import fc from "fast-check";
import { Reader } from "../reader.ts";
import { Writer } from "../writer.ts";
import { ipv4ToString, readFourCC, writeFourCC } from "./fields.ts";

test("reversed four-character codes", () => {
  const w = new Writer();
  writeFourCC(w, "x86");
  writeFourCC(w, "Win");
  writeFourCC(w, "enUS");
  writeFourCC(w, "WoW");
  expect(Buffer.from(w.finish()).toString("hex")).toBe("36387800" + "6e695700" + "53556e65" + "576f5700");
  const r = new Reader(w.toBytes());
  expect([readFourCC(r), readFourCC(r), readFourCC(r), readFourCC(r)]).toEqual(["x86", "Win", "enUS", "WoW"]);
  expect(() => writeFourCC(new Writer(), "toolong")).toThrow();
});

test("any 4 bytes survive readFourCC -> writeFourCC (property)", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (b) => {
      const w = new Writer();
      writeFourCC(w, readFourCC(new Reader(b)));
      expect(Array.from(w.finish())).toEqual(Array.from(b));
    }),
  );
});

test("IPv4 text", () => {
  expect(ipv4ToString(0x7f000001)).toBe("127.0.0.1");
  expect(ipv4ToString(0xc0a80a14)).toBe("192.168.10.20");
});
