// The server secret behind the fake salt and B of unknown account names. Every auth
// process of a realm cluster must use the same secret, or one name would get different
// fake salts from different processes (which would reveal that it is fake).
//
// Order: the secret passed in by the caller; else config auth.secret (any text, hashed to
// 32 bytes); else a random 32-byte file `<dataDir>/auth.secret` created on first start
// (mode 0600). If that file cannot be read or written, a random per-process secret is
// used and a warning logged.
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RealmConfig } from "../kernel/config.ts";
import type { Logger } from "../kernel/logger.ts";

export const SECRET_FILE = "auth.secret";

export function resolveAuthSecret(config: RealmConfig, log: Logger, given?: Uint8Array): Uint8Array {
  if (given && given.length > 0) return given;
  if (config.auth.secret) return new Uint8Array(createHash("sha256").update("realmcore/auth-secret\0").update(config.auth.secret).digest());
  const file = join(config.dataDir, SECRET_FILE);
  try {
    if (existsSync(file)) {
      const hex = readFileSync(file, "utf8").trim();
      if (/^[0-9a-f]{64}$/i.test(hex)) return new Uint8Array(Buffer.from(hex, "hex"));
      log.warn({ file }, "auth secret file is not 64 hex digits; writing a new one");
    }
    const secret = new Uint8Array(randomBytes(32));
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, Buffer.from(secret).toString("hex") + "\n", { mode: 0o600 });
    chmodSync(file, 0o600);
    return secret;
  } catch (e) {
    log.warn({ err: e, file }, "cannot keep the auth secret in the data dir; using a random secret for this process (fake salts change on restart)");
    return new Uint8Array(randomBytes(32));
  }
}
