// server/api: the one module plugins and mods import. Everything a plugin may use at
// run time reaches it through the PluginContext given to setup(); this module exports
// the types, definePlugin, hook definitions, the config schema builder and the
// protocol's message definitions.
export * from "./plugin.ts";
export * from "./hooks.ts";
export * from "./ops.ts";
export * from "./web.ts";
export { s, type Infer, type Node, type ObjectNode } from "../kernel/schema.ts";
export { RealmError, type ErrorCode } from "../kernel/errors.ts";
export type { Content, ItemTemplate, CreatureTemplate, TeleportLocation, MapInfo } from "../content/index.ts";
export * as proto from "./protocol.ts";
