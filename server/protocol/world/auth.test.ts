import { describe, expect, test } from "bun:test";
import { decode, encodeBody } from "../message.ts";
import { toHex } from "./test-vectors.ts";
import { authOk, SMSG_AUTH_RESPONSE } from "./auth.ts";
import { ResponseCodes } from "./response-codes.ts";

describe("SMSG_AUTH_RESPONSE", () => {
  test("AUTH_OK is the 11-byte form of §4", () => {
    expect(toHex(encodeBody(SMSG_AUTH_RESPONSE, authOk()))).toBe("0c000000000000000000" + "02");
  });

  test("AUTH_WAIT_QUEUE is `1B pos u32 00` (TrinityCore form)", () => {
    const bytes = encodeBody(SMSG_AUTH_RESPONSE, { result: ResponseCodes.AUTH_WAIT_QUEUE, queuePosition: 17 });
    expect(toHex(bytes)).toBe("1b1100000000");
    const r = decode(SMSG_AUTH_RESPONSE, bytes);
    expect(r.ok && r.value).toEqual({ result: 0x1b, queuePosition: 17, queueFlag: 0 });
  });

  test("the cmangos queue form (billing fields first) decodes", () => {
    const bytes = Uint8Array.from([0x1b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 0, 0, 0, 0]);
    const r = decode(SMSG_AUTH_RESPONSE, bytes);
    expect(r.ok && r.value.queuePosition).toBe(5);
  });

  test("failures are a single byte", () => {
    for (const code of [ResponseCodes.AUTH_FAILED, ResponseCodes.AUTH_UNKNOWN_ACCOUNT, ResponseCodes.AUTH_VERSION_MISMATCH, ResponseCodes.AUTH_BANNED]) {
      const bytes = encodeBody(SMSG_AUTH_RESPONSE, { result: code });
      expect([...bytes]).toEqual([code]);
      const r = decode(SMSG_AUTH_RESPONSE, bytes);
      expect(r.ok && r.value).toEqual({ result: code });
    }
  });

  test("3.3.5 numbering (pitfall 5)", () => {
    expect(ResponseCodes.CHAR_CREATE_SUCCESS).toBe(0x2f);
    expect(ResponseCodes.CHAR_DELETE_SUCCESS).toBe(0x47);
    expect(ResponseCodes.CHAR_NAME_TOO_LONG).toBe(0x5b);
    expect(ResponseCodes.AUTH_OK).toBe(0x0c);
  });
});
