import { describe, expect, test } from "bun:test";
import { AuthCmd } from "../opcodes.ts";
import { decode } from "../message.ts";
import { loginMessageVectors } from "../vectors.fixture.ts";
import {
  clientMessageLength,
  CMD_AUTH_LOGON_CHALLENGE_Client,
  CMD_AUTH_LOGON_PROOF_Client,
  CMD_REALM_LIST_Client,
  LOGIN_MESSAGE_CAP,
  LoginFrameError,
  serverMessageLength,
} from "./index.ts";

const bytesOf = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));
const ALL_CLIENT = [
  AuthCmd.CMD_AUTH_LOGON_CHALLENGE,
  AuthCmd.CMD_AUTH_LOGON_PROOF,
  AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE,
  AuthCmd.CMD_AUTH_RECONNECT_PROOF,
  AuthCmd.CMD_REALM_LIST,
];

describe("framing every vector from every prefix", () => {
  for (const v of loginMessageVectors()) {
    test(v.name, () => {
      const bytes = bytesOf(v.expected.bytes);
      const measure = (end: number) =>
        v.direction === "client_to_server" ? clientMessageLength(bytes, 0, end, ALL_CLIENT) : serverMessageLength(bytes, 0, end);
      for (let p = 0; p < bytes.length; p++) {
        const n = measure(p);
        // with a prefix the answer is "need n > p", and n never overshoots the real length
        expect(n).toBeGreaterThan(p);
        expect(n).toBeLessThanOrEqual(bytes.length);
      }
      expect(measure(bytes.length)).toBe(bytes.length);
      // extra bytes behind the message do not change its length
      const longer = new Uint8Array(bytes.length + 10);
      longer.set(bytes);
      expect(v.direction === "client_to_server" ? clientMessageLength(longer, 0, longer.length, ALL_CLIENT) : serverMessageLength(longer, 0, longer.length)).toBe(bytes.length);
    });
  }
});

describe("client framing errors are decided before allocation", () => {
  const challenge = bytesOf("00082800576f57000303053430363878006e69570053556e653c0000007f0000010a534b4e5a424f474f5353");

  test("a command the state does not accept", () => {
    expect(clientMessageLength(challenge, 0, challenge.length, AuthCmd.CMD_AUTH_LOGON_PROOF)).toBe(LoginFrameError.UNEXPECTED_COMMAND);
    expect(clientMessageLength(challenge, 0, 1, [AuthCmd.CMD_REALM_LIST])).toBe(LoginFrameError.UNEXPECTED_COMMAND);
    expect(clientMessageLength(Uint8Array.of(0x7f), 0, 1, [0x7f])).toBe(LoginFrameError.UNEXPECTED_COMMAND);
    expect(clientMessageLength(challenge, 0, 0, AuthCmd.CMD_AUTH_LOGON_CHALLENGE)).toBe(1);
  });

  test("challenge: a huge declared size is refused from the first 4 bytes", () => {
    const head = Uint8Array.of(0x00, 0x08, 0xff, 0xff);
    expect(clientMessageLength(head, 0, 4, AuthCmd.CMD_AUTH_LOGON_CHALLENGE)).toBe(LoginFrameError.TOO_LARGE);
    const big = Uint8Array.of(0x00, 0x08, 47, 0); // 30 + 17: name too long
    expect(clientMessageLength(big, 0, 4, AuthCmd.CMD_AUTH_LOGON_CHALLENGE)).toBe(LoginFrameError.TOO_LARGE);
    const small = Uint8Array.of(0x02, 0x08, 30, 0); // no room for a name
    expect(clientMessageLength(small, 0, 4, AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE)).toBe(LoginFrameError.MALFORMED);
    const mismatch = challenge.slice();
    mismatch[33] = 9;
    expect(clientMessageLength(mismatch, 0, mismatch.length, AuthCmd.CMD_AUTH_LOGON_CHALLENGE)).toBe(LoginFrameError.MALFORMED);
    expect(clientMessageLength(challenge, 0, challenge.length, AuthCmd.CMD_AUTH_LOGON_CHALLENGE, 40)).toBe(LoginFrameError.TOO_LARGE);
  });

  test("proof: 255 telemetry keys are over the default cap as soon as the count is visible", () => {
    const head = new Uint8Array(74);
    head[0] = 0x01;
    head[73] = 255;
    expect(clientMessageLength(head, 0, 74, AuthCmd.CMD_AUTH_LOGON_PROOF)).toBe(LoginFrameError.TOO_LARGE);
    head[73] = 2;
    expect(clientMessageLength(head, 0, 74, AuthCmd.CMD_AUTH_LOGON_PROOF)).toBe(75 + 60);
    expect(clientMessageLength(head, 0, 74, AuthCmd.CMD_AUTH_LOGON_PROOF, 100)).toBe(LoginFrameError.TOO_LARGE);
  });

  test("proof: unknown flag bits and oversized tokens", () => {
    const p = new Uint8Array(80);
    p[0] = 0x01;
    p[74] = 0x10;
    expect(clientMessageLength(p, 0, 80, AuthCmd.CMD_AUTH_LOGON_PROOF)).toBe(LoginFrameError.MALFORMED);
    p[74] = 0x04;
    expect(clientMessageLength(p, 0, 75, AuthCmd.CMD_AUTH_LOGON_PROOF)).toBe(76);
    p[75] = 200;
    expect(clientMessageLength(p, 0, 76, AuthCmd.CMD_AUTH_LOGON_PROOF)).toBe(LoginFrameError.TOO_LARGE);
    p[75] = 6;
    expect(clientMessageLength(p, 0, 76, AuthCmd.CMD_AUTH_LOGON_PROOF)).toBe(82);
  });
});

test("a login conversation streamed in odd-sized reads frames and decodes", () => {
  const challenge = bytesOf("00082800576f57000303053430363878006e69570053556e653c0000007f0000010a534b4e5a424f474f5353");
  const proof = bytesOf(
    "0101bf7357a9d256b8fea0d3abc7e478bd61d64d38f7aa4df0e06f33478894d16ff6625623db0d80dd472b233b8f2d08864cc7cb09b348ff9b4aac56a778030549a910c0bb2287de200000",
  );
  const realm = bytesOf("1000000000");
  const stream = new Uint8Array([...challenge, ...proof, ...realm, ...realm]);
  const states = [[AuthCmd.CMD_AUTH_LOGON_CHALLENGE, AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE], [AuthCmd.CMD_AUTH_LOGON_PROOF], [AuthCmd.CMD_REALM_LIST]];
  const defs = [CMD_AUTH_LOGON_CHALLENGE_Client, CMD_AUTH_LOGON_PROOF_Client, CMD_REALM_LIST_Client];
  for (const step of [1, 3, 7, 13, 64]) {
    let buffered = new Uint8Array(0);
    let state = 0;
    const got: number[] = [];
    for (let pos = 0; pos < stream.length; pos += step) {
      buffered = new Uint8Array([...buffered, ...stream.subarray(pos, pos + step)]);
      for (;;) {
        const n = clientMessageLength(buffered, 0, buffered.length, states[state]!);
        expect(n).toBeGreaterThan(0);
        expect(n).toBeLessThanOrEqual(LOGIN_MESSAGE_CAP);
        if (n > buffered.length) break;
        const r = decode(defs[state]! as typeof CMD_REALM_LIST_Client, buffered.subarray(0, n));
        expect(r.ok).toBe(true);
        got.push(buffered[0]!);
        buffered = buffered.slice(n);
        state = Math.min(state + 1, 2);
      }
    }
    expect(got).toEqual([0x00, 0x01, 0x10, 0x10]);
  }
});
