// Login-protocol message vectors (vectors.json kind "message", protocol "login").
import { describe, expect, test } from "bun:test";
import { ByteWriter, bytesToHex, hexToBytes } from "./bytes.ts";
import {
  LoginResult,
  SecurityFlag,
  expectedLoginReplyLength,
  readLogonChallengeReply,
  readLogonProofReply,
  readReconnectChallengeReply,
  readReconnectProofReply,
  readRealmList,
  writeLogonChallenge,
  writeLogonProof,
  writeRealmListRequest,
  writeReconnectProof,
} from "./messages/login.ts";
import { computeReconnectR3 } from "./srp6.ts";
import { type Vector, loadVectors } from "./test-vectors.ts";

const vf = await loadVectors();
const loginVectors = vf.vectors.filter((v) => v.kind === "message" && v.protocol === "login");
const u8 = (a: number[] | string) => (typeof a === "string" ? hexToBytes(a) : Uint8Array.from(a));
const enc = (f: (w: ByteWriter) => void) => {
  const w = new ByteWriter(8);
  f(w);
  return bytesToHex(w.toBytes());
};
const resultCode = (s: string): number => {
  const m = /\(0x([0-9a-f]+)\)/i.exec(s);
  if (m) return Number.parseInt(m[1] as string, 16);
  const name = s.split(" ")[0] as keyof typeof LoginResult;
  const v = LoginResult[name];
  if (v === undefined) throw new Error(`unknown result name ${s}`);
  return v;
};
const flagsOf = (s: string | number): number =>
  typeof s === "number" ? s : s.split("|").map((x) => x.trim()).reduce((a, n) => a | (n === "NONE" ? 0 : SecurityFlag[n as keyof typeof SecurityFlag]), 0);

/** Map from the vector's message name + direction to a check; returns true when it covered the vector. */
type Check = (v: Vector, bytes: Uint8Array) => void;

const clientChecks: Record<string, Check> = {
  CMD_REALM_LIST: (v) => expect(enc(writeRealmListRequest)).toBe(v.expected.bytes),
  CMD_AUTH_LOGON_CHALLENGE: challengeCheck,
  CMD_AUTH_RECONNECT_CHALLENGE: challengeCheck,
  CMD_AUTH_LOGON_PROOF: (v, b) => {
    const f = v.inputs.fields;
    if (Array.isArray(f.client_public_key)) {
      const hex = enc((w) =>
        writeLogonProof(w, {
          A: u8(f.client_public_key),
          M1: u8(f.client_proof),
          crcHash: u8(f.crc_hash),
          telemetryKeys: (f.telemetry_keys as any[]).map((k) => ({ unknown1: k.unknown1, unknown2: k.unknown2, unknown3: u8(k.unknown3), proof: u8(k.cd_key_proof) })),
          securityFlags: flagsOf(f.security_flag),
          pin: f.pin_salt ? { salt: u8(f.pin_salt), hash: u8(f.pin_hash) } : undefined,
        }),
      );
      expect(hex).toBe(v.expected.bytes);
    } else {
      // SpinaciCore gives the values only as bytes: re-encode them (layout check, 75 bytes).
      expect(enc((w) => writeLogonProof(w, { A: b.subarray(1, 33), M1: b.subarray(33, 53), crcHash: b.subarray(53, 73) }))).toBe(v.expected.bytes);
      expect(f.number_of_keys).toBe(0);
    }
  },
  CMD_AUTH_RECONNECT_PROOF: (v, b) => {
    const f = v.inputs.fields;
    if (Array.isArray(f.proof_data)) {
      expect(enc((w) => writeReconnectProof(w, u8(f.proof_data), u8(f.client_proof), u8(f.client_checksum)))).toBe(v.expected.bytes);
    } else {
      const R1 = b.subarray(1, 17);
      // The vector says R3 = SHA1(R1 || 20 zero bytes): our integrity function must reproduce it.
      expect(bytesToHex(computeReconnectR3(R1))).toBe(bytesToHex(b.subarray(37, 57)));
      expect(enc((w) => writeReconnectProof(w, R1, b.subarray(17, 37), computeReconnectR3(R1)))).toBe(v.expected.bytes);
    }
  },
};

function challengeCheck(v: Vector): void {
  const f = v.inputs.fields;
  const command = v.message === "CMD_AUTH_RECONNECT_CHALLENGE" ? 2 : 0;
  const protocolVersion = typeof f.protocol_version === "number" ? f.protocol_version : { TWO: 2, THREE: 3, EIGHT: 8 }[f.protocol_version as string];
  const version: [number, number, number] = typeof f.version === "string" ? (f.version.split(".").map(Number) as [number, number, number]) : [f.version.major, f.version.minor, f.version.patch];
  const build = f.build ?? f.version.build;
  const platform = { X86: "x86", PPC: "PPC" }[f.platform as string] ?? f.platform;
  const os = { WINDOWS: "Win", MAC_OS_X: "OSX" }[f.os as string] ?? f.os;
  const locale = { EN_GB: "enGB", EN_US: "enUS" }[f.locale as string] ?? f.locale;
  const ipNum: number = typeof f.client_ip === "string" ? f.client_ip.split(".").reduce((a: number, x: string) => a * 256 + Number(x), 0) : f.client_ip_address;
  const ip: [number, number, number, number] = [ipNum >>> 24, (ipNum >>> 16) & 255, (ipNum >>> 8) & 255, ipNum & 255];
  const gameName = (f.game_name as string | undefined)?.replace(/\0/g, "") ?? "WoW";
  const hex = enc((w) =>
    writeLogonChallenge(w, { command, protocolVersion, gameName, version, build, platform, os, locale, timezoneBias: f.utc_timezone_offset, ip, account: f.account_name }),
  );
  expect(hex).toBe(v.expected.bytes);
}

