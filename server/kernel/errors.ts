// The error catalogue: every error the realm reports to an operator, a modder or a
// test carries one of these stable codes. Codes never change meaning; new ones are
// appended. The text is a default; call sites add detail.

export const ERROR_CATALOGUE = {
  // configuration
  CFG_UNKNOWN_KEY: "configuration has a key the schema does not know",
  CFG_BAD_TYPE: "configuration value has the wrong type or is out of range",
  CFG_BAD_FILE: "configuration file cannot be read or parsed",
  // infrastructure
  INFRA_UNREACHABLE: "a backing service (PostgreSQL, NATS, Redis) cannot be reached",
  DB_SCHEMA_TOO_NEW: "the database schema is newer than this code",
  DB_MIGRATION_FAILED: "a migration failed and was rolled back",
  BUS_TIMEOUT: "a bus request got no reply in time",
  BUS_NO_RESPONDERS: "a bus request found nobody subscribed",
  // protocol
  PROTO_TRUNCATED: "a message ended before all its fields were read",
  PROTO_BAD_VALUE: "a message field has a value outside its allowed range",
  PROTO_BAD_HEADER: "a packet header has an impossible size or opcode",
  // accounts and auth
  ACCOUNT_BAD_NAME: "account name breaks the client's rules",
  ACCOUNT_BAD_PASSWORD: "password breaks the client's rules",
  ACCOUNT_EXISTS: "an account with that name already exists",
  ACCOUNT_NOT_FOUND: "no account with that name",
  CHARACTER_NOT_FOUND: "no character with that name or guid",
  BAN_BAD_DURATION: "a ban duration could not be parsed",
  // plugins and commands
  PLUGIN_MISSING_DEPENDENCY: "a plugin requires a plugin that is not installed or enabled",
  PLUGIN_BAD_VERSION: "a plugin requires a version of another plugin that is not installed",
  PLUGIN_DUPLICATE: "two plugins have the same name",
  PLUGIN_SETUP_FAILED: "a plugin's setup threw; the previous generation keeps serving",
  PLUGIN_HEALTH_FAILED: "a plugin's health check failed after setup",
  PLUGIN_BAD_MODULE: "a plugin folder does not export a definePlugin() result",
  PLUGIN_BAD_CONFIG: "a plugin's configuration does not match its schema",
  PLUGIN_NOT_FOUND: "no plugin with that name",
  PLUGIN_DISABLED_FAULTS: "a plugin faulted too often and was disabled",
  PLUGIN_CYCLE: "plugins require each other in a cycle",
  PLUGIN_CONFLICT: "a plugin registers an opcode, command or route that the core or another plugin owns",
  CMD_UNKNOWN: "there is no such command",
  CMD_DENIED: "the caller's level is below the command's level",
  CMD_USAGE: "the command's arguments are wrong",
  CMD_FAILED: "the command failed",
  // world
  WORLD_NO_INSTANCE: "no world host runs the requested map instance",
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error with a stable catalogue code. `details` is structured context for logs. */
export class RealmError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERROR_CATALOGUE[code]);
    this.name = "RealmError";
    this.code = code;
    this.details = details;
  }
}

export function isRealmError(e: unknown, code?: ErrorCode): e is RealmError {
  return e instanceof RealmError && (code === undefined || e.code === code);
}

/** One-line description of any thrown value, for logs and operator output. */
export function describeError(e: unknown): string {
  if (e instanceof RealmError) return `${e.code}: ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
