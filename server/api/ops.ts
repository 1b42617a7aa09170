// The shared operations plugins receive on their context (implemented in server/ops).
export type { Actor, AccountOps, BanInfo, BanOps, CharacterOps, OnlinePlayer } from "../ops/types.ts";
export { AT_LOGIN_CUSTOMIZE, AT_LOGIN_RENAME } from "../ops/types.ts";
export { EQUIPMENT_SLOT_COUNT, equipmentSlots } from "../ops/equipment.ts";