const serverChecks: Record<string, Check> = {
  CMD_REALM_LIST: (v, b) => {
    const list = readRealmList(b);
    const f = v.inputs.fields;
    const realms = f.realms ?? [f.realm];
    expect(list.realms.length).toBe(realms.length);
    realms.forEach((e: any, i: number) => {
      const r = list.realms[i]!;
      expect(r.name).toBe(e.name);
      expect(r.address).toBe(e.address);
      expect(r.population).toBe(e.population);
      expect(r.characters).toBe(e.number_of_characters_on_realm ?? e.characters);
      expect(r.id).toBe(e.realm_id ?? e.id);
      expect(r.type).toBe(typeof e.type === "number" ? e.type : { PLAYER_VS_ENVIRONMENT: 0 }[e.realm_type as string]);
      expect(r.locked).toBe(e.locked === "FALSE" ? 0 : e.locked);
      const flagNames: Record<string, number> = { INVALID: 1, OFFLINE: 2, SPECIFY_BUILD: 4 };
      const flagStr: string = e.flag ?? e.flags;
      const flags = flagStr.startsWith("0x") ? Number.parseInt(flagStr, 16) : flagStr.split("|").reduce((a, n) => a | (flagNames[n.trim()] ?? 0), 0);
      expect(r.flags).toBe(flags);
      expect(r.category).toBe(e.category === "DEFAULT" ? 0 : e.category_timezone);
      if (e.version) expect(r.version).toEqual(e.version);
    });
    if (f.footer) expect(list.footer).toBe(0x10);
  },
  CMD_AUTH_LOGON_PROOF: (v, b) => {
    const r = readLogonProofReply(b);
    const f = v.inputs.fields;
    expect(r.result).toBe(resultCode(f.result));
    if (r.result === 0) {
      expect(bytesToHex(r.M2!)).toBe(f.M2);
      expect(r.accountFlags).toBe(f.account_flags);
      expect(r.surveyId).toBe(f.survey_id);
      expect(r.unknownFlags).toBe(f.unk_flags);
    } else {
      expect(b.length).toBe(4);
    }
  },
  CMD_AUTH_LOGON_CHALLENGE: (v, b) => {
    const r = readLogonChallengeReply(b);
    const f = v.inputs.fields;
    expect(r.result).toBe(resultCode(f.result));
    if (r.result !== 0) return expect(b.length).toBe(3);
    expect(bytesToHex(r.N!)).toBe(vf.constants.find((c) => c.name === "N_le")!.value);
    expect(bytesToHex(r.g!)).toBe("07");
    if (Array.isArray(f.server_public_key)) {
      expect(bytesToHex(r.B!)).toBe(bytesToHex(u8(f.server_public_key)));
      expect(bytesToHex(r.salt!)).toBe(bytesToHex(u8(f.salt)));
      expect(bytesToHex(r.crcSalt!)).toBe(bytesToHex(u8(f.crc_salt)));
    }
    expect(r.securityFlags).toBe(flagsOf(f.security_flag));
    if (f.pin_grid_seed !== undefined) expect(r.pin).toEqual({ gridSeed: f.pin_grid_seed, salt: u8(f.pin_salt) });
    if (f.seed !== undefined) {
      const { seed, ...rest } = r.matrix!;
      expect(rest).toEqual({ width: f.width, height: f.height, digitCount: f.digit_count, challengeCount: f.challenge_count });
      // The JSON number is above 2^53 and was rounded by JSON.parse: compare as doubles, and the
      // exact bytes (de ca fa ef be ad de 00) as hex.
      expect(Number(seed)).toBe(f.seed);
      expect(seed.toString(16)).toBe("deadbeeffacade");
    }
    if (r.securityFlags! & SecurityFlag.AUTHENTICATOR) expect(r.authenticatorRequired).toBe(f.required);
  },
  CMD_AUTH_RECONNECT_CHALLENGE: (v, b) => {
    const r = readReconnectChallengeReply(b);
    const f = v.inputs.fields;
    expect(r.result).toBe(resultCode(f.result));
    if (Array.isArray(f.challenge_data)) {
      expect(bytesToHex(r.challenge!)).toBe(bytesToHex(u8(f.challenge_data)));
      expect(bytesToHex(r.checksumSalt!)).toBe(bytesToHex(u8(f.checksum_salt)));
    } else if (r.result === 0) {
      expect(r.challenge!.length).toBe(16);
      expect(bytesToHex(r.checksumSalt!)).toBe("00".repeat(16));
    }
  },
  CMD_AUTH_RECONNECT_PROOF: (v, b) => {
    expect(readReconnectProofReply(b).result).toBe(resultCode(v.inputs.fields.result));
  },
};

describe("login message vectors", () => {
  for (const v of loginVectors) {
    const checks = v.direction === "client_to_server" ? clientChecks : serverChecks;
    const check = checks[v.message as string];
    if (!check) continue;
    test(`${v.name} (${v.direction})`, () => {
      const b = hexToBytes(v.expected.bytes);
      check(v, b);
      // Server replies must also frame to exactly their length from a byte stream (§1.1).
      if (v.direction === "server_to_client") {
        for (let n = 0; n < b.length; n++) {
          const need = expectedLoginReplyLength(b.subarray(0, n));
          expect(need === -1 || need > n).toBe(true);
        }
        expect(expectedLoginReplyLength(b)).toBe(b.length);
      }
    });
  }

  test("every login vector has a check", () => {
    const missing = loginVectors.filter((v) => !(v.direction === "client_to_server" ? clientChecks : serverChecks)[v.message as string]);
    expect(missing.map((v) => v.name)).toEqual([]);
  });
});
