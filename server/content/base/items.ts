import type { ItemTemplate } from "../types.ts";

// Starting gear. Entries, names and stats are ours; display ids point at ordinary
// ItemDisplayInfo models so the client draws something sensible.
const cloth = (entry: number, name: string, displayId: number, inventoryType: number): ItemTemplate => ({
  entry, name, displayId, inventoryType, itemClass: 4, subclass: 1, quality: 1, itemLevel: 1, requiredLevel: 1, armor: 1, maxDurability: 0,
});
const weapon = (entry: number, name: string, displayId: number, inventoryType: number, subclass: number, damage: [number, number], delay: number, sheath: number): ItemTemplate => ({
  entry, name, displayId, inventoryType, itemClass: 2, subclass, quality: 1, itemLevel: 2, requiredLevel: 1, damage, delay, sheath, maxDurability: 20,
});

export const ITEMS: ItemTemplate[] = [
  cloth(38, "Recruit's Shirt", 9891, 4),
  cloth(39, "Recruit's Pants", 9892, 7),
  cloth(40, "Recruit's Boots", 10141, 8),
  cloth(45, "Squire's Shirt", 9906, 4),
  cloth(44, "Squire's Pants", 9905, 7),
  cloth(56, "Apprentice's Robe", 12647, 20),
  cloth(1395, "Apprentice's Pants", 9944, 7),
  cloth(55, "Apprentice's Boots", 9929, 8),
  cloth(6096, "Apprentice's Shirt", 2163, 4),
  cloth(127, "Trapper's Shirt", 9996, 4),
  cloth(6070, "Rugged Trapper's Pants", 9997, 7),
  cloth(34652, "Acherus Knight's Hood", 51077, 1),
  cloth(34650, "Acherus Knight's Tunic", 51075, 5),
  cloth(34656, "Acherus Knight's Legplates", 51079, 7),
  cloth(34648, "Acherus Knight's Greaves", 51073, 8),
  weapon(25, "Worn Shortsword", 1542, 21, 7, [1, 3], 1900, 3),
  weapon(36, "Worn Mace", 5194, 21, 4, [2, 5], 2900, 3),
  weapon(37, "Worn Axe", 14029, 21, 0, [2, 5], 2600, 3),
  weapon(35, "Bent Staff", 472, 17, 10, [3, 5], 2900, 2),
  weapon(2092, "Worn Dagger", 6442, 13, 15, [1, 3], 1600, 3),
  weapon(2504, "Worn Shortbow", 8106, 15, 2, [2, 4], 2300, 0),
  weapon(38707, "Runed Soulblade", 49852, 17, 8, [98, 148], 3300, 1),
  { entry: 2362, name: "Worn Wooden Shield", displayId: 18730, inventoryType: 14, itemClass: 4, subclass: 6, quality: 0, itemLevel: 1, requiredLevel: 1, armor: 4, sheath: 4, maxDurability: 20 },
];

/** Equipment slots (0 head ... 18 tabard): where an inventory type goes. */
export function slotFor(inventoryType: number): number {
  switch (inventoryType) {
    case 1: return 0; // head
    case 4: return 3; // shirt
    case 5: case 20: return 4; // chest / robe
    case 7: return 6; // legs
    case 8: return 7; // feet
    case 13: case 17: case 21: return 15; // main hand
    case 14: case 22: case 23: return 16; // off hand
    case 15: case 25: case 26: return 17; // ranged
    default: return -1;
  }
}

/** Starting items per class (class id -> item entries). */
export const CLASS_OUTFIT: Record<number, number[]> = {
  1: [38, 39, 40, 25, 2362],
  2: [45, 44, 40, 36],
  3: [127, 6070, 40, 37, 2504],
  4: [45, 44, 40, 2092],
  5: [6096, 56, 1395, 55, 36],
  6: [34652, 34650, 34656, 34648, 38707],
  7: [127, 6070, 40, 36],
  8: [6096, 56, 1395, 55, 35],
  9: [6096, 56, 1395, 55, 2092],
  11: [6096, 56, 1395, 55, 35],
};
