// Every login `message` vector: decode -> encode gives the same bytes, and the decoded
// fields match `inputs.fields` wherever the vector gives a comparable value (SpinaciCore
// vectors describe some fields as "(32 bytes LE)"; those are byte-checked by the round trip).
import { describe, expect, test } from "bun:test";
import { decode, encodeBody, type MessageDef } from "../message.ts";
import { loginMessageVectors, toHex, type Vector } from "../vectors.fixture.ts";
import {
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
  clientMessageLength,
  serverMessageLength,
  LOGIN_RESULT_NAMES,
  ipv4ToString,
  type AuthChallengeClient,
  type AuthLogonChallengeSuccess,
  type AuthLogonProofClient,
  type AuthLogonProofFailure,
  type AuthLogonProofSuccess,
  type AuthReconnectChallengeSuccess,
  type AuthReconnectProofClient,
  type AuthReconnectProofServer,
  type RealmListServer,
} from "./index.ts";
import { AuthCmd } from "../opcodes.ts";

const defs: Record<string, MessageDef<any>> = {
  "CMD_AUTH_LOGON_CHALLENGE/client_to_server": CMD_AUTH_LOGON_CHALLENGE_Client,
  "CMD_AUTH_LOGON_CHALLENGE/server_to_client": CMD_AUTH_LOGON_CHALLENGE_Server,
  "CMD_AUTH_LOGON_PROOF/client_to_server": CMD_AUTH_LOGON_PROOF_Client,
  "CMD_AUTH_LOGON_PROOF/server_to_client": CMD_AUTH_LOGON_PROOF_Server,
  "CMD_AUTH_RECONNECT_CHALLENGE/client_to_server": CMD_AUTH_RECONNECT_CHALLENGE_Client,
  "CMD_AUTH_RECONNECT_CHALLENGE/server_to_client": CMD_AUTH_RECONNECT_CHALLENGE_Server,
  "CMD_AUTH_RECONNECT_PROOF/client_to_server": CMD_AUTH_RECONNECT_PROOF_Client,
  "CMD_AUTH_RECONNECT_PROOF/server_to_client": CMD_AUTH_RECONNECT_PROOF_Server,
  "CMD_REALM_LIST/client_to_server": CMD_REALM_LIST_Client,
  "CMD_REALM_LIST/server_to_client": CMD_REALM_LIST_Server,
};

// --- turning the vectors' field notation into values -----------------------------

const RESULT_BY_NAME = new Map(Object.entries(LOGIN_RESULT_NAMES).map(([k, v]) => [v, Number(k)]));
const ENUMS: Record<string, number | string> = {
  // wowm enum spellings
  NONE: 0,
  PIN: 1,
  MATRIX_CARD: 2,
  AUTHENTICATOR: 4,
  PLAYER_VS_ENVIRONMENT: 0,
  FALSE: 0,
  TRUE: 1,
  DEFAULT: 0,
  INVALID: 1,
  OFFLINE: 2,
  SPECIFY_BUILD: 4,
  TWO: 2,
  THREE: 3,
  EIGHT: 8,
  X86: "x86",
  WINDOWS: "Win",
  EN_GB: "enGB",
  EN_US: "enUS",
};

/** A login result written as "FAIL_NO_TIME" or "FAIL_UNKNOWN_ACCOUNT (0x04)". */
function resultValue(s: string): number {
  const name = s.split(" ")[0]!;
  const v = RESULT_BY_NAME.get(name);
  if (v === undefined) throw new Error(`unknown result ${s}`);
  return v;
}

/** Flags as a number: 3, "INVALID | OFFLINE", "0x02 OFFLINE", "MATRIX_CARD | AUTHENTICATOR". */
function flagsValue(f: number | string): number {
  if (typeof f === "number") return f;
  if (f.startsWith("0x")) return parseInt(f.split(" ")[0]!, 16);
  return f.split("|").reduce((acc, part) => acc | (ENUMS[part.trim()] as number), 0);
}

function enumValue(x: number | string): number | string {
  if (typeof x === "number") return x;
  return x in ENUMS ? ENUMS[x]! : x; // wowm enum spelling, or a plain value ("x86", "Win")
}

const placeholder = (x: unknown) => typeof x === "string" && x.startsWith("(");
const bytesOf = (x: unknown): string => (Array.isArray(x) ? toHex(Uint8Array.from(x as number[])) : String(x));

