// The login server (protocol.md §1): public surface. See README.md.
export { startAuthServer, type AuthServer } from "./server.ts";
export { AUTHED_IDLE_MS, LOGIN_BUILD, type AuthDeps } from "./context.ts";
export type { AuthStats, CloseReason } from "./metrics.ts";
export { AuthSession, AuthState, type SessionIO, type IpBanCheck } from "./session.ts";
export * from "./lockout.ts";
export { sessionKeyCacheKey, loadSessionKey, saveSessionKey, forgetSessionKey, SESSION_KEY_CACHE_PREFIX, type SessionKeyDeps } from "./session-key.ts";
export { buildRealmList, realmEntry, REALM_OFFLINE_AFTER_MS, REALM_LIST_FOOTER } from "./realm-list.ts";
export { resolveAuthSecret, SECRET_FILE } from "./secret.ts";
