// The update-object codec (protocol.md §2.10, §2.11, §2.11.1).
export * from "./update-fields.ts";
export * from "./update-values.ts";
export * from "./movement-block.ts";
export * from "./update-blocks.ts";
export * from "./update-object.ts";
export * from "./player-fields.ts";
export * from "./creature-fields.ts";