/** Compares the vector's fields with the decoded value; returns how many fields were compared. */
function compareFields(v: Vector, value: any): number {
  const f = v.inputs.fields as Record<string, any>;
  let compared = 0;
  const eq = (actual: unknown, expected: unknown) => {
    expect(actual).toEqual(expected);
    compared++;
  };
  const key = `${v.message}/${v.direction}`;
  switch (key) {
    case "CMD_AUTH_LOGON_CHALLENGE/client_to_server":
    case "CMD_AUTH_RECONNECT_CHALLENGE/client_to_server": {
      const c = value as AuthChallengeClient;
      if ("protocol_version" in f) eq(c.protocolVersion, enumValue(f.protocol_version));
      if ("game_name" in f) eq(c.gameName, String(f.game_name).replace(/\0/g, ""));
      if (typeof f.version === "object") {
        eq([c.versionMajor, c.versionMinor, c.versionPatch, c.build], [f.version.major, f.version.minor, f.version.patch, f.version.build]);
      } else if (typeof f.version === "string") {
        eq(`${c.versionMajor}.${c.versionMinor}.${c.versionPatch}`, f.version);
      }
      if ("build" in f) eq(c.build, f.build);
      if ("platform" in f) eq(c.platform, enumValue(f.platform));
      if ("os" in f) eq(c.os, enumValue(f.os));
      if ("locale" in f) eq(c.locale, enumValue(f.locale));
      if ("utc_timezone_offset" in f) eq(c.timezoneBias, f.utc_timezone_offset);
      if ("client_ip_address" in f) eq(c.clientIp, f.client_ip_address);
      if ("client_ip" in f) eq(ipv4ToString(c.clientIp), f.client_ip);
      if ("account_name" in f) eq(c.accountName, f.account_name);
      if ("size" in f) eq(30 + c.accountName.length, f.size);
      break;
    }
    case "CMD_AUTH_LOGON_CHALLENGE/server_to_client": {
      eq(value.result, resultValue(f.result));
      if (value.result !== 0) break;
      const s = value as AuthLogonChallengeSuccess;
      if (Array.isArray(f.server_public_key)) eq(toHex(s.B), bytesOf(f.server_public_key));
      if (Array.isArray(f.generator)) eq(toHex(s.g), bytesOf(f.generator));
      if (typeof f.g === "number") eq(s.g[0], f.g);
      if (Array.isArray(f.large_safe_prime)) eq(toHex(s.N), bytesOf(f.large_safe_prime));
      if (Array.isArray(f.salt)) eq(toHex(s.salt), bytesOf(f.salt));
      if (Array.isArray(f.crc_salt)) eq(toHex(s.crcSalt), bytesOf(f.crc_salt));
      const flags = flagsValue(f.security_flag);
      eq(!!s.security.pin, (flags & 1) !== 0);
      eq(!!s.security.matrixCard, (flags & 2) !== 0);
      eq(!!s.security.authenticator, (flags & 4) !== 0);
      if (s.security.pin) {
        eq(s.security.pin.gridSeed, f.pin_grid_seed);
        eq(toHex(s.security.pin.salt), bytesOf(f.pin_salt));
      }
      if (s.security.matrixCard) {
        const m = s.security.matrixCard;
        // the seed (0x00DEADBEEFFACADE) is above 2^53: JSON gives it rounded, so compare as doubles
        eq([m.width, m.height, m.digitCount, m.challengeCount, Number(m.seed)], [f.width, f.height, f.digit_count, f.challenge_count, f.seed]);
        eq(m.seed, 0xdeadbeeffacaden);
      }
      if (s.security.authenticator) eq(s.security.authenticator.required, f.required);
      break;
    }
    case "CMD_AUTH_LOGON_PROOF/client_to_server": {
      const p = value as AuthLogonProofClient;
      if (Array.isArray(f.client_public_key)) eq(toHex(p.A), bytesOf(f.client_public_key));
      if (Array.isArray(f.client_proof)) eq(toHex(p.M1), bytesOf(f.client_proof));
      if (Array.isArray(f.crc_hash)) eq(toHex(p.crcHash), bytesOf(f.crc_hash));
      if (Array.isArray(f.telemetry_keys)) {
        eq(
          p.telemetryKeys.map((k) => [k.unknown1, k.unknown2, toHex(k.unknown3), toHex(k.cdKeyProof)]),
          f.telemetry_keys.map((k: any) => [k.unknown1, k.unknown2, bytesOf(k.unknown3), bytesOf(k.cd_key_proof)]),
        );
      }
      if ("number_of_keys" in f) eq(p.telemetryKeys.length, f.number_of_keys);
      const flags = flagsValue(f.security_flag);
      eq(!!p.security.pin, (flags & 1) !== 0);
      eq(!!p.security.matrixCard, (flags & 2) !== 0);
      eq(!!p.security.authenticator, (flags & 4) !== 0);
      if (p.security.pin) {
        eq(toHex(p.security.pin.clientSalt), bytesOf(f.pin_salt));
        eq(toHex(p.security.pin.hash), bytesOf(f.pin_hash));
      }
      break;
    }
    case "CMD_AUTH_LOGON_PROOF/server_to_client": {
      eq(value.result, resultValue(f.result));
      if (value.result === 0) {
        const s = value as AuthLogonProofSuccess;
        if (!placeholder(f.M2)) eq(toHex(s.M2), f.M2);
        eq([s.accountFlags, s.hardwareSurveyId, s.unknownFlags], [f.account_flags, f.survey_id, f.unk_flags]);
      } else {
        const fail = value as AuthLogonProofFailure;
        // "padding": 0, or "03 00 (as TrinityCore sends)" = u16 LE 3
        const pad = typeof f.padding === "number" ? f.padding : parseInt(String(f.padding).split(" ")[0]!, 16);
        eq(fail.padding, pad);
      }
      break;
    }
    case "CMD_AUTH_RECONNECT_CHALLENGE/server_to_client": {
      eq(value.result, resultValue(f.result));
      if (value.result !== 0) break;
      const s = value as AuthReconnectChallengeSuccess;
      if (!placeholder(f.challenge_data)) eq(toHex(s.challengeData), bytesOf(f.challenge_data));
      if (Array.isArray(f.checksum_salt)) eq(toHex(s.checksumSalt), bytesOf(f.checksum_salt));
      if (f.checksum_salt === "(16 zero bytes)") eq(toHex(s.checksumSalt), "00".repeat(16));
      break;
    }
    case "CMD_AUTH_RECONNECT_PROOF/client_to_server": {
      const p = value as AuthReconnectProofClient;
      if (Array.isArray(f.proof_data)) eq(toHex(p.R1), bytesOf(f.proof_data));
      if (Array.isArray(f.client_proof)) eq(toHex(p.R2), bytesOf(f.client_proof));
      if (Array.isArray(f.client_checksum)) eq(toHex(p.R3), bytesOf(f.client_checksum));
      if ("key_count" in f) eq(p.keyCount, f.key_count);
      break;
    }
    case "CMD_AUTH_RECONNECT_PROOF/server_to_client": {
      const s = value as AuthReconnectProofServer;
      eq(s.result, resultValue(f.result));
      if ("padding_u16" in f) eq(s.padding, f.padding_u16);
      break;
    }
    case "CMD_REALM_LIST/client_to_server":
      if ("padding_u32" in f) eq(value.padding, f.padding_u32);
      eq(value.padding, 0);
      break;
    case "CMD_REALM_LIST/server_to_client": {
      const list = value as RealmListServer;
      const realms: any[] = f.realms ?? (f.realm ? [f.realm] : []);
      if ("number_of_realms" in f) eq(list.realms.length, f.number_of_realms);
      eq(list.realms.length, realms.length);
      realms.forEach((want, i) => {
        const got = list.realms[i]!;
        eq(got.type, enumValue(want.realm_type ?? want.type));
        eq(got.locked, enumValue(want.locked));
        eq(got.flags, flagsValue(want.flag ?? want.flags));
        eq(got.name, want.name);
        eq(got.address, want.address);
        eq(got.population, want.population);
        eq(got.characters, want.number_of_characters_on_realm ?? want.characters);
        eq(got.category, enumValue(want.category ?? want.category_timezone));
        eq(got.realmId, want.realm_id ?? want.id);
        if (want.version) eq(got.version, want.version);
      });
      if (typeof f.footer === "string") eq(list.footer, parseInt(f.footer.replace(/ /g, "").slice(0, 2), 16) | (parseInt(f.footer.replace(/ /g, "").slice(2, 4), 16) << 8));
      break;
    }
    default:
      throw new Error(`no comparator for ${key}`);
  }
  return compared;
}

