import type { MapInfo } from "../types.ts";

/** Maps the base content knows. Coordinates on any map lie within ±17066.66 yards. */
export const MAPS: MapInfo[] = [
  { id: 0, name: "Eastern Kingdoms", type: "continent" },
  { id: 1, name: "Kalimdor", type: "continent" },
  { id: 530, name: "Outland", type: "continent" },
  { id: 571, name: "Northrend", type: "continent" },
  { id: 609, name: "Ebon Hold", type: "continent" },
  { id: 33, name: "Shadowfang Keep", type: "dungeon", visibility: 100 },
  { id: 34, name: "The Stockade", type: "dungeon", visibility: 100 },
  { id: 36, name: "The Deadmines", type: "dungeon", visibility: 100 },
  { id: 43, name: "Wailing Caverns", type: "dungeon", visibility: 100 },
  { id: 48, name: "Blackfathom Deeps", type: "dungeon", visibility: 100 },
  { id: 389, name: "Ragefire Chasm", type: "dungeon", visibility: 100 },
  { id: 30, name: "Alterac Valley", type: "battleground" },
  { id: 489, name: "Warsong Gulch", type: "battleground" },
  { id: 559, name: "Nagrand Arena", type: "arena" },
];

/** Half the width of a map's grid (64 cells of 533.333 yards). */
export const MAP_HALF_SIZE = 17066.666;
