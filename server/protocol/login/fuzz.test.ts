// Property tests: hostile login bytes are session events, never process events.
// - the guarded decoder never throws, whatever the bytes;
// - the framing function answers with a length <= cap (or an error) for any bytes, so an
//   auth server that grows its buffer to the answer never allocates more than the cap.
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { decode, type MessageDef } from "../message.ts";
import { AuthCmd } from "../opcodes.ts";
import { loginMessageVectors } from "../vectors.fixture.ts";
import {
  clientMessageLength,
  CMD_AUTH_LOGON_CHALLENGE_Client,
  CMD_AUTH_LOGON_CHALLENGE_Server,
  CMD_AUTH_LOGON_PROOF_Client,
  CMD_AUTH_LOGON_PROOF_Server,
  CMD_AUTH_RECONNECT_CHALLENGE_Client,
  CMD_AUTH_RECONNECT_CHALLENGE_Server,
  CMD_AUTH_RECONNECT_PROOF_Client,
  CMD_AUTH_RECONNECT_PROOF_Server,
  CMD_REALM_LIST_Client,
  CMD_REALM_LIST_Server,
  LOGIN_MESSAGE_CAP,
  serverMessageLength,
} from "./index.ts";

const DEFS: MessageDef<unknown>[] = [
  CMD_AUTH_LOGON_CHALLENGE_Client,
  CMD_AUTH_LOGON_CHALLENGE_Server,
  CMD_AUTH_LOGON_PROOF_Client,
  CMD_AUTH_LOGON_PROOF_Server,
  CMD_AUTH_RECONNECT_CHALLENGE_Client,
  CMD_AUTH_RECONNECT_CHALLENGE_Server,
  CMD_AUTH_RECONNECT_PROOF_Client,
  CMD_AUTH_RECONNECT_PROOF_Server,
  CMD_REALM_LIST_Client,
  CMD_REALM_LIST_Server,
] as MessageDef<unknown>[];

const CLIENT_CMDS = [
  AuthCmd.CMD_AUTH_LOGON_CHALLENGE,
  AuthCmd.CMD_AUTH_LOGON_PROOF,
  AuthCmd.CMD_AUTH_RECONNECT_CHALLENGE,
  AuthCmd.CMD_AUTH_RECONNECT_PROOF,
  AuthCmd.CMD_REALM_LIST,
  AuthCmd.CMD_XFER_ACCEPT,
  AuthCmd.CMD_XFER_RESUME,
  AuthCmd.CMD_XFER_CANCEL,
];

const seeds = loginMessageVectors().map((v) => Uint8Array.from(Buffer.from(v.expected.bytes as string, "hex")));

/** A valid message with a few bytes overwritten, cut short, or extended. */
const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(200), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    fc.option(fc.nat(200)),
    fc.uint8Array({ maxLength: 40 }),
  )
  .map(([seed, edits, cut, tail]) => {
    const b = new Uint8Array([...seed, ...tail]);
    for (const [at, value] of edits) if (b.length > 0) b[at % b.length] = value;
    return cut === null ? b : b.subarray(0, cut % (b.length + 1));
  });

/** Random bytes whose first byte is a login command more often than not. */
const random = fc
  .tuple(fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x10, 0x32, 0x33, 0x34, 0x7f), fc.uint8Array({ maxLength: 300 }))
  .map(([cmd, rest]) => new Uint8Array([cmd, ...rest]));

const anyLoginBytes = fc.oneof(mutated, random, fc.uint8Array({ maxLength: 64 }));

describe("guarded decode never throws", () => {
  test("random and mutated login frames, every definition", () => {
    fc.assert(
      fc.property(anyLoginBytes, (bytes) => {
        for (const def of DEFS) {
          const r = decode(def, bytes);
          if (!r.ok) {
            expect(r.error.code === "PROTO_TRUNCATED" || r.error.code === "PROTO_BAD_VALUE").toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("framing never asks for more than the cap", () => {
  test("client side: any bytes, any accepted set, any cap", () => {
    fc.assert(
      fc.property(anyLoginBytes, fc.subarray(CLIENT_CMDS, { minLength: 1 }), fc.constantFrom(LOGIN_MESSAGE_CAP, 64, 120, 4096), (bytes, accepted, cap) => {
        // grow a buffer the way the auth server would: only ever to the size framing returned
        for (let end = 0; end <= bytes.length; end++) {
          const n = clientMessageLength(bytes, 0, end, accepted, cap);
          if (n < 0) return; // the connection would be closed here
          expect(n).toBeGreaterThanOrEqual(1);
          expect(n).toBeLessThanOrEqual(cap);
          if (n <= end) {
            // complete: the decoder gets exactly n bytes and must not throw
            for (const def of DEFS) decode(def, bytes.subarray(0, n));
            return;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("server side (client library): any bytes, any cap", () => {
    fc.assert(
      fc.property(anyLoginBytes, fc.constantFrom(0x10002, 200, 64), (bytes, cap) => {
        for (let end = 0; end <= bytes.length; end++) {
          const n = serverMessageLength(bytes, 0, end, cap);
          if (n < 0) return;
          expect(n).toBeLessThanOrEqual(cap);
          if (n <= end) return;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