// --- the tests --------------------------------------------------------------------

const vectors = loginMessageVectors();

describe("login message vectors", () => {
  test("there are 35 of them", () => {
    expect(vectors.length).toBe(35);
  });

  for (const v of vectors) {
    test(`${v.name} (${v.message} ${v.direction})`, () => {
      const def = defs[`${v.message}/${v.direction}`];
      expect(def).toBeDefined();
      const bytes = Uint8Array.from(Buffer.from(v.expected.bytes as string, "hex"));
      expect(bytes.length).toBe(v.expected.length);
      const decoded = decode(def!, bytes);
      if (!decoded.ok) throw decoded.error;
      expect(decoded.trailing).toBe(0);
      expect(toHex(encodeBody(def!, decoded.value))).toBe(v.expected.bytes);
      // the framing functions find exactly this message's end
      const framed =
        v.direction === "client_to_server"
          ? clientMessageLength(bytes, 0, bytes.length, bytes[0]!)
          : serverMessageLength(bytes, 0, bytes.length);
      expect(framed).toBe(bytes.length);
      if (v.validity === "layout_only_1.12_enum_values") return; // layout only: no value checks
      expect(v.validity).toBe("valid_335");
      const compared = compareFields(v, decoded.value);
      if (Object.keys(v.inputs.fields).length > 0) expect(compared).toBeGreaterThan(0);
    });
  }
});

