export * from "./content.ts";
export * from "./types.ts";
export { slotFor } from "./base/items.ts";
