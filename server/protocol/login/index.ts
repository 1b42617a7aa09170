// The login ("grunt") protocol: message definitions, result codes, stream framing.
export * from "./result.ts";
export * from "./fields.ts";
export * from "./logon-challenge.ts";
export * from "./logon-proof.ts";
export * from "./reconnect.ts";
export * from "./realm-list.ts";
export * from "./framing.ts";