describe("login message edge cases", () => {
  const spinaciChallenge = "00082800576f57000303053430363878006e69570053556e653c0000007f0000010a534b4e5a424f474f5353";
  const bytes = () => Uint8Array.from(Buffer.from(spinaciChallenge, "hex"));

  test("a real 3.3.5a challenge decodes to readable fields", () => {
    const r = decode(CMD_AUTH_LOGON_CHALLENGE_Client, bytes());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({
      protocolVersion: 8,
      gameName: "WoW",
      versionMajor: 3,
      versionMinor: 3,
      versionPatch: 5,
      build: 12340,
      platform: "x86",
      os: "Win",
      locale: "enUS",
      timezoneBias: 60,
      clientIp: 0x7f000001,
      accountName: "SKNZBOGOSS",
    });
  });

  test("challenge size checks: name length 0 / 17, size inconsistent, wrong command", () => {
    const zeroName = bytes().slice(0, 34);
    zeroName[2] = 30;
    zeroName[33] = 0;
    expect(decode(CMD_AUTH_LOGON_CHALLENGE_Client, zeroName).ok).toBe(false);
    const long = new Uint8Array(34 + 17);
    long.set(bytes().subarray(0, 34));
    long[2] = 47;
    long[33] = 17;
    long.fill(0x41, 34);
    const r = decode(CMD_AUTH_LOGON_CHALLENGE_Client, long);
    expect(r.ok).toBe(false);
    const inconsistent = bytes();
    inconsistent[2] = 41; // size says 11 name bytes, name length says 10
    expect(decode(CMD_AUTH_LOGON_CHALLENGE_Client, inconsistent).ok).toBe(false);
    expect(decode(CMD_AUTH_RECONNECT_CHALLENGE_Client, bytes()).ok).toBe(false); // command 0x00 is not 0x02
    expect(decode(CMD_AUTH_LOGON_CHALLENGE_Client, bytes().subarray(0, 40)).ok).toBe(false);
  });

  test("the 2-byte proof failure form is tolerated and round-trips", () => {
    const r = decode(CMD_AUTH_LOGON_PROOF_Server, Uint8Array.of(0x01, 0x09));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({ result: 0x09, twoByteForm: true });
    expect(toHex(encodeBody(CMD_AUTH_LOGON_PROOF_Server, r.value))).toBe("0109");
    expect(toHex(encodeBody(CMD_AUTH_LOGON_PROOF_Server, { result: 0x04 }))).toBe("01040000");
    const rp = decode(CMD_AUTH_RECONNECT_PROOF_Server, Uint8Array.of(0x03, 0x0e));
    expect(rp.ok && rp.value.twoByteForm).toBe(true);
  });

  test("a proof with an authenticator token parses by the flags", () => {
    const value: AuthLogonProofClient = {
      A: new Uint8Array(32).fill(1),
      M1: new Uint8Array(20).fill(2),
      crcHash: new Uint8Array(20).fill(3),
      telemetryKeys: [],
      security: { matrixCard: { proof: new Uint8Array(20).fill(4) }, authenticator: { token: "123456" } },
    };
    const enc = encodeBody(CMD_AUTH_LOGON_PROOF_Client, value).slice();
    expect(enc.length).toBe(75 + 20 + 1 + 6);
    expect(enc[74]).toBe(0x06);
    expect(clientMessageLength(enc, 0, enc.length, AuthCmd.CMD_AUTH_LOGON_PROOF)).toBe(enc.length);
    const r = decode(CMD_AUTH_LOGON_PROOF_Client, enc);
    expect(r.ok && r.value.security.authenticator?.token).toBe("123456");
    expect(r.ok && toHex(r.value.security.matrixCard!.proof)).toBe("04".repeat(20));
    enc[74] = 0x08; // unknown flag bit
    expect(decode(CMD_AUTH_LOGON_PROOF_Client, enc).ok).toBe(false);
  });

  test("realm list with SPECIFY_BUILD but no version refuses to encode", () => {
    expect(() =>
      encodeBody(CMD_REALM_LIST_Server, {
        unused: 0,
        footer: 0x10,
        realms: [{ type: 0, locked: 0, flags: 4, name: "R", address: "a:1", population: 0, characters: 0, category: 1, realmId: 1 }],
      }),
    ).toThrow();
  });
});
