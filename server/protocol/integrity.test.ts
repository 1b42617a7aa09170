import { describe, expect, test } from "bun:test";
import {
  checkVersionHash,
  crcHash,
  fileChecksum,
  knownVersionChecksum,
  reconnectChecksum,
  verifyReconnectChecksum,
  VERSION_CHALLENGE,
  VERSION_CHECKSUM_12340_MAC,
  VERSION_CHECKSUM_12340_WINDOWS,
} from "./integrity.ts";
import { constant, declaredCount, hex, toHex, vectorsOfKind } from "./vectors.fixture.ts";

test("constants match vectors.json", () => {
  expect(toHex(VERSION_CHALLENGE)).toBe(constant("version_challenge_crc_salt"));
  expect(toHex(VERSION_CHECKSUM_12340_WINDOWS)).toBe(constant("version_hash_12340_windows"));
  expect(toHex(VERSION_CHECKSUM_12340_MAC)).toBe(constant("version_hash_12340_mac"));
});

describe("integrity_login", () => {
  const vs = vectorsOfKind("integrity_login");
  test("all vectors present", () => expect(vs.length).toBe(declaredCount("integrity_login")));
  for (const v of vs) {
    test(v.name, () => {
      const files = hex(v.inputs.all_files);
      const checksum = fileChecksum(hex(v.inputs.checksum_salt), files);
      expect(toHex(checksum)).toBe(v.expected.file_checksum);
      // the same bytes given as separate files hash identically (HMAC over the concatenation)
      expect(toHex(fileChecksum(hex(v.inputs.checksum_salt), [files.subarray(0, 7), files.subarray(7)]))).toBe(v.expected.file_checksum);
      expect(toHex(crcHash(hex(v.inputs.A), checksum))).toBe(v.expected.crc_hash);
    });
  }
});

describe("integrity_reconnect", () => {
  const vs = vectorsOfKind("integrity_reconnect");
  test("all vectors present", () => expect(vs.length).toBe(declaredCount("integrity_reconnect")));
  for (const v of vs) {
    test(v.name, () => {
      expect(toHex(reconnectChecksum(hex(v.inputs.R1)))).toBe(v.expected.R3);
      expect(verifyReconnectChecksum(hex(v.inputs.R1), hex(v.expected.R3))).toBe(true);
      expect(verifyReconnectChecksum(hex(v.inputs.R1), new Uint8Array(20))).toBe(false);
    });
  }
});

test("version check for 12340 Windows / Mac, unknown otherwise", () => {
  const A = crypto.getRandomValues(new Uint8Array(32));
  const win = crcHash(A, VERSION_CHECKSUM_12340_WINDOWS);
  expect(checkVersionHash(A, win, 12340, "Win")).toBe("match");
  expect(checkVersionHash(A, win, 12340, "OSX")).toBe("mismatch");
  expect(checkVersionHash(A, crcHash(A, VERSION_CHECKSUM_12340_MAC), 12340, "OSX")).toBe("match");
  expect(checkVersionHash(A, win, 5875, "Win")).toBe("unknown_client");
  expect(knownVersionChecksum(12340, "Lin")).toBeUndefined();
});
