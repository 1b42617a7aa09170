import type { CreatureSpawn, CreatureTemplate, GameObjectTemplate } from "../types.ts";

// A few creatures near each start so a new realm is not empty. Entries in our own
// 90000 range; display ids are ordinary creature models.
export const CREATURE_TEMPLATES: CreatureTemplate[] = [
  { entry: 90001, name: "Young Forest Wolf", displayId: 447, level: 2, faction: 32, creatureType: 1, family: 1, health: 55, walkSpeed: 2.5 },
  { entry: 90002, name: "Kobold Digger", displayId: 373, level: 3, faction: 26, creatureType: 7, health: 70, walkSpeed: 2.5 },
  { entry: 90003, name: "Mottled Boar", displayId: 3027, level: 2, faction: 7, creatureType: 1, family: 5, health: 55, walkSpeed: 2.5 },
  { entry: 90004, name: "Scorpid Worker", displayId: 2486, level: 3, faction: 7, creatureType: 1, family: 20, health: 70, walkSpeed: 2.5 },
  { entry: 90005, name: "Young Nightsaber", displayId: 9963, level: 2, faction: 32, creatureType: 1, family: 2, health: 55, walkSpeed: 2.5 },
  { entry: 90006, name: "Plains Prowler", displayId: 1973, level: 2, faction: 32, creatureType: 1, family: 2, health: 55, walkSpeed: 2.5 },
  { entry: 90007, name: "Duskbat", displayId: 1954, level: 2, faction: 32, creatureType: 1, family: 24, health: 55, walkSpeed: 2.5 },
  { entry: 90008, name: "Mana Wyrm", displayId: 17281, level: 2, faction: 14, creatureType: 10, health: 55, walkSpeed: 2.5 },
  { entry: 90009, name: "Vale Moth", displayId: 17367, level: 2, faction: 32, creatureType: 1, health: 55, walkSpeed: 2.5 },
  { entry: 90010, name: "Scarlet Crusader", displayId: 25864, level: 55, faction: 2089, creatureType: 7, health: 5000, walkSpeed: 2.5 },
  { entry: 90020, name: "Realm Greeter", subname: "Welcome Committee", displayId: 3167, level: 60, faction: 35, creatureType: 7, health: 10000, npcFlags: 1 },
];

type Start = { map: number; x: number; y: number; z: number; entries: number[] };
const STARTS: Start[] = [
  { map: 0, x: -8949.95, y: -132.493, z: 83.53, entries: [90001, 90002, 90020] }, // Northshire
  { map: 1, x: -618.518, y: -4251.67, z: 38.72, entries: [90003, 90004, 90020] }, // Valley of Trials
  { map: 0, x: -6240.32, y: 331.033, z: 382.76, entries: [90001, 90020] }, // Coldridge
  { map: 1, x: 10311.3, y: 832.463, z: 1326.41, entries: [90005, 90020] }, // Shadowglen
  { map: 0, x: 1676.71, y: 1678.31, z: 121.67, entries: [90007, 90020] }, // Deathknell
  { map: 1, x: -2917.58, y: -257.98, z: 53.0, entries: [90006, 90020] }, // Camp Narache
  { map: 530, x: 10349.6, y: -6357.29, z: 33.4, entries: [90008, 90020] }, // Sunstrider Isle
  { map: 530, x: -3961.64, y: -13931.2, z: 100.6, entries: [90009, 90020] }, // Ammen Vale
  { map: 609, x: 2355.84, y: -5664.77, z: 426.03, entries: [90010] }, // Ebon Hold
];

/** Spawns around each start: every entry a few times, within 20-40 yards. */
export const CREATURE_SPAWNS: CreatureSpawn[] = (() => {
  const out: CreatureSpawn[] = [];
  let id = 1;
  for (const s of STARTS) {
    s.entries.forEach((entry, k) => {
      const n = entry === 90020 ? 1 : 3;
      for (let i = 0; i < n; i++) {
        const a = (k * 3 + i) * 0.9;
        const r = entry === 90020 ? 6 : 20 + 6 * i;
        out.push({ id: id++, entry, map: s.map, x: s.x + Math.cos(a) * r, y: s.y + Math.sin(a) * r, z: s.z, orientation: a, wanderRadius: entry === 90020 ? 0 : 8, respawnMs: 60_000 });
      }
    });
  }
  return out;
})();

export const GAMEOBJECT_TEMPLATES: GameObjectTemplate[] = [
  { entry: 90501, type: 19, displayId: 3051, name: "Mailbox", size: 1 },
  { entry: 90502, type: 8, displayId: 1287, name: "Campfire", size: 1, data: [4, 10] },
];
