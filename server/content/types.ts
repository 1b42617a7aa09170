// Content: the static game data the realm runs on. The base set (base/) is our own,
// small and Blizzard-free; bundles and importers add to it later through Content.merge.

export interface ItemTemplate {
  entry: number;
  name: string;
  /** ItemDisplayInfo id (what the client draws) */
  displayId: number;
  /** inventory type (1 head, 4 shirt, 5 chest, 7 legs, 8 feet, 13 one-hand, 14 shield, 17 two-hand, 20 robe, 21 main hand, 26 ranged...) */
  inventoryType: number;
  itemClass: number;
  subclass: number;
  quality: number;
  itemLevel: number;
  requiredLevel: number;
  armor?: number;
  /** weapon damage min/max, delay ms */
  damage?: [number, number];
  delay?: number;
  sheath?: number;
  maxDurability?: number;
  description?: string;
}

export interface CreatureTemplate {
  entry: number;
  name: string;
  subname?: string;
  displayId: number;
  level: number;
  faction: number;
  /** CreatureType.dbc id (1 beast, 7 humanoid, ...) */
  creatureType: number;
  family?: number;
  rank?: number;
  npcFlags?: number;
  unitFlags?: number;
  health: number;
  scale?: number;
  /** yards per second when walking/running around */
  walkSpeed?: number;
}

export interface CreatureSpawn {
  /** stable id within the content set */
  id: number;
  entry: number;
  map: number;
  x: number;
  y: number;
  z: number;
  orientation: number;
  /** 0 = stands still */
  wanderRadius: number;
  respawnMs?: number;
}

export interface GameObjectTemplate {
  entry: number;
  type: number;
  displayId: number;
  name: string;
  size: number;
  data?: number[];
}

export interface TeleportLocation {
  name: string;
  map: number;
  x: number;
  y: number;
  z: number;
  o: number;
}

export interface MapInfo {
  id: number;
  name: string;
  /** continent: one shared instance; dungeon/raid/battleground/arena: per-group instances */
  type: "continent" | "dungeon" | "raid" | "battleground" | "arena";
  /** visibility radius override (yards) */
  visibility?: number;
}
